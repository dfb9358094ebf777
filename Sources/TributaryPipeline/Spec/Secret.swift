/// A value that must never be shown: passwords, tokens, API keys.
///
/// Its `description` is `•••`, so that string interpolation, `validate`, `plan`, logs and error messages cannot
/// leak it by accident; code that needs the value asks for `revealed` by name.
public struct Secret: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    public let revealed: String

    public init(_ value: String) {
        revealed = value
    }

    public static let mask = "•••"
    public var description: String { Self.mask }
    public var debugDescription: String { Self.mask }
}

/// Which keys of a pipeline file hold secrets.
public struct SecretPolicy: Sendable, Equatable {
    /// Keys declared secret in `[pipeline] secrets`, in addition to the built-in ones.
    public var declared: Set<String>

    public static let builtIn: Set<String> = [
        "password", "token", "api_key", "secret", "access_token", "admin_key", "webhook_url",
    ]

    public init(declared: Set<String> = []) {
        self.declared = declared
    }

    /// `password`, `token`, `api_key` and the like, with or without a prefix (`clickhouse_password`), and any
    /// declared key.
    public func isSecret(_ key: String) -> Bool {
        let k = key.lowercased()
        if declared.contains(key) || Self.builtIn.contains(k) { return true }
        return Self.builtIn.contains { k.hasSuffix("_" + $0) }
    }
}
