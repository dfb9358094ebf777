/// Why a detector's settings were refused. The message names the detector and the key, and for an unknown key lists
/// the keys that detector knows, so that a typo is fixed without opening the docs.
public enum DetectorOptionError: Error, Sendable, Equatable, CustomStringConvertible {
    case unknownDetector(String, known: [String])
    case unknownKey(detector: String, key: String, known: [String])
    case badValue(detector: String, key: String, value: String, expected: String)
    case missing(detector: String, key: String, why: String)
    case malformed(String)

    public var description: String {
        switch self {
        case .unknownDetector(let name, let known):
            return "unknown detector '\(name)'; known: \(known.joined(separator: ", "))"
        case .unknownKey(let detector, let key, let known):
            return "\(detector) has no setting '\(key)'; known: \(known.joined(separator: ", "))"
        case .badValue(let detector, let key, let value, let expected):
            return "\(detector) setting \(key) = '\(value)' is not \(expected)"
        case .missing(let detector, let key, let why):
            return "\(detector) needs \(key): \(why)"
        case .malformed(let word):
            return "'\(word)' is not key=value"
        }
    }
}
