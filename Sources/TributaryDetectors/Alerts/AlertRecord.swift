import TributaryCore

/// The JSON Lines encoding of findings and alerts: one object per line, every amount exact, keys in a fixed order,
/// so that a file sink and an events file are diffable and machine-readable.
///
///     {"kind":"opened","id":"…","detector":"spend_spike","series":"spend","key":{"provider":"openai"},…}
public enum AlertRecord {
    /// One line (without the newline) for an alert.
    public static func jsonLine(_ alert: AlertPlanner.Alert) -> String {
        object(alert.event, kind: alert.kind.rawValue)
    }

    /// One line (without the newline) for a finding, as the offline `--events` file lists them.
    public static func jsonLine(_ event: AnomalyEvent) -> String { object(event, kind: nil) }

    static func object(_ e: AnomalyEvent, kind: String?) -> String {
        var o = JSONFields()
        if let kind { o.string("kind", kind) }
        o.string("id", e.id.hex)
        o.string("detector", e.detector)
        o.string("series", e.series)
        o.raw("key", key(e.key))
        o.string("granularity", e.granularity.description)
        o.string("onset", JSONFields.timestamp(e.onset))
        o.string("start", JSONFields.timestamp(e.start))
        o.string("last_seen", JSONFields.timestamp(e.lastSeen))
        o.string("end", e.end.map(JSONFields.timestamp))
        o.string("state", e.isOngoing ? "ongoing" : "closed")
        o.string("close_reason", e.closeReason?.rawValue)
        o.int("duration_secs", Int(e.duration))
        o.int("periods", e.periods)
        o.string("direction", e.sign > 0 ? "up" : "down")
        o.string("severity", e.severity.rawValue)
        o.decimal("actual", e.actual)
        o.decimal("expected", e.expected)
        o.decimal("band", e.band)
        o.double("deviation_percent", e.deviationPercent, decimals: 2)
        o.decimal("impact", e.impact)
        o.string("unit", unitText(e.unit))
        o.string("impact_unit", unitText(e.impactUnit))
        o.double("score", e.score)
        o.string("explanation", e.explanation)
        o.raw("contributors", JSONFields.array(e.contributors.map(contributor)))
        return o.json
    }

    static func key(_ k: SeriesKey) -> String {
        var o = JSONFields()
        for part in k.parts { o.string(part.name, part.value) }
        return o.json
    }

    static func contributor(_ c: Contributor) -> String {
        var o = JSONFields()
        o.raw("key", key(c.key))
        o.decimal("actual", c.actual)
        o.decimal("expected", c.expected)
        o.decimal("impact", c.impact)
        o.double("share", c.share)
        return o.json
    }

    /// `USD`, `tokens`, `share`, or an empty string for plain numbers.
    static func unitText(_ u: ValueUnit) -> String {
        switch u {
        case .money(let c): c
        case .count(let label): label
        case .share: "share"
        case .plain: ""
        }
    }
}
