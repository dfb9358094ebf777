import TributaryCore

extension Series {
    /// Sums `leaves` exactly into one series per value of the dimensions `names`: the provider totals of
    /// provider × model × project series. Parts keep the leaves' order; one-off amounts and denominators are summed
    /// too; a period is missing only where every leaf is. Acknowledgements are per finding, so they are not carried:
    /// apply them to the result (`acknowledging`).
    public static func rollUp(_ leaves: [Series], by names: [String]) -> [Series] {
        var order: [SeriesKey] = []
        var groups: [SeriesKey: [Int]] = [:]
        for (i, s) in leaves.enumerated() {
            let k = s.key.restricted(to: names)
            if groups[k] == nil { order.append(k) }
            groups[k, default: []].append(i)
        }
        return order.map { key in
            let members = (groups[key] ?? []).map { leaves[$0] }
            if members.count == 1, var only = members.first {
                only.key = key
                only.flags = only.flags.map { $0.intersection(.missing) }
                return only
            }
            return sum(members, key: key)
        }
    }

    /// This series over every period of `times` (ascending), a period it has no row for counting zero: a sum over
    /// rows that a GROUP BY left out is a sum over none. For additive values only (money, counts), where a customer
    /// who was not invoiced in a month contributed nothing to it, not an unknown amount.
    public func zeroFilled(over times: [Int64]) -> Series {
        guard times.count > count else { return self }
        var at: [Int64: Int] = [:]
        for (i, t) in timestamps.enumerated() { at[t] = i }
        func column(_ c: [ExactDecimal]) -> [ExactDecimal] {
            c.isEmpty ? [] : times.map { t in at[t].map { c[$0] } ?? .zero }
        }
        return Series(
            name: name, key: key, granularity: granularity, unit: unit, timestamps: times, values: column(values),
            flags: flags.isEmpty ? [] : times.map { t in at[t].map { flags[$0] } ?? [] }, oneOff: column(oneOff),
            denominators: column(denominators), denominatorUnit: denominatorUnit)
    }

    private struct Sum {
        var value = ExactDecimal.zero
        var oneOff = ExactDecimal.zero
        var denominator = ExactDecimal.zero
        var present = false
    }

    private static func sum(_ members: [Series], key: SeriesKey) -> Series {
        var sums: [Int64: Sum] = [:]
        var withOneOff = false
        var withDenominators = false
        for s in members {
            withOneOff = withOneOff || !s.oneOff.isEmpty
            withDenominators = withDenominators || !s.denominators.isEmpty
            for i in s.values.indices {
                var acc = sums[s.timestamps[i]] ?? Sum()
                if !s.flags(at: i).contains(.missing) {
                    acc.present = true
                    acc.value = acc.value.adding(s.values[i]) ?? acc.value
                    if !s.oneOff.isEmpty { acc.oneOff = acc.oneOff.adding(s.oneOff[i]) ?? acc.oneOff }
                    if !s.denominators.isEmpty {
                        acc.denominator = acc.denominator.adding(s.denominators[i]) ?? acc.denominator
                    }
                }
                sums[s.timestamps[i]] = acc
            }
        }
        let times = sums.keys.sorted()
        let rows = times.map { sums[$0] ?? Sum() }
        let first = members[0]
        return Series(
            name: first.name, key: key, granularity: first.granularity, unit: first.unit, timestamps: times,
            values: rows.map(\.value),
            flags: rows.contains { !$0.present } ? rows.map { $0.present ? [] : .missing } : [],
            oneOff: withOneOff ? rows.map(\.oneOff) : [], denominators: withDenominators ? rows.map(\.denominator) : [],
            denominatorUnit: first.denominatorUnit)
    }
}
