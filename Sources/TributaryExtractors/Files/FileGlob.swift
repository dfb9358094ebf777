import TributaryCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Expands path patterns (`SampleData/*.csv`, `exports/**/*.csv.gz`, plain paths) into files, in a fixed order.
///
/// The order is part of the contract: files sorted by path within each pattern, patterns in the order given, and
/// each file once. Runs are then reproducible, and a retried run reads the same files in the same order.
/// Components match as in the shell (`fnmatch` with `*`, `?`, `[a-z]`); `*` does not match a leading dot, and
/// `**` matches any number of directories (none included) without entering hidden or symlinked ones, which keeps
/// a symlink loop from recursing forever. Only regular files (or links to them) are returned.
public enum FileGlob {
    /// One matched file.
    public typealias Match = InputFile

    /// The files `patterns` match, relative patterns resolved against `baseDirectory`.
    ///
    /// - Throws: `ExtractorError.noFilesMatch` for the first pattern that matches nothing.
    public static func expand(_ patterns: [String], baseDirectory: String) throws(ExtractorError) -> [Match] {
        var matches: [Match] = []
        var seen: Set<String> = []
        for pattern in patterns {
            let absolute = pattern.hasPrefix("/")
            let root = absolute ? "/" : (baseDirectory.isEmpty ? "." : baseDirectory)
            let components = pattern.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
            var found: Set<String> = []
            if !components.isEmpty {
                walk(directory: root, shown: absolute ? "/" : "", components[...], into: &found)
            }
            guard !found.isEmpty else { throw .noFilesMatch(pattern: pattern, baseDirectory: baseDirectory) }
            for path in found.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) })
            where seen.insert(path).inserted {
                matches.append(Match(path: path, absolutePath: absolute ? path : join(root, path)))
            }
        }
        return matches
    }

    /// The saved API pages `paths` name: files and globs as `expand` reads them, and a folder for the `*.json` and
    /// `*.json.gz` files in it (anywhere below it, with `recursive`), in path order: the order a pull saves its pages
    /// in (`2025-01-p01.json`, `2025-01-p02.json`, …).
    ///
    /// - Throws: `ExtractorError.noFilesMatch` for the first path that matches nothing, a folder without pages too.
    public static func expandPages(
        _ paths: [String], baseDirectory: String, recursive: Bool = false
    ) throws(ExtractorError) -> [Match] {
        var matches: [Match] = []
        var seen: Set<String> = []
        for path in paths {
            var found: [Match]
            let absolute = path.hasPrefix("/") ? path : join(baseDirectory.isEmpty ? "." : baseDirectory, path)
            if !path.contains(where: { "*?[".contains($0) }), isDirectory(absolute) {
                let folder = (path.hasSuffix("/") ? String(path.dropLast()) : path) + (recursive ? "/**" : "")
                found = ["\(folder)/*.json", "\(folder)/*.json.gz"].flatMap { pattern in
                    (try? expand([pattern], baseDirectory: baseDirectory)) ?? []
                }
                found.sort { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
                guard !found.isEmpty else {
                    throw .noFilesMatch(pattern: "\(folder)/*.json", baseDirectory: baseDirectory)
                }
            } else {
                found = try expand([path], baseDirectory: baseDirectory)
            }
            for f in found where seen.insert(f.path).inserted { matches.append(f) }
        }
        return matches
    }

    /// Whether `name` matches one glob component.
    public static func matches(_ pattern: String, _ name: String) -> Bool {
        fnmatch(pattern, name, FNM_PERIOD) == 0
    }

    private static func hasMagic(_ component: String) -> Bool {
        component.contains { $0 == "*" || $0 == "?" || $0 == "[" || $0 == "\\" }
    }

    private static func join(_ directory: String, _ name: String) -> String {
        if directory.isEmpty { return name }
        return directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    private static func walk(
        directory: String, shown: String, _ components: ArraySlice<String>, into found: inout Set<String>
    ) {
        guard let component = components.first else { return }
        let rest = components.dropFirst()
        let last = rest.isEmpty
        if component == "**" {
            if last {
                // `dir/**` is every file below `dir`.
                for entry in entries(of: directory) where !entry.hasPrefix(".") {
                    let path = join(directory, entry)
                    if isFile(path) { found.insert(join(shown, entry)) }
                }
            } else {
                walk(directory: directory, shown: shown, rest, into: &found)
            }
            for entry in entries(of: directory) where !entry.hasPrefix(".") {
                let path = join(directory, entry)
                if isRealDirectory(path) { walk(directory: path, shown: join(shown, entry), components, into: &found) }
            }
            return
        }
        let names = hasMagic(component) ? entries(of: directory).filter { matches(component, $0) } : [component]
        for name in names {
            let path = join(directory, name)
            if last {
                if isFile(path) { found.insert(join(shown, name)) }
            } else if isDirectory(path) {
                walk(directory: path, shown: join(shown, name), rest, into: &found)
            }
        }
    }

    private static func entries(of directory: String) -> [String] {
        guard let stream = opendir(directory) else { return [] }
        defer { closedir(stream) }
        var names: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    private static func mode(_ path: String, following: Bool) -> mode_t? {
        var info = stat()
        let status = following ? stat(path, &info) : lstat(path, &info)
        return status == 0 ? info.st_mode & S_IFMT : nil
    }

    private static func isFile(_ path: String) -> Bool { mode(path, following: true) == S_IFREG }
    private static func isDirectory(_ path: String) -> Bool { mode(path, following: true) == S_IFDIR }
    private static func isRealDirectory(_ path: String) -> Bool { mode(path, following: false) == S_IFDIR }
}
