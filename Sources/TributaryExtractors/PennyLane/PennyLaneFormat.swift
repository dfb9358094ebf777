import TributaryCore
import TributaryFormats

/// How the items of one PennyLane entity become rows of its table: the mapping both inputs (saved pages and
/// the live API) share, so that a record reads the same whichever way it arrived.
///
/// An item is one element of a listing (or a resource fetched by id). It holds one record (an invoice, a
/// customer, a bank line), or, for the line entities, as many records as the invoice has lines. Each record
/// becomes a row or a reject naming the JSON path of the field at fault and the item's id, with the amounts
/// that could be read, so that the run's books count them.
public struct PennyLaneFormat<Row: ModelRow>: Sendable {
    public let entity: PennyLaneEntity
    let mapItem: @Sendable (PennyLaneItem) -> [PennyLaneRecord<Row>]
    let makeTombstone: @Sendable (_ id: String, _ deletedAt: Int64, _ version: PennyLaneAPIVersion) -> Row

    /// The records `item` holds, mapped. For a line entity without `item.lines` this only checks the invoice:
    /// nothing when it is good, its reject when not (so that a caller can skip fetching its lines).
    public func records(_ item: PennyLaneItem) -> [PennyLaneRecord<Row>] { mapItem(item) }

    /// The row that marks item `id` deleted at `deletedAt` (epoch seconds): for the line entities, the marker
    /// that hides every line of the deleted invoice.
    public func tombstone(id: String, deletedAt: Int64, version: PennyLaneAPIVersion) -> Row {
        makeTombstone(id, deletedAt, version)
    }

    /// One record per item: `map` builds its row; a failure is a reject whose reason names the item.
    static func single(
        _ entity: PennyLaneEntity, money: [[String]],
        tombstone: @escaping @Sendable (String, Int64, PennyLaneAPIVersion) -> Row,
        map: @escaping @Sendable (JSONFields, PennyLaneAPIVersion) throws(ModelRowError) -> Row
    ) -> PennyLaneFormat<Row> {
        PennyLaneFormat(
            entity: entity,
            mapItem: { item in
                let fields = JSONFields(item.value, at: item.path)
                do throws(ModelRowError) {
                    return [
                        PennyLaneRecord(
                            path: item.path, value: item.value, outcome: .rows([try map(fields, item.version)]))
                    ]
                } catch {
                    return [
                        PennyLaneRecord(
                            path: item.path, value: item.value,
                            outcome: .reject(
                                field: error.field, reason: "\(Self.name(entity, fields)): \(error.reason)",
                                money: Self.money(fields, money), currency: Self.currency(fields)))
                    ]
                }
            }, makeTombstone: tombstone)
    }

    /// `customer invoice 1000102`, or where the item is when its id cannot be read.
    static func name(_ entity: PennyLaneEntity, _ f: JSONFields) -> String {
        let id = (try? f.text("id")) ?? nil
        return id.map { "\(entity.noun) \($0)" } ?? "the \(entity.noun) at \(f.path)"
    }

    /// The amounts that can be read, in `moneyColumns` order (each entry: the field names to try), 0 for the
    /// others: what a reject counts as read.
    static func money(_ f: JSONFields, _ columns: [[String]]) -> [Int128] {
        columns.map { names in
            for name in names {
                if let d = (try? f.decimal(name)) ?? nil, let units = d.rescaledExactly(to: Lineage.moneyScale)?.units {
                    return units
                }
            }
            return 0
        }
    }

    static func currency(_ f: JSONFields) -> String {
        ((try? f.string("currency")) ?? nil).flatMap(CurrencyCode.normalized) ?? ""
    }
}

/// One element of a listing (or a resource fetched by id), with where it sits and, for the line entities, the
/// lines this read holds for it.
public struct PennyLaneItem: Sendable {
    public var value: JSONValue
    public var path: JSONPath
    public var version: PennyLaneAPIVersion
    public var lines: PennyLaneLines?

    public init(value: JSONValue, path: JSONPath, version: PennyLaneAPIVersion, lines: PennyLaneLines? = nil) {
        self.value = value
        self.path = path
        self.version = version
        self.lines = lines
    }
}

/// An invoice's lines as one read holds them: an array and its path.
public struct PennyLaneLines: Sendable {
    public var values: [JSONValue]
    /// The path of the array.
    public var path: JSONPath
    /// Where the read says it holds only the first lines (`included.invoice_lines.<id>.has_more: true`, at
    /// most 20 lines inline); nil when it holds them all.
    public var truncatedAt: JSONPath?

    public init(values: [JSONValue], path: JSONPath, truncatedAt: JSONPath? = nil) {
        self.values = values
        self.path = path
        self.truncatedAt = truncatedAt
    }
}

/// One record read and what it became: rows, or a reject naming the field.
public struct PennyLaneRecord<Row: ModelRow>: Sendable {
    public var path: JSONPath
    /// The record as read, for the reject's `raw`.
    public var value: JSONValue
    public var outcome: MappedRecord<Row>
}
