/// Every detector by its `type`, with a one-line summary: what the pipeline compiler's registry and
/// `tributary detect --detector NAME` look names up in.
public enum DetectorCatalog {
    public static let summaries: [(name: String, summary: String)] = [
        (SpendSpikeDetector.kind, "a period far above its seasonal baseline (same weekday or hour, median and MAD)"),
        (LevelShiftDetector.kind, "a sustained change of level, such as a new steady cost after a deploy"),
        (NewDimensionDetector.kind, "a model, service, project, account or api key that starts spending"),
        (MissingDataDetector.kind, "a series that reported every period and stopped"),
        (UnitCostDriftDetector.kind, "cost per 1K tokens or per request of the same model changes"),
        (CacheEfficiencyDetector.kind, "the cached share of input tokens falls"),
        (RevenueDropDetector.kind, "monthly revenue below its trailing baseline"),
        (BudgetDetector.kind, "month-to-date plus a forecast to month end against a budget"),
    ]

    public static var names: [String] { summaries.map(\.name) }

    /// The detector `name` with `options` (unknown keys refused); throws for an unknown name.
    public static func make(_ name: String, options: DetectorOptions = DetectorOptions()) throws(DetectorOptionError)
        -> any Detector
    {
        switch name {
        case SpendSpikeDetector.kind: return SpendSpikeDetector(try .init(options: options))
        case LevelShiftDetector.kind: return LevelShiftDetector(try .init(options: options))
        case NewDimensionDetector.kind: return NewDimensionDetector(try .init(options: options))
        case MissingDataDetector.kind: return MissingDataDetector(try .init(options: options))
        case UnitCostDriftDetector.kind: return UnitCostDriftDetector(try .init(options: options))
        case CacheEfficiencyDetector.kind: return CacheEfficiencyDetector(try .init(options: options))
        case RevenueDropDetector.kind: return RevenueDropDetector(try .init(options: options))
        case BudgetDetector.kind: return BudgetDetector(try .init(options: options))
        default: throw .unknownDetector(name, known: names)
        }
    }
}
