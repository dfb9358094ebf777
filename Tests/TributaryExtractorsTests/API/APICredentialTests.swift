import Testing
import TributaryExtractors

struct APICredentialTests {
    @Test func neverShowsItsSecret() {
        let credential = bearer()
        var dumped = ""
        dump(credential, to: &dumped)
        for text in [credential.description, credential.debugDescription, String(reflecting: credential), dumped] {
            #expect(!text.contains(secretToken), "\(text)")
            #expect(text.contains("•••"))
        }
        #expect(credential.description == "OPENAI_ADMIN_KEY=•••")
        #expect(String(describing: Mirror(reflecting: credential).children.map(\.value)).contains(secretToken) == false)
    }

    @Test func buildsBearerAndCustomHeaders() {
        #expect(bearer().headers.map(\.name) == ["Authorization"])
        #expect(bearer().headers.map(\.value) == ["Bearer \(secretToken)"])
        let anthropic = APICredential(
            variable: "ANTHROPIC_ADMIN_KEY", secret: "sk-ant-admin-x", scheme: .header("x-api-key"),
            extraHeaders: [("anthropic-version", "2023-06-01")])
        #expect(anthropic.headers.map(\.name) == ["x-api-key", "anthropic-version"])
        #expect(anthropic.headers.map(\.value) == ["sk-ant-admin-x", "2023-06-01"])
        #expect(anthropic.secretHeaderNames == ["x-api-key"])
    }

    @Test func comesFromTheEnvironmentOrSaysWhichVariableIsMissing() throws {
        let credential = try APICredential.fromEnvironment("PL_TOKEN", environment: ["PL_TOKEN": " abc123 \n"])
        #expect(credential.headers.map(\.value) == ["Bearer abc123"])
        #expect(throws: APIError.missingCredential(variable: "PL_TOKEN")) {
            try APICredential.fromEnvironment("PL_TOKEN", environment: ["PL_TOKEN": "  "])
        }
        #expect(throws: APIError.missingCredential(variable: "PL_TOKEN")) {
            try APICredential.fromEnvironment("PL_TOKEN", environment: [:])
        }
    }

    @Test func scrubsTheSecretAndMaskedEchoesOfIt() {
        let credential = bearer()
        #expect(credential.scrub("bad key \(secretToken).") == "bad key •••.")
        #expect(
            credential.scrub("Incorrect API key provided: sk-admin-****************************b1a0. See docs.")
                == "Incorrect API key provided: •••. See docs.")
        #expect(credential.scrub("prefix sk-admin-TEST-9f8e7d6c suffix") == "prefix ••• suffix")
        #expect(credential.scrub("invalid x-api-key") == "invalid x-api-key")
    }
}
