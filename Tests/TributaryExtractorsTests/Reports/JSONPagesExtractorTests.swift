import Foundation
import Testing
import TributaryCore
import TributaryExtractors

/// Saved pages: which files a `paths` entry stands for, in which order, and one page per lineage file.
struct JSONPagesExtractorTests {
    let format = OpenAIUsageFormat(organizationID: "org")

    static func page(_ model: String) -> String {
        ReportPages.openAI([
            (
                ReportPages.day,
                [
                    #"{"object":"organization.usage.embeddings.result","input_tokens":5,"#
                        + #""num_model_requests":1,"model":"\#(model)"}"#
                ]
            )
        ])
    }

    @Test func aFolderIsItsJSONPagesInNameOrderGzipIncluded() async throws {
        let dir = try TemporaryDirectory()
        try dir.write("usage/b-p02.json", Self.page("b2"))
        try dir.write("usage/a-p01.json", Self.page("a1"))
        try dir.write("usage/b-p01.json.gz", gzipStored(Array(Self.page("b1").utf8)))
        try dir.write("usage/notes.txt", "not a page")
        try dir.write("usage/nested/c.json", Self.page("c"))
        let extractor = try JSONPagesExtractor(
            format: format, sourceID: "u", paths: ["usage/"], baseDirectory: dir.path, tableDefaults: nil)
        #expect(
            try extractor.inputFiles().map(\.path) == ["usage/a-p01.json", "usage/b-p01.json.gz", "usage/b-p02.json"])
        let out = try await extract(extractor)
        #expect(out.error == nil)
        #expect(out.values("model") == [.string("a1"), .string("b1"), .string("b2")])
        #expect(
            out.events == [
                "start usage/a-p01.json", "batch usage/a-p01.json 1", "finish usage/a-p01.json",
                "start usage/b-p01.json.gz", "batch usage/b-p01.json.gz 1", "finish usage/b-p01.json.gz",
                "start usage/b-p02.json", "batch usage/b-p02.json 1", "finish usage/b-p02.json",
            ])
    }

    @Test func filesAndGlobsAreReadOnceEachAndAnEmptyFolderIsAnError() async throws {
        let dir = try TemporaryDirectory()
        try dir.write("p/one.json", Self.page("one"))
        try dir.write("empty/readme.md", "")
        let both = try JSONPagesExtractor(
            format: format, sourceID: "u", paths: ["p/one.json", "p/*.json"], baseDirectory: dir.path,
            tableDefaults: nil)
        #expect(try both.inputFiles().map(\.path) == ["p/one.json"])
        let empty = try JSONPagesExtractor(
            format: format, sourceID: "u", paths: ["empty"], baseDirectory: dir.path, tableDefaults: nil)
        #expect(throws: ExtractorError.noFilesMatch(pattern: "empty/*.json", baseDirectory: dir.path)) {
            try empty.inputFiles()
        }
    }

    @Test func batchesOfAPageNeverExceedBatchRowsAndNumberTheRecords() async throws {
        let results = (1...5).map {
            #"{"object":"organization.usage.embeddings.result","input_tokens":\#($0),"#
                + #""num_model_requests":1,"model":"m\#($0)"}"#
        }
        let dir = try TemporaryDirectory()
        try dir.write(
            "p.json",
            ReportPages.openAI([
                (ReportPages.day, Array(results[0..<3])), (ReportPages.day + 86_400, Array(results[3...])),
            ]))
        let extractor = try JSONPagesExtractor(
            format: format, sourceID: "u", paths: ["p.json"], baseDirectory: dir.path, batchRows: 2, tableDefaults: nil)
        let out = try await extract(extractor)
        #expect(out.batches.map(\.count) == [2, 2, 1])
        #expect(out.lines == [1, 2, 3, 4, 5])
        #expect(out.values("input_tokens") == (1...5).map { .uint64(UInt64($0)) })
    }
}
