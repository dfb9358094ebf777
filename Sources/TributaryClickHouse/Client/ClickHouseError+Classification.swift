/// How a failure should be handled: the three answers of `clickhouse.md` §5.
public enum FailureClass: Sendable, Equatable {
    /// Network trouble, timeouts, a busy or restarting server: retry with backoff.
    case transient
    /// The server is overloaded by parts or queries: retry, but wait long enough for merges.
    case congestion
    /// The same request would fail the same way: halt, keep the state where it is, say why.
    case permanent
}

extension ClickHouseError {
    /// Codes worth retrying: TIMEOUT_EXCEEDED, SOCKET_TIMEOUT, NETWORK_ERROR, MEMORY_LIMIT_EXCEEDED,
    /// TABLE_IS_READ_ONLY (a replica that lost ZooKeeper), KEEPER_EXCEPTION.
    static let transientCodes: Set<Int> = [159, 209, 210, 241, 242, 999]
    /// TOO_MANY_SIMULTANEOUS_QUERIES, and TOO_MANY_PARTS unless it is about partitions.
    static let congestionCodes: Set<Int> = [202, 252]

    public var failureClass: FailureClass {
        switch self {
        case .transport(let e, _):
            switch e {
            case .cannotConnect, .connectionLost, .timedOut: return .transient
            case .other: return .transient
            }
        case .httpStatus(let status, _):
            return status >= 500 || status == 408 || status == 429 ? .transient : .permanent
        case .server(let e):
            // 252 covers both "Too many parts" and "Too many partitions for single INSERT block"; only the
            // first goes away by waiting.
            if e.code == 252 { return e.message.contains("partitions") ? .permanent : .congestion }
            if Self.congestionCodes.contains(e.code) { return .congestion }
            if Self.transientCodes.contains(e.code) { return .transient }
            return .permanent
        case .insertFailed(_, _, _, _, _, let cause), .ddlFailed(_, _, let cause):
            return cause.failureClass
        default:
            return .permanent
        }
    }

    /// True when the request may have reached the server and been carried out even though no answer came back,
    /// so that resending could store the rows twice.
    public var outcomeIsUnknown: Bool {
        switch self {
        case .transport(.connectionLost, _), .transport(.timedOut, _), .transport(.other, _): true
        case .httpStatus(let status, _): status >= 500
        default: false
        }
    }
}
