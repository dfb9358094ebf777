import TributaryCore
import TributaryFormats

/// The export's vocabularies in `spend`'s: charge categories, FOCUS service categories, tags, and the AI model of
/// a Vertex AI or Gemini API SKU.
extension GCPBillingFormat {
    /// `cost_type` → FOCUS ChargeCategory. The docs write the values in lower case and show them capitalised in
    /// examples, so they are compared in lower case. A rounding error is an adjustment of the invoice's total.
    static let chargeCategories: [String: String] = [
        "regular": "Usage", "tax": "Tax", "adjustment": "Adjustment", "rounding_error": "Adjustment",
    ]

    /// `service.description` → FOCUS ServiceCategory, for the services a bill usually has; others are `Other`.
    /// Our reading of each service, not Google's: its own FOCUS export (preview) was not available to check.
    static let serviceCategories: [String: String] = [
        "Compute Engine": "Compute", "Kubernetes Engine": "Compute", "Cloud Run": "Compute",
        "Cloud Run Functions": "Compute", "Cloud Functions": "Compute", "App Engine": "Compute",
        "Cloud Storage": "Storage", "Filestore": "Storage", "BigQuery": "Analytics", "Dataflow": "Analytics",
        "Dataproc": "Analytics", "Looker Studio": "Analytics", "Cloud Pub/Sub": "Integration",
        "Cloud SQL": "Databases", "Cloud Spanner": "Databases", "Cloud Firestore": "Databases",
        "Cloud Bigtable": "Databases", "AlloyDB": "Databases", "Cloud Memorystore for Redis": "Databases",
        "Vertex AI": "AI and Machine Learning", "Gemini API": "AI and Machine Learning",
        "Cloud Vision API": "AI and Machine Learning", "Cloud Natural Language API": "AI and Machine Learning",
        "Cloud Speech API": "AI and Machine Learning", "Cloud Translation API": "AI and Machine Learning",
        "Networking": "Networking", "Cloud DNS": "Networking", "Cloud CDN": "Networking",
        "Cloud Load Balancing": "Networking", "Cloud Logging": "Management and Governance",
        "Cloud Monitoring": "Management and Governance", "Secret Manager": "Security",
        "Cloud Key Management Service (KMS)": "Security", "Artifact Registry": "Developer Tools",
        "Cloud Build": "Developer Tools",
    ]

    /// The services whose SKUs name a model: Vertex AI (`C7E2-9256-1C43`) and the Gemini API billed through
    /// Cloud Billing (`AEFD-7695-64FA`, one source only), by id or by name.
    static let modelServices: Set<String> = ["C7E2-9256-1C43", "AEFD-7695-64FA", "Vertex AI", "Gemini API"]

    /// The model families whose SKUs start with the model's name (`Gemini 2.5 Pro Text Input (≤200k)`).
    static let modelFamilies: Set<String> = [
        "gemini", "gemma", "imagen", "veo", "claude", "llama", "mistral", "codestral", "jamba", "chirp",
    ]

    /// Words that end the model's name in a SKU description: what follows says what was billed.
    static let modelNameEnds: Set<String> = [
        "text", "input", "output", "image", "images", "audio", "video", "thinking", "cached", "cache", "caching",
        "batch", "predictions", "prediction", "tokens", "token", "characters", "context", "long", "short",
        "grounding", "search", "live", "tuning", "training", "for", "and", "with", "-", "–",
    ]

    /// The AI model a SKU bills, in the provider's lower-case, dash-joined spelling (`gemini-2.5-pro`), or nil
    /// for a SKU of another service or one that does not start with a known model family.
    static func model(serviceID: String?, service: String, sku: String?) -> String? {
        guard modelServices.contains(service) || serviceID.map(modelServices.contains) == true, let sku else {
            return nil
        }
        let words = sku.split(separator: " ").map { $0.lowercased() }
        guard let first = words.first, modelFamilies.contains(first) else { return nil }
        var name: [String] = []
        for word in words {
            if modelNameEnds.contains(word) || word.hasPrefix("(") || word.hasPrefix("<") || word.hasPrefix("≤") {
                break
            }
            name.append(word)
        }
        return name.joined(separator: "-")
    }

    /// `labels[]` unprefixed (they are the user's), then the project's labels as `project:<key>` (label keys
    /// cannot hold a colon, so the two never collide), then `system_labels[]`, whose keys carry Google's own
    /// prefix (`compute.googleapis.com/cores`). Each list is `[{key, value}]` as the export writes it, or a
    /// `{key: value}` object (what some flattening queries produce).
    static func tags(_ f: JSONFields) throws(ModelRowError) -> [(key: String, value: String)] {
        var out = try pairs(f, "labels")
        for pair in try pairs(try f.nestedFields("project"), "labels") {
            out.append(("project:" + pair.key, pair.value))
        }
        out += try pairs(f, "system_labels")
        return out
    }

    private static func pairs(_ f: JSONFields, _ key: String) throws(ModelRowError) -> [(key: String, value: String)] {
        if let object = f.value[key]?.objectValue {
            var out: [(key: String, value: String)] = []
            let fields = JSONFields(.object(object), at: f.path.appending(key: key))
            for name in object.keys { if let v = try fields.string(name) { out.append((name, v)) } }
            return out
        }
        var out: [(key: String, value: String)] = []
        for element in try f.elementFields(key) {
            let name = try element.requiredString("key")
            out.append((name, try element.string("value") ?? ""))
        }
        return out
    }
}
