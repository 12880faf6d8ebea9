import RuleCatalog
import SourceModel

/// The rules that need the cluster: what the policy does on each node it
/// selects (nmstate's verdicts against that node's state, captures that do
/// not resolve there), conflicts with stored policies on shared nodes,
/// static addresses on several nodes, nodeSelector changes that strand
/// configuration, and edits that would cut a node off.
///
/// Rule ids:
/// - nmstate's rule ids (`nmstate.*`, `schema.*`) for findings on nodes,
///   `capture.resolve` for captures that fail on a node, and
///   `node.state-missing` (warning) for selected nodes without a
///   NodeNetworkState (see ``NodeFindings``).
/// - `conflict.*` (see ``PairConflicts``), against every stored policy that
///   touches the same interface, port or address and reaches a common node,
///   compared on what each node resolves.
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
        /// Judge the policy on each selected node that has a state.
        public var perNode: Bool

        public init(conflicts: Bool = true, staticAddresses: Bool = true, perNode: Bool = true) {
            self.conflicts = conflicts
            self.staticAddresses = staticAddresses
            self.perNode = perNode
        }
    }

    /// What the cluster rules found about one policy.
    public struct Findings: Sendable {
        /// Findings to report.
        public var diagnostics: [Diagnostic] = []
        /// Indices of the stateless findings (as passed in) that the
        /// per-node verdicts replace: guesses about unknown nodes, once
        /// every selected node was judged from its own state.
        public var superseded: [Int] = []
    }

    /// The cluster findings for `object` (see the type's rule list).
    public static func check(object: Value, oldObject: Value?, operation: AdmissionOperation, view: ClusterView, options: Options = Options()) -> [Diagnostic] {
        evaluate(object: object, oldObject: oldObject, operation: operation, view: view, options: options).diagnostics
    }

    /// The cluster findings for `object`.
    ///
    /// - Parameters:
    ///   - stateless: what the stateless rules found (``PolicyValidator``);
    ///     per-node findings never repeat those, and replace the ones that
    ///     were only guesses about the node.
    ///   - evaluator: how nodes are judged (profile, shared verdict cache).
    public static func evaluate(object: Value, oldObject: Value?, operation: AdmissionOperation, view: ClusterView, options: Options = Options(),
                                stateless: [Diagnostic] = [], evaluator: NodeEvaluator = NodeEvaluator()) -> Findings {
        guard operation == .create || operation == .update, object.isMapping else { return Findings() }
        let check = PolicyCheck(object: object, view: view, perNode: options.perNode, evaluator: evaluator)
        var findings = check.nodeFindings(stateless: stateless, view: view)
        if options.conflicts {
            findings.diagnostics += check.conflictsWithStored(view: view, evaluator: evaluator)
        }
        if options.staticAddresses, let d = check.staticAddresses(view: view) {
            findings.diagnostics.append(d)
        }
        findings.diagnostics += check.selectorAndSafety(oldObject: oldObject, operation: operation, view: view)
        return findings
    }

    /// What a stored policy claims on the nodes near `nodes`: its text, or
    /// for a policy with captures, what it resolves to on those nodes.
    static func storedClaims(_ stored: ClusterView.IndexedPolicy, near nodes: NodeSet, view: ClusterView, evaluator: NodeEvaluator) -> PolicyClaims {
        guard stored.prepared.isPerNode, stored.prepared.isEvaluable, view.hasStates else {
            return .text(stored.prepared, view: view)
        }
        let shared = view.matching(stored.prepared.selector).intersection(nodes).members()
        var cheap = evaluator
        cheap.cache = nil
        let evaluation = cheap.evaluateClaims(stored.prepared, on: shared, in: view)
        return .resolved(evaluation, selector: stored.prepared.selector)
    }

    static func annotation(_ object: Value, _ key: String) -> Bool {
        object.at("metadata", "annotations")?[key]?.string?.lowercased() == "true"
    }
}

/// One policy's cluster check, in the steps admission and lint share:
/// where it applies, what it does on each node, and what it claims there.
struct PolicyCheck: Sendable {
    let policy: PreparedPolicy
    var object: Value { policy.object }
    /// Nodes the selector matches (empty without node data).
    let matched: NodeSet
    /// What it does on each selected node (nil when not judged per node).
    let evaluation: PolicyNodeEvaluation?
    /// What it claims, per group of nodes.
    let claims: PolicyClaims

    init(object: Value, name: String? = nil, view: ClusterView?, perNode: Bool, evaluator: NodeEvaluator) {
        let policy = PreparedPolicy(name: name, object: object)
        var matched = NodeSet(capacity: 0)
        if let view, view.hasNodes { matched = view.matching(policy.selector) }
        var evaluation: PolicyNodeEvaluation?
        if perNode, let view, view.hasStates, !matched.isEmpty {
            evaluation = evaluator.evaluate(policy, on: matched.members(), in: view)
        }
        self.policy = policy
        self.matched = matched
        self.evaluation = evaluation
        claims = PolicyClaims.of(policy, evaluation: evaluation, view: view)
    }

    func nodeFindings(stateless: [Diagnostic], view: ClusterView) -> ClusterPolicyRules.Findings {
        guard let evaluation else { return .init() }
        return .init(diagnostics: NodeFindings.diagnostics(evaluation, object: object, view: view, stateless: stateless),
                     superseded: NodeFindings.superseded(evaluation, stateless: stateless))
    }

    func diagnostic(_ rule: RuleID, _ message: String, _ path: DocumentPath, _ severity: Diagnostic.Severity = .error) -> Diagnostic {
        Diagnostic(rule: rule, severity: severity, message: message, path: path, location: object.location(of: path))
    }

    /// A finding carried over from a pairwise comparison, whose rule was
    /// typed where it was found.
    func diagnostic(_ rule: String, _ message: String, _ path: DocumentPath, _ severity: Diagnostic.Severity = .error) -> Diagnostic {
        diagnostic(RuleID(rawValue: rule), message, path, severity)
    }

    /// Conflicts with the stored policies of `view` that reach a common node.
    func conflictsWithStored(view: ClusterView, evaluator: NodeEvaluator) -> [Diagnostic] {
        var out: [Diagnostic] = []
        let candidates = view.candidates(for: claims.parts.map(\.facts), selector: policy.selector)
        for otherName in candidates.sorted() where otherName != policy.name {
            guard let other = view.policies[otherName] else { continue }
            let theirs = ClusterPolicyRules.storedClaims(other, near: matched, view: view, evaluator: evaluator)
            for f in ClaimConflicts.findings(ours: claims, theirs: theirs, other: "policy \"\(otherName)\"", view: view) {
                out.append(diagnostic(f.rule, f.message, f.path))
            }
        }
        return out
    }

    func staticAddresses(view: ClusterView?) -> Diagnostic? {
        StaticAddressRule.check(claims, view: view).map { diagnostic($0.rule, $0.message, $0.path, $0.severity) }
    }

    /// Selector rules (no node matched, stranded nodes, newly reached
    /// control plane) and node safety.
    func selectorAndSafety(oldObject: Value?, operation: AdmissionOperation, view: ClusterView) -> [Diagnostic] {
        guard view.hasNodes else { return [] }
        var out: [Diagnostic] = []
        let selector = policy.selector
        let selectorPath: DocumentPath = object["spec"]?["nodeSelector"] != nil ? ["spec", "nodeSelector"] : ["spec"]
        if matched.isEmpty {
            out.append(diagnostic(.policySelectorMatchesNoNode, "nodeSelector \(selector) matches no node in the cluster; the policy will do nothing until one matches", selectorPath, .warning))
        }
        if operation == .update, let oldObject {
            let oldSelector = NodeSelector(spec: oldObject["spec"])
            if oldSelector != selector {
                let before = view.matching(oldSelector)
                let stranded = before.subtracting(matched)
                if !stranded.isEmpty && !ClusterPolicyRules.annotation(object, ClusterPolicyRules.allowStrandedAnnotation) {
                    out.append(diagnostic(.policyStrandedConfig, "changing nodeSelector from \(oldSelector) to \(selector) stops managing \(OverlapFinder.describe(view.names(stranded, limit: 3), total: stranded.count)), which \(stranded.count == 1 ? "keeps" : "keep") the configuration this policy applied (kubernetes-nmstate does not revert it); remove it there first, or set annotation \(ClusterPolicyRules.allowStrandedAnnotation): \"true\" to accept", selectorPath))
                }
                let newlyControlPlane = matched.subtracting(before).members().filter { view.node(at: $0).isControlPlane }
                if !newlyControlPlane.isEmpty {
                    out.append(diagnostic(.policySelectorReachesControlPlane, "the new nodeSelector also selects control-plane \(OverlapFinder.describe(view.names(newlyControlPlane, limit: 3), total: newlyControlPlane.count)); a mistake there can take the API server down", selectorPath, .warning))
                }
            }
        }
        if view.hasStates && !ClusterPolicyRules.annotation(object, ClusterPolicyRules.allowDisruptiveAnnotation) {
            out += NodeSafety.check(object: object, claims: claims, view: view)
        }
        return out
    }
}
