import Foundation
import Testing
import TributaryTestSupport

/// The built `tributary` on the `gdrive` pipelines against the real ClickHouse: the sample pages land as the
/// generator says (tables and views), re-runs double nothing, and a live pull through the loopback server resumes
/// from the page token it saved.
@Suite(.serialized) struct GoogleDriveEndToEndTests {
    static let token = "ya29.a0AfB_TEST-drive-token-5e4d3c2b1a0f9e8d7c6b"
    static let sample = packageRoot.appendingPathComponent("SampleData/gdrive")

    /// `tributary <words>` in `work`, loading `database`.
    static func run(_ words: [String], _ work: TempDir, _ database: String, _ extra: [String: String] = [:])
        async throws -> CommandResult
    {
        let env = ["CLICKHOUSE_URL": try TestClickHouse.url(), "TRIBUTARY_DATABASE": database].merging(extra) { $1 }
        return try await runTributary(words, environment: env, in: work.url)
    }

    static func pipeline(_ name: String) -> String { packageRoot.appendingPathComponent("Pipelines/\(name)").path }

    /// `SampleData/expected/totals.csv`'s rows of `table` as `month\trows\tbytes` lines.
    static func expectedTotals(_ table: String) throws -> String {
        let text = try String(
            contentsOf: packageRoot.appendingPathComponent("SampleData/expected/totals.csv"), encoding: .utf8)
        var out = ""
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 6, fields[0] == table else { continue }
            out += "\(fields[2])\t\(fields[4])\t\(fields[5])\n"
        }
        return out
    }

    static func expected(_ file: String) throws -> String {
        try String(contentsOf: sample.appendingPathComponent("expected/\(file)"), encoding: .utf8)
    }

    static func landed(_ db: String) async throws -> (files: String, changes: String) {
        let files = try await TestClickHouse.query(
            """
            SELECT toYYYYMM(x_state_time) AS m, count(), sum(ifNull(size_bytes, 0))
            FROM \(db).drive_files FINAL GROUP BY m ORDER BY m FORMAT TSV
            """)
        let changes = try await TestClickHouse.query(
            """
            SELECT toYYYYMM(change_time) AS m, count(), sum(ifNull(x_size_bytes, 0))
            FROM \(db).drive_changes FINAL GROUP BY m ORDER BY m FORMAT TSV
            """)
        return (files, changes)
    }

    static func views(_ db: String) async throws -> [String] {
        [
            try await TestClickHouse.query(
                "SELECT * FROM \(db).drive_activity_weekly ORDER BY week, action, folder_id, folder, person "
                    + "FORMAT TSV"),
            try await TestClickHouse.query(
                "SELECT drive, files, folders, bytes, trashed_files FROM \(db).drive_storage_by_drive ORDER BY drive "
                    + "FORMAT TSV"),
            try await TestClickHouse.query(
                "SELECT id, name, size_bytes, folder, person FROM \(db).drive_largest_files FORMAT TSV"),
        ]
    }

    @Test func theSamplePagesLandAsTheGeneratorSaysAndReRunsDoubleNothing() async throws {
        let db = TestClickHouse.scratchDatabase("e2e_gdrive")
        let work = try TempDir()
        defer { work.cleanup() }
        for name in ["gdrive-files.toml", "gdrive-changes.toml"] {
            let result = try await Self.run(["run", Self.pipeline(name), "--no-progress"], work, db)
            #expect(result.status == 0, "\(name): \(result.stderr)\n\(result.stdout)")
            #expect(!result.stdout.contains("✗"), "every page reconciles: \(result.stdout)")
        }
        let expectedFiles = try Self.expectedTotals("drive_files")
        let expectedChanges = try Self.expectedTotals("drive_changes")
        #expect(expectedFiles.split(separator: "\n").count == 20 && expectedChanges.split(separator: "\n").count == 2)
        let first = try await Self.landed(db)
        #expect(first.files == expectedFiles)
        #expect(first.changes == expectedChanges)
        let expectedViews = [
            try Self.expected("activity_weekly.tsv"), try Self.expected("storage_by_drive.tsv"),
            try Self.expected("largest_files.tsv"),
        ]
        #expect(try await Self.views(db) == expectedViews)

        // The trashing, the deletion and a file edited in both reads, as drive_files holds them.
        let states = try await TestClickHouse.query(
            """
            SELECT name, trashed, x_removed, x_origin, toString(x_state_time) FROM \(db).drive_files FINAL
            WHERE name IN ('Plaquette commerciale 2024 (ancienne).pdf', 'Suivi trésorerie 2025') OR x_removed = 1
            ORDER BY x_state_time FORMAT TSV
            """)
        #expect(
            states == """
                Plaquette commerciale 2024 (ancienne).pdf\t1\t0\tchanges.list\t2025-03-13 10:30:07
                \\N\t0\t1\tchanges.list\t2025-03-28 08:05:25
                Suivi trésorerie 2025\t0\t0\tchanges.list\t2025-03-31 19:02:44

                """)

        // Again: nothing new. Then a full refresh reads every page again, and nothing is counted twice.
        let again = try await Self.run(["run", Self.pipeline("gdrive-files.toml"), "--no-progress"], work, db)
        #expect(again.status == 0 && again.stdout.contains("Nothing new"), "\(again.stdout)")
        for name in ["gdrive-files.toml", "gdrive-changes.toml"] {
            let result = try await Self.run(
                ["run", Self.pipeline(name), "--no-progress", "--full-refresh"], work, db)
            #expect(result.status == 0, "\(result.stderr)")
        }
        let second = try await Self.landed(db)
        #expect(second.files == expectedFiles)
        #expect(second.changes == expectedChanges)
        #expect(try await Self.views(db) == expectedViews)
        let raw = try await TestClickHouse.query("SELECT count() FROM \(db).drive_changes FORMAT TSV")
        #expect(Int(raw.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0 >= 51, "unmerged copies until FINAL")
    }

    @Test func aBadSizeIsARejectAndABadPageStopsTheRun() async throws {
        let db = TestClickHouse.scratchDatabase("e2e_gdrive_bad")
        let work = try TempDir()
        defer { work.cleanup() }
        _ = try work.write(
            "pages/p1.json",
            #"{"files": [{"id": "1ok", "size": "10"}, {"id": "1badSize", "name": "devis.pdf", "size": "12kB"}]}"#)
        let pipeline = try work.write(
            "p.toml",
            """
            version = 1
            [pipeline]
            name = "bad-drive"
            [source]
            type = "gdrive"
            paths = ["pages"]
            [sink]
            type = "clickhouse"
            url = "${CLICKHOUSE_URL}"
            database = "${TRIBUTARY_DATABASE}"
            """)
        let result = try await Self.run(["run", pipeline.path, "--no-progress"], work, db)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("pages/p1.json"))
        let rejects = work.url.appendingPathComponent(".tributary/rejects/bad-drive")
        let file = try #require(try FileManager.default.contentsOfDirectory(atPath: rejects.path).first)
        let line = try String(contentsOf: rejects.appendingPathComponent(file), encoding: .utf8)
        #expect(line.contains(#""field":"$.files[1].size""#), "\(line)")
        #expect(line.contains("file 1badSize: '12kB' is not a whole number of bytes"), "\(line)")
        #expect(try await TestClickHouse.query("SELECT id FROM \(db).drive_files FINAL FORMAT TSV") == "1ok\n")

        _ = try work.write("pages/p2.json", #"{"files": {"id": "1x"}}"#)
        let stopped = try await Self.run(["run", pipeline.path, "--no-progress"], work, db)
        #expect(stopped.status == 1)
        #expect(
            stopped.stderr.contains("pages/p2.json:$.files: error: expected an array at $.files"), "\(stopped.stderr)")
    }
}
