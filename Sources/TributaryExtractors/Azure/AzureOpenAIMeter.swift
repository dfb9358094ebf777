/// The model an Azure OpenAI (Foundry Models) meter bills, for `spend.x_model`.
///
/// Microsoft publishes no meter catalogue, and meter names are spelt inconsistently (billing-exports.md §5.5):
/// `gpt-4o-mini-0718-Inp-glbl Tokens`, `gpt 4o 0513 Input global Tokens`, `gpt 4o 1120 cached Inp glbl`,
/// `gpt-35-turbo-4k-Input-regional`, `gpt-4-8K-Batch-Inp-glbl Tokens`. The model is what comes before the first
/// word that says direction, scope or kind (`Inp`, `Outp`, `cached`, `Batch`, `glbl`, …), without the four-digit
/// version (`0718`) and context size (`4k`), hyphenated and lower-cased as OpenAI names models: `gpt-4o-mini`,
/// `gpt-4o`, `gpt-35-turbo`, `gpt-4`. A meter of the service that does not parse (provisioned throughput) is
/// `unknown`, never a failure: the notes advise an unknown bucket over a guess or a reject.
enum AzureOpenAIMeter {
    static let unknown = "unknown"

    /// Whether the row is Azure OpenAI's, by meter category, subcategory or product.
    static func isAzureOpenAI(category: String?, subCategory: String?, product: String?) -> Bool {
        let names = [category, subCategory, product].compactMap { $0?.lowercased() }
        return names.contains { $0.contains("openai") || $0 == "foundry models" }
    }

    /// The model of an Azure OpenAI meter; `unknown` when the name does not say.
    static func model(meterName: String?) -> String {
        guard let meterName else { return unknown }
        let words = meterName.split(whereSeparator: { $0 == " " || $0 == "-" || $0 == "_" }).map(String.init)
        guard let stop = words.firstIndex(where: { stopWords.contains($0.lowercased()) }), stop > 0 else {
            return unknown
        }
        let model = words[..<stop].filter { word in !isVersion(word) && !isContextSize(word) }
        return model.isEmpty ? unknown : model.joined(separator: "-").lowercased()
    }

    static let stopWords: Set<String> = [
        "inp", "input", "outp", "output", "out", "cached", "cchd", "batch", "glbl", "global", "regnl", "regional",
        "dzone", "datazone", "aud", "audio", "txt", "text", "tokens", "token", "ft", "finetune", "training",
        "hosting", "provisioned", "ptu",
    ]

    /// `0718`, `1120`: a model version date, not part of the model's name.
    static func isVersion(_ word: String) -> Bool { word.count == 4 && word.allSatisfy(\.isNumber) }

    /// `4k`, `8K`, `32k`: a context size.
    static func isContextSize(_ word: String) -> Bool {
        guard let last = word.last, last == "k" || last == "K" else { return false }
        let digits = word.dropLast()
        return !digits.isEmpty && digits.allSatisfy(\.isNumber)
    }
}
