import Foundation
import TributaryCore
import TributaryFormats

/// A small file a transform reads once per run (a price catalog, exchange rates, a mapping), with the version
/// rows are stamped with: its name and the start of its content's SHA-256, so that a changed file shows as a new
/// version in the data.
struct ReferenceFile {
    let path: String
    let bytes: [UInt8]

    /// Files larger than this are refused: reference data is small, and a wrong path to a huge file should fail.
    static let maxBytes = 256 << 20

    init(path: String) throws(ReferenceFileError) {
        self.path = path
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ReferenceFileError(file: path, line: 0, message: "cannot read the file")
        }
        guard data.count <= Self.maxBytes else {
            throw ReferenceFileError(file: path, line: 0, message: "the file is larger than \(Self.maxBytes >> 20) MiB")
        }
        bytes = [UInt8](data)
    }

    /// `catalog.csv#3f9a1c2b`.
    var version: String {
        ((path as NSString).lastPathComponent) + "#" + String(SHA256.hash(bytes).hex.prefix(8))
    }

    /// The records of a CSV file with a header: (line, field → text).
    func csvRecords() throws(ReferenceFileError) -> (header: [String], rows: [(line: Int, cells: [String])]) {
        let reader = CSVReader(source: MemoryByteSource(bytes), path: path)
        do {
            guard let first = try reader.next() else {
                throw ReferenceFileError(file: path, line: 1, message: "the file is empty; it needs a header line")
            }
            var header = first.strings
            if let h = header.first, h.hasPrefix("\u{FEFF}") { header[0] = String(h.dropFirst()) }
            var rows: [(Int, [String])] = []
            while let record = try reader.next() {
                if let issue = record.issue {
                    throw ReferenceFileError(file: path, line: record.line, message: issue.description)
                }
                rows.append((record.line, record.strings))
            }
            return (header.map { $0.trimmingCharacters(in: .whitespaces) }, rows)
        } catch let e as ReferenceFileError {
            throw e
        } catch {
            throw ReferenceFileError(file: path, line: 0, message: String(describing: error))
        }
    }
}

/// A reference file that cannot be used: its path, line and what is wrong. The run stops before loading.
struct ReferenceFileError: Error, Sendable, Equatable, CustomStringConvertible {
    var file: String
    var line: Int
    var message: String

    var description: String {
        "\(SourceLocation(file: file, line: line)): error: \(message)"
    }
}
