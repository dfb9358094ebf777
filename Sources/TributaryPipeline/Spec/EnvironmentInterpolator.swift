/// Replaces `${VAR}` and `${VAR:-default}` in pipeline-file strings with values from the environment.
///
/// `$${` stands for a literal `${`. The environment is passed in, never read from a global, so that tests and
/// `validate` see exactly what a run would.
public struct EnvironmentInterpolator: Sendable {
    public var environment: [String: String]

    public init(environment: [String: String]) {
        self.environment = environment
    }

    public enum Failure: Error, Equatable, Sendable {
        /// A variable with no value and no default; `offset` is the position of `$` in the string.
        case unset(name: String, offset: Int)
        case malformed(offset: Int, reason: String)
    }

    /// The interpolated text and the variables it read.
    public func interpolate(_ text: String) -> Result<(text: String, variables: [String]), Failure> {
        guard text.contains("$") else { return .success((text, [])) }
        let chars = Array(text)
        var out = ""
        var used: [String] = []
        var i = 0
        while i < chars.count {
            if chars[i] == "$", i + 2 < chars.count, chars[i + 1] == "$", chars[i + 2] == "{" {
                out += "${"
                i += 3
                continue
            }
            guard chars[i] == "$", i + 1 < chars.count, chars[i + 1] == "{" else {
                out.append(chars[i])
                i += 1
                continue
            }
            let start = i
            guard let close = chars[(i + 2)...].firstIndex(of: "}") else {
                return .failure(.malformed(offset: start, reason: "'${' is not closed by '}'"))
            }
            let body = String(chars[(i + 2)..<close])
            let name: String
            var fallback: String?
            if let range = body.range(of: ":-") {
                name = String(body[..<range.lowerBound])
                fallback = String(body[range.upperBound...])
            } else {
                name = body
            }
            guard Self.isValidName(name) else {
                return .failure(
                    .malformed(
                        offset: start,
                        reason: "'${\(body)}' is not a variable reference; write ${NAME} or ${NAME:-default}"))
            }
            used.append(name)
            if let value = environment[name], !(value.isEmpty && fallback != nil) {
                out += value
            } else if let fallback {
                out += fallback
            } else {
                return .failure(.unset(name: name, offset: start))
            }
            i = close + 1
        }
        return .success((out, used))
    }

    static func isValidName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic)
        else { return false }
        return name.unicodeScalars.allSatisfy {
            $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)))
        }
    }
}
