import TributaryCore

/// Where a `pennylane` source reads from.
public enum PennyLaneInput: Sendable, Equatable {
    /// Saved responses: files, globs or folders, relative to `baseDirectory`.
    case saved(paths: [String], baseDirectory: String)
    /// The live API.
    case live(PennyLaneLiveSettings)
}

/// Builds the `pennylane` source for an entity: the table's row type, its format, and the input.
///
/// Each entity has its own row type (`InvoiceRow`, `InvoiceLineRow`, `CounterpartyRow`, `BankTransactionRow`);
/// this is the one place that pairs them, so that a pipeline only names the entity.
public enum PennyLaneSource {
    public static func extractor(
        entity: PennyLaneEntity, input: PennyLaneInput, sourceID: String, batchRows: Int = 16384,
        connection: PennyLaneConnection = PennyLaneConnection()
    ) throws(ExtractorError) -> any ModelExtractor {
        switch entity {
        case .customerInvoices, .supplierInvoices:
            return try make(.invoices(entity), InvoiceRow.tableDefaults, input, sourceID, batchRows, connection)
        case .invoiceLines, .supplierInvoiceLines:
            return try make(.lines(entity), InvoiceLineRow.tableDefaults, input, sourceID, batchRows, connection)
        case .customers, .suppliers:
            return try make(
                .counterparties(entity), CounterpartyRow.tableDefaults, input, sourceID, batchRows, connection)
        case .transactions:
            return try make(.transactions, BankTransactionRow.tableDefaults, input, sourceID, batchRows, connection)
        }
    }

    static func make<Row: ModelRow>(
        _ format: PennyLaneFormat<Row>, _ defaults: TableDefaults, _ input: PennyLaneInput, _ sourceID: String,
        _ batchRows: Int, _ connection: PennyLaneConnection
    ) throws(ExtractorError) -> any ModelExtractor {
        switch input {
        case .saved(let paths, let base):
            return try PennyLaneFileExtractor(
                format: format, sourceID: sourceID, paths: paths, baseDirectory: base, batchRows: batchRows,
                tableDefaults: defaults)
        case .live(let settings):
            return try PennyLaneAPIExtractor(
                format: format, settings: settings, sourceID: sourceID, batchRows: batchRows, tableDefaults: defaults,
                connection: connection)
        }
    }
}
