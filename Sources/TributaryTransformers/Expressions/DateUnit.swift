/// Units `date_trunc` accepts.
public enum DateUnit: String, Sendable, Equatable, CaseIterable {
    case hour, day, week, month, quarter, year
}
