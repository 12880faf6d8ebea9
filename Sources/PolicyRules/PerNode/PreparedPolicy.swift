import NMPolicy
import NMStateSchema
import SourceModel

/// A policy ready to be judged on many nodes: its captures parsed and
/// ordered, its text's claims and the names it mentions extracted, once.
public struct PreparedPolicy: Sendable {
    public let name: String
    public let object: Value
    public let selector: NodeSelector
    /// `spec.desiredState` (nil when missing or null).
    public let desired: Value?
    /// `spec.capture`, parsed and ordered; nil when the policy captures
    /// nothing. A policy whose captures do not parse or order is not
    /// evaluated per node: the handler fails on every node alike, and the
    /// stateless capture rules already say why.
    let captures: PreparedCaptures?
    /// The desired state's template sites, found once.
    let templates: PreparedTemplates?
    /// Identifies what resolution on a node depends on: the captures and
    /// the desired state (``ResolutionCache`` keys).
    let resolutionKey: UInt64
    /// Whether per-node evaluation can run at all (see ``captures``).
    public let isEvaluable: Bool
    /// The desired state differs per node: it has captures to run.
    public var isPerNode: Bool { captures != nil }
    /// What the text claims (templates claim nothing).
    public let textFacts: PolicyFacts
    /// Every string of the desired state: the names the rules may look up
    /// in a node's current state, when the text is what every node applies.
    let textNames: Set<String>

    public init(name: String? = nil, object: Value) {
        self.name = name ?? object.at("metadata", "name")?.string ?? ""
        self.object = object
        let spec = object["spec"]
        selector = NodeSelector(spec: spec)
        let desired = spec?["desiredState"].flatMap { $0.isNull ? nil : $0 }
        self.desired = desired
        textFacts = PolicyFacts(selector: selector, desired: desired)
        textNames = desired.map(Self.strings) ?? []

        var captures: PreparedCaptures?
        var evaluable = desired?.isMapping ?? false
        if let members = spec?["capture"]?.members, !members.isEmpty {
            let list = members.compactMap { m in m.value.string.map { (name: m.key, expression: $0) } }
            if list.count == members.count, let parsed = try? PreparedCaptures(list) {
                captures = parsed
            } else {
                evaluable = false
            }
        } else if desired.map(CaptureRules.containsTemplate) == true {
            // Templates without captures fail on every node ("Failed to find
            // capture"), which the stateless rules report.
            evaluable = false
        }
        self.captures = captures
        templates = captures != nil ? desired.map(PreparedTemplates.init) : nil
        var key = desired.map(Fingerprint.hash) ?? Fingerprint.empty
        // The selector is part of the claims' facts.
        key.combine(Fingerprint.hash(spec?["nodeSelector"] ?? .null))
        for m in spec?["capture"]?.members ?? [] {
            key.combine(Fingerprint.hash(.string(m.key)))
            key.combine(Fingerprint.hash(m.value))
        }
        resolutionKey = key
        isEvaluable = evaluable
    }

    /// Every string value in `value`: interface names appear as values
    /// (`name`, ports, `controller`, `base-iface`, route next hops, …).
    static func strings(_ value: Value) -> Set<String> {
        var out = Set<String>()
        func walk(_ v: Value) {
            switch v.content {
            case .string(let s): out.insert(s)
            case .sequence(let items): for item in items { walk(item) }
            case .mapping(let members): for m in members { walk(m.value) }
            default: break
            }
        }
        walk(value)
        return out
    }
}
