/// Which generation of PennyLane's API a record was read from, which decides field names and id types
/// (v1 invoice ids are strings, v2 ids integers; notes A.1, C.6).
public enum PennyLaneAPIVersion: String, Sendable, Equatable {
    case v1, v2

    /// `/api/external/v1` or `/api/external/v2`.
    public var pathPrefix: String { "/api/external/\(rawValue)" }
}
