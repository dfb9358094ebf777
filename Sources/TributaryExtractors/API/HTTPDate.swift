import Foundation
import TributaryCore

/// Parses the three date formats HTTP allows in `Retry-After` (RFC 9110 §5.6.7) without `DateFormatter`, which
/// depends on the machine's locale and is not `Sendable`.
///
/// IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`) is what servers send; the obsolete RFC 850
/// (`Sunday, 06-Nov-94 08:49:37 GMT`) and asctime (`Sun Nov  6 08:49:37 1994`) forms must still be accepted.
public enum HTTPDate {
    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    /// The instant `text` names, or nil when it is none of the three forms.
    public static func parse(_ text: String) -> Date? {
        let fields = text.split(whereSeparator: { $0 == " " || $0 == "," }).map { String($0) }
        let day: String
        let month: String
        let year: String
        let time: String
        if fields.count == 6, fields[5].uppercased() == "GMT" {
            // IMF-fixdate: weekday, day, month, year, time, GMT.
            (day, month, year, time) = (fields[1], fields[2], fields[3], fields[4])
        } else if fields.count == 4, fields[3].uppercased() == "GMT" {
            // RFC 850: weekday, dd-Mon-yy, time, GMT; two-digit years pivot at 70 (RFC 9110 says: within 50
            // years of now, which for a Retry-After is the same thing).
            let parts = fields[1].split(separator: "-").map { String($0) }
            guard parts.count == 3, let yy = Int(parts[2]) else { return nil }
            let fullYear = parts[2].count == 2 ? (yy < 70 ? 2000 + yy : 1900 + yy) : yy
            (day, month, year, time) = (parts[0], parts[1], String(fullYear), fields[2])
        } else if fields.count == 5 {
            // asctime: weekday, month, day, time, year.
            (day, month, year, time) = (fields[2], fields[1], fields[4], fields[3])
        } else {
            return nil
        }
        return date(day: day, month: month, year: year, time: time)
    }

    private static func date(day: String, month: String, year: String, time: String) -> Date? {
        guard let d = Int(day), (1...31).contains(d), let y = Int(year), y >= 1970,
            let m = months.firstIndex(of: month.lowercased())
        else { return nil }
        let hms = time.split(separator: ":").compactMap { Int($0) }
        guard hms.count == 3, (0...23).contains(hms[0]), (0...59).contains(hms[1]), (0...60).contains(hms[2])
        else { return nil }
        let days = CivilTime.days(year: Int64(y), month: Int64(m + 1), day: Int64(d))
        let seconds = days * 86_400 + Int64(hms[0] * 3600 + hms[1] * 60 + hms[2])
        return Date(timeIntervalSince1970: Double(seconds))
    }
}
