import SourceModel

/// Resolves a policy the way `nmstatectl policy` does before its final
/// `gen_diff`: parse every capture, order them, run each against the
/// current state (or an earlier capture), then fill the templates of the
/// desired state.
///
/// The output is the filled desired state. nmstate then deserialises it
/// into its typed state (which rejects unknown fields and normalises
/// values) and diffs it against the current state; both steps belong to
/// the schema module and are not done here.
public struct PolicyResolver: Sendable {
    public init() {}

    /// The desired state with every template filled.
    public func resolve(captures: [(name: String, expression: String)], desired: Value, current: Value) throws(PolicyError) -> Value {
        let states = try captureStates(captures: captures, current: current)
        var byName: [String: Value] = [:]
        for entry in states { byName[entry.name] = entry.state }
        return try fill(desired: desired, captures: byName)
    }

    /// The state each capture resolves to, in execution order.
    public func captureStates(captures: [(name: String, expression: String)], current: Value) throws(PolicyError) -> [(name: String, state: Value)] {
        // nmstate parses every expression while reading the policy, so a
        // syntax error anywhere wins over resolution errors.
        var parsed: [CaptureExpression] = []
        for capture in captures { parsed.append(try CaptureExpression.parse(capture.expression)) }
        guard !parsed.isEmpty else { return [] }

        let order = try CaptureOrdering.order(names: captures.map(\.name), dependencies: parsed.map(\.orderingDependency))
        let normalized = Self.nmstateOrder(current)
        var results: [String: Value] = [:]
        var out: [(name: String, state: Value)] = []
        for index in order {
            let state = try CaptureEvaluator(current: normalized, captures: results).evaluate(parsed[index])
            results[captures[index].name] = state
            out.append((captures[index].name, state))
        }
        return out
    }

    /// Fills templates from already-resolved captures (for instance states
    /// cached in an NNCE).
    public func fill(desired: Value, captures: [String: Value]) throws(PolicyError) -> Value {
        try TemplateFiller(captures: captures).fill(desired)
    }

    /// nmstate holds interfaces in maps and lists them sorted by name, so
    /// `interfaces.0` means the first interface by name, not by position in
    /// the document.
    static func nmstateOrder(_ state: Value) -> Value {
        guard let interfaces = state["interfaces"]?.sequence else { return state }
        let sorted = interfaces.enumerated().sorted { a, b in
            let (x, y) = (a.element["name"]?.scalarText ?? "", b.element["name"]?.scalarText ?? "")
            if x != y { return Array(x.utf8).lexicographicallyPrecedes(Array(y.utf8)) }
            return a.offset < b.offset
        }.map(\.element)
        var copy = state
        copy.set("interfaces", Value(.sequence(sorted), at: state["interfaces"]?.location ?? .unknown))
        return copy
    }
}
