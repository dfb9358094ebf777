import Foundation

/// Query strings built the strict way, and URLs made fit to print.
///
/// `URLComponents.queryItems` leaves `+`, `/`, `=` and `?` unencoded in values; servers decode a bare `+` as a
/// space, so an OpenAI cursor such as `page_AAAA+b/c=` would come back as another page, or as a 400. Here names
/// and values are percent-encoded except for RFC 3986's unreserved characters.
///
/// Errors, logs and lineage show URLs, which must not carry credentials: `redacted` drops user information and
/// masks the values of query parameters that hold secrets (`key`, `access_token`, `signature`, …) as well as
/// any occurrence of the caller's own secrets.
public enum APIURL {
    /// Printed instead of a secret; plain ASCII, so that a redacted URL is still a URL.
    public static let mask = "redacted"

    /// Query parameters whose values are secrets, compared without case. Paging tokens (`pageToken`, `cursor`)
    /// are positions, not secrets, and stay visible so that a looping cursor can be seen in the message.
    public static let sensitiveParameters: Set<String> = [
        "key", "api_key", "apikey", "api-key", "access_token", "refresh_token", "id_token", "token", "auth",
        "authorization", "client_secret", "secret", "password", "passwd", "signature", "sig", "code",
        "x-amz-signature", "x-amz-credential", "x-amz-security-token", "x-goog-signature", "x-goog-credential",
    ]

    /// Percent-encodes everything but `A-Z a-z 0-9 - . _ ~`.
    public static func percentEncode(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        let hex = Array("0123456789ABCDEF".unicodeScalars)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out.unicodeScalars.append("%")
                out.unicodeScalars.append(hex[Int(byte >> 4)])
                out.unicodeScalars.append(hex[Int(byte & 15)])
            }
        }
        return out
    }

    /// `name=value&…`, each part percent-encoded; repeated names stay repeated (`group_by=a&group_by=b`).
    public static func encodeQuery(_ query: [(name: String, value: String)]) -> String {
        query.map { "\(percentEncode($0.name))=\(percentEncode($0.value))" }.joined(separator: "&")
    }

    /// `base` with `query` appended after any query it already has; nil when the result is not a URL.
    public static func url(_ base: URL, query: [(name: String, value: String)]) -> URL? {
        guard !query.isEmpty else { return base }
        var text = base.absoluteString
        if let hash = text.firstIndex(of: "#") { text = String(text[..<hash]) }
        let separator = !text.contains("?") ? "?" : (text.hasSuffix("?") || text.hasSuffix("&") ? "" : "&")
        return URL(string: text + separator + encodeQuery(query))
    }

    /// `url` without user information, with sensitive query values and every occurrence of `secrets` masked.
    public static func redacted(_ url: URL, secrets: [String] = []) -> URL {
        let masked = redactedText(url, secrets: secrets)
        if let result = URL(string: masked) { return result }
        var components = URLComponents(url: url, resolvingAgainstBaseURL: true)
        components?.query = nil
        components?.user = nil
        components?.password = nil
        return components?.url ?? URL(fileURLWithPath: "/")
    }

    /// The redacted URL as text, for messages.
    public static func redactedText(_ url: URL, secrets: [String] = []) -> String {
        guard var components = URLComponents(url: url, resolvingAgainstBaseURL: true) else { return mask }
        components.user = nil
        components.password = nil
        components.fragment = nil
        let secretSet = Set(secrets.filter { !$0.isEmpty })
        if let query = components.percentEncodedQuery {
            components.percentEncodedQuery = query.split(separator: "&", omittingEmptySubsequences: false).map {
                item -> String in
                let pair = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let name = String(pair[0])
                let decodedName = (name.removingPercentEncoding ?? name).lowercased()
                let value = pair.count > 1 ? String(pair[1]) : ""
                let decodedValue = value.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? value
                let hide =
                    isSensitive(decodedName) || secretSet.contains(decodedValue) || secretSet.contains(value)
                return pair.count > 1 ? "\(name)=\(hide ? mask : value)" : name
            }.joined(separator: "&")
        }
        var text = components.string ?? mask
        for secret in secretSet {
            text = text.replacingOccurrences(of: secret, with: mask)
            text = text.replacingOccurrences(of: percentEncode(secret), with: mask)
        }
        return text
    }

    static func isSensitive(_ lowercasedName: String) -> Bool {
        sensitiveParameters.contains(lowercasedName) || lowercasedName.hasSuffix("_secret")
            || lowercasedName.hasSuffix("_password") || lowercasedName.hasSuffix("_api_key")
            || lowercasedName.hasSuffix("signature")
    }
}
