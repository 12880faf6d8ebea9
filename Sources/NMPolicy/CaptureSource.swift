import SourceModel
import StateStore

/// A state the capture engine reads: a node's current state, or what an
/// earlier capture kept of it.
///
/// Captures usually select one route and one interface out of a state of
/// hundreds of entries, and full mode resolves them on every selected node
/// of a cluster, from states kept compactly encoded (``EncodedNode``).
/// Reading those in place, only what a template finally copies into the
/// desired state is decoded. Lint and the policy-document checks resolve
/// against ordinary value trees. Two concrete cases rather than a generic
/// parameter: the engine runs in another module than its callers, where a
/// generic would run unspecialised on every lookup.
public enum StateRef: Sendable {
    case value(Value)
    case stored(EncodedNode)

    public subscript(key: String) -> StateRef? {
        switch self {
        case .value(let v): return v[key].map(StateRef.value)
        case .stored(let n): return n[key].map(StateRef.stored)
        }
    }

    /// Mapping keys in order (nil when not a mapping); used for nmstate's
    /// "exists properties are …" messages.
    var memberKeys: [String]? {
        switch self {
        case .value(let v): return v.members?.map(\.key)
        case .stored(let n): return n.isMapping ? n.members.map(\.key) : nil
        }
    }

    /// Number of elements of a sequence (nil when not a sequence).
    var elementCount: Int? {
        switch self {
        case .value(let v): return v.sequence?.count
        case .stored(let n): return n.isSequence ? n.count : nil
        }
    }

    func element(_ index: Int) -> StateRef? {
        switch self {
        case .value(let v): return v[index].map(StateRef.value)
        case .stored(let n): return n.element(index).map(StateRef.stored)
        }
    }

    var isMapping: Bool {
        switch self {
        case .value(let v): return v.isMapping
        case .stored(let n): return n.isMapping
        }
    }

    var isNull: Bool {
        switch self {
        case .value(let v): return v.isNull
        case .stored(let n): return n.isNull
        }
    }

    /// The subtree as a value tree.
    public func materialize() -> Value {
        switch self {
        case .value(let v): return v
        case .stored(let n): return n.decode()
        }
    }

    /// Whether nmstate's text form of this value (`value_to_string`) is
    /// `text`; filters compare every entry of a list this way.
    func hasComparableText(_ text: String) -> Bool {
        switch self {
        case .value(let v):
            if case .string(let s) = v.content { return s == text }
            return ValueText.comparable(v) == text
        case .stored(let n):
            if n.kind == .string { return n.stringEquals(text) }
            return ValueText.comparable(n.decode()) == text
        }
    }
}

/// What the capture engine works on: a part of a source state, a value it
/// built (a replacement's output), or a container it assembled from such
/// parts (a filter's `{interfaces: [matches]}`), so that filters and
/// retains never copy the state they select from.
public indirect enum CaptureValue: Sendable {
    case source(StateRef)
    case value(Value)
    case mapping([(key: String, value: CaptureValue)])
    case sequence([CaptureValue])

    public subscript(key: String) -> CaptureValue? {
        switch self {
        case .source(let s): return s[key].map(CaptureValue.source)
        case .value(let v): return v[key].map(CaptureValue.value)
        case .mapping(let members): return members.last { $0.key == key }?.value
        case .sequence: return nil
        }
    }

    var memberKeys: [String]? {
        switch self {
        case .source(let s): return s.memberKeys
        case .value(let v): return v.members?.map(\.key)
        case .mapping(let members): return members.map(\.key)
        case .sequence: return nil
        }
    }

    var elementCount: Int? {
        switch self {
        case .source(let s): return s.elementCount
        case .value(let v): return v.sequence?.count
        case .sequence(let items): return items.count
        case .mapping: return nil
        }
    }

    func element(_ index: Int) -> CaptureValue? {
        switch self {
        case .source(let s): return s.element(index).map(CaptureValue.source)
        case .value(let v): return v[index].map(CaptureValue.value)
        case .sequence(let items): return items.indices.contains(index) ? items[index] : nil
        case .mapping: return nil
        }
    }

    /// The elements of a sequence, as handles (nothing is copied).
    var elements: [CaptureValue]? {
        guard let count = elementCount else { return nil }
        return (0..<count).compactMap(element)
    }

    var isMapping: Bool {
        switch self {
        case .source(let s): return s.isMapping
        case .value(let v): return v.isMapping
        case .mapping: return true
        case .sequence: return false
        }
    }

    var isNull: Bool {
        switch self {
        case .source(let s): return s.isNull
        case .value(let v): return v.isNull
        case .mapping, .sequence: return false
        }
    }

    public func materialize() -> Value {
        switch self {
        case .source(let s): return s.materialize()
        case .value(let v): return v
        case .mapping(let members): return .mapping(members.map { Value.Member(key: $0.key, value: $0.value.materialize()) })
        case .sequence(let items): return .sequence(items.map { $0.materialize() })
        }
    }

    func hasComparableText(_ text: String) -> Bool {
        switch self {
        case .source(let s): return s.hasComparableText(text)
        case .value(let v): return StateRef.value(v).hasComparableText(text)
        case .mapping, .sequence: return ValueText.comparable(materialize()) == text
        }
    }
}
