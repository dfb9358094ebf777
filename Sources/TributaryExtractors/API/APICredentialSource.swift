import Foundation

/// Where the credential comes from: an environment variable, read when the pull starts (never at compile
/// time, so that `tributary validate` runs without it).
public struct APICredentialSource: Sendable, Equatable {
    public var variable: String
    public var scheme: APICredential.Scheme
    public var extraHeaders: [APICredential.Header]

    public init(variable: String, scheme: APICredential.Scheme = .bearer, extraHeaders: [APICredential.Header] = []) {
        self.variable = variable
        self.scheme = scheme
        self.extraHeaders = extraHeaders
    }
}
