/// The model an Amazon Bedrock line in a CUR bills, for `spend.x_model`.
///
/// AWS documents no Bedrock rows in CUR; what follows is what open-source parsers agree on (billing-exports.md
/// §3.4, tagged [O]):
/// - models sold by AWS (Nova, Titan, Llama, older Claude) bill under product code `AmazonBedrock` with the model
///   in the usage type: `USE1-Claude3Haiku-input-tokens`, `USW2-Llama4-Maverick-17B-input-tokens-batch`,
///   `USE1-zai.glm-4.7-output-tokens-batch`, `USE1-NovaMicro-mantle-input-tokens-standard`;
/// - models sold through AWS Marketplace (current Claude generations) are a product of their own, named
///   `<Model> (Amazon Bedrock Edition)`, with usage types like `USE1-MP:USE1_InputTokenCount-Units` that do not
///   name the model, so the product name does.
/// A Bedrock line whose model cannot be told (provisioned throughput, knowledge bases) has none, rather than a
/// guess.
enum BedrockModel {
    static let editionSuffix = " (Amazon Bedrock Edition)"

    /// Whether the line is Amazon Bedrock's, by product code or name.
    static func isBedrock(productCode: String?, productName: String?) -> Bool {
        productCode == "AmazonBedrock" || productName?.contains("Amazon Bedrock") == true
    }

    /// The model of a Bedrock line; nil for lines of other services and Bedrock lines that name none.
    static func model(productCode: String?, productName: String?, usageType: String?) -> String? {
        guard isBedrock(productCode: productCode, productName: productName) else { return nil }
        if let productName, productName.hasSuffix(editionSuffix) {
            let model = String(productName.dropLast(editionSuffix.count))
            return model.isEmpty ? nil : model
        }
        guard let usageType else { return nil }
        let rest = dropRegionPrefix(usageType)
        guard !rest.hasPrefix("MP:") else { return nil }
        let markers = [
            "-mantle-", "-cache-read-input-tokens", "-cache-write-input-tokens", "-input-tokens", "-output-tokens",
        ]
        let cut = markers.compactMap { rest.range(of: $0)?.lowerBound }.min()
        guard let cut, cut > rest.startIndex else { return nil }
        return String(rest[..<cut])
    }

    /// `USE1-Claude3Haiku-input-tokens` → `Claude3Haiku-input-tokens`: AWS's region codes are upper-case letters
    /// and digits (`USE1`, `EUC1`, `APN1`), which no model name is.
    static func dropRegionPrefix(_ usageType: String) -> Substring {
        guard let dash = usageType.firstIndex(of: "-") else { return usageType[...] }
        let head = usageType[..<dash]
        let isRegion =
            (2...5).contains(head.count) && head.allSatisfy { $0.isASCII && ($0.isUppercase || $0.isNumber) }
        return isRegion ? usageType[usageType.index(after: dash)...] : usageType[...]
    }
}
