import SourceModel

/// One NNCP among a set checked together (the linter's inputs, or the
/// cluster's cached policies plus the one being admitted).
public struct PolicyEntry: Sendable {
    /// `metadata.name`.
    public var name: String
    /// The whole object.
    public var object: Value
    /// Where it came from (a file path for lint); used only for messages.
    public var origin: String?

    public init(name: String, object: Value, origin: String? = nil) {
        self.name = name
        self.object = object
        self.origin = origin
    }
}

/// A finding that concerns one policy of a set because of another.
public struct CrossPolicyFinding: Sendable {
    /// Index (in the input array) of the policy the diagnostic is about.
    public var policyIndex: Int
    /// Index of the other policy involved, if any.
    public var otherIndex: Int?
    /// Path and location refer to the object at `policyIndex`.
    public var diagnostic: Diagnostic
}

/// Checks a set of policies against each other: conflicting interface
/// definitions on overlapping node selectors, ports claimed by two
/// controllers, duplicate static addresses, absent-vs-configured, and
/// static addresses on selectors that match several nodes.
public enum CrossPolicyChecker {
    /// - Parameter view: the cluster's nodes (and states), when known; with
    ///   nodes, overlap is decided on real nodes and findings name them,
    ///   without, on whether the selectors could match one node. With
    ///   states, policies with captures are compared on what they resolve
    ///   to on each node.
    public static func check(_ policies: [PolicyEntry], view: ClusterView? = nil, evaluator: NodeEvaluator = NodeEvaluator()) -> [CrossPolicyFinding] {
        let checks = policies.map { PolicyCheck(object: $0.object, name: $0.name, view: view, perNode: true, evaluator: evaluator) }
        return ConflictDetector(policies: policies, checks: checks, view: view).run()
    }

    /// Everything the cluster rules say about a set of policies (lint's
    /// run with `--nodes`, `--states`, `--previous`): conflicts among them,
    /// and for each, what it does on each node, static addresses,
    /// selector changes against its previous version and node safety.
    ///
    /// - Parameters:
    ///   - stateless: per policy, what the stateless rules found (same
    ///     order as `policies`).
    ///   - previous: the policy's previous version, by name.
    public static func checkSet(_ policies: [PolicyEntry], view: ClusterView?, stateless: [[Diagnostic]],
                                previous: (String) -> Value?, evaluator: NodeEvaluator = NodeEvaluator()) -> PolicySetFindings {
        let checks = policies.map { PolicyCheck(object: $0.object, name: $0.name, view: view, perNode: true, evaluator: evaluator) }
        var result = PolicySetFindings(findings: ConflictDetector(policies: policies, checks: checks, view: view).run())
        guard let view else { return result }
        for (i, check) in checks.enumerated() {
            let nodeFindings = check.nodeFindings(stateless: i < stateless.count ? stateless[i] : [], view: view)
            if !nodeFindings.superseded.isEmpty { result.superseded[i] = nodeFindings.superseded }
            let oldObject = previous(policies[i].name)
            let operation: AdmissionOperation = oldObject == nil ? .create : .update
            for d in nodeFindings.diagnostics + check.selectorAndSafety(oldObject: oldObject, operation: operation, view: view) {
                result.findings.append(CrossPolicyFinding(policyIndex: i, otherIndex: nil, diagnostic: d))
            }
        }
        return result
    }
}

/// What the cluster rules said about a set of policies.
public struct PolicySetFindings: Sendable {
    public var findings: [CrossPolicyFinding]
    /// Policy index → indices of its stateless findings that per-node
    /// verdicts replace.
    public var superseded: [Int: [Int]] = [:]
}
