import TributaryCore

/// `price`: the estimated cost of LLM usage rows from a model price catalog, with the catalog's version on
/// each row, so that billed and estimated cost can be reconciled model by model.
///
///     [[transform]]
///     type = "price"
///     catalog = "../SampleData/prices/catalog.csv"     # or LiteLLM's model_prices_and_context_window.json
///
/// estimated_cost = input × input price + cached input × cached price + cache writes × cache-write price
/// + output × output price, exactly (a price the catalog lacks for cached input or cache writes is the input
/// price; a row whose `service_tier` is `batch` uses the batch prices when the catalog has them). A model the
/// catalog does not know is a reject with that reason, never a silent zero.
public struct PriceTransformer: OpenableTransformer {
    /// Keys of a `price` stage (the column keys name the input's columns; the defaults are `llm_usage`'s):
    /// - `catalog` (string, required): the catalog file; `version` (string): what `x_price_version` says
    ///   instead of the file's name and content hash.
    /// - `model`, `provider`, `input_tokens`, `output_tokens`, `cached_input_tokens`, `cache_write_tokens`,
    ///   `service_tier` (strings): the columns read; `cost_column` (`estimated_cost`) and `version_column`
    ///   (`x_price_version`): the columns written (added when the rows lack them).
    public struct Configuration: Sendable, Equatable {
        public var model = "model"
        public var provider: String? = "provider"
        public var inputTokens = "input_tokens"
        public var outputTokens = "output_tokens"
        public var cachedInputTokens: String? = "cached_input_tokens"
        public var cacheWriteTokens: String? = "cache_write_tokens"
        public var serviceTier: String? = "service_tier"
        public var costColumn = "estimated_cost"
        public var versionColumn = "x_price_version"

        public init() {}
    }

    public let id: String
    public let configuration: Configuration
    public let inputSchema: Schema
    public let outputSchema: Schema
    let load: @Sendable () throws -> PriceCatalog
    let catalog: PriceCatalog?

    public init(
        id: String, configuration: Configuration, inputSchema: Schema,
        load: @escaping @Sendable () throws -> PriceCatalog
    ) throws(TransformerError) {
        var issues: [ConfigurationIssue] = []
        func need(_ name: String?, key: String, types: [DataType], what: String) {
            guard let name else { return }
            guard let field = inputSchema.field(named: name) else {
                let hint = NameSuggestion.nearest(to: name, in: inputSchema.names).map { "; did you mean '\($0)'?" } ?? ""
                issues.append(ConfigurationIssue(key: key, message: "unknown column '\(name)'\(hint)"))
                return
            }
            if !types.contains(field.type) {
                issues.append(ConfigurationIssue(key: key, message: "column '\(name)' is \(field.type), not \(what)"))
            }
        }
        let counts: [DataType] = [.uint64, .int64]
        need(configuration.model, key: "model", types: [.string], what: "a string")
        need(configuration.provider, key: "provider", types: [.string], what: "a string")
        need(configuration.inputTokens, key: "input_tokens", types: counts, what: "an integer")
        need(configuration.outputTokens, key: "output_tokens", types: counts, what: "an integer")
        need(configuration.cachedInputTokens, key: "cached_input_tokens", types: counts, what: "an integer")
        need(configuration.cacheWriteTokens, key: "cache_write_tokens", types: counts, what: "an integer")
        need(configuration.serviceTier, key: "service_tier", types: [.string], what: "a string")
        var fields = inputSchema.fields
        for (name, type, key) in [
            (configuration.costColumn, DataType.money, "cost_column"),
            (configuration.versionColumn, DataType.string, "version_column"),
        ] {
            if let existing = inputSchema.field(named: name) {
                if existing.type != type {
                    issues.append(ConfigurationIssue(key: key, message: "column '\(name)' is \(existing.type), not \(type)"))
                }
            } else {
                fields.append(Field(name, type))
            }
        }
        guard issues.isEmpty else { throw .invalidConfiguration(stage: id, issues: issues) }
        self.id = id
        self.configuration = configuration
        self.inputSchema = inputSchema
        outputSchema = Schema(fields)
        self.load = load
        catalog = nil
    }

    private init(_ other: PriceTransformer, catalog: PriceCatalog) {
        id = other.id
        configuration = other.configuration
        inputSchema = other.inputSchema
        outputSchema = other.outputSchema
        load = other.load
        self.catalog = catalog
    }

    public func opened() throws -> any Transformer { PriceTransformer(self, catalog: try load()) }

    public func transform(_ batch: RecordBatch) throws -> TransformOutput {
        guard batch.schema == inputSchema else {
            throw TransformerError.unexpectedBatchSchema(stage: id, expected: inputSchema, found: batch.schema)
        }
        guard let catalog else { preconditionFailure("price transform used before opened()") }
        let c = configuration
        let model = batch.column(named: c.model)
        let provider = c.provider.flatMap { batch.column(named: $0) }
        let tier = c.serviceTier.flatMap { batch.column(named: $0) }
        let input = batch.column(named: c.inputTokens)
        let output = batch.column(named: c.outputTokens)
        let cached = c.cachedInputTokens.flatMap { batch.column(named: $0) }
        let writes = c.cacheWriteTokens.flatMap { batch.column(named: $0) }
        var costs = ColumnBuilder(.money, capacity: batch.count)
        var versions = ColumnBuilder(.string, capacity: batch.count)
        var kept: [Int] = []
        var rejected: [RowIssue] = []
        var memo: [String: PriceCatalog.ModelPrice?] = [:]
        for row in 0..<batch.count {
            guard case .string(let name)? = model?.value(at: row) else {
                rejected.append(RowIssue(row: row, field: c.model, reason: "no model to price"))
                continue
            }
            var vendor: String?
            if case .string(let p)? = provider?.value(at: row) { vendor = p }
            let key = (vendor ?? "") + "\u{1F}" + name
            let price = memo[key] ?? catalog.price(model: name, provider: vendor)
            memo[key] = price
            guard let price else {
                rejected.append(
                    RowIssue(
                        row: row, field: c.model,
                        reason: "model '\(name)' is not in the price catalog \(catalog.version)"))
                continue
            }
            var batchTier = false
            if case .string(let t)? = tier?.value(at: row) { batchTier = t.lowercased() == "batch" }
            let parts: [(Column?, ExactDecimal?)] = [
                (input, batchTier ? price.batchInput ?? price.input : price.input),
                (cached, price.cachedInput ?? price.input),
                (writes, price.cacheWrite ?? price.input),
                (output, batchTier ? price.batchOutput ?? price.output : price.output),
            ]
            var total = ExactDecimal.zero
            var failed = false
            for (column, unit) in parts {
                guard let column, let unit else { continue }
                let tokens: ExactDecimal
                switch column.value(at: row) {
                case .uint64(let n): tokens = ExactDecimal(units: Int128(n), scale: 0)
                case .int64(let n): tokens = ExactDecimal(n)
                default: continue
                }
                guard let cost = tokens.multiplying(unit), let sum = total.adding(cost) else {
                    failed = true
                    break
                }
                total = sum
            }
            guard !failed, let units = total.rounded(to: Lineage.moneyScale)?.units else {
                rejected.append(RowIssue(row: row, field: c.costColumn, reason: "the estimated cost does not fit"))
                continue
            }
            kept.append(row)
            costs.appendDecimalUnits(units)
            versions.appendString(catalog.version)
        }
        let rows = batch.selecting(kept)
        var columns = rows.columns
        for (name, built) in [(c.costColumn, costs.finish()), (c.versionColumn, versions.finish())] {
            if let i = inputSchema.index(of: name) { columns[i] = built } else { columns.append(built) }
        }
        return TransformOutput(
            batch: RecordBatch(schema: outputSchema, columns: columns, lineage: rows.lineage), rejected: rejected)
    }
}
