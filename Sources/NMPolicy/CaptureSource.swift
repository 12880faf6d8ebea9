import SourceModel

/// A state the capture engine reads: a node's current state, or what an
/// earlier capture kept of it.
///
/// Captures usually select one route and one interface out of a state of
/// hundreds of entries, and full mode resolves them on every selected node
/// of a cluster. Reading through this protocol lets a compact stored state
/// answer those lookups without being turned back into a ``Value`` tree;
/// only what a template finally copies into the desired state is
/// materialised. ``Value`` conforms, so lint and the webhook resolve a
/// policy document exactly as before.
public protocol CaptureSource: Sendable {
    /// The member named `key` of a mapping (nil when absent or not a mapping).
    subscript(key: String) -> Self? { get }
    /// Mapping keys in order (nil when not a mapping); used for nmstate's
    /// "exists properties are …" messages.
    var memberKeys: [String]? { get }
    /// Number of elements of a sequence (nil when not a sequence).
    var elementCount: Int? { get }
    func element(_ index: Int) -> Self?
    var isMapping: Bool { get }
    var isNull: Bool { get }
    /// The subtree as a value tree.
    func materialize() -> Value
    /// Whether nmstate's text form of this value (`value_to_string`) is
    /// `text`; filters compare every entry of a list this way.
    func hasComparableText(_ text: String) -> Bool
}

extension Value: CaptureSource {
    public var memberKeys: [String]? { members?.map(\.key) }
    public var elementCount: Int? { sequence?.count }
    public func element(_ index: Int) -> Value? { self[index] }
    public func materialize() -> Value { self }
    public func hasComparableText(_ text: String) -> Bool {
        if case .string(let s) = content { return s == text }
        return ValueText.comparable(self) == text
    }
}

/// What the capture engine works on: a part of a source state, a value it
/// built (a replacement's output), or a container it assembled from such
/// parts (a filter's `{interfaces: [matches]}`), so that filters and
/// retains never copy the state they select from.
public indirect enum CaptureValue<Source: CaptureSource>: Sendable {
    case source(Source)
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
        case .value(let v): return v.memberKeys
        case .mapping(let members): return members.map(\.key)
        case .sequence: return nil
        }
    }

    var elementCount: Int? {
        switch self {
        case .source(let s): return s.elementCount
        case .value(let v): return v.elementCount
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
        case .value(let v): return v.hasComparableText(text)
        case .mapping, .sequence: return ValueText.comparable(materialize()) == text
        }
    }
}
