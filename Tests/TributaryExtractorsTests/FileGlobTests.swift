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
}
