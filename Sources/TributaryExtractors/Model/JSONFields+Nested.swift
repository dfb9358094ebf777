import TributaryFormats

extension JSONFields {
    /// The fields of the object at `key` (`amount`, `cache_creation`), so that a read of its members names their
    /// full path (`$.data[0].results[1].amount.value`); an absent or null object reads as one with no members.
    public func nested(_ key: String) -> JSONFields {
        JSONFields(value[key] ?? .null, at: path.appending(key: key))
    }

    /// The path of the member `key` of this record, as rejects name fields.
    public func fieldPath(_ key: String) -> String { path.appending(key: key).description }
}
