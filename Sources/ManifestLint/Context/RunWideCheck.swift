import PolicyRules
import SourceModel

/// Where an NNCP of the run came from.
public struct PolicyReference: Sendable, Hashable {
    /// Index into ``LintReport/files``.
    public var fileIndex: Int
    /// Index into that file's ``FileReport/documents``.
    public var documentIndex: Int
}

/// Every NNCP of a run, as run-wide checks see them.
public struct RunSnapshot: Sendable {
    /// In run order (files sorted, documents in file order).
    public var policies: [PolicyEntry]
    /// `references[i]` says where `policies[i]` came from.
    public var references: [PolicyReference]
    public var cluster: ClusterContext

    public init(policies: [PolicyEntry], references: [PolicyReference], cluster: ClusterContext) {
        self.policies = policies
        self.references = references
        self.cluster = cluster
    }
}

/// A finding about `policies[policyIndex]`, possibly because of
/// `policies[otherIndex]`. The diagnostic's path and location are relative
/// to the policy object (lint adds a `List` item prefix where needed).
public struct RunFinding: Sendable {
    public var policyIndex: Int
    public var otherIndex: Int?
    public var diagnostic: Diagnostic

    public init(policyIndex: Int, otherIndex: Int? = nil, diagnostic: Diagnostic) {
        self.policyIndex = policyIndex
        self.otherIndex = otherIndex
        self.diagnostic = diagnostic
    }
}

/// A check that needs the whole run: conflicts between policies, and rules
/// that need the cluster (``RunSnapshot/cluster``). Per-document rules
/// belong in PolicyRules instead, where admission uses them too.
public protocol RunWideCheck: Sendable {
    func check(_ snapshot: RunSnapshot) -> [RunFinding]
}

/// PolicyRules' cross-policy and cluster-aware rules over the run's NNCPs,
/// the same rules admission runs:
/// - conflicts between the run's policies, decided on real nodes when
///   `--nodes` is given (findings then name example nodes), else on
///   whether the selectors can match one node;
/// - with `--nodes`: static addresses reaching several nodes, selectors
///   matching no node, and — against `--previous` — nodeSelector changes
///   that strand configuration or newly reach control-plane nodes;
/// - with `--states` too: changes that would cut a node off.
public struct CrossPolicyRunCheck: RunWideCheck {
    public init() {}

    public func check(_ snapshot: RunSnapshot) -> [RunFinding] {
        guard !snapshot.policies.isEmpty else { return [] }
        let view = Self.view(snapshot.cluster)
        var findings = CrossPolicyChecker.check(snapshot.policies, view: view).map {
            RunFinding(policyIndex: $0.policyIndex, otherIndex: $0.otherIndex, diagnostic: $0.diagnostic)
        }
        guard let view else { return findings }
        // The run's policies are compared with each other above; here each is
        // checked against the cluster (selectors, previous version, node safety).
        let options = ClusterPolicyRules.Options(conflicts: false, staticAddresses: false)
        for (i, policy) in snapshot.policies.enumerated() {
            let previous = snapshot.cluster.previousPolicy(named: policy.name)?.value
            let operation: AdmissionOperation = previous == nil ? .create : .update
            for d in ClusterPolicyRules.check(object: policy.object, oldObject: previous, operation: operation, view: view, options: options) {
                findings.append(RunFinding(policyIndex: i, diagnostic: d))
            }
        }
        return findings
    }

    /// A cluster view from `--nodes` and `--states`; nil without nodes.
    static func view(_ cluster: ClusterContext) -> ClusterView? {
        let nodes = cluster.nodes.compactMap { ClusterNode(object: $0.value) }
        guard !nodes.isEmpty else { return nil }
        var states: [String: Value] = [:]
        for s in cluster.states {
            if let name = s.name, let current = s.value.at("status", "currentState") { states[name] = current }
        }
        return ClusterView(nodes: nodes, states: states)
    }
}
