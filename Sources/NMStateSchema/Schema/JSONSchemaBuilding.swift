import SourceModel

/// Small constructors for JSON Schema documents as ``Value`` trees.
///
/// Keys keep insertion order, so the rendered schema reads in the same
/// order as the tables and diffs between releases stay small.
enum JS {
    static func object(_ pairs: [(String, Value)]) -> Value {
        .mapping(pairs.map { Value.Member(key: $0.0, value: $0.1) })
    }

    static func string(_ s: String) -> Value { .string(s) }

    static func strings(_ list: [String]) -> Value { .sequence(list.map { .string($0) }) }

    static func ref(_ def: String) -> Value { object([("$ref", .string("#/$defs/" + def))]) }

    static func type(_ name: String) -> Value { object([("type", .string(name))]) }

    static func anyOf(_ alternatives: [Value]) -> Value { object([("anyOf", .sequence(alternatives))]) }

    /// `{"type": "integer", "minimum": 0, "maximum": max}` with a u64 bound
    /// kept exact.
    static func unsignedInteger(bits: Int) -> Value {
        let max = bits >= 64 ? UInt64.max : (UInt64(1) << UInt64(bits)) - 1
        let bound = max <= UInt64(Int64.max) ? Value.int(Int64(max)) : Value(.uint(max))
        return object([("type", .string("integer")), ("minimum", .int(0)), ("maximum", bound)])
    }

    static func signedInteger(bits: Int) -> Value {
        let max: Int64 = bits >= 64 ? .max : (Int64(1) << Int64(bits - 1)) - 1
        let min: Int64 = bits >= 64 ? .min : -(Int64(1) << Int64(bits - 1))
        return object([("type", .string("integer")), ("minimum", .int(min)), ("maximum", .int(max))])
    }

    /// Adds (or replaces) a key of a mapping value.
    static func with(_ base: Value, _ key: String, _ value: Value) -> Value {
        var copy = base
        copy.set(key, value)
        return copy
    }

    /// A regular expression matching exactly one of `words`, ignoring ASCII
    /// case without inline flags (ECMA-262 and Python `re` both accept it).
    static func caseInsensitivePattern(_ words: [String]) -> String {
        let alternatives = words.map { word in
            word.map { ch -> String in
                if ch.isLetter, ch.isASCII {
                    let lower = ch.lowercased(), upper = ch.uppercased()
                    return lower == upper ? lower : "[\(lower)\(upper)]"
                }
                return escape(ch)
            }.joined()
        }
        return "^(" + alternatives.joined(separator: "|") + ")$"
    }

    static func escape(_ ch: Character) -> String {
        "\\^$.|?*+()[]{}".contains(ch) ? "\\\(ch)" : String(ch)
    }
}
