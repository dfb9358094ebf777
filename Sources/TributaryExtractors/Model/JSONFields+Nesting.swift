import TributaryCore
import TributaryFormats

/// Reads into a record's nested objects and arrays with paths that keep naming the exact value: a bad credit is
/// `$.credits[1].amount`, not `credits`, so that a reject points at the element at fault.
extension JSONFields {
    /// The object member `key`, as fields of their own whose paths continue from this one; an empty object when
    /// the member is absent or null (its members then read as missing).
    public func nestedFields(_ key: String) throws(ModelRowError) -> JSONFields {
        let at = path.appending(key: key)
        guard let v = value[key], !v.isNull else { return JSONFields(.object(JSONObject()), at: at) }
        guard v.objectValue != nil else {
            throw ModelRowError(field: at.description, reason: "expected an object, found \(v.kindDescription)")
        }
        return JSONFields(v, at: at)
    }

    /// The elements of the array member `key`, each as fields at its own path (none when absent or null).
    public func elementFields(_ key: String) throws(ModelRowError) -> [JSONFields] {
        let at = path.appending(key: key)
        guard let v = value[key], !v.isNull else { return [] }
        guard let elements = v.arrayValue else {
            throw ModelRowError(field: at.description, reason: "expected an array, found \(v.kindDescription)")
        }
        return elements.enumerated().map { JSONFields($0.element, at: at.appending(index: $0.offset)) }
    }

    /// The object member `key` without a check of its kind: an absent, null or non-object member reads as one with
    /// no members (for lenient reads of what the notes leave unconfirmed).
    public func nested(_ key: String) -> JSONFields {
        JSONFields(value[key] ?? .null, at: path.appending(key: key))
    }

    /// The path of member `key`, as rejects name it.
    public func fieldPath(_ key: String) -> String { path.appending(key: key).description }
}
