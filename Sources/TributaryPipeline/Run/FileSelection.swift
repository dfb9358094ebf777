import TributaryCore

/// Which input files a run reads, decided from the files' fingerprints and what state says their committed
/// loads covered, before anything is read.
///
/// Incremental runs read the files that are new or changed, plus (with a restatement window) the files with
/// rows in the window. With a sink that replaces whole slices (`replace_partition`), `widen` then adds every
/// file that feeds a slice about to be replaced, so that each replaced slice is rebuilt from all its rows.
struct FileSelection {
    /// Every file the source's patterns match now, in reading order, with its check against state.
    let files: [InputFile]
    let checks: [String: FileCheck]
    /// What state had committed for the source, by path.
    let committed: [String: FileFingerprint]

    init(files: [InputFile], committed: [String: FileFingerprint], alwaysHash: Bool) throws(StateError) {
        self.files = files
        self.committed = committed
        var checks: [String: FileCheck] = [:]
        for f in files {
            checks[f.path] = try FileCheck.check(
                path: f.absolutePath, displayPath: f.path, committed: committed[f.path], alwaysHash: alwaysHash)
        }
        self.checks = checks
    }

    /// The files to read first: all of them for a full refresh; otherwise the new and changed ones and those
    /// whose committed rows reach into the restatement window (days from `restateFrom` on).
    func initial(mode: RunMode, restateFrom: Int64?) -> [InputFile] {
        if mode == .fullRefresh { return files }
        return files.filter { f in
            guard let check = checks[f.path], !check.needsLoad else { return true }
            if let restateFrom, let days = committed[f.path]?.coverage.days { return days.upperBound >= restateFrom }
            return false
        }
    }

    /// The files of a backfill chunk: those that may have rows in `window`. A file whose committed coverage is
    /// known and unchanged, and lies outside the window, is skipped; any other file is read.
    func files(for window: DayWindow) -> [InputFile] {
        files.filter { f in
            guard let check = checks[f.path], !check.needsLoad, let days = committed[f.path]?.coverage.days else {
                return true
            }
            return days.upperBound >= window.from && days.lowerBound < window.to
        }
    }

    /// The slices the files in `read` had committed: replacing them must account for them, even where a
    /// changed file no longer has rows (such a slice is emptied).
    func committedSlices(of read: [InputFile]) -> Set<String> {
        Set(read.flatMap { committed[$0.path]?.coverage.slices ?? [] })
    }

    /// The unread files whose committed slices meet `replacing`: each must be read too, or replacing the slice
    /// would lose its rows.
    func widen(replacing: Set<String>, alreadyRead: Set<String>) -> [InputFile] {
        files.filter { f in
            !alreadyRead.contains(f.path)
                && !(committed[f.path]?.coverage.slices ?? []).allSatisfy { !replacing.contains($0) }
        }
    }
}
