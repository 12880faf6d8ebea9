import SourceModel

/// `:=` on list entries (nmstate's `update_items` / `update_json_value`).
extension CaptureEvaluator {
    enum Replacement {
        /// Text from the expression; typed against the value it replaces.
        case text(String, quoted: Bool)
        /// A value read from a state; scalars keep their type.
        case value(Value)
        /// `null`: nmstate's typed state drops the property.
        case remove
    }

    /// The output is built anew: it is a changed copy of the matched entries.
    func replace(key: PropertyPath, with replacement: Replacement, input: State, line: String) throws(PolicyError) -> Value {
        let names = key.names
        func materialized(_ list: State?) -> [Value] { (list?.elements ?? []).map { $0.materialize() } }
        switch names[0] {
        case "routes":
            let items = materialized(input["routes"]?[names[1]])
            let updated = try update(Array(names[2...]), replacement, items)
            return .mapping(["routes": .mapping([Value.Member(key: names[1], value: .sequence(updated))])])
        case "route-rules":
            let items = materialized(input["route-rules"]?[names[1]])
            let updated = try update(Array(names[2...]), replacement, items)
            return .mapping(["route-rules": .mapping([Value.Member(key: names[1], value: .sequence(updated))])])
        default:
            let items = materialized(input["interfaces"])
            let updated = try update(Array(names[1...]), replacement, items)
            return .mapping(["interfaces": .sequence(updated)])
        }
    }

    private func update(_ path: [String], _ replacement: Replacement, _ items: [Value]) throws(PolicyError) -> [Value] {
        var out: [Value] = []
        for var item in items where item.isMapping {
            try Self.set(path[...], replacement, in: &item)
            out.append(item)
        }
        return out
    }

    /// nmstate's `update_json_value`: walks mappings, creating missing ones,
    /// and sets the last name.
    private static func set(_ path: ArraySlice<String>, _ replacement: Replacement, in value: inout Value) throws(PolicyError) {
        guard let name = path.first else { return }
        if path.count == 1 {
            switch replacement {
            case .remove:
                value.remove(name)
            case .text(let text, let quoted):
                value.set(name, typed(text, quoted: quoted, replacing: value[name]))
            case .value(let v):
                value.set(name, v.isScalar ? typed(v.scalarText ?? "", quoted: v.string != nil, replacing: value[name]) : v)
            }
            return
        }
        var child = value[name] ?? .mapping([Value.Member]())
        guard child.isMapping else {
            throw PolicyError(kind: .invalidArgument, "The \(name) leaf data \(ValueText.debug(child)) is not a object")
        }
        try set(path.dropFirst(), replacement, in: &child)
        value.set(name, child)
    }

    /// nmstate inserts the replacement as a string and its typed state
    /// parses it leniently. We mirror that: the text takes the type of the
    /// value it replaces; a new unquoted word becomes a bool or an integer
    /// when it reads as one.
    static func typed(_ text: String, quoted: Bool, replacing old: Value?) -> Value {
        switch old?.content {
        case .bool?:
            if text == "true" { return .bool(true) }
            if text == "false" { return .bool(false) }
        case .int?, .uint?:
            if let i = Int64(text) { return .int(i) }
        case .float?:
            if let d = Double(text) { return .float(d) }
        case .string?:
            return .string(text)
        default:
            break
        }
        if !quoted {
            if text == "true" { return .bool(true) }
            if text == "false" { return .bool(false) }
            if let i = Int64(text) { return .int(i) }
        }
        return .string(text)
    }
}
