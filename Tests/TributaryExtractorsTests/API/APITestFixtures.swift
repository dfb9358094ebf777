import TributaryExtractors

/// A token that must never appear in any output.
let secretToken = "sk-admin-TEST-9f8e7d6c5b4a39281706f5e4d3c2b1a0"

func bearer(_ variable: String = "OPENAI_ADMIN_KEY") -> APICredential {
    APICredential(variable: variable, secret: secretToken)
}

/// Every way an error can be printed, joined: what a leak test searches.
func allRenderings(_ error: any Error) -> String {
    var dumped = ""
    dump(error, to: &dumped)
    return [String(describing: error), String(reflecting: error), "\(error)", dumped].joined(separator: "\n")
}
