/// One request as the loopback server received it, for assertions.
///
/// The query is decoded the way web servers decode forms (`+` is a space, `%XX` a byte), so that a test sees
/// what a real API would: a client that sends a cursor's `+` unencoded gets a space back and fails the test.
public struct RecordedRequest: Sendable, CustomStringConvertible {
    public var method: String
    /// The request target exactly as sent: `/v1/costs?page=abc%2B`.
    public var target: String
    /// The path, percent-decoded, without the query.
    public var path: String
    /// The query's items in order, names and values decoded.
    public var query: [(name: String, value: String)]
    /// The header fields in order, names as sent.
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]
    /// Which connection carried it, numbered from 1 in accept order: equal numbers mean a kept-alive connection.
    public var connection: Int
    /// Its place among all requests the server received, from 0.
    public var sequence: Int

    public init(
        method: String, target: String, headers: [(name: String, value: String)], body: [UInt8], connection: Int,
        sequence: Int
    ) {
        self.method = method
        self.target = target
        self.headers = headers
        self.body = body
        self.connection = connection
        self.sequence = sequence
        let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        path = Self.decode(String(parts.first ?? ""), plusIsSpace: false)
        query =
            parts.count < 2
            ? []
            : parts[1].split(separator: "&", omittingEmptySubsequences: true).map { item in
                let pair = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                return (
                    Self.decode(String(pair[0]), plusIsSpace: true),
                    pair.count > 1 ? Self.decode(String(pair[1]), plusIsSpace: true) : ""
                )
            }
    }

    /// The first header named `name`, compared without case.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// The first query value named `name`.
    public func queryValue(_ name: String) -> String? { query.first { $0.name == name }?.value }

    /// Every query value named `name`, for repeated keys such as `group_by`.
    public func queryValues(_ name: String) -> [String] { query.filter { $0.name == name }.map(\.value) }

    public var description: String { "\(method) \(target) (connection \(connection))" }

    /// Percent-decodes `text`; an invalid escape stays as written, as lenient servers do.
    static func decode(_ text: String, plusIsSpace: Bool) -> String {
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "%"), i + 2 < bytes.count, let h = hex(bytes[i + 1]), let l = hex(bytes[i + 2]) {
                out.append(h << 4 | l)
                i += 3
                continue
            }
            out.append(plusIsSpace && b == UInt8(ascii: "+") ? UInt8(ascii: " ") : b)
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func hex(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
