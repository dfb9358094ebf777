import Foundation
import Testing
import TributaryExtractors

struct APIURLTests {
    @Test func encodesEverythingButUnreserved() {
        #expect(APIURL.percentEncode("page_AAAA+b/c=") == "page_AAAA%2Bb%2Fc%3D")
        #expect(APIURL.percentEncode("a b&c?d#e%f") == "a%20b%26c%3Fd%23e%25f")
        #expect(APIURL.percentEncode("group_by[]") == "group_by%5B%5D")
        #expect(APIURL.percentEncode("-._~AZaz09") == "-._~AZaz09")
        #expect(APIURL.percentEncode("é") == "%C3%A9")
    }

    @Test func appendsTheQueryKeepingRepeatedNames() throws {
        let base = try #require(URL(string: "https://api.openai.com/v1/organization/costs"))
        let url = APIURL.url(base, query: [("group_by", "project_id"), ("group_by", "line_item"), ("page", "a+b")])
        #expect(
            url?.absoluteString
                == "https://api.openai.com/v1/organization/costs?group_by=project_id&group_by=line_item&page=a%2Bb")
        let withQuery = try #require(URL(string: "https://h/x?fixed=1"))
        #expect(APIURL.url(withQuery, query: [("b", "2")])?.absoluteString == "https://h/x?fixed=1&b=2")
        #expect(APIURL.url(withQuery, query: []) == withQuery)
    }

    @Test func redactionDropsUserInformationAndSecretValuesButKeepsCursors() throws {
        let url = try #require(
            URL(
                string: "https://user:pw@www.googleapis.com/drive/v3/files?key=AIzaSECRET&pageToken=tok%2B1"
                    + "&access_token=ya29.x&client_secret=s#frag"))
        let text = APIURL.redactedText(url)
        #expect(
            text
                == "https://www.googleapis.com/drive/v3/files?key=redacted&pageToken=tok%2B1&access_token=redacted"
                + "&client_secret=redacted")
        #expect(APIURL.redacted(url).absoluteString == text)
    }

    @Test func redactionMasksTheCallersSecretsAnywhere() throws {
        let url = try #require(URL(string: "https://h/v1/sk-live-123456/items?q=sk-live-123456&other=x"))
        #expect(
            APIURL.redactedText(url, secrets: ["sk-live-123456"]) == "https://h/v1/redacted/items?q=redacted&other=x")
    }
}
