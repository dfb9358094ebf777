import TributaryCore
import TributaryExtractors
import TributaryFormats
import TributaryTestSupport

/// What one page mapped to: rows, and rejects as (field, reason).
struct MappedPage<Row> {
    var rows: [Row] = []
    var rejects: [(field: String?, reason: String)] = []
}

/// Maps every record of `json` through `format`, as the readers do.
func mapPage<F: GoogleDrivePageFormat>(_ format: F, _ json: String, listedAt: Int64? = nil) throws -> MappedPage<F.Row>
{
    let page = try GoogleDrivePage(JSONParser.parse(json), file: "page.json")
    try format.check(page)
    var out = MappedPage<F.Row>()
    for record in try page.records() {
        switch format.map(record.value, at: record.path, of: page.kind, listedAt: listedAt) {
        case .rows(let rows): out.rows += rows
        case .reject(let field, let reason, _, _): out.rejects.append((field, reason))
        }
    }
    return out
}
