import SourceModel
import StateStore

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
    public func resolve(captures: [(name: String, expression: String)], desired: Value, current: Value, dialect: CaptureDialect = .latest) throws(PolicyError) -> Value {
        let prepared = try PreparedCaptures(captures, dialect: dialect)
        return try PreparedTemplates(desired).fill(from: prepared.resolve(against: Self.nmstateOrder(current)))
    }

    /// The state each capture resolves to, in execution order.
    public func captureStates(captures: [(name: String, expression: String)], current: Value, dialect: CaptureDialect = .latest) throws(PolicyError) -> [(name: String, state: Value)] {
        let prepared = try PreparedCaptures(captures, dialect: dialect)
        let resolved = try prepared.resolve(against: Self.nmstateOrder(current))
        return resolved.inOrder.map { ($0.name, $0.state.materialize()) }
    }

    /// Fills templates from already-resolved captures (for instance states
    /// cached in an NNCE).
    public func fill(desired: Value, captures: [String: Value]) throws(PolicyError) -> Value {
        try TemplateFiller(captures: captures.mapValues(CaptureValue.value)).fill(desired)
    }

    /// nmstate holds interfaces in maps and lists them sorted by name, so
    /// `interfaces.0` means the first interface by name, not by position in
    /// the document. Sources that store states already in this order (the
    /// cluster view does) skip it.
    public static func nmstateOrder(_ state: Value) -> Value {
        guard let interfaces = state["interfaces"]?.sequence else { return state }
        // nmstate reports its interfaces sorted already: then no copy.
        let names = interfaces.map { $0["name"]?.scalarText ?? "" }
        if names.indices.dropFirst().allSatisfy({ !nmstateNameOrder(names[$0], $0, names[$0 - 1], $0 - 1) }) { return state }
        let sorted = interfaces.enumerated().sorted { a, b in
            nmstateNameOrder(a.element["name"]?.scalarText ?? "", a.offset, b.element["name"]?.scalarText ?? "", b.offset)
        }.map(\.element)
        var copy = state
        copy.set("interfaces", Value(.sequence(sorted), at: state["interfaces"]?.location ?? .unknown))
        return copy
    }

    /// Byte order of names, then original position.
    public static func nmstateNameOrder(_ x: String, _ xOffset: Int, _ y: String, _ yOffset: Int) -> Bool {
        if x != y { return x.utf8.lexicographicallyPrecedes(y.utf8) }
        return xOffset < yOffset
    }
}

/// A policy's captures, parsed and ordered once, ready to run against any
/// number of states (full mode resolves one policy on every node it
/// selects).
public struct PreparedCaptures: Sendable {
    let names: [String]
    let expressions: [CaptureExpression]
    let order: [Int]

    /// Parses and orders `captures`. nmstate parses every expression while
    /// reading the policy, so a syntax error anywhere wins over ordering
    /// and resolution errors.
    public init(_ captures: [(name: String, expression: String)], dialect: CaptureDialect = .latest) throws(PolicyError) {
        var parsed: [CaptureExpression] = []
        for capture in captures { parsed.append(try CaptureExpression.parse(capture.expression, dialect: dialect)) }
        names = captures.map(\.name)
        expressions = parsed
        order = parsed.isEmpty ? [] : try CaptureOrdering.order(names: names, dependencies: parsed.map(\.orderingDependency))
    }

    public var isEmpty: Bool { names.isEmpty }

    /// Runs every capture against `current`, whose interfaces must already
    /// be in nmstate's order (``PolicyResolver/nmstateOrder(_:)``).
    public func resolve(against current: Value) throws(PolicyError) -> ResolvedCaptures {
        try resolve(against: .value(current))
    }

    /// Runs every capture against a stored state (interfaces in nmstate's order).
    public func resolve(against current: EncodedNode) throws(PolicyError) -> ResolvedCaptures {
        try resolve(against: .stored(current))
    }

    func resolve(against current: StateRef) throws(PolicyError) -> ResolvedCaptures {
        var results: [String: CaptureValue] = [:]
        var inOrder: [(name: String, state: CaptureValue)] = []
        let root = CaptureValue.source(current)
        for index in order {
            let state = try CaptureEvaluator(current: root, captures: results).evaluate(expressions[index])
            results[names[index]] = state
            inOrder.append((names[index], state))
        }
        return ResolvedCaptures(byName: results, inOrder: inOrder)
    }
}

/// The captures of one policy resolved against one state.
public struct ResolvedCaptures: Sendable {
    let byName: [String: CaptureValue]
    /// In execution order.
    public let inOrder: [(name: String, state: CaptureValue)]

    /// `desired` with every template filled from these captures.
    public func fill(_ desired: Value) throws(PolicyError) -> Value {
        try TemplateFiller(captures: byName).fill(desired)
    }
}
