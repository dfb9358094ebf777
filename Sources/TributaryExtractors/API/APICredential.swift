import Foundation

/// An API secret and how it travels, which prints as `•••` wherever it ends up.
///
/// `description`, `debugDescription` and `customMirror` all hide the value, so that string interpolation,
/// `String(reflecting:)`, `dump` and a debugger cannot leak it by accident; only `headers` (for the request) and
/// `scrub` (to remove it from text) read it. The credential knows the name of the environment variable it came
/// from, so that an authentication failure can tell the user which variable to fix.
///
///     let openAI = try APICredential.fromEnvironment("OPENAI_ADMIN_KEY")
///     let anthropic = try APICredential.fromEnvironment(
///         "ANTHROPIC_ADMIN_KEY", scheme: .header("x-api-key"), extraHeaders: [("anthropic-version", "2023-06-01")])
public struct APICredential: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    public enum Scheme: Sendable, Equatable {
        /// `Authorization: Bearer <secret>` (OpenAI, PennyLane, Google OAuth access tokens).
        case bearer
        /// `<name>: <secret>` (Anthropic's `x-api-key`).
        case header(String)
    }

    public static let mask = "•••"

    /// The environment variable the secret came from, named in authentication errors.
    public let variable: String
    public let scheme: Scheme
    /// Headers that go with the secret but are not secret (`anthropic-version: 2023-06-01`).
    public let extraHeaders: [Header]
    private let secret: String

    /// A non-secret header, as a struct rather than a tuple so that credentials compare.
    public struct Header: Sendable, Equatable {
        public var name: String
        public var value: String

        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    public init(
        variable: String, secret: String, scheme: Scheme = .bearer, extraHeaders: [(name: String, value: String)] = []
    ) {
        self.variable = variable
        self.secret = secret
        self.scheme = scheme
        self.extraHeaders = extraHeaders.map { Header($0.name, $0.value) }
    }

    /// The credential in `environment[variable]`; `missingCredential` when it is unset or blank.
    public static func fromEnvironment(
        _ variable: String, scheme: Scheme = .bearer, extraHeaders: [(name: String, value: String)] = [],
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(APIError) -> APICredential {
        let value = environment[variable]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        guard !value.isEmpty else { throw .missingCredential(variable: variable) }
        return APICredential(variable: variable, secret: value, scheme: scheme, extraHeaders: extraHeaders)
    }

    /// The request headers that carry the credential.
    public var headers: [(name: String, value: String)] {
        let auth: (name: String, value: String) =
            switch scheme {
            case .bearer: ("Authorization", "Bearer \(secret)")
            case .header(let name): (name, secret)
            }
        return [auth] + extraHeaders.map { ($0.name, $0.value) }
    }

    /// Header names whose values must never be shown.
    public var secretHeaderNames: Set<String> {
        switch scheme {
        case .bearer: ["authorization"]
        case .header(let name): [name.lowercased()]
        }
    }

    /// `text` with the secret, and any token-like word that shares eight characters with it or is masked with
    /// `*` (OpenAI echoes "Incorrect API key provided: sk-proj-****abcd"), replaced by `•••`.
    public func scrub(_ text: String) -> String {
        guard !secret.isEmpty else { return text }
        var out = text.replacingOccurrences(of: secret, with: Self.mask)
        let chars = Array(secret)
        let window = min(8, chars.count)
        let grams = Set((0...(chars.count - window)).map { String(chars[$0..<($0 + window)]) })
        // Dots end a word: a sentence's full stop must survive, and the exact replacement above already caught
        // whole dotted tokens.
        let tokenish: (Character) -> Bool = { $0.isLetter || $0.isNumber || "-_*".contains($0) }
        var result = ""
        var word = ""
        func flush() {
            let leaks = word.count >= window && (word.contains("*") || grams.contains { word.contains($0) })
            result += leaks ? Self.mask : word
            word = ""
        }
        for c in out {
            if tokenish(c) {
                word.append(c)
            } else {
                flush()
                result.append(c)
            }
        }
        flush()
        out = result
        return out
    }

    /// `url` as `APIURL.redactedText` shows it, with this secret masked wherever it appears.
    public func redactedText(_ url: URL) -> String { APIURL.redactedText(url, secrets: [secret]) }

    /// `url` as `APIURL.redacted` makes it, with this secret masked wherever it appears.
    public func redacted(_ url: URL) -> URL { APIURL.redacted(url, secrets: [secret]) }

    public var description: String { "\(variable)=\(Self.mask)" }
    public var debugDescription: String { "APICredential(\(variable)=\(Self.mask))" }
    public var customMirror: Mirror {
        Mirror(self, children: ["variable": variable, "secret": Self.mask], displayStyle: .struct)
    }
}
