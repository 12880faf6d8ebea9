import SourceModel

/// Minimal patches against the object exactly as the apiserver sent it.
///
/// A patch must apply cleanly to the received object: `add` needs its parent
/// to exist, `remove` needs its target to exist, and a failed apply is an
/// internal error that `failurePolicy` cannot soften. So each builder looks
/// at the object and emits one operation at the right depth.
extension JSONPatch {
    /// One operation that makes `object` hold `value` at the mapping path
    /// `keys`: an `add` of the leaf when every parent is a mapping, else an
    /// `add` of the nested mappings at the first missing (or non-mapping)
    /// parent. `add` replaces an existing member, so no `replace` is needed.
    /// Empty `keys` give an empty patch (replacing the document is not a
    /// mutation this webhook makes).
    public static func setting(_ value: Value, at keys: [String], in object: Value) -> JSONPatch {
        guard !keys.isEmpty else { return JSONPatch() }
        var current = object
        var depth = 0
        if !object.isMapping {
            return JSONPatch([.add(path: "", value: nest(value, under: keys[...]))])
        }
        while depth < keys.count - 1 {
            guard let next = current[keys[depth]], next.isMapping else {
                // keys[depth] is missing, null or not a mapping: add it whole.
                let path = JSONPointer.pointer(keys[...depth])
                return JSONPatch([.add(path: path, value: nest(value, under: keys[(depth + 1)...]))])
            }
            current = next
            depth += 1
        }
        return JSONPatch([.add(path: JSONPointer.pointer(keys), value: value)])
    }

    /// A `remove` of the member at `keys` if it exists; an empty patch otherwise.
    public static func removing(at keys: [String], in object: Value) -> JSONPatch {
        var current = object
        for k in keys {
            guard let member = current.member(k) else { return JSONPatch() }
            current = member.value
        }
        return JSONPatch([.remove(path: JSONPointer.pointer(keys))])
    }

    /// `value` wrapped in one single-member mapping per key, innermost last.
    private static func nest(_ value: Value, under keys: ArraySlice<String>) -> Value {
        var result = value
        for k in keys.reversed() {
            result = .mapping([Value.Member(key: k, value: result)])
        }
        return result
    }
}
