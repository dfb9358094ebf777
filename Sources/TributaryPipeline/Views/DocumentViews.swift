import TributaryClickHouse

/// The document views, over `drive_files` and `drive_changes`: what changed in the shared documents, week by
/// week, and where the space goes.
///
/// - `drive_activity_weekly`: per week (Monday, UTC), action, folder and person, the documents (folders left out)
///   and the changes. The action of a change is `removed` (Drive's `removed: true`: deleted, or no longer visible),
///   `trashed` (`file.trashed`), `added` (the file was created in the week of the change), else `changed`. The
///   folder is the parent folder's name after its own parent's (`Garage Lefebvre/Devis`), or the parent's id when
///   it is no listed folder (a shared drive's root); the person is the owner, or for a shared-drive file, which has
///   no owner in Drive, whoever modified it last. A removal carries nothing but the file id, so it takes folder,
///   person and type from the file's latest earlier change (empty when the feed saw none: `drive_files` cannot
///   tell, since its removal row has replaced the file's last state).
/// - `drive_storage_by_drive`: per shared drive (`My Drive` for the rest), the files, folders and bytes that are
///   neither trashed nor removed, and the trashed files apart.
/// - `drive_largest_files`: the 20 largest current files, with folder and person.
///
/// 18.16 SQL: one JOIN per SELECT (nested subqueries for more), `USING` keys that are not Nullable, `FINAL` on both
/// tables (ReplacingMergeTree: a file's older states and a change read twice are gone only once merged).
enum DocumentViews {
    static let folderMime = "'application/vnd.google-apps.folder'"

    /// `folder_id`, `folder_label` of every folder in `drive_files`.
    static let folderLabels = """
        SELECT folder_id, if(parent_name = '', folder_name, concat(parent_name, '/', folder_name)) AS folder_label
        FROM
        (
            SELECT id AS folder_id, ifNull(name, '') AS folder_name, parents[1] AS parent_id
            FROM {db}.drive_files FINAL
            WHERE mime_type = \(folderMime) AND x_removed = 0
        )
        ANY LEFT JOIN
        (
            SELECT id AS parent_id, ifNull(name, '') AS parent_name
            FROM {db}.drive_files FINAL
            WHERE mime_type = \(folderMime) AND x_removed = 0
        ) USING parent_id
        """

    /// Who a file is, for the views: its owner, else (shared drives) its last modifier.
    static func person(owners: String, modifier: String) -> String {
        "if(notEmpty(\(owners)), \(owners)[1], ifNull(\(modifier), ''))"
    }

    static let activityWeekly = ClickHouseViews.Definition(
        name: "drive_activity_weekly", tables: ["drive_changes", "drive_files"],
        select: """
            SELECT week, action, folder_id, if(folder_label = '', folder_id, folder_label) AS folder, person,
                   uniqExact(file_id) AS documents, count() AS changes
            FROM
            (
                SELECT week, action, file_id, if(removed = 1, known_folder, own_folder) AS folder_id,
                       if(removed = 1, known_person, own_person) AS person,
                       if(removed = 1, known_mime, own_mime) AS mime
                FROM
                (
                    SELECT toMonday(change_time) AS week, removed,
                           multiIf(removed = 1, 'removed', ifNull(trashed, 0) = 1, 'trashed',
                                   ifNull(toMonday(x_created_time) = toMonday(change_time), 0) = 1, 'added',
                                   'changed') AS action,
                           ifNull(file_id, '') AS file_id, x_parents[1] AS own_folder,
                           \(person(owners: "x_owners", modifier: "x_last_modifying_user")) AS own_person,
                           ifNull(mime_type, '') AS own_mime
                    FROM {db}.drive_changes FINAL
                    WHERE change_type = 'file'
                )
                ANY LEFT JOIN
                (
                    SELECT ifNull(file_id, '') AS file_id, argMax(x_parents[1], change_time) AS known_folder,
                           argMax(\(person(owners: "x_owners", modifier: "x_last_modifying_user")), change_time)
                               AS known_person,
                           argMax(ifNull(mime_type, ''), change_time) AS known_mime
                    FROM {db}.drive_changes FINAL
                    WHERE change_type = 'file' AND removed = 0
                    GROUP BY file_id
                ) USING file_id
            )
            ANY LEFT JOIN
            (
            \(folderLabels)
            ) USING folder_id
            WHERE mime != \(folderMime)
            GROUP BY week, action, folder_id, folder, person
            """)

    static let storageByDrive = ClickHouseViews.Definition(
        name: "drive_storage_by_drive", tables: ["drive_files"],
        select: """
            SELECT ifNull(drive_id, 'My Drive') AS drive,
                   countIf(trashed = 0 AND ifNull(mime_type, '') != \(folderMime)) AS files,
                   countIf(trashed = 0 AND ifNull(mime_type, '') = \(folderMime)) AS folders,
                   sumIf(ifNull(size_bytes, 0), trashed = 0) AS bytes,
                   countIf(trashed = 1) AS trashed_files,
                   max(modified_time) AS last_modified
            FROM {db}.drive_files FINAL
            WHERE x_removed = 0
            GROUP BY drive
            """)

    static let largestFiles = ClickHouseViews.Definition(
        name: "drive_largest_files", tables: ["drive_files"],
        select: """
            SELECT id, name, size_bytes, if(folder_label = '', folder_id, folder_label) AS folder, person, drive,
                   mime_type, modified_time
            FROM
            (
                SELECT id, ifNull(name, '') AS name, assumeNotNull(size_bytes) AS size_bytes, parents[1] AS folder_id,
                       \(person(owners: "owners", modifier: "x_last_modifying_user")) AS person,
                       ifNull(drive_id, 'My Drive') AS drive, ifNull(mime_type, '') AS mime_type, modified_time
                FROM {db}.drive_files FINAL
                WHERE x_removed = 0 AND trashed = 0 AND size_bytes IS NOT NULL
                  AND ifNull(mime_type, '') != \(folderMime)
                ORDER BY size_bytes DESC, id
                LIMIT 20
            )
            ANY LEFT JOIN
            (
            \(folderLabels)
            ) USING folder_id
            ORDER BY size_bytes DESC, id
            """)
}
