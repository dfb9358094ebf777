import Foundation
import TributaryCore
import TributaryTransformers

/// Reads daily reference rates in the ECB's CSV layout (`eurofxref-hist.csv`): a `Date` column (`YYYY-MM-DD`),
/// then one column per currency, each the units of that currency per 1 EUR; `N/A` or empty where none was
/// published. The base is EUR unless the file's first column header says otherwise (`Date` is EUR; a header of
/// `Date,base=USD,…` is not supported: convert such files first).
enum FXRatesFile {
    static func read(path: String) throws(ReferenceFileError) -> FXRates {
        let file = try ReferenceFile(path: path)
        let (header, rows) = try file.csvRecords()
        guard header.first == "Date" else {
            throw ReferenceFileError(
                file: file.path, line: 1, message: "expected the ECB layout: a first column 'Date', then currencies")
        }
        var days: [Int64: [String: ExactDecimal]] = [:]
        for (line, cells) in rows {
            guard let dateText = cells.first?.trimmingCharacters(in: .whitespaces), !dateText.isEmpty else { continue }
            guard case .success(let seconds) = CivilTime.parseTimestamp(dateText) else {
                throw ReferenceFileError(file: file.path, line: line, message: "Date: '\(dateText)' is not a date")
            }
            var table: [String: ExactDecimal] = [:]
            for (i, name) in header.enumerated().dropFirst() where i < cells.count {
                let code = name.uppercased()
                guard code.count == 3 else { continue }
                let text = cells[i].trimmingCharacters(in: .whitespaces)
                if text.isEmpty || text == "N/A" { continue }
                guard let rate = ExactDecimal(text), rate.units > 0 else {
                    throw ReferenceFileError(file: file.path, line: line, message: "\(code): '\(text)' is not a rate")
                }
                table[code] = rate
            }
            days[seconds / 86400] = table
        }
        return FXRates(base: "EUR", days: days, version: file.version)
    }
}
