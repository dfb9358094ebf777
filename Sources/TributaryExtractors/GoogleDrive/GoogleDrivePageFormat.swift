import TributaryCore
import TributaryFormats

/// How the records of Drive pages become rows of one table: `DriveFilesFormat` for `drive_files`,
/// `DriveChangesFormat` for `drive_changes`.
///
/// `check(_:)` refuses a page the table cannot be built from (changes read for their state, yes; a file listing as
/// change events, no). `map` maps one record, with the JSON path it sits at, to rows or to a reject naming the field
/// as a JSON path; it never throws, since a bad record is data. `listedAt` is when a live listing page was received,
/// nil for a saved page.
public protocol GoogleDrivePageFormat: Sendable {
    associatedtype Row: ModelRow
    var resource: GoogleDriveResource { get }
    func check(_ page: GoogleDrivePage) throws(ExtractorError)
    func map(_ record: JSONValue, at path: JSONPath, of kind: GoogleDrivePage.Kind, listedAt: Int64?)
        -> MappedRecord<Row>
}
