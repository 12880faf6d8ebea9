import SourceModel

/// Runs one parsed capture expression against a state, the way nmstate's
/// `NetworkCaptureCommand::execute` does, on a ``StateRef`` instead of
/// nmstate's typed `NetworkState`.
///
/// Results keep only what the expression selects: a filter on interfaces
/// gives `{interfaces: [matching entries]}`, a filter on running routes
/// `{routes: {running: [matching routes]}}`. A filter that matches nothing
/// is an error, as in nmstate. Filters and retains hand back parts of the
/// source as they are; only a replacement (`:=`) builds new values.
struct CaptureEvaluator {
    typealias State = CaptureValue

    /// The current state, with interfaces in nmstate's order.
    let current: State
    /// Results of the captures evaluated so far.
    let captures: [String: State]

    func evaluate(_ expression: CaptureExpression) throws(PolicyError) -> State {
        let line = expression.text
        let input: State
        if let source = expression.source {
            guard let state = captures[source.capture] else {
                throw PolicyError("Capture \(source.capture) not found", line: line, position: source.position)
            }
            input = state
        } else {
            input = current
        }

        switch expression.operation {
        case .wholeState:
            return input
        case .retain(let path):
            return Self.retainOnly(input, path.names[...])
        case .filter(let key, let operand):
            let wanted = try operandValue(operand, in: expression).map(ValueText.comparable) ?? ""
            if let error = expression.keywordError { throw error }
            return try filter(key: key, wanted: wanted, input: input, line: line) { $0.hasComparableText(wanted) }
        case .match(let key, let pattern):
            if let error = expression.keywordError { throw error }
            // Matched against the text `==` compares (nmstate's `value_to_string`).
            return try filter(key: key, wanted: pattern.text, input: input, line: line) { pattern.matches(ValueText.comparable($0.materialize())) }
        case .replace(let key, let operand):
            let replacement = try replacement(for: operand, in: expression)
            if let error = expression.keywordError { throw error }
            return .value(try replace(key: key, with: replacement, input: input, line: line))
        }
    }

    // MARK: - Operand

    /// The operand as a value; nil for `null` or a path that reads null.
    private func operandValue(_ operand: CaptureOperand, in expression: CaptureExpression) throws(PolicyError) -> Value? {
        let lookup = StateLookup(line: expression.text)
        let found: State
        switch operand.kind {
        case .string(let s): return .string(s)
        case .word(let w): return .string(w)
        case .null: return nil
        case .statePath(let path):
            found = try lookup.value(at: path.names, in: current, position: path.position)
        case .capturePath(let name, let path):
            guard let state = captures[name] else {
                // nmstate reports the key side's capture position here.
                throw PolicyError("Capture \(name) not found", line: expression.text,
                                  position: expression.source?.position ?? 0)
            }
            found = try lookup.value(at: path.names, in: state, position: path.position)
        }
        return found.isNull ? nil : found.materialize()
    }

    private func replacement(for operand: CaptureOperand, in expression: CaptureExpression) throws(PolicyError) -> Replacement {
        switch operand.kind {
        case .string(let s): return .text(s, quoted: true)
        case .word(let w): return .text(w, quoted: false)
        case .null: return .remove
        case .statePath, .capturePath:
            guard let v = try operandValue(operand, in: expression) else { return .remove }
            return .value(v)
        }
    }

    // MARK: - Filter

    /// The entries of the list `key` names whose property passes `accepts`;
    /// `wanted` is what the not-found error quotes.
    private func filter(key: PropertyPath, wanted: String, input: State, line: String, accepts: (State) -> Bool) throws(PolicyError) -> State {
        let names = key.names
        switch names[0] {
        case "routes":
            let position = key.position + PolicyText.count("routes.")
            let matched = try search("route", Array(names[2...]), wanted, input["routes"]?[names[1]], line: line, position: position, accepts: accepts)
            return .mapping([("routes", .mapping([(names[1], .sequence(matched))]))])
        case "route-rules":
            let position = key.position + PolicyText.count("route-rules.")
            let matched = try search("route_rule", Array(names[2...]), wanted, input["route-rules"]?[names[1]], line: line, position: position, accepts: accepts)
            return .mapping([("route-rules", .mapping([(names[1], .sequence(matched))]))])
        default:
            let position = key.position + PolicyText.count("interfaces.")
            let matched = try search("interface", Array(names[1...]), wanted, input["interfaces"], line: line, position: position, accepts: accepts)
            return .mapping([("interfaces", .sequence(matched))])
        }
    }

    /// nmstate's `search_item`: entries whose property passes `accepts`
    /// (equals `wanted` as text, or matches a pattern). Entries without the
    /// property are skipped. Entries are visited by index: a state holds
    /// hundreds and few match.
    private func search(_ itemName: String, _ path: [String], _ wanted: String, _ list: State?, line: String, position: Int, accepts: (State) -> Bool) throws(PolicyError) -> [State] {
        var matched: [State] = []
        for i in 0..<(list?.elementCount ?? 0) {
            guard let item = list?.element(i), item.isMapping,
                  let found = Self.lookup(path[...], in: item), accepts(found) else { continue }
            matched.append(item)
        }
        guard !matched.isEmpty else {
            throw PolicyError("\(itemName) with '\(path.joined(separator: "."))=\(wanted)' not found", line: line, position: position)
        }
        return matched
    }

    /// `path` inside `item` (names step into mappings, a number indexes a
    /// list), or nil: the error-free walk filters need, where a miss only
    /// means the entry does not match.
    private static func lookup(_ path: ArraySlice<String>, in item: State) -> State? {
        var current = item
        var rest = path
        while let name = rest.first {
            guard current.isMapping, let next = current[name] else { return nil }
            rest = rest.dropFirst()
            if let indexText = rest.first, let index = PolicyText.parseIndex(indexText) {
                guard let element = next.element(index) else { return nil }
                current = element
                rest = rest.dropFirst()
            } else {
                current = next
            }
        }
        return current
    }

    // MARK: - Retain

    /// nmstate's `value_retain_only`: keeps only the named member at each
    /// mapping level; stops at the first list.
    static func retainOnly(_ value: State, _ path: ArraySlice<String>) -> State {
        guard let name = path.first, let keys = value.memberKeys else { return value }
        var kept: [(key: String, value: State)] = []
        for key in keys where key == name {
            guard var child = value[key] else { continue }
            if path.count >= 2 { child = retainOnly(child, path.dropFirst()) }
            kept.append((key, child))
        }
        return .mapping(kept)
    }
}
