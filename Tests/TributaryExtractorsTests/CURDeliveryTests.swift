import Foundation
import Testing
import TributaryCore

@testable import TributaryExtractors

/// Which files an `aws_cur` source reads from a delivery: exactly the newest manifest's, per report and period.
struct CURDeliveryTests {
    static let header = AWSCURExtractorTests.cur2Header

    /// A CUR 2.0 export folder `exp/` with one run per entry: (period, run folder, data file names), each run's
    /// manifest in its own folder, and the period-level manifest a copy of `pointer`'s (the period's last run by
    /// default; nil: none).
    static func cur2Delivery(
        _ dir: TemporaryDirectory, runs: [(String, String, [String])], pointer: [String: String?] = [:]
    ) throws {
        var last: [String: String] = [:]
        for (period, run, files) in runs {
            let keys = files.map { "\"s3://bucket/some/prefix/exp/data/BILLING_PERIOD=\(period)/\(run)/\($0)\"" }
            let manifest =
                "{\"executionId\": \"\(run)\", \"columns\": [], \"dataFiles\": [\(keys.joined(separator: ", "))]}"
            try dir.write("exp/metadata/BILLING_PERIOD=\(period)/\(run)/exp-Manifest.json", manifest)
            for name in files { try dir.write("exp/data/BILLING_PERIOD=\(period)/\(run)/\(name)", header + "\n") }
            last[period] = manifest
        }
        for (period, manifest) in last {
            let chosen: String?
            if let override = pointer[period] {
                chosen = try override.map { run in
                    try String(
                        contentsOfFile: dir.path + "/exp/metadata/BILLING_PERIOD=\(period)/\(run)/exp-Manifest.json",
                        encoding: .utf8)
                }
            } else {
                chosen = manifest
            }
            if let chosen { try dir.write("exp/metadata/BILLING_PERIOD=\(period)/exp-Manifest.json", chosen) }
        }
    }

    static func list(_ dir: TemporaryDirectory, _ patterns: [String]) throws -> [String] {
        try CURDelivery.listFiles(patterns, baseDirectory: dir.path).map(\.path)
    }

    @Test func aFolderReadsExactlyTheFilesOfEachPeriodsNewestManifest() throws {
        let dir = try TemporaryDirectory()
        try Self.cur2Delivery(
            dir,
            runs: [
                ("2025-01", "20250203T0615Z-a", ["exp-00001.csv.gz"]),
                ("2025-02", "20250227T0612Z-b", ["exp-00001.csv.gz"]),
                ("2025-02", "20250304T0610Z-c", ["exp-00001.csv.gz", "exp-00002.csv.gz"]),
            ])
        // A leftover chunk of an overwritten delivery, which no manifest lists, is not read.
        try dir.write("exp/data/BILLING_PERIOD=2025-02/20250304T0610Z-c/exp-00003.csv.gz", "")
        #expect(
            try Self.list(dir, ["exp"]) == [
                "exp/data/BILLING_PERIOD=2025-01/20250203T0615Z-a/exp-00001.csv.gz",
                "exp/data/BILLING_PERIOD=2025-02/20250304T0610Z-c/exp-00001.csv.gz",
                "exp/data/BILLING_PERIOD=2025-02/20250304T0610Z-c/exp-00002.csv.gz",
            ])
    }

    @Test func thePeriodLevelManifestDecidesWhichRunIsNewest() throws {
        let dir = try TemporaryDirectory()
        // The period-level manifest still names the first run: the second one's delivery is not finished.
        try Self.cur2Delivery(
            dir, runs: [("2025-02", "20250227T0612Z-b", ["x-1.csv"]), ("2025-02", "20250304T0610Z-c", ["x-1.csv"])],
            pointer: ["2025-02": "20250227T0612Z-b"])
        #expect(try Self.list(dir, ["exp/"]) == ["exp/data/BILLING_PERIOD=2025-02/20250227T0612Z-b/x-1.csv"])
    }

    @Test func withoutAPeriodLevelManifestTheLatestRunFolderWins() throws {
        let dir = try TemporaryDirectory()
        try Self.cur2Delivery(
            dir, runs: [("2025-02", "20250304T0610Z-c", ["x-1.csv"]), ("2025-02", "20250227T0612Z-b", ["x-1.csv"])],
            pointer: ["2025-02": String?.none])
        #expect(try Self.list(dir, ["exp"]) == ["exp/data/BILLING_PERIOD=2025-02/20250304T0610Z-c/x-1.csv"])
    }

    @Test func aManifestGivenInPathsIsReadAsItIs() throws {
        let dir = try TemporaryDirectory()
        try Self.cur2Delivery(
            dir, runs: [("2025-02", "20250227T0612Z-b", ["x-1.csv"]), ("2025-02", "20250304T0610Z-c", ["x-2.csv"])])
        #expect(
            try Self.list(dir, ["exp/metadata/*/20250227T0612Z-b/*-Manifest.json"]) == [
                "exp/data/BILLING_PERIOD=2025-02/20250227T0612Z-b/x-1.csv"
            ])
    }

    @Test func aLegacyReportFolderReadsTheReportKeysOfThePeriodLevelManifest() throws {
        let dir = try TemporaryDirectory()
        let period = "rep/20250201-20250301"
        func manifest(_ assembly: String, _ files: [String]) -> String {
            let keys = files.map { "\"cur/rep/20250201-20250301/\(assembly)/\($0)\"" }.joined(separator: ",")
            return """
                {"assemblyId": "\(assembly)", "reportName": "rep", "billingPeriod": {"start": "20250201T000000.000Z",
                 "end": "20250301T000000.000Z"}, "reportKeys": [\(keys)], "compression": "GZIP"}
                """
        }
        try dir.write("\(period)/aaa-111/rep-Manifest.json", manifest("aaa-111", ["rep-1.csv.gz"]))
        try dir.write("\(period)/zzz-000/rep-Manifest.json", manifest("zzz-000", ["rep-1.csv.gz", "rep-2.csv.gz"]))
        try dir.write("\(period)/rep-Manifest.json", manifest("aaa-111", ["rep-1.csv.gz"]))
        for file in ["aaa-111/rep-1.csv.gz", "zzz-000/rep-1.csv.gz", "zzz-000/rep-2.csv.gz"] {
            try dir.write("\(period)/\(file)", "x\n")
        }
        #expect(try Self.list(dir, ["rep"]) == ["rep/20250201-20250301/aaa-111/rep-1.csv.gz"])
    }

    @Test func legacyCopiesWithoutThePeriodLevelManifestAreAmbiguous() throws {
        let dir = try TemporaryDirectory()
        for assembly in ["aaa", "bbb"] {
            try dir.write(
                "rep/20250201-20250301/\(assembly)/rep-Manifest.json",
                "{\"reportKeys\": [\"p/rep/20250201-20250301/\(assembly)/rep-1.csv\"]}")
            try dir.write("rep/20250201-20250301/\(assembly)/rep-1.csv", "x\n")
        }
        #expect(
            throws: CURDeliveryError.ambiguousManifests(
                period: "2025-02",
                manifests: [
                    "rep/20250201-20250301/aaa/rep-Manifest.json", "rep/20250201-20250301/bbb/rep-Manifest.json",
                ])
        ) {
            _ = try Self.list(dir, ["rep"])
        }
    }

    @Test func aManifestListingAMissingFileIsAClearError() throws {
        let dir = try TemporaryDirectory()
        try Self.cur2Delivery(dir, runs: [("2025-02", "20250304T0610Z-c", ["exp-00001.csv.gz", "exp-00002.csv.gz"])])
        try FileManager.default.removeItem(
            atPath: dir.path + "/exp/data/BILLING_PERIOD=2025-02/20250304T0610Z-c/exp-00002.csv.gz")
        let error = CURDeliveryError.missingDataFile(
            manifest: "exp/metadata/BILLING_PERIOD=2025-02/exp-Manifest.json",
            listed: "s3://bucket/some/prefix/exp/data/BILLING_PERIOD=2025-02/20250304T0610Z-c/exp-00002.csv.gz",
            expected: "exp/data/BILLING_PERIOD=2025-02/20250304T0610Z-c/exp-00002.csv.gz")
        #expect(throws: error) { _ = try Self.list(dir, ["exp"]) }
        #expect(
            error.description
                == "exp/metadata/BILLING_PERIOD=2025-02/exp-Manifest.json: error: the manifest lists "
                + "s3://bucket/some/prefix/exp/data/BILLING_PERIOD=2025-02/20250304T0610Z-c/exp-00002.csv.gz, which is "
                + "not in the delivery (looked for exp/data/BILLING_PERIOD=2025-02/20250304T0610Z-c/exp-00002.csv.gz); "
                + "the delivery is incomplete or was copied in part, and reading the rest would load part of a month")
    }

    @Test(arguments: [
        ("[1, 2]", "$", "expected an object, found an array"),
        ("{\"columns\": []}", "$", "expected 'reportKeys' (legacy CUR) or 'dataFiles' (CUR 2.0), found neither"),
        ("{\"dataFiles\": \"exp-00001.csv.gz\"}", "$.dataFiles", "expected an array of file names, found a string"),
        ("{\"dataFiles\": [\"a.csv\", 7]}", "$.dataFiles[1]", "expected a file name, found a number"),
        (
            "{\"reportKeys\": [], \"billingPeriod\": {\"start\": 20250201}}", "$.billingPeriod.start",
            "expected a string, found a number"
        ),
    ])
    func aManifestOfAnotherShapeIsAnErrorWithItsJSONPath(_ c: (String, String, String)) throws {
        let dir = try TemporaryDirectory()
        try dir.write("exp/metadata/BILLING_PERIOD=2025-02/exp-Manifest.json", c.0)
        #expect(
            throws: CURDeliveryError.malformedManifest(
                file: "exp/metadata/BILLING_PERIOD=2025-02/exp-Manifest.json", path: c.1, message: c.2)
        ) { _ = try Self.list(dir, ["exp"]) }
    }

    @Test func aFolderWithoutManifestsSaysWhatToGiveInstead() throws {
        let dir = try TemporaryDirectory()
        try dir.write("exp/data/x.csv", "x\n")
        #expect(throws: CURDeliveryError.noManifest(directory: "exp")) { _ = try Self.list(dir, ["exp"]) }
    }

    @Test func dataFilesAndGlobsAreReadAsTheyAre() throws {
        let dir = try TemporaryDirectory()
        try dir.write("files/b.csv", "x\n")
        try dir.write("files/a.csv.gz", "x\n")
        #expect(try Self.list(dir, ["files/*.csv*"]) == ["files/a.csv.gz", "files/b.csv"])
    }

    @Test func aDeliveryFolderLoadsItsNewestRowsThroughTheSource() async throws {
        let dir = try TemporaryDirectory()
        let row = AWSCURExtractorTests.bedrockRow
        try Self.cur2Delivery(
            dir, runs: [("2025-09", "20250915T0600Z-a", ["e-1.csv"]), ("2025-09", "20250916T0600Z-b", ["e-1.csv"])])
        try dir.write("exp/data/BILLING_PERIOD=2025-09/20250915T0600Z-a/e-1.csv", AWSCURExtractorTests.cur2([row]))
        try dir.write(
            "exp/data/BILLING_PERIOD=2025-09/20250916T0600Z-b/e-1.csv", AWSCURExtractorTests.cur2([row, row]))
        let extractor = try AWSCURExtractor(
            format: AWSCURFormat(), sourceID: "aws", paths: ["exp"], baseDirectory: dir.path,
            tableDefaults: SpendRow.tableDefaults,
            listFiles: { patterns, base in try CURDelivery.listFiles(patterns, baseDirectory: base) })
        let e = try await extract(extractor)
        #expect(e.error == nil)
        #expect(e.rows == 2)
        #expect(e.batches.map(\.lineage.file) == ["exp/data/BILLING_PERIOD=2025-09/20250916T0600Z-b/e-1.csv"])
    }
}
