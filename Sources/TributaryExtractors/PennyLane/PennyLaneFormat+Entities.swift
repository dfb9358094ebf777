import TributaryCore
import TributaryFormats

/// The format of each entity: which mapping, which amounts a reject counts, which tombstone.
extension PennyLaneFormat where Row == InvoiceRow {
    /// Customer or supplier invoices, into `invoices`.
    public static func invoices(_ entity: PennyLaneEntity) -> PennyLaneFormat<InvoiceRow> {
        let kind = entity.kind ?? "customer"
        return .single(
            entity, money: [["currency_amount"], ["currency_amount_before_tax"], ["currency_tax"]],
            tombstone: { id, at, v in InvoiceRow.tombstone(kind: kind, id: id, deletedAt: at, apiVersion: v.rawValue) },
            map: { f, v throws(ModelRowError) in try PennyLaneInvoiceMapping.invoice(f, kind: kind, version: v) })
    }
}

extension PennyLaneFormat where Row == CounterpartyRow {
    /// Customers or suppliers, into `counterparties`.
    public static func counterparties(_ entity: PennyLaneEntity) -> PennyLaneFormat<CounterpartyRow> {
        let kind = entity.kind ?? "customer"
        return .single(
            entity, money: [],
            tombstone: { id, at, v in
                CounterpartyRow.tombstone(kind: kind, id: id, deletedAt: at, apiVersion: v.rawValue)
            },
            map: { f, v throws(ModelRowError) in
                try PennyLaneCounterpartyMapping.counterparty(f, kind: kind, version: v)
            })
    }
}

extension PennyLaneFormat where Row == BankTransactionRow {
    /// Bank transactions, into `bank_transactions`.
    public static var transactions: PennyLaneFormat<BankTransactionRow> {
        .single(
            .transactions, money: [["currency_amount"], ["currency_fee"]],
            tombstone: { id, at, v in BankTransactionRow.tombstone(id: id, deletedAt: at, apiVersion: v.rawValue) },
            map: { f, v throws(ModelRowError) in try PennyLaneTransactionMapping.transaction(f, version: v) })
    }
}

extension PennyLaneFormat where Row == InvoiceLineRow {
    /// Customer or supplier invoice lines, into `invoice_lines`: one record per line of each invoice.
    ///
    /// An invoice that cannot be read is one reject (its lines cannot be tied to a good invoice); a line that
    /// cannot be read is a reject of its own; an invoice whose read holds only its first lines loads those and
    /// adds a reject saying the rest are missing, so that the books do not look complete when they are not.
    public static func lines(_ entity: PennyLaneEntity) -> PennyLaneFormat<InvoiceLineRow> {
        let kind = entity.kind ?? "customer"
        let money = [
            ["currency_amount"], ["currency_amount_before_tax", "currency_price_before_tax"], ["currency_tax"],
        ]
        return PennyLaneFormat(
            entity: entity,
            mapItem: { item in
                let f = JSONFields(item.value, at: item.path)
                let invoice: InvoiceLineRow.Invoice
                do throws(ModelRowError) {
                    invoice = try PennyLaneLineMapping.invoice(f, kind: kind, version: item.version)
                } catch {
                    let reason = "\(name(entity, f)): \(error.reason); none of its lines is loaded"
                    return [
                        PennyLaneRecord(
                            path: item.path, value: item.value,
                            outcome: .reject(field: error.field, reason: reason, money: nil, currency: currency(f)))
                    ]
                }
                guard let lines = item.lines else { return [] }
                var records = lines.values.enumerated().map { (j, value) -> PennyLaneRecord<InvoiceLineRow> in
                    let lf = JSONFields(value, at: lines.path.appending(index: j))
                    do throws(ModelRowError) {
                        let row = try PennyLaneLineMapping.line(lf, invoice: invoice, version: item.version)
                        return PennyLaneRecord(path: lf.path, value: value, outcome: .rows([row]))
                    } catch {
                        let line = ((try? lf.text("id")) ?? nil).map { "line \($0)" } ?? "the line at \(lf.path)"
                        return PennyLaneRecord(
                            path: lf.path, value: value,
                            outcome: .reject(
                                field: error.field,
                                reason: "\(line) of \(entity.noun) \(invoice.id): \(error.reason)",
                                money: Self.money(lf, money), currency: invoice.currency))
                    }
                }
                if let more = lines.truncatedAt {
                    records.append(
                        PennyLaneRecord(
                            path: more, value: .bool(true),
                            outcome: .reject(
                                field: more.description,
                                reason: "\(entity.noun) \(invoice.id) has more lines than this page holds (has_more "
                                    + "is true); the others are not loaded: read "
                                    + "/\(entity.resource)/\(invoice.id)/invoice_lines for them",
                                money: nil, currency: invoice.currency)))
                }
                return records
            },
            makeTombstone: { id, at, v in
                InvoiceLineRow.tombstone(kind: kind, invoiceID: id, deletedAt: at, apiVersion: v.rawValue)
            })
    }
}
