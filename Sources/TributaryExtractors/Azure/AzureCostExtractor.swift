import TributaryCore

/// Which Azure agreement's cost details a source reads: Enterprise Agreement, Microsoft Customer Agreement, or
/// whichever each file's header says (`auto`, the default).
public enum AzureAgreement: String, Sendable, Equatable, CaseIterable {
    case auto
    case ea
    case mca

    /// "an EA cost details", "an MCA cost details": what a file looks like, in messages.
    var article: String { self == .auto ? "a cost details" : "an \(rawValue.uppercased()) cost details" }

    /// The name in messages.
    public var displayName: String {
        switch self {
        case .auto: "Microsoft Azure cost details"
        case .ea: "Microsoft Azure EA cost details"
        case .mca: "Microsoft Azure MCA cost details"
        }
    }
}

/// The `azure_cost` source: Azure Cost Management cost details exports (actual cost), EA and MCA, into `spend`.
///
/// An Enterprise Agreement export (dataset version 2024-08-01) names its columns in PascalCase
/// (`CostInBillingCurrency`, `BillingCurrencyCode`, `Date`), a Microsoft Customer Agreement one
/// (2023-12-01-preview) mostly in camelCase (`costInBillingCurrency`, `billingCurrency`, `date`): the header tells
/// which, and column order never matters (older EA files order them differently). A file of neither kind is
/// refused before any row is read, naming what each lacks; with `agreement` set, a file of the other agreement is
/// refused with what it looks like instead. Dates are US `MM/DD/YYYY` in the CSV files reported so far and ISO
/// `YYYY-MM-DD` in some others; each cell is read in the form it is written. `AzureCostFormat+Mapping.swift` says
/// what each row becomes.
public struct AzureCostFormat: ProviderCSVFormat {
    public typealias Row = SpendRow
    public let agreement: AzureAgreement
    public var name: String { agreement.displayName }

    public init(agreement: AzureAgreement = .auto) {
        self.agreement = agreement
    }

    /// Every column this source reads, for `raw = true`: MCA's names for `agreement = "mca"`, else EA's.
    public static func nativeColumns(_ agreement: AzureAgreement) -> [String] {
        (agreement == .mca ? AzureColumns.mca : AzureColumns.ea).all
    }

    public static func nativeMoney(_ agreement: AzureAgreement) -> [String] {
        (agreement == .mca ? AzureColumns.mca : AzureColumns.ea).money
    }

    public func prepare(header: [String], file: String) throws(ExtractorError) -> CSVRecordMapper<SpendRow> {
        let columns = try Self.columns(for: header, agreement: agreement, file: file)
        return CSVRecordMapper { fields in Self.map(fields, columns) }
    }

    /// The columns of the agreement `header` is written for, or why it is neither (or not the one asked for).
    static func columns(for header: [String], agreement: AzureAgreement, file: String) throws(ExtractorError)
        -> AzureColumns
    {
        let looksEA = header.contains(AzureColumns.ea.cost)
        let looksMCA = header.contains(AzureColumns.mca.cost)
        switch agreement {
        case .ea, .mca:
            let (wanted, other) = agreement == .ea ? (AzureColumns.ea, AzureColumns.mca) : (.mca, .ea)
            let looksOther = agreement == .ea ? looksMCA && !looksEA : looksEA && !looksMCA
            let hint =
                looksOther
                ? "this looks like \(other.agreement.article) file, not \(wanted.agreement.rawValue.uppercased()) "
                    + "(read it with agreement = \"\(other.agreement.rawValue)\", or leave agreement out to tell by "
                    + "the header)" : otherFormatHint(header)
            try HeaderCheck.require(wanted.required, in: header, file: file, format: agreement.displayName, hint: hint)
            return wanted
        case .auto:
            if looksEA {
                try HeaderCheck.require(
                    AzureColumns.ea.required, in: header, file: file, format: AzureAgreement.ea.displayName)
                return .ea
            }
            if looksMCA {
                try HeaderCheck.require(
                    AzureColumns.mca.required, in: header, file: file, format: AzureAgreement.mca.displayName)
                return .mca
            }
            var message = ""
            if let hint = otherFormatHint(header) { message += "\(hint); " }
            message +=
                "the header is neither EA cost details (it lacks \(missing(AzureColumns.ea.required, header))) "
                + "nor MCA cost details (it lacks \(missing(AzureColumns.mca.required, header)))"
            throw .wrongFormat(file: file, line: 1, expected: agreement.displayName, message: message)
        }
    }

    /// What a header that is no Azure cost details export looks like, when another source reads it.
    static func otherFormatHint(_ header: [String]) -> String? {
        if header.contains(where: { $0.hasPrefix("lineItem/") || $0.hasPrefix("line_item_") }) {
            return "this looks like an AWS Cost and Usage Report; read it with type = \"aws_cur\""
        }
        if header.contains("BilledCost") && header.contains("ChargePeriodStart") {
            return "this looks like a FOCUS file (Azure's FocusCost export is one); read it with type = \"focus\""
        }
        return nil
    }

    private static func missing(_ required: [String], _ header: [String]) -> String {
        let have = Set(header)
        return required.filter { !have.contains($0) }.map { "'\($0)'" }.joined(separator: ", ")
    }
}

/// The `azure_cost` source.
public typealias AzureCostExtractor = ProviderCSVExtractor<AzureCostFormat>
