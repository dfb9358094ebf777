import Foundation
import TributaryClickHouse
import TributaryCore
import TributaryDetectors

/// Reads one detection's series back from ClickHouse: one query, grouped by period and by every dimension, the
/// value (and the one-off part and denominator when the detection has them) as exact decimal text.
///
///     SELECT toUnixTimestamp(toDateTime(toDate(`charge_period_start`), 'UTC')) AS t, ifNull(toString(`provider`), ''), …,
///            toString(sum(billed_cost)), toString(sumIf(billed_cost, charge_category IN ('Tax', …)))
///     FROM `tributary`.`spend` WHERE … GROUP BY t, … ORDER BY t
///
/// Tables that collapse rows (ReplacingMergeTree: the `merge` and `append` strategies) are read `FINAL`, so that
/// a row loaded twice and not yet merged counts once.
struct SeriesQuery: Sendable {
    let spec: DetectionSpec
    let configuration: ClickHouseLoader.Configuration

    func sql(from start: Int64, until end: Int64, final: Bool) throws -> String {
        let db = try ClickHouseIdentifier(configuration.database, role: "database")
        let table = try ClickHouseIdentifier(spec.table, role: "table")
        let time = "`\(spec.timeColumn)`"
        let bucket: String
        switch spec.granularity {
        case .hour: bucket = "toStartOfHour(toDateTime(\(time), 'UTC'))"
        case .day: bucket = "toDateTime(toDate(\(time)), 'UTC')"
        case .week: bucket = "toDateTime(toMonday(\(time)), 'UTC')"
        case .month: bucket = "toDateTime(toStartOfMonth(\(time)), 'UTC')"
        case .every(let s, _): bucket = "toDateTime(intDiv(toUInt32(\(time)), \(max(1, s))) * \(max(1, s)), 'UTC')"
        }
        let bound: (Int64) -> String = { seconds in
            spec.timeIsDate
                ? "toDate('\(CivilTime.formatDate(days: FieldParserDays.day(of: seconds)))')"
                : "toDateTime('\(CivilTime.formatDateTime(epochSeconds: seconds))', 'UTC')"
        }
        var select = ["toUnixTimestamp(\(bucket)) AS t"]
        let dimensions = spec.queryDimensions
        for (i, d) in dimensions.enumerated() { select.append("ifNull(toString(`\(d)`), '') AS d\(i)") }
        select.append("toString(\(spec.value))")
        select.append(spec.oneOff.map { "toString(\($0))" } ?? "''")
        select.append(spec.denominator.map { "toString(\($0))" } ?? "''")
        var conditions = ["\(time) >= \(bound(start))", "\(time) < \(bound(end))"]
        if let filter = spec.filter { conditions.append("(\(filter))") }
        if let source = spec.sourceScope { conditions.append("`x_source` = \(AnomalyStore.literal(source))") }
        let group = (["t"] + dimensions.indices.map { "d\($0)" }).joined(separator: ", ")
        return "SELECT \(select.joined(separator: ", ")) FROM \(ClickHouseIdentifier.qualified(db, table))"
            + (final ? " FINAL" : "") + " WHERE \(conditions.joined(separator: " AND ")) GROUP BY \(group) "
            + "ORDER BY t FORMAT TabSeparated"
    }

    /// The finest series (one per combination of the dimensions) over the lookback before `now`, up to and
    /// including the period `now` falls in, and the `now` they were read as of. Without a `now` it is the end of
    /// the latest period the table has rows for, or the clock if that is earlier: a table fed daily is judged as
    /// of its latest data, and a sample of last year's bills as of last year.
    func fetch(at explicit: Int64?, clock: Int64) async throws -> (series: [Series], now: Int64) {
        let client = configuration.makeClient(timeoutSecs: configuration.timeoutSecs)
        let db = try ClickHouseIdentifier(configuration.database, role: "database")
        let table = try ClickHouseIdentifier(spec.table, role: "table")
        let engine = try await client.query(
            "SELECT engine FROM system.tables WHERE database = \(db.literal) AND name = \(table.literal) FORMAT TabSeparated")
        let engineName = engine.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !engineName.isEmpty else {
            throw DetectionError.tableMissing(table: "\(db.name).\(table.name)", detection: spec.id)
        }
        var now = explicit ?? clock
        if explicit == nil {
            let scope = spec.sourceScope.map { " WHERE `x_source` = \(AnomalyStore.literal($0))" } ?? ""
            let latest = try await client.query(
                "SELECT toUnixTimestamp(toDateTime(max(`\(spec.timeColumn)`), 'UTC')), count() FROM "
                    + "\(ClickHouseIdentifier.qualified(db, table))\(scope) FORMAT TabSeparated")
            let fields = latest.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\t")
            if fields.count == 2, fields[1] != "0", let t = Int64(fields[0]) {
                now = min(clock, spec.granularity.end(ofSlot: spec.granularity.slot(of: t)))
            }
        }
        let start = now - Int64(spec.lookbackDays) * 86400
        let end = spec.granularity.end(ofSlot: spec.granularity.slot(of: now))
        let text = try await client.query(
            try sql(from: start, until: end, final: engineName.contains("Replacing") || engineName.contains("Collapsing")))
        return (try parse(text), now)
    }

    func parse(_ text: String) throws -> [Series] {
        let dimensions = spec.queryDimensions
        struct Points {
            var t: [Int64] = []
            var v: [ExactDecimal] = []
            var o: [ExactDecimal] = []
            var d: [ExactDecimal] = []
        }
        var series: [SeriesKey: Points] = [:]
        var order: [SeriesKey] = []
        for row in TabSeparatedDecoder.rows(text) {
            guard row.count == dimensions.count + 4, let t = row[0].flatMap({ Int64($0) }) else {
                throw DetectionError.badRow(detection: spec.id, row: row.map { $0 ?? "NULL" }.joined(separator: "\t"))
            }
            let key = SeriesKey(dimensions.enumerated().map { SeriesKey.Part($1, row[$0 + 1] ?? "") })
            let base = dimensions.count + 1
            func decimal(_ i: Int) -> ExactDecimal? { row[i].flatMap { $0.isEmpty ? nil : ExactDecimal($0) } }
            guard let value = decimal(base) else {
                throw DetectionError.badValue(detection: spec.id, value: row[base] ?? "NULL")
            }
            if series[key] == nil { order.append(key) }
            series[key, default: Points()].t.append(t)
            series[key, default: Points()].v.append(value)
            if spec.oneOff != nil { series[key, default: Points()].o.append(decimal(base + 1) ?? .zero) }
            if spec.denominator != nil { series[key, default: Points()].d.append(decimal(base + 2) ?? .zero) }
        }
        return order.compactMap { key in
            guard let p = series[key] else { return nil }
            return Series(
                name: spec.id, key: key, granularity: spec.granularity, unit: unit(of: key), timestamps: p.t,
                values: p.v, oneOff: p.o, denominators: p.d, denominatorUnit: .count(spec.denominatorUnit ?? "units"))
        }
    }

    func unit(of key: SeriesKey) -> ValueUnit {
        switch spec.unit {
        case .money(let column, let currency):
            return .money(currency: column.flatMap { key[$0] } ?? currency ?? "USD")
        case .count(let name): return .count(name)
        case .share: return .share
        case .plain: return .plain
        }
    }
}

/// Days since the epoch of an instant (floor), for `Date` bounds.
enum FieldParserDays {
    static func day(of seconds: Int64) -> Int64 { seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400 }
}

/// Why a detection could not run.
enum DetectionError: Error, Sendable, Equatable, CustomStringConvertible {
    case tableMissing(table: String, detection: String)
    case badRow(detection: String, row: String)
    case badValue(detection: String, value: String)

    var description: String {
        switch self {
        case .tableMissing(let table, let detection):
            "detection \(detection): table \(table) does not exist yet (run the pipeline first)"
        case .badRow(let detection, let row): "detection \(detection): the query answered a row it cannot read: \(row)"
        case .badValue(let detection, let value):
            "detection \(detection): the value '\(value)' is not a number; give `value` an aggregate that is"
        }
    }
}
