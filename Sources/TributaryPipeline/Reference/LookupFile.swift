import Foundation
import TributaryTransformers

/// Reads a lookup mapping: a CSV with a header holding the matched column and the columns to add.
enum LookupFile {
    static func read(path: String, match: String, columns: [String]) throws(ReferenceFileError)
        -> LookupTransformer.Table
    {
        let file = try ReferenceFile(path: path)
        let (header, rows) = try file.csvRecords()
        guard let key = header.firstIndex(of: match) else {
            throw ReferenceFileError(
                file: path, line: 1, message: "the mapping has no column '\(match)'; it has \(header.joined(separator: ", "))")
        }
        var positions: [Int] = []
        for name in columns {
            guard let i = header.firstIndex(of: name) else {
                throw ReferenceFileError(
                    file: path, line: 1, message: "the mapping has no column '\(name)'; it has \(header.joined(separator: ", "))")
            }
            positions.append(i)
        }
        var table: [String: [String?]] = [:]
        for (line, cells) in rows {
            guard key < cells.count else { continue }
            let k = cells[key]
            guard table[k] == nil else {
                throw ReferenceFileError(file: path, line: line, message: "'\(k)' is mapped twice")
            }
            table[k] = positions.map { $0 < cells.count && !cells[$0].isEmpty ? cells[$0] : nil }
        }
        return LookupTransformer.Table(rows: table, version: file.version)
    }
}
