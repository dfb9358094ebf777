import Testing

@testable import TributaryExtractors

struct FileGlobTests {
    func tree() throws -> TemporaryDirectory {
        let dir = try TemporaryDirectory()
        for file in [
            "a/x.csv", "a/y.csv", "a/.hidden.csv", "a/notes.txt", "a/b/z.csv", "a/b/c/w.csv.gz", "a/.git/q.csv",
            "a/10.csv", "a/9.csv",
        ] {
            try dir.write(file, "id\n")
        }
        return dir
    }

    func paths(_ patterns: [String], in dir: TemporaryDirectory) throws -> [String] {
        try FileGlob.expand(patterns, baseDirectory: dir.path).map(\.path)
    }

    @Test func starMatchesOneLevelSortedAndSkipsHiddenFiles() throws {
        let dir = try tree()
        #expect(try paths(["a/*.csv"], in: dir) == ["a/10.csv", "a/9.csv", "a/x.csv", "a/y.csv"])
        #expect(try paths(["a/[xy].csv"], in: dir) == ["a/x.csv", "a/y.csv"])
        #expect(try paths(["a/?.csv"], in: dir) == ["a/9.csv", "a/x.csv", "a/y.csv"])
        #expect(try paths(["a/.*.csv"], in: dir) == ["a/.hidden.csv"])
    }

    @Test func doubleStarMatchesAnyDepthIncludingNone() throws {
        let dir = try tree()
        #expect(try paths(["a/**/*.csv"], in: dir) == ["a/10.csv", "a/9.csv", "a/b/z.csv", "a/x.csv", "a/y.csv"])
        #expect(try paths(["**/*.gz"], in: dir) == ["a/b/c/w.csv.gz"])
        #expect(try paths(["a/b/**"], in: dir) == ["a/b/c/w.csv.gz", "a/b/z.csv"])
    }

    @Test func plainPathsAndOrderAcrossPatterns() throws {
        let dir = try tree()
        #expect(try paths(["a/y.csv", "a/*.csv"], in: dir) == ["a/y.csv", "a/10.csv", "a/9.csv", "a/x.csv"])
        let match = try #require(try FileGlob.expand(["a/b/z.csv"], baseDirectory: dir.path).first)
        #expect(match.absolutePath == dir.path + "/a/b/z.csv")
    }

    @Test func absolutePatternsIgnoreTheBase() throws {
        let dir = try tree()
        let matches = try FileGlob.expand([dir.path + "/a/b/*.csv"], baseDirectory: "/nowhere")
        #expect(matches.map(\.path) == [dir.path + "/a/b/z.csv"])
        #expect(matches.map(\.absolutePath) == matches.map(\.path))
    }

    @Test func aPatternMatchingNothingIsAnErrorNamingIt() throws {
        let dir = try tree()
        #expect(throws: ExtractorError.noFilesMatch(pattern: "a/*.json", baseDirectory: dir.path)) {
            try FileGlob.expand(["a/*.csv", "a/*.json"], baseDirectory: dir.path)
        }
        #expect(throws: ExtractorError.noFilesMatch(pattern: "a/missing.csv", baseDirectory: dir.path)) {
            try FileGlob.expand(["a/missing.csv"], baseDirectory: dir.path)
        }
        #expect(throws: ExtractorError.noFilesMatch(pattern: "a/b", baseDirectory: dir.path)) {
            try FileGlob.expand(["a/b"], baseDirectory: dir.path)  // a directory is not a file
        }
        let error = ExtractorError.noFilesMatch(pattern: "a/*.json", baseDirectory: "/data")
        #expect(error.description == "/data: error: no file matches 'a/*.json'")
    }

    /// Saved API pages: a folder means its `.json` and `.json.gz` pages in path order (below it too, when asked);
    /// files and globs are read as `expand` reads them; a folder without pages is an error naming it.
    @Test func aFolderOfSavedPagesMeansItsJSONPagesInOrder() throws {
        let dir = try TemporaryDirectory()
        for file in ["p/2025-01-p02.json", "p/2025-01-p01.json.gz", "p/notes.txt", "p/old/2024-12-p01.json", "e/x.txt"] {
            try dir.write(file, "{}")
        }
        func pages(_ paths: [String], recursive: Bool = false) throws -> [String] {
            try FileGlob.expandPages(paths, baseDirectory: dir.path, recursive: recursive).map(\.path)
        }
        #expect(try pages(["p"]) == ["p/2025-01-p01.json.gz", "p/2025-01-p02.json"])
        #expect(try pages(["p/"], recursive: true) == ["p/2025-01-p01.json.gz", "p/2025-01-p02.json", "p/old/2024-12-p01.json"])
        #expect(try pages(["p/old/2024-12-p01.json", "p"]) == ["p/old/2024-12-p01.json", "p/2025-01-p01.json.gz", "p/2025-01-p02.json"])
        #expect(try pages(["p/*.txt"]) == ["p/notes.txt"])
        #expect(throws: ExtractorError.noFilesMatch(pattern: "e/*.json", baseDirectory: dir.path)) { try pages(["e"]) }
    }
}
