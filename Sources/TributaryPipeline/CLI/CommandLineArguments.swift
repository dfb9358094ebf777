/// The words of one command: flags (`--dry-run`), options with values (`--log-format json`,
/// `--log-format=json`) and positional arguments, checked against what the command accepts.
struct CommandLineArguments {
    var positional: [String] = []
    var flags: Set<String> = []
    var options: [String: String] = [:]

    struct UsageError: Error, CustomStringConvertible {
        var description: String
    }

    init(_ words: [String], flags allowedFlags: Set<String>, options allowedOptions: Set<String>) throws(UsageError) {
        var i = 0
        while i < words.count {
            let w = words[i]
            i += 1
            guard w.hasPrefix("--"), w.count > 2 else {
                positional.append(w)
                continue
            }
            var name = String(w.dropFirst(2))
            var value: String?
            if let eq = name.firstIndex(of: "=") {
                value = String(name[name.index(after: eq)...])
                name = String(name[..<eq])
            }
            if allowedFlags.contains(name) {
                guard value == nil else { throw UsageError(description: "--\(name) takes no value") }
                flags.insert(name)
            } else if allowedOptions.contains(name) {
                if value == nil {
                    guard i < words.count else { throw UsageError(description: "--\(name) needs a value") }
                    value = words[i]
                    i += 1
                }
                options[name] = value
            } else {
                var message = "unknown option --\(name)"
                let known = (allowedFlags.union(allowedOptions)).sorted()
                if let near = NearestName.suggestion(for: name, among: known) { message += "; did you mean --\(near)?" }
                throw UsageError(description: message)
            }
        }
    }
}
