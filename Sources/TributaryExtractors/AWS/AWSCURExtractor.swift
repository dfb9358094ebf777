import TributaryCore

/// Which AWS Cost and Usage Report a source reads: legacy CUR (`lineItem/UnblendedCost`), CUR 2.0 from AWS Data
/// Exports (`line_item_unblended_cost`), or whichever each file's header says (`auto`, the default).
public enum AWSCURVersion: String, Sendable, Equatable, CaseIterable {
    case auto
    case legacy
    case cur2 = "2.0"

    /// The name in messages.
    public var displayName: String {
        switch self {
        case .auto: "CUR"
        case .legacy: "legacy CUR"
        case .cur2: "CUR 2.0"
        }
    }
}

/// The `aws_cur` source: AWS Cost and Usage Reports, legacy and 2.0, into `spend`.
///
/// The two versions carry the same line items under different names (`lineItem/UnblendedCost` and
/// `line_item_unblended_cost`), and CUR 2.0 folds the sparse `product/…` and `resourceTags/…` columns into map
/// columns (`product`, `resource_tags`). Each file's header tells which it is, so that one source can read a
/// payer's CUR 2.0 export and a subsidiary's legacy report; a file of neither kind is refused before any row is
/// read, naming what each version lacks. With `version` set, a file of the other version is refused with what it
/// looks like instead. Which files a delivery folder holds is `CURDelivery`'s business (the newest manifest's).
///
/// Costs are decimal text in legacy CUR and doubles in CUR 2.0, which AWS may print in E-notation
/// (`4.2E-6`); both are read exactly. See `AWSCURFormat+Mapping.swift` for what each line becomes.
public struct AWSCURFormat: ProviderCSVFormat {
    public typealias Row = SpendRow
    public let version: AWSCURVersion

    public var name: String { version.displayName }

    public init(version: AWSCURVersion = .auto) {
        self.version = version
    }

    /// Every column this source reads, for `raw = true` (legacy names for `version = "legacy"`, else CUR 2.0).
    public static func nativeColumns(_ version: AWSCURVersion) -> [String] {
        (version == .legacy ? CURColumns.legacy : CURColumns.cur2).all
    }

    public static func nativeMoney(_ version: AWSCURVersion) -> [String] {
        (version == .legacy ? CURColumns.legacy : CURColumns.cur2).money
    }

    public func prepare(header: [String], file: String) throws(ExtractorError) -> CSVRecordMapper<SpendRow> {
        let columns = try Self.columns(for: header, version: version, file: file)
        let tagColumns = columns.tagPrefix.map { prefix in header.filter { $0.hasPrefix(prefix) } } ?? []
        return CSVRecordMapper { fields in Self.map(fields, columns, tagColumns: tagColumns) }
    }

    /// The column names of the version `header` is written in, or the error that says why it is neither (or not
    /// the one asked for).
    static func columns(for header: [String], version: AWSCURVersion, file: String) throws(ExtractorError)
        -> CURColumns
    {
        let looksLegacy = header.contains { name in CURColumns.legacyPrefixes.contains { name.hasPrefix($0) } }
        let looksCUR2 = header.contains { name in CURColumns.cur2Prefixes.contains { name.hasPrefix($0) } }
        switch version {
        case .legacy:
            let hint =
                looksCUR2 && !looksLegacy
                ? "this looks like a CUR 2.0 file, not legacy CUR (read it with version = \"2.0\", or leave version "
                    + "out to tell by the header)" : otherFormatHint(header)
            try HeaderCheck.require(
                CURColumns.legacy.required, in: header, file: file, format: "legacy CUR", hint: hint)
            return .legacy
        case .cur2:
            let hint =
                looksLegacy && !looksCUR2
                ? "this looks like a legacy CUR file, not CUR 2.0 (read it with version = \"legacy\", or leave "
                    + "version out to tell by the header)" : otherFormatHint(header)
            try HeaderCheck.require(CURColumns.cur2.required, in: header, file: file, format: "CUR 2.0", hint: hint)
            return .cur2
        case .auto:
            if looksLegacy {
                try HeaderCheck.require(CURColumns.legacy.required, in: header, file: file, format: "legacy CUR")
                return .legacy
            }
            if looksCUR2 {
                try HeaderCheck.require(CURColumns.cur2.required, in: header, file: file, format: "CUR 2.0")
                return .cur2
            }
            var message = ""
            if let hint = otherFormatHint(header) { message += "\(hint); " }
            message +=
                "the header is neither legacy CUR (it lacks \(missing(CURColumns.legacy.required, header))) "
                + "nor CUR 2.0 (it lacks \(missing(CURColumns.cur2.required, header)))"
            throw .wrongFormat(file: file, line: 1, expected: "CUR", message: message)
        }
    }

    /// What a header that is no CUR at all looks like, when another source reads it.
    static func otherFormatHint(_ header: [String]) -> String? {
        if header.contains("BilledCost") && header.contains("ChargePeriodStart") {
            return "this looks like a FOCUS file; read it with type = \"focus\""
        }
        if header.contains("CostInBillingCurrency") || header.contains("costInBillingCurrency") {
            return "this looks like an Azure cost details export; read it with type = \"azure_cost\""
        }
        return nil
    }

    private static func missing(_ required: [String], _ header: [String]) -> String {
        let have = Set(header)
        return required.filter { !have.contains($0) }.map { "'\($0)'" }.joined(separator: ", ")
    }
}

/// The `aws_cur` source.
public typealias AWSCURExtractor = ProviderCSVExtractor<AWSCURFormat>
