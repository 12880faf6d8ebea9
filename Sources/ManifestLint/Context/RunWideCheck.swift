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

/// PolicyRules' cross-policy conflict detection over the run's NNCPs.
public struct CrossPolicyRunCheck: RunWideCheck {
    public init() {}

    public func check(_ snapshot: RunSnapshot) -> [RunFinding] {
        guard !snapshot.policies.isEmpty else { return [] }
        return CrossPolicyChecker.check(snapshot.policies).map {
            RunFinding(policyIndex: $0.policyIndex, otherIndex: $0.otherIndex, diagnostic: $0.diagnostic)
        }
    }
}
