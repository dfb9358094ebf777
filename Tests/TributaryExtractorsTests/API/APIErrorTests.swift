import Foundation
import Testing
import TributaryExtractors
import TributaryFormats

struct APIErrorTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var error: APIError
        var message: String
        var temporary: Bool
        var testDescription: String { message }
    }

    static let url = "https://api.openai.com/v1/organization/costs?start_time=1"

    static let cases: [Case] = [
        Case(
            error: .missingCredential(variable: "OPENAI_ADMIN_KEY"),
            message: "the environment variable OPENAI_ADMIN_KEY is not set or is empty; set it to the API key before "
                + "running", temporary: false),
        Case(
            error: .unauthorized(url: url, status: 401, variable: "OPENAI_ADMIN_KEY", message: "Invalid key"),
            message: "GET \(url) was refused with HTTP 401 (\"Invalid key\"): the credential in OPENAI_ADMIN_KEY is "
                + "missing, wrong or expired; set OPENAI_ADMIN_KEY to a valid key", temporary: false),
        Case(
            error: .unauthorized(url: url, status: 403, variable: "PENNYLANE_TOKEN", message: nil),
            message: "GET \(url) was refused with HTTP 403: the credential in PENNYLANE_TOKEN was accepted but may not "
                + "read this endpoint; set PENNYLANE_TOKEN to a key with the scope or role it needs",
            temporary: false),
        Case(
            error: .rejected(url: url, status: 422, message: "start_date is too old", code: "unprocessable_entity"),
            message: "GET \(url) failed with HTTP 422 (\"start_date is too old\"); the API refused the request, so "
                + "retrying will not help: check the source's settings", temporary: false),
        Case(
            error: .unavailable(url: url, status: 503, attempts: 6, detail: "overloaded"),
            message: "GET \(url) still failed after 6 attempts (last: HTTP 503 (\"overloaded\")); the API is "
                + "unavailable, try again later", temporary: true),
        Case(
            error: .unavailable(url: url, status: nil, attempts: 1, detail: "could not connect (refused)"),
            message: "GET \(url) still failed after 1 attempt (last: could not connect (refused)); the API is "
                + "unavailable, try again later", temporary: true),
        Case(
            error: .waitTooLong(url: url, status: 429, waitSecs: 3600, maxWaitSecs: 120),
            message: "GET \(url) was rate limited (HTTP 429) and asked to wait 3600 s, longer than the 120 s a run "
                + "may wait; try again later", temporary: true),
        Case(
            error: .invalidJSON(url: url, message: "1:1: expected a JSON value, found '<'"),
            message: "\(url): the response is not valid JSON (1:1: expected a JSON value, found '<')",
            temporary: false),
        Case(
            error: .unexpectedShape(
                url: url, path: JSONPath(parsing: "$.data[3].results[0].amount.value") ?? .root,
                expected: "a number", found: "a string"),
            message: "\(url): $.data[3].results[0].amount.value: expected a number, found a string; the response "
                + "does not have the documented shape", temporary: false),
        Case(
            error: .repeatedCursor(url: url, parameter: "page", pages: 2),
            message: "\(url): after 2 pages the API returned a 'page' it had returned before, so paging would "
                + "loop; stopped", temporary: false),
        Case(
            error: .tooManyPages(url: url, maxPages: 50),
            message: "\(url): more than 50 pages; stopped in case paging loops (raise max_pages if the data really "
                + "is that large)", temporary: false),
    ]

    @Test(arguments: cases) func readsAsOneSentence(_ c: Case) {
        #expect(c.error.description == c.message)
        #expect(c.error.isTemporary == c.temporary)
    }

    @Test func exposesStatusURLAndMessage() {
        let e = APIError.rejected(url: Self.url, status: 422, message: "too old", code: nil)
        #expect(e.status == 422)
        #expect(e.url == Self.url)
        #expect(e.apiMessage == "too old")
        #expect(APIError.missingCredential(variable: "X").url == nil)
    }
}

struct APIErrorBodyTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var body: String
        var expected: APIErrorBody
        var testDescription: String { body }
    }

    static let cases: [Case] = [
        Case(
            body: #"{"error":{"message":"Invalid API key","type":"invalid_request_error","code":"invalid_api_key"}}"#,
            expected: APIErrorBody(message: "Invalid API key", code: "invalid_request_error")),
        Case(
            body: #"{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}"#,
            expected: APIErrorBody(message: "invalid x-api-key", code: "authentication_error")),
        Case(
            body: #"{"error":{"code":403,"message":"Rate Limit Exceeded","status":"PERMISSION_DENIED","#
                + #""errors":[{"reason":"rateLimitExceeded"}]}}"#,
            expected: APIErrorBody(
                message: "Rate Limit Exceeded", code: "PERMISSION_DENIED", reasons: ["rateLimitExceeded"])),
        Case(body: #"{"error":"Unauthorized","status":401}"#, expected: APIErrorBody(message: "Unauthorized")),
        Case(
            body: #"{"message":"Invalid date","code":"InvalidDateFormat"}"#,
            expected: APIErrorBody(message: "Invalid date", code: "InvalidDateFormat")),
        Case(
            body: #"{"error":"unprocessable_entity","message":"start_date is too old","details":{}}"#,
            expected: APIErrorBody(message: "start_date is too old", code: "unprocessable_entity")),
        Case(
            body: "You made too many requests.\n Retry in 60s !",
            expected: APIErrorBody(message: "You made too many requests. Retry in 60s !")),
        Case(body: "<html><body>502 Bad Gateway</body></html>", expected: APIErrorBody()),
        Case(body: "", expected: APIErrorBody()),
        Case(body: "[1,2]", expected: APIErrorBody()),
    ]

    @Test(arguments: cases) func readsEveryVendorsShape(_ c: Case) {
        #expect(APIErrorBody(parsing: Data(c.body.utf8)) == c.expected)
    }

    @Test func boundsLongMessages() {
        let body = APIErrorBody(parsing: Data(String(repeating: "x ", count: 1000).utf8))
        #expect(body.message?.count == APIErrorBody.maxMessageLength)
    }
}
