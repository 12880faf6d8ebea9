import SourceModel

/// Reads a property path out of a state the way nmstate's
/// `get_value_from_json` does: names step into mappings, a number after a
/// name indexes the list under that name. Errors and caret positions
/// follow nmstate, including its habit of not counting the dots between
/// names when it advances the position.
struct StateLookup {
    let line: String

    func value(at path: [String], in state: CaptureValue, position: Int) throws(PolicyError) -> CaptureValue {
        guard state.isMapping else {
            throw PolicyError(kind: .bug, "Failed to convert state to a map", line: line, position: position)
        }
        return try value(at: path[...], inMapping: state, position: position)
    }

    private func value(at path: ArraySlice<String>, inMapping mapping: CaptureValue, position: Int) throws(PolicyError) -> CaptureValue {
        guard let name = path.first else {
            throw PolicyError(kind: .bug, "Got zero length prop_path")
        }
        let found = mapping[name]
        // The key list only appears in error messages: built when needed.
        var keys: String { (mapping.memberKeys ?? []).joined(separator: ",") }
        if path.count == 1 {
            guard let found else {
                throw PolicyError("Failed to find property \(name), exists properties are \(keys)", line: line, position: position)
            }
            return found
        }
        guard let found else {
            throw PolicyError("Failed to find leaf \(name) data, allowed keys are \(keys)", line: line, position: position)
        }
        let next = path[path.startIndex + 1]
        if let index = PolicyText.parseIndex(next) {
            return try element(of: found, named: name, index: index, rest: path.dropFirst(2),
                               position: position + PolicyText.count("\(name).\(next).") )
        }
        if found.isMapping {
            return try value(at: path.dropFirst(), inMapping: found, position: position + PolicyText.count(name))
        }
        throw PolicyError("The \(name) leaf data is not a object", line: line, position: position)
    }

    private func element(of list: CaptureValue, named name: String, index: Int, rest: ArraySlice<String>, position: Int) throws(PolicyError) -> CaptureValue {
        guard let leaf = list.element(index) else {
            throw PolicyError("Failed to find index \(index) from \(name)", line: line, position: position)
        }
        if rest.isEmpty { return leaf }
        guard leaf.isMapping else {
            throw PolicyError("The \(name) index \(index) leaf data is not a object", line: line, position: position)
        }
        return try value(at: rest, inMapping: leaf, position: position + PolicyText.count("\(index)."))
    }
}

/// How nmstate turns a value into text for `==` comparisons
/// (`value_to_string`): strings as they are, everything else as JSON.
enum ValueText {
    static func comparable(_ value: Value) -> String {
        switch value.content {
        case .string(let s): return s
        case .float(let d): return d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) + ".0" : String(d)
        default: return String(decoding: JSONWriter.bytes(value), as: UTF8.self)
        }
    }

    /// A short rendering of a value in the style of serde_json's `Debug`,
    /// for nmstate's "leaf data … is not a object" message.
    static func debug(_ value: Value) -> String {
        switch value.content {
        case .null: return "Null"
        case .bool(let b): return "Bool(\(b))"
        case .int(let i): return "Number(\(i))"
        case .uint(let u): return "Number(\(u))"
        case .float(let d): return "Number(\(d))"
        case .string(let s): return "String(\"\(s)\")"
        case .sequence(let items): return "Array [\(items.map(debug).joined(separator: ", "))]"
        case .mapping(let members):
            return "Object {\(members.map { "\"\($0.key)\": \(debug($0.value))" }.joined(separator: ", "))}"
        }
    }
}
