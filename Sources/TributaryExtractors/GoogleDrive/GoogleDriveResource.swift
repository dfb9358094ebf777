import TributaryCore

/// Which Drive listing a `gdrive` source turns into rows, and so which table it loads.
public enum GoogleDriveResource: String, Sendable, Equatable, CaseIterable {
    /// `drive_files`: the state of every file, from `files.list` and then from the change feed.
    case files
    /// `drive_changes`: one row per entry of the change feed.
    case changes

    public var table: String {
        switch self {
        case .files: DriveFileRow.tableDefaults.table
        case .changes: DriveChangeRow.tableDefaults.table
        }
    }

    public var tableDefaults: TableDefaults {
        switch self {
        case .files: DriveFileRow.tableDefaults
        case .changes: DriveChangeRow.tableDefaults
        }
    }
}
