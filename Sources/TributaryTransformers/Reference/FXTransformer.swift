import TributaryCore

/// `fx`: money in a reporting currency, from a daily reference-rate file (the ECB's CSV layout), beside the
/// amounts as billed.
///
///     [[transform]]
///     type = "fx"
///     to = "EUR"
///     rates = "../SampleData/fx/eurofxref-hist.csv"
///
/// For each converted column `c` it adds `x_c_fx`, the amount in `to`, and once per row `x_fx_currency`,
/// `x_fx_rate` (units of `to` per unit of the row's currency) and `x_fx_rate_date` (the day whose rate was used:
/// the row's day, or the latest publication day before it, at most `max_rate_age_days` earlier). The billed
/// amounts stay as they are, so that the books still reconcile in the currency billed. A row whose currency has
/// no rate is a reject with that reason, never a silent 1.0. Each converted amount is rounded once, half to
/// even, to 12 decimals.
public struct FXTransformer: OpenableTransformer {
    /// Keys of an `fx` stage:
    /// - `to` (string, required): the ISO 4217 reporting currency; `rates` (string, required): the rates file.
    /// - `columns` ([string], default: those of `billed_cost`, `effective_cost`, `list_cost` the rows have): the
    ///   money columns to convert.
    /// - `currency_column` (default `billing_currency`), `date_column` (default `charge_period_start`, a date or
    ///   datetime column), `max_rate_age_days` (default 7).
    public struct Configuration: Sendable, Equatable {
        public var to: String
        public var columns: [String]
        public var currencyColumn = "billing_currency"
        public var dateColumn = "charge_period_start"
        public var maxRateAgeDays: Int64 = 7

        public init(to: String, columns: [String] = []) {
            self.to = to
            self.columns = columns
        }
    }

    public static let defaultColumns = ["billed_cost", "effective_cost", "list_cost"]

    public let id: String
    public let configuration: Configuration
    public let inputSchema: Schema
    public let outputSchema: Schema
    let columns: [String]
    let load: @Sendable () throws -> FXRates
    let rates: FXRates?

    public init(
        id: String, configuration: Configuration, inputSchema: Schema, load: @escaping @Sendable () throws -> FXRates
    ) throws(TransformerError) {
        var issues: [ConfigurationIssue] = []
        func unknown(_ name: String, _ key: String) {
            let hint = NameSuggestion.nearest(to: name, in: inputSchema.names).map { "; did you mean '\($0)'?" } ?? ""
            issues.append(ConfigurationIssue(key: key, message: "unknown column '\(name)'\(hint)"))
        }
        let columns =
            configuration.columns.isEmpty
            ? Self.defaultColumns.filter { inputSchema.field(named: $0) != nil } : configuration.columns
        if columns.isEmpty {
            issues.append(ConfigurationIssue(key: "columns", message: "name the money columns to convert"))
        }
        for (i, name) in columns.enumerated() {
            guard let field = inputSchema.field(named: name) else {
                unknown(name, "columns[\(i)]")
                continue
            }
            guard case .decimal = field.type else {
                issues.append(ConfigurationIssue(key: "columns[\(i)]", message: "column '\(name)' is \(field.type), not money"))
                continue
            }
        }
        if let f = inputSchema.field(named: configuration.currencyColumn) {
            if f.type != .string {
                issues.append(ConfigurationIssue(key: "currency_column", message: "column '\(f.name)' is not a string"))
            }
        } else {
            unknown(configuration.currencyColumn, "currency_column")
        }
        if let f = inputSchema.field(named: configuration.dateColumn) {
            if f.type != .date && f.type != .dateTime {
                issues.append(ConfigurationIssue(key: "date_column", message: "column '\(f.name)' is not a date or datetime"))
            }
        } else {
            unknown(configuration.dateColumn, "date_column")
        }
        if !(configuration.to.count == 3 && configuration.to.allSatisfy({ $0.isUppercase && $0.isASCII })) {
            issues.append(ConfigurationIssue(key: "to", message: "'\(configuration.to)' is not an ISO 4217 code such as EUR"))
        }
        let added =
            columns.map { Field("x_\($0)_fx", .money) } + [
                Field("x_fx_currency", .string), Field("x_fx_rate", .money), Field("x_fx_rate_date", .date),
            ]
        for field in added where inputSchema.field(named: field.name) != nil {
            issues.append(ConfigurationIssue(key: "to", message: "the rows already have a column '\(field.name)'"))
        }
        guard issues.isEmpty else { throw .invalidConfiguration(stage: id, issues: issues) }
        self.id = id
        self.configuration = configuration
        self.inputSchema = inputSchema
        self.columns = columns
        outputSchema = Schema(inputSchema.fields + added)
        self.load = load
        rates = nil
    }

    private init(_ other: FXTransformer, rates: FXRates) {
        id = other.id
        configuration = other.configuration
        inputSchema = other.inputSchema
        outputSchema = other.outputSchema
        columns = other.columns
        load = other.load
        self.rates = rates
    }

    public func opened() throws -> any Transformer { FXTransformer(self, rates: try load()) }

    public func transform(_ batch: RecordBatch) throws -> TransformOutput {
        guard batch.schema == inputSchema else {
            throw TransformerError.unexpectedBatchSchema(stage: id, expected: inputSchema, found: batch.schema)
        }
        guard let rates else { preconditionFailure("fx transform used before opened()") }
        let c = configuration
        let currency = batch.column(named: c.currencyColumn)
        let date = batch.column(named: c.dateColumn)
        let amounts = columns.map { batch.column(named: $0) }
        var converted = columns.map { _ in ColumnBuilder(.money, capacity: batch.count) }
        var currencyOut = ColumnBuilder(.string, capacity: batch.count)
        var rateOut = ColumnBuilder(.money, capacity: batch.count)
        var dayOut = ColumnBuilder(.date, capacity: batch.count)
        var kept: [Int] = []
        var rejected: [RowIssue] = []
        rows: for row in 0..<batch.count {
            guard case .string(let from)? = currency?.value(at: row) else {
                rejected.append(RowIssue(row: row, field: c.currencyColumn, reason: "no currency to convert from"))
                continue
            }
            let day: Int64
            switch date?.value(at: row) {
            case .date(let d)?: day = Int64(d)
            case .dateTime(let s)?: day = s >= 0 ? s / 86400 : (s - 86399) / 86400
            default:
                rejected.append(RowIssue(row: row, field: c.dateColumn, reason: "no date to take the rate of"))
                continue
            }
            guard let rate = rates.rate(from: from, to: c.to, on: day, maxAgeDays: c.maxRateAgeDays) else {
                rejected.append(
                    RowIssue(
                        row: row, field: c.currencyColumn,
                        reason: "no \(from)→\(c.to) rate on \(CivilTime.formatDate(days: day)) or in the "
                            + "\(c.maxRateAgeDays) days before it in \(rates.version)"))
                continue
            }
            var values: [Int128?] = []
            for amount in amounts {
                guard case .decimal(let v)? = amount?.value(at: row) else {
                    values.append(nil)
                    continue
                }
                guard let product = v.multiplying(rate.numerator, maxResultScale: 30),
                    let result = product.dividing(by: rate.denominator, resultScale: Lineage.moneyScale)
                else {
                    rejected.append(RowIssue(row: row, field: c.currencyColumn, reason: "the converted amount does not fit"))
                    continue rows
                }
                values.append(result.units)
            }
            kept.append(row)
            for (i, v) in values.enumerated() {
                if let v { converted[i].appendDecimalUnits(v) } else { converted[i].appendNull() }
            }
            currencyOut.appendString(c.to)
            let display = rate.numerator.dividing(by: rate.denominator, resultScale: Lineage.moneyScale)
            if let display { rateOut.appendDecimalUnits(display.units) } else { rateOut.appendNull() }
            dayOut.appendDate(Int32(rate.day))
        }
        let rows = batch.selecting(kept)
        var added: [Column] = []
        for i in converted.indices { added.append(converted[i].finish()) }
        added += [currencyOut.finish(), rateOut.finish(), dayOut.finish()]
        return TransformOutput(
            batch: RecordBatch(schema: outputSchema, columns: rows.columns + added, lineage: rows.lineage),
            rejected: rejected)
    }
}
