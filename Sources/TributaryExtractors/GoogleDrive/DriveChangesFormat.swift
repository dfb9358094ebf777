import TributaryCore
import TributaryFormats

/// `drive_changes` from the change feed, one row per change; a files.list page is refused, since a listing says
/// what is, not what changed.
public struct DriveChangesFormat: GoogleDrivePageFormat {
    public typealias Row = DriveChangeRow
    public var resource: GoogleDriveResource { .changes }

    public init() {}

    public func check(_ page: GoogleDrivePage) throws(ExtractorError) {
        guard page.kind == .fileList else { return }
        throw .wrongFormat(
            file: page.file, line: 0, expected: "Drive changes.list page",
            message: "it is a files.list page (it has `files`), which drive_changes cannot be built from; load it "
                + "into drive_files with resource = \"files\"")
    }

    public func map(_ record: JSONValue, at path: JSONPath, of kind: GoogleDrivePage.Kind, listedAt: Int64?)
        -> MappedRecord<DriveChangeRow>
    {
        .catching { () throws(ModelRowError) in [try GoogleDriveChange(record, at: path).row] }
    }
}
