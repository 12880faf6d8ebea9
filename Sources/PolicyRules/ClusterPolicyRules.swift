import SourceModel

/// The rules that need the cluster: conflicts with stored policies on shared
/// nodes, static addresses on several nodes, nodeSelector changes that
/// strand configuration, and edits that would cut a node off.
///
/// Rule ids:
/// - `conflict.*` (see ``PairConflicts``), against every stored policy that
///   touches the same interface, port or address and reaches a common node.
/// - `policy.static-address-multiple-nodes`
/// - `policy.stranded-config`: UPDATE drops nodes from the selector;
///   kubernetes-nmstate does not revert their configuration. Acknowledge with
///   annotation `nncp-guard.io/allow-stranded-config: "true"`.
/// - `policy.selector-matches-no-node` (warning)
/// - `policy.selector-reaches-control-plane` (warning): an UPDATE newly
///   selects control-plane nodes.
/// - `node.disruptive-change`: the policy sets down/absent, re-addresses or
///   enslaves the interface that carries a selected node's default route or
///   InternalIP. Acknowledge with `nncp-guard.io/allow-disruptive: "true"`.
public enum ClusterPolicyRules {
    public static let allowStrandedAnnotation = "nncp-guard.io/allow-stranded-config"
    public static let allowDisruptiveAnnotation = "nncp-guard.io/allow-disruptive"

    public struct Options: Sendable {
        /// Compare against `view.policies` (admission). Lint compares its
        /// inputs with ``CrossPolicyChecker`` instead.
        public var conflicts: Bool
        public var staticAddresses: Bool

        public init(conflicts: Bool = true, staticAddresses: Bool = true) {
            self.conflicts = conflicts
            self.staticAddresses = staticAddresses
        }
    }

    public static func check(object: Value, oldObject: Value?, operation: AdmissionOperation, view: ClusterView, options: Options = Options()) -> [Diagnostic] {
        guard operation == .create || operation == .update, object.isMapping else { return [] }
        var out: [Diagnostic] = []
        let name = object.at("metadata", "name")?.string ?? ""
        let facts = PolicyFacts(object: object)
        func add(_ rule: String, _ message: String, _ path: DocumentPath, _ severity: Diagnostic.Severity = .error) {
            out.append(Diagnostic(rule: rule, severity: severity, message: message, path: path, location: object.location(of: path)))
        }

        if options.conflicts {
            let overlaps = OverlapFinder(view: view)
            for otherName in view.candidates(for: facts).sorted() where otherName != name {
                guard let other = view.policies[otherName], let overlap = overlaps.overlap(facts, other.facts) else { continue }
                for f in PairConflicts.findings(ours: facts, theirs: other.facts, other: "policy \"\(otherName)\"", overlap: overlap) {
                    add(f.rule, f.message, f.path)
                }
            }
        }
        if options.staticAddresses, let f = StaticAddressRule.check(facts, view: view) {
            add(f.rule, f.message, f.path, f.severity)
        }

        guard view.hasNodes else { return out }
        let selectorPath: DocumentPath = object["spec"]?["nodeSelector"] != nil ? ["spec", "nodeSelector"] : ["spec"]
        let matched = view.matching(facts.selector)
        if matched.isEmpty {
            add("policy.selector-matches-no-node", "nodeSelector \(facts.selector) matches no node in the cluster; the policy will do nothing until one matches", selectorPath, .warning)
        }
        if operation == .update, let oldObject {
            let oldSelector = NodeSelector(spec: oldObject["spec"])
            if oldSelector != facts.selector {
                let before = view.matching(oldSelector)
                let stranded = before.subtracting(matched)
                if !stranded.isEmpty && !annotation(object, allowStrandedAnnotation) {
                    add("policy.stranded-config", "changing nodeSelector from \(oldSelector) to \(facts.selector) stops managing \(OverlapFinder.describe(view.names(stranded, limit: 3), total: stranded.count)), which \(stranded.count == 1 ? "keeps" : "keep") the configuration this policy applied (kubernetes-nmstate does not revert it); remove it there first, or set annotation \(allowStrandedAnnotation): \"true\" to accept", selectorPath)
                }
                let newlyControlPlane = matched.subtracting(before).members().filter { view.nodes[$0].isControlPlane }
                if !newlyControlPlane.isEmpty {
                    add("policy.selector-reaches-control-plane", "the new nodeSelector also selects control-plane \(OverlapFinder.describe(newlyControlPlane.prefix(3).map { view.nodes[$0].name }, total: newlyControlPlane.count)); a mistake there can take the API server down", selectorPath, .warning)
                }
            }
        }
        if !view.states.isEmpty && !annotation(object, allowDisruptiveAnnotation) {
            out += NodeSafety.check(object: object, facts: facts, matched: matched, view: view)
        }
        return out
    }

    static func annotation(_ object: Value, _ key: String) -> Bool {
        object.at("metadata", "annotations")?[key]?.string?.lowercased() == "true"
    }
}
