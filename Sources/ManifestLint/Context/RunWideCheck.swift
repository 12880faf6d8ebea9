import NMStateSchema
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
    /// Per policy, what the per-document rules found (paths relative to
    /// the policy object).
    public var stateless: [[Diagnostic]]

    public init(policies: [PolicyEntry], references: [PolicyReference], cluster: ClusterContext, stateless: [[Diagnostic]] = []) {
        self.policies = policies
        self.references = references
        self.cluster = cluster
        self.stateless = stateless
    }
}

/// What a run-wide check found.
public struct RunResult: Sendable {
    public var findings: [RunFinding]
    /// Policy index → indices (into ``RunSnapshot/stateless``) of findings
    /// that per-node verdicts replace.
    public var superseded: [Int: [Int]]

    public init(findings: [RunFinding] = [], superseded: [Int: [Int]] = [:]) {
        self.findings = findings
        self.superseded = superseded
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
    func check(_ snapshot: RunSnapshot) -> RunResult
}

/// PolicyRules' cross-policy and cluster-aware rules over the run's NNCPs,
/// the same rules admission runs:
/// - conflicts between the run's policies, decided on real nodes when
///   `--nodes` is given (findings then name example nodes), else on
///   whether the selectors can match one node;
/// - with `--nodes`: static addresses reaching several nodes, selectors
///   matching no node, and — against `--previous` — nodeSelector changes
///   that strand configuration or newly reach control-plane nodes;
/// - with `--states` too: each policy judged on every selected node as
///   that node will apply it (captures resolved, merged with its state),
///   conflicts compared on what each node resolves, and changes that would
///   cut a node off.
public struct CrossPolicyRunCheck: RunWideCheck {
    public var profile: Profile

    public init(profile: Profile = .latest) {
        self.profile = profile
    }

    public func check(_ snapshot: RunSnapshot) -> RunResult {
        guard !snapshot.policies.isEmpty else { return RunResult() }
        let view = Self.view(snapshot.cluster)
        let previous = snapshot.cluster
        let set = CrossPolicyChecker.checkSet(snapshot.policies, view: view, stateless: snapshot.stateless,
                                              previous: { previous.previousPolicy(named: $0)?.value },
                                              evaluator: NodeEvaluator(profile: profile))
        let findings = set.findings.map {
            RunFinding(policyIndex: $0.policyIndex, otherIndex: $0.otherIndex, diagnostic: $0.diagnostic)
        }
        return RunResult(findings: findings, superseded: set.superseded)
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
