import Testing
import TributaryExtractors
import TributaryPipeline

/// API failures reach cron as the right exit code: 75 for "try later", 1 for what a human must fix.
struct APIErrorExitStatusTests {
    static let url = "https://api.openai.com/v1/organization/costs"

    @Test func temporaryAPIFailuresExit75() {
        #expect(ExitStatus.code(for: APIError.unavailable(url: Self.url, status: 503, attempts: 6, detail: "")) == 75)
        #expect(
            ExitStatus.code(for: APIError.waitTooLong(url: Self.url, status: 429, waitSecs: 3600, maxWaitSecs: 120))
                == 75)
    }

    @Test func permanentAPIFailuresExit1() {
        let refused = APIError.unauthorized(url: Self.url, status: 401, variable: "OPENAI_ADMIN_KEY", message: nil)
        #expect(ExitStatus.code(for: refused) == 1)
        #expect(ExitStatus.code(for: APIError.rejected(url: Self.url, status: 422, message: nil, code: nil)) == 1)
        #expect(ExitStatus.code(for: APIError.missingCredential(variable: "OPENAI_ADMIN_KEY")) == 1)
    }
}
