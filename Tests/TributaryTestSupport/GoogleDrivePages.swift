/// Small Google Drive v3 responses after the notes' hand-written fixtures (../shared/formats/pennylane-drive.md,
/// B.9), shared by the extractor tests and the end-to-end tests that play Drive on the loopback server.
public enum GoogleDrivePages {
    /// `files.list` page 1: a PDF and a Sheet in My Drive, and a trashed scan; more to come.
    public static let filesPage1 = """
        {"kind": "drive#fileList", "nextPageToken": "~!!~AI9FV7Qx1Placeholder_p2", "incompleteSearch": false,
         "files": [
          {"id": "1a2B3c4D5e6F7g8H9i0JkLmNoPqRsTuVw", "name": "Facture F-2024-0101.pdf", "mimeType": "application/pdf",
           "parents": ["0AbCdEfGhIjKlUk9PVA"], "createdTime": "2024-03-04T14:15:02.318Z",
           "modifiedTime": "2024-03-04T14:15:02.318Z", "size": "184320",
           "md5Checksum": "9e107d9d372bb6826bd81d3542a419d6",
           "owners": [{"displayName": "Sophie Bernard", "emailAddress": "sophie.bernard@atelier-conseil.fr",
                       "permissionId": "07742336189483012345"}],
           "lastModifyingUser": {"displayName": "Sophie Bernard", "emailAddress": "sophie.bernard@atelier-conseil.fr"},
           "trashed": false,
           "webViewLink": "https://drive.google.com/file/d/1a2B3c4D5e6F7g8H9i0JkLmNoPqRsTuVw/view?usp=drivesdk",
           "quotaBytesUsed": "184320", "version": "3"},
          {"id": "1SheetXyZ0987654321abcdefGHIJKLmnopQRstuv", "name": "Suivi trésorerie 2024",
           "mimeType": "application/vnd.google-apps.spreadsheet", "parents": ["0AbCdEfGhIjKlUk9PVA"],
           "createdTime": "2024-01-02T08:00:11.045Z", "modifiedTime": "2024-03-20T17:45:30.902Z", "size": "20480",
           "owners": [{"displayName": "Sophie Bernard", "emailAddress": "sophie.bernard@atelier-conseil.fr"}],
           "lastModifyingUser": {"displayName": "Marc Lefèvre", "emailAddress": "marc.lefevre@atelier-conseil.fr"},
           "trashed": false, "quotaBytesUsed": "0", "version": "187"},
          {"id": "1OldScanQwErTyUiOp1234567890AsDfGh", "name": "scan_ticket_dépannage.jpg", "mimeType": "image/jpeg",
           "parents": ["1FolderComptaZyXwVu9876543210"], "createdTime": "2024-02-10T11:02:44.771Z",
           "modifiedTime": "2024-02-10T11:02:44.771Z", "size": "2411724",
           "md5Checksum": "e4d909c290d0fb1ca068ffaddf22cbd0",
           "owners": [{"displayName": "Marc Lefèvre", "emailAddress": "marc.lefevre@atelier-conseil.fr"}],
           "trashed": true, "quotaBytesUsed": "2411724", "version": "5"}
         ]}
        """

    /// `files.list` page 2, the last: a shared-drive folder (no size, no owners) and a PDF in it.
    public static let filesPage2 = """
        {"kind": "drive#fileList", "incompleteSearch": false,
         "files": [
          {"id": "1FolderFacturesSharedDrv000000000", "name": "Factures fournisseurs",
           "mimeType": "application/vnd.google-apps.folder", "parents": ["0AShAReDdRiVeIdUk9PVA"],
           "createdTime": "2023-11-06T09:12:00.000Z", "modifiedTime": "2024-03-19T10:01:15.640Z",
           "lastModifyingUser": {"displayName": "Sophie Bernard", "emailAddress": "sophie.bernard@atelier-conseil.fr"},
           "trashed": false, "driveId": "0AShAReDdRiVeIdUk9PVA",
           "webViewLink": "https://drive.google.com/drive/folders/1FolderFacturesSharedDrv000000000",
           "quotaBytesUsed": "0", "version": "12"},
          {"id": "1FactFournisseurEdfMars2024abcdEFGH", "name": "EDF_facture_mars_2024.pdf",
           "mimeType": "application/pdf", "parents": ["1FolderFacturesSharedDrv000000000"],
           "createdTime": "2024-03-19T10:01:15.120Z", "modifiedTime": "2024-03-19T10:01:15.120Z", "size": "96512",
           "md5Checksum": "5f4dcc3b5aa765d61d8327deb882cf99",
           "lastModifyingUser": {"displayName": "Sophie Bernard", "emailAddress": "sophie.bernard@atelier-conseil.fr"},
           "trashed": false, "driveId": "0AShAReDdRiVeIdUk9PVA", "quotaBytesUsed": "96512", "version": "1"}
         ]}
        """

    /// `changes.list` page 1: an edit and a deletion; more to come.
    public static let changesPage1 = """
        {"kind": "drive#changeList", "nextPageToken": "48215",
         "changes": [
          {"kind": "drive#change", "changeType": "file", "time": "2024-03-20T17:45:31.004Z", "removed": false,
           "fileId": "1SheetXyZ0987654321abcdefGHIJKLmnopQRstuv",
           "file": {"id": "1SheetXyZ0987654321abcdefGHIJKLmnopQRstuv", "name": "Suivi trésorerie 2024",
                    "mimeType": "application/vnd.google-apps.spreadsheet", "parents": ["0AbCdEfGhIjKlUk9PVA"],
                    "createdTime": "2024-01-02T08:00:11.045Z", "modifiedTime": "2024-03-20T17:45:30.902Z",
                    "size": "20480", "trashed": false, "version": "187",
                    "owners": [{"displayName": "Sophie Bernard",
                                "emailAddress": "sophie.bernard@atelier-conseil.fr"}]}},
          {"kind": "drive#change", "changeType": "file", "time": "2024-03-21T07:02:10.553Z", "removed": true,
           "fileId": "1DeletedForeverFileId0000000000000"}
         ]}
        """

    /// `changes.list` page 2, the last: a trashing and a change to a shared drive itself.
    public static let changesPage2 = """
        {"kind": "drive#changeList", "newStartPageToken": "48219",
         "changes": [
          {"kind": "drive#change", "changeType": "file", "time": "2024-03-21T08:30:00.120Z", "removed": false,
           "fileId": "1OldScanQwErTyUiOp1234567890AsDfGh",
           "file": {"id": "1OldScanQwErTyUiOp1234567890AsDfGh", "name": "scan_ticket_dépannage.jpg",
                    "mimeType": "image/jpeg", "parents": ["1FolderComptaZyXwVu9876543210"],
                    "modifiedTime": "2024-02-10T11:02:44.771Z", "size": "2411724",
                    "md5Checksum": "e4d909c290d0fb1ca068ffaddf22cbd0", "trashed": true, "version": "6"}},
          {"kind": "drive#change", "changeType": "drive", "time": "2024-03-21T09:00:05.007Z", "removed": false,
           "driveId": "0AShAReDdRiVeIdUk9PVA",
           "drive": {"kind": "drive#drive", "id": "0AShAReDdRiVeIdUk9PVA", "name": "Comptabilité 2024"}}
         ]}
        """

    public static let startPageToken = #"{"kind": "drive#startPageToken", "startPageToken": "48213"}"#

    /// Drive's 403 for a spent quota (notes, B.9.7).
    public static let rateLimited = """
        {"error": {"code": 403, "message": "User Rate Limit Exceeded.", "errors": [{"domain": "usageLimits",
         "reason": "userRateLimitExceeded", "message": "User Rate Limit Exceeded."}]}}
        """

    /// A page token Drive does not take, in the shape Google's APIs give a bad parameter (400, reason `invalid`,
    /// location `pageToken`); the notes do not pin down Drive's exact answer, so the source also takes 404 and 410.
    public static let invalidPageToken = """
        {"error": {"code": 400, "message": "Invalid Value", "errors": [{"domain": "global", "reason": "invalid",
         "message": "Invalid Value", "locationType": "parameter", "location": "pageToken"}]}}
        """

    public static let unauthorized = """
        {"error": {"code": 401, "message": "Request had invalid authentication credentials. Expected OAuth 2 access \
        token, login cookie or other valid authentication credential.", "status": "UNAUTHENTICATED"}}
        """
}
