import Foundation
import TributaryCore
import TributaryFormats
import TributaryTransformers

/// Reads a model price catalog: our CSV, or LiteLLM's `model_prices_and_context_window.json`.
///
/// Our CSV, one model per line, prices in USD per million tokens (as providers publish them):
///
///     model,input_per_mtok,output_per_mtok,cached_input_per_mtok,cache_write_per_mtok,batch_discount
///     gpt-4.1,2.00,8.00,0.50,,0.5
///
/// `cached_input_per_mtok`, `cache_write_per_mtok` and `batch_discount` (the share taken off with the batch API,
/// 0.5 for half price) may be empty. LiteLLM's JSON gives USD per single token (`input_cost_per_token`,
/// `output_cost_per_token`, `cache_read_input_token_cost`, `cache_creation_input_token_cost`,
/// `input_cost_per_token_batches`, `output_cost_per_token_batches`); its `sample_spec` entry and entries
/// without both an input and an output price (images, audio by the second) are skipped. Prices are exact: JSON
/// numbers such as `3e-06` are read from their text.
enum PriceCatalogFile {
    static func read(path: String, version: String?) throws(ReferenceFileError) -> PriceCatalog {
        let file = try ReferenceFile(path: path)
        let stamp = version ?? file.version
        if path.lowercased().hasSuffix(".json") { return try litellm(file, version: stamp) }
        return try csv(file, version: stamp)
    }

    static let million = ExactDecimal(1_000_000)

    static func csv(_ file: ReferenceFile, version: String) throws(ReferenceFileError) -> PriceCatalog {
        let (header, rows) = try file.csvRecords()
        let required = ["model", "input_per_mtok", "output_per_mtok"]
        for name in required where !header.contains(name) {
            throw ReferenceFileError(
                file: file.path, line: 1,
                message: "a price catalog needs the columns \(required.joined(separator: ", ")); '\(name)' is missing")
        }
        func cell(_ cells: [String], _ name: String) -> String? {
            guard let i = header.firstIndex(of: name), i < cells.count else { return nil }
            let t = cells[i].trimmingCharacters(in: .whitespaces)
            return t.isEmpty ? nil : t
        }
        func price(_ cells: [String], _ name: String, line: Int) throws(ReferenceFileError) -> ExactDecimal? {
            guard let text = cell(cells, name) else { return nil }
            guard let perMillion = ExactDecimal(text), perMillion.units >= 0,
                let perToken = perMillion.dividing(by: million, resultScale: min(38, perMillion.scale + 6))
            else {
                throw ReferenceFileError(file: file.path, line: line, message: "\(name): '\(text)' is not a price")
            }
            return perToken
        }
        var models: [String: PriceCatalog.ModelPrice] = [:]
        for (line, cells) in rows {
            guard let model = cell(cells, "model") else {
                throw ReferenceFileError(file: file.path, line: line, message: "model: missing value")
            }
            guard let input = try price(cells, "input_per_mtok", line: line),
                let output = try price(cells, "output_per_mtok", line: line)
            else {
                throw ReferenceFileError(
                    file: file.path, line: line, message: "\(model): input_per_mtok and output_per_mtok are required")
            }
            var p = PriceCatalog.ModelPrice(
                input: input, output: output, cachedInput: try price(cells, "cached_input_per_mtok", line: line),
                cacheWrite: try price(cells, "cache_write_per_mtok", line: line))
            if let text = cell(cells, "batch_discount") {
                guard let d = ExactDecimal(text), d.units >= 0, d <= ExactDecimal(1),
                    let keep = ExactDecimal(1).subtracting(d)
                else {
                    throw ReferenceFileError(
                        file: file.path, line: line, message: "batch_discount: '\(text)' is not a share from 0 to 1")
                }
                p.batchInput = input.multiplying(keep, maxResultScale: 30)
                p.batchOutput = output.multiplying(keep, maxResultScale: 30)
            }
            if models[model.lowercased()] != nil {
                throw ReferenceFileError(file: file.path, line: line, message: "model '\(model)' is listed twice")
            }
            models[model.lowercased()] = p
        }
        return PriceCatalog(version: version, models: models)
    }

    static func litellm(_ file: ReferenceFile, version: String) throws(ReferenceFileError) -> PriceCatalog {
        let document: JSONValue
        do {
            document = try JSONParser.parse(file.bytes)
        } catch {
            throw ReferenceFileError(file: file.path, line: 0, message: "not valid JSON: \(error.message)")
        }
        guard let object = document.objectValue else {
            throw ReferenceFileError(file: file.path, line: 0, message: "expected a JSON object of models at $")
        }
        func price(_ entry: JSONValue, _ key: String, model: String) throws(ReferenceFileError) -> ExactDecimal? {
            guard let v = entry[key], !v.isNull else { return nil }
            guard let text = v.numberText, let d = ExactDecimal(text) else {
                throw ReferenceFileError(
                    file: file.path, line: 0, message: "$[\(JSONString.quoted(model))].\(key) is not a number")
            }
            return d
        }
        var models: [String: PriceCatalog.ModelPrice] = [:]
        for (model, entry) in object.members where model != "sample_spec" {
            guard entry.objectValue != nil else { continue }
            guard let input = try price(entry, "input_cost_per_token", model: model),
                let output = try price(entry, "output_cost_per_token", model: model)
            else { continue }
            models[model.lowercased()] = PriceCatalog.ModelPrice(
                input: input, output: output,
                cachedInput: try price(entry, "cache_read_input_token_cost", model: model),
                cacheWrite: try price(entry, "cache_creation_input_token_cost", model: model),
                batchInput: try price(entry, "input_cost_per_token_batches", model: model),
                batchOutput: try price(entry, "output_cost_per_token_batches", model: model))
        }
        return PriceCatalog(version: version, models: models)
    }
}
