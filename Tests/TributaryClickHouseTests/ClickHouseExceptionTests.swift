import Foundation
import Testing
import TributaryCore

@testable import TributaryClickHouse

struct ClickHouseExceptionTests {
    func response(_ status: Int, _ body: String, headers: [String: String] = [:]) -> HTTPResponse {
        HTTPResponse(status: status, headers: headers, body: Data(body.utf8))
    }

    @Test func oldFormatFrom18_16() throws {
        let body =
            "Code: 60, e.displayText() = DB::Exception: Table scratch.zz doesn't exist., e.what() = DB::Exception\n"
        let e = try #require(ClickHouseException.find(in: response(404, body)))
        #expect(e == ClickHouseException(code: 60, message: "Table scratch.zz doesn't exist.", httpStatus: 404))
        #expect(e.description == "ClickHouse error 60: Table scratch.zz doesn't exist.")
    }

    @Test func newFormatWithNameAndVersion() throws {
        let body =
            "Code: 60. DB::Exception: Table default.nope does not exist. (UNKNOWN_TABLE) "
            + "(version 24.3.1.2672 (official build))\n"
        let e = try #require(ClickHouseException.find(in: response(404, body)))
        #expect(e.code == 60)
        #expect(e.name == "UNKNOWN_TABLE")
        #expect(e.message == "Table default.nope does not exist.")
        #expect(e.description == "ClickHouse error 60 (UNKNOWN_TABLE): Table default.nope does not exist.")
    }

    @Test func newFormatWithPlainVersion() throws {
        let body =
            "Code: 516. DB::Exception: default: Authentication failed: password is incorrect, or there is no "
            + "user with such name. (AUTHENTICATION_FAILED) (version 23.8.2.7)"
        let e = try #require(ClickHouseException.parse(body))
        #expect(e.code == 516)
        #expect(e.name == "AUTHENTICATION_FAILED")
        #expect(e.message.hasSuffix("no user with such name."))
    }

    @Test func parseErrorNamesTheRowOfTheInsert() throws {
        let body = """
            Code: 27, e.displayText() = DB::Exception: Cannot parse input: expected \\t before: abc\\t0: (at row 3)

            Row 3:
            Column 0,   name: s,   type: String,                    parsed text: "x"
            ERROR: garbage after Nullable(Decimal(38, 12)): "abc<TAB>0"

            , e.what() = DB::Exception
            """
        let e = try #require(ClickHouseException.find(in: response(500, body)))
        #expect(e.code == 27)
        #expect(e.rowInInsert == 3)
        #expect(e.message.hasPrefix("Cannot parse input: expected \\t before"))
        #expect(!e.message.hasSuffix("DB::Exception"))
    }

    @Test func errorAfterStreamedRowsIsFoundAtALineStart() throws {
        let body =
            "1\n2\nCode: 241, e.displayText() = DB::Exception: Memory limit (for query) exceeded, "
            + "e.what() = DB::Exception\n"
        let e = try #require(ClickHouseException.find(in: response(200, body)))
        #expect(e.code == 241)
        #expect(e.httpStatus == 200)
    }

    @Test func exceptionHeaderWithAnEmpty200Body() throws {
        // ClickHouse/ClickHouse#65117: a receive timeout while reading an insert answered 200 with this header.
        let e = try #require(
            ClickHouseException.find(in: response(200, "", headers: ["X-ClickHouse-Exception-Code": "209"])))
        #expect(e.code == 209)
        #expect(e.message == "(no message)")
    }

    @Test func dbExceptionWithoutCode() throws {
        let e = try #require(ClickHouseException.find(in: response(500, "Poco::Exception. DB::Exception: odd")))
        #expect(e.code == 0)
    }

    @Test func ordinaryBodiesAreNotErrors() {
        #expect(ClickHouseException.find(in: response(200, "18.16.1\tUTC\n")) == nil)
        #expect(ClickHouseException.find(in: response(200, "Codes: 5\nCode:x\n")) == nil)
        #expect(ClickHouseException.find(in: response(502, "<html>Bad Gateway</html>")) == nil)
    }

    @Test func clientChecksAllThreeSignals() {
        let client = ClickHouseClient(endpoint: URL(string: "http://127.0.0.1:8123")!, user: "bob")
        #expect(throws: Never.self) { try client.check(response(200, "")) }
        #expect(throws: ClickHouseError.httpStatus(502, body: "bad gateway")) {
            try client.check(response(502, "bad gateway"))
        }
        #expect(
            throws: ClickHouseError.server(ClickHouseException(code: 209, message: "(no message)", httpStatus: 200))
        ) {
            try client.check(response(200, "", headers: ["X-ClickHouse-Exception-Code": "209"]))
        }
        let auth = "Code: 193, e.displayText() = DB::Exception: Wrong password for user bob, e.what() = DB::Exception"
        do {
            try client.check(response(401, auth))
            Issue.record("no error")
        } catch {
            #expect(error.isAuthentication)
            #expect(
                error.description
                    == "ClickHouse refused the credentials for user 'bob' (Wrong password for user bob); "
                    + "check the sink's user and password"
            )
        }
        // What URLSession on Linux leaves of a 401: the status, without the body.
        #expect(
            throws: ClickHouseError.authentication(
                user: "bob", code: nil, message: "HTTP 401: a wrong password, an unknown user, or a password required")
        ) {
            try client.check(
                response(401, "", headers: ["WWW-Authenticate": "Basic realm=\"ClickHouse server HTTP API\""]))
        }
    }
}
