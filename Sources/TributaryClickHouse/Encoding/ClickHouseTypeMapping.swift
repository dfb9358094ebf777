import TributaryCore

/// How Tributary's logical types are stored in ClickHouse, and whether an existing column can take them.
public enum ClickHouseTypeMapping {
    /// The column type for `field`: `Nullable(…)` when the field is nullable, except for arrays, which
    /// ClickHouse cannot make Nullable (a NULL list is written as `[]`). `lowCardinality` applies to strings.
    public static func clickHouseType(for field: Field, lowCardinality: Bool = false) -> ClickHouseType {
        var t = baseType(field.type)
        if case .stringArray = field.type { return t }
        if field.nullable { t = .nullable(t) }
        if lowCardinality, case .string = field.type { t = .lowCardinality(t) }
        return t
    }

    public static func baseType(_ type: DataType) -> ClickHouseType {
        switch type {
        case .string: .plain("String")
        case .int64: .plain("Int64")
        case .uint64: .plain("UInt64")
        case .decimal(let p, let s): .decimal(precision: p, scale: s)
        case .float64: .plain("Float64")
        case .bool: .plain("UInt8")
        case .date: .plain("Date")
        case .dateTime: .dateTime(timeZone: "UTC")
        case .stringArray: .array(.plain("String"))
        }
    }

    /// Seconds since the epoch a `DateTime` holds on every server from 18.16 on: 1970-01-01 00:00:00 to
    /// 2105-12-31 23:59:59. Outside it, 18.16 stores another value without an error.
    public static let dateTimeRange: ClosedRange<Int64> = 0...4_291_747_199
    /// Days since the epoch a `Date` holds on every server from 18.16 on: 1970-01-01 to 2105-12-31.
    public static let dateRange: ClosedRange<Int32> = 0...49_672

    /// Whether an existing column can take the values of `field`.
    public enum Fit: Sendable, Equatable {
        /// It can; `acceptsNull` says whether NULLs survive (otherwise the loader refuses rows with NULLs).
        case fits(acceptsNull: Bool)
        case conflict
    }

    /// Names of zones that are UTC under another name.
    static let utcNames: Set<String> = [
        "UTC", "Etc/UTC", "UCT", "Etc/UCT", "Universal", "Etc/Universal", "Zulu", "Etc/Zulu", "GMT", "Etc/GMT",
        "GMT0", "Etc/GMT0", "Etc/GMT+0", "Etc/GMT-0", "Greenwich", "Etc/Greenwich",
    ]

    /// Compares a column the table already has with what the pipeline writes.
    ///
    /// `serverTimeZone` decides for a `DateTime` without a zone: we write UTC text, which only reads back
    /// unchanged when the server's zone is UTC.
    public static func fit(existing: ClickHouseType, field: Field, serverTimeZone: String?) -> Fit {
        let base = existing.base
        let ok: Bool
        switch field.type {
        case .string: ok = base == .plain("String")
        case .int64: ok = base == .plain("Int64")
        case .uint64: ok = base == .plain("UInt64")
        case .float64: ok = base == .plain("Float64")
        case .bool: ok = base == .plain("UInt8") || base == .plain("Bool")
        case .date: ok = base == .plain("Date")
        case .decimal(let p, let s):
            if case .decimal(let ep, let es) = base { ok = es == s && ep >= p } else { ok = false }
        case .dateTime:
            if case .dateTime(let zone) = base {
                ok = utcNames.contains(zone ?? serverTimeZone ?? "")
            } else {
                ok = false
            }
        case .stringArray:
            if case .array(let element) = base { ok = element.base == .plain("String") } else { ok = false }
        }
        guard ok else { return .conflict }
        if case .stringArray = field.type { return .fits(acceptsNull: true) }
        return .fits(acceptsNull: existing.isNullable)
    }

    /// How a column the table has is named in a conflict message: a `DateTime` without a zone says whose
    /// zone it is in.
    static func describe(existing: ClickHouseType, serverTimeZone: String?) -> String {
        if case .dateTime(nil) = existing.base, let zone = serverTimeZone {
            return "\(existing) (in the server's time zone, \(zone))"
        }
        return existing.description
    }
}
