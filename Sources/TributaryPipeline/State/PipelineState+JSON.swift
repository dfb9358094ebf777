import TributaryCore
import TributaryFormats

/// The state file format, version 1: every number an integer, every key fixed or a source id or file path.
///
///     {
///       "format_version": 1,
///       "pipeline": "aws_billing",
///       "sources": {
///         "aws_cur": {"kind": "files", "files": {"exports/2024-07.csv": {"size": 1048576, "modified": {…},
///                     "status_changed": {…}, "sha256": "…", "observed_at": {…}}}},
///         "stripe": {"kind": "watermark", "max_seen": {"seconds": 1719792000, "nanoseconds": 123456789},
///                    "lookback_seconds": 86400},
///         "vendor": {"kind": "cursor", "cursor": "opaque-page-token"}
///       },
///       "runs": [{"run_id": "…", "mode": "incremental", "status": "succeeded", "started_at": {…},
///                 "finished_at": {…}, "rows_read": 10, "rows_loaded": 10}],
///       "backfill": {"from": "2024-01-01", "to": "2025-01-01", "chunk": "month", "done_through": "2024-06-01"}
///     }
///
/// A file may also have `"slices": ["202407"]` and `"first_day"`/`"last_day"` (`"2024-07-01"`): what its load
/// covered (`FileCoverage`). `backfill` is there only while a backfill is unfinished.
extension PipelineState {
    /// The state as indented JSON with a stable key order: fixed fields in a fixed order, source ids and file
    /// paths sorted.
    public func jsonText() -> String { StateJSONWriter.text(jsonValue) }

    var jsonValue: JSONValue {
        var sourcesObject = JSONObject()
        for id in sources.keys.sorted() {
            if let checkpoint = sources[id] { sourcesObject.append(id, Self.json(checkpoint)) }
        }
        var members: [(String, JSONValue)] = [
            ("format_version", .number(String(Self.formatVersion))),
            ("pipeline", .string(pipeline)),
            ("sources", .object(sourcesObject)),
            ("runs", .array(runs.map(Self.json))),
        ]
        if let backfill {
            members.append(
                (
                    "backfill",
                    .object(
                        JSONObject([
                            ("from", .string(CivilTime.formatDate(days: backfill.range.from))),
                            ("to", .string(CivilTime.formatDate(days: backfill.range.to))),
                            ("chunk", .string(backfill.range.chunk.rawValue)),
                            ("done_through", .string(CivilTime.formatDate(days: backfill.doneThrough))),
                        ]))
                ))
        }
        return .object(JSONObject(members))
    }

    /// Reads a state document, refusing anything that is not exactly version-1 state of `pipeline`.
    static func decode(_ bytes: [UInt8], pipeline expected: String) throws(StateRefusal) -> PipelineState {
        let document: JSONValue
        do {
            document = try JSONParser.parse(bytes)
        } catch {
            throw StateRefusal("it is not valid JSON (line \(error.line), column \(error.column): \(error.message))")
        }
        guard let top = document.objectValue else {
            throw StateRefusal("expected a JSON object, found \(document.kindDescription)")
        }
        // The version first, so that a newer file is refused as newer rather than for a field it added.
        guard let versionValue = top["format_version"] else { throw StateRefusal("missing field \"format_version\"") }
        let version = try StateFields.integer(versionValue, at: "format_version")
        guard version == formatVersion else {
            throw StateRefusal("format_version is \(version), and this build reads only version \(formatVersion)")
        }
        let fields = try StateFields(document, at: "", allowed: ["format_version", "pipeline", "sources", "runs", "backfill"])
        let name = try fields.string("pipeline")
        guard name == expected else {
            throw StateRefusal("it belongs to pipeline \(JSONString.quoted(name)), not \(JSONString.quoted(expected))")
        }
        var sources: [String: SourceCheckpoint] = [:]
        for (id, value) in try fields.object("sources").members {
            sources[id] = try checkpoint(value, at: "sources[\(JSONString.quoted(id))]")
        }
        var runs: [RunRecord] = []
        for (i, value) in try fields.array("runs").enumerated() {
            runs.append(try run(value, at: "runs[\(i)]"))
        }
        guard runs.count <= maxRuns else {
            throw StateRefusal(at: "runs", "\(runs.count) runs, more than the \(maxRuns) this format keeps")
        }
        var backfill: BackfillProgress?
        if fields.object["backfill"] != nil {
            let b = try StateFields(
                try fields.value("backfill"), at: "backfill", allowed: ["from", "to", "chunk", "done_through"])
            let from = try b.day("from")
            let to = try b.day("to")
            let chunkText = try b.string("chunk")
            guard let chunk = ChunkSize(rawValue: chunkText) else {
                throw StateRefusal(at: "backfill.chunk", "expected day, week or month, found \(JSONString.quoted(chunkText))")
            }
            let done = try b.day("done_through")
            guard from < to, (from...to).contains(done) else {
                throw StateRefusal(at: "backfill", "done_through must lie in [from, to] and from before to")
            }
            backfill = BackfillProgress(range: BackfillRange(fromDay: from, toDay: to, chunk: chunk), doneThrough: done)
        }
        return PipelineState(pipeline: name, sources: sources, runs: runs, backfill: backfill)
    }

    // MARK: Writing

    private static func json(_ t: ExactTimestamp) -> JSONValue {
        .object(
            JSONObject([("seconds", .number(String(t.seconds))), ("nanoseconds", .number(String(t.nanoseconds)))]))
    }

    private static func json(_ checkpoint: SourceCheckpoint) -> JSONValue {
        var members: [(String, JSONValue)] = [("kind", .string(checkpoint.kind))]
        switch checkpoint {
        case .files(let files):
            var filesObject = JSONObject()
            for path in files.keys.sorted() {
                guard let f = files[path] else { continue }
                var entry: [(String, JSONValue)] = [
                    ("size", .number(String(f.size))), ("modified", json(f.fileStat.modified)),
                    ("status_changed", json(f.fileStat.statusChanged)), ("sha256", .string(f.sha256)),
                    ("observed_at", json(f.observedAt)),
                ]
                if !f.coverage.slices.isEmpty { entry.append(("slices", .array(f.coverage.slices.map { .string($0) }))) }
                if let days = f.coverage.days {
                    entry.append(("first_day", .string(CivilTime.formatDate(days: days.lowerBound))))
                    entry.append(("last_day", .string(CivilTime.formatDate(days: days.upperBound))))
                }
                filesObject.append(path, .object(JSONObject(entry)))
            }
            members.append(("files", .object(filesObject)))
        case .cursor(let cursor):
            members.append(("cursor", .string(cursor)))
        case .watermark(let w):
            members.append(("max_seen", json(w.maxSeen)))
            members.append(("lookback_seconds", .number(String(w.lookbackSeconds))))
        }
        return .object(JSONObject(members))
    }

    private static func json(_ run: RunRecord) -> JSONValue {
        .object(
            JSONObject([
                ("run_id", .string(run.runID)), ("mode", .string(run.mode)), ("status", .string(run.status)),
                ("started_at", json(run.startedAt)), ("finished_at", json(run.finishedAt)),
                ("rows_read", .number(String(run.rowsRead))), ("rows_loaded", .number(String(run.rowsLoaded))),
            ]))
    }

    // MARK: Reading

    private static func checkpoint(_ value: JSONValue, at path: String) throws(StateRefusal) -> SourceCheckpoint {
        guard let kind = value["kind"] else { throw StateRefusal(at: path, "missing field \"kind\"") }
        switch kind.stringValue {
        case "files":
            let fields = try StateFields(value, at: path, allowed: ["kind", "files"])
            var files: [String: FileFingerprint] = [:]
            for (filePath, entry) in try fields.object("files").members {
                files[filePath] = try fingerprint(
                    entry, path: filePath, at: "\(path).files[\(JSONString.quoted(filePath))]")
            }
            return .files(files)
        case "cursor":
            let fields = try StateFields(value, at: path, allowed: ["kind", "cursor"])
            return .cursor(try fields.string("cursor"))
        case "watermark":
            let fields = try StateFields(value, at: path, allowed: ["kind", "max_seen", "lookback_seconds"])
            return .watermark(
                Watermark(
                    maxSeen: try fields.timestamp("max_seen"),
                    lookbackSeconds: try fields.integer("lookback_seconds", minimum: 0)))
        default:
            throw StateRefusal(
                at: "\(path).kind", "expected \"files\", \"cursor\" or \"watermark\", found \(kind.compactText)")
        }
    }

    private static func fingerprint(_ value: JSONValue, path: String, at location: String) throws(StateRefusal)
        -> FileFingerprint
    {
        let fields = try StateFields(
            value, at: location,
            allowed: ["size", "modified", "status_changed", "sha256", "observed_at", "slices", "first_day", "last_day"])
        let sha = try fields.string("sha256")
        guard sha.utf8.count == 64, sha.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) })
        else {
            throw StateRefusal(
                at: "\(location).sha256", "expected 64 lower-case hex digits, found \(JSONString.quoted(sha))")
        }
        return FileFingerprint(
            path: path,
            fileStat: FileStat(
                size: try fields.integer("size", minimum: 0), modified: try fields.timestamp("modified"),
                statusChanged: try fields.timestamp("status_changed")),
            sha256: sha, observedAt: try fields.timestamp("observed_at"), coverage: try coverage(fields, at: location))
    }

    private static func coverage(_ fields: StateFields, at location: String) throws(StateRefusal) -> FileCoverage {
        var slices: [String] = []
        if fields.object["slices"] != nil {
            for (i, v) in try fields.array("slices").enumerated() {
                guard let s = v.stringValue else {
                    throw StateRefusal(at: "\(location).slices[\(i)]", "expected a string, found \(v.kindDescription)")
                }
                slices.append(s)
            }
        }
        var days: ClosedRange<Int64>?
        switch (fields.object["first_day"] != nil, fields.object["last_day"] != nil) {
        case (false, false): break
        case (true, true):
            let first = try fields.day("first_day")
            let last = try fields.day("last_day")
            guard first <= last else { throw StateRefusal(at: location, "first_day is after last_day") }
            days = first...last
        default: throw StateRefusal(at: location, "first_day and last_day come together")
        }
        return FileCoverage(slices: slices, days: days)
    }

    private static func run(_ value: JSONValue, at path: String) throws(StateRefusal) -> RunRecord {
        let fields = try StateFields(
            value, at: path,
            allowed: ["run_id", "mode", "status", "started_at", "finished_at", "rows_read", "rows_loaded"])
        return RunRecord(
            runID: try fields.string("run_id"), mode: try fields.string("mode"), status: try fields.string("status"),
            startedAt: try fields.timestamp("started_at"), finishedAt: try fields.timestamp("finished_at"),
            rowsRead: try fields.integer("rows_read", minimum: 0),
            rowsLoaded: try fields.integer("rows_loaded", minimum: 0))
    }
}
