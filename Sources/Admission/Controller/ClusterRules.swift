import PolicyRules
import RuleCatalog
import SourceModel

/// Rules that need a view of the cluster (other policies, nodes, their
/// current network state). They are implemented elsewhere on top of cached
/// snapshots and plugged into ``AdmissionController``; the controller joins
/// their diagnostics with the stateless ones and applies one enforcement
/// policy to both.
///
/// `check` runs synchronously on the request path: read a snapshot, never
/// wait for the API server.
public protocol ClusterRules: Sendable {
    /// - Parameter stateless: what the stateless rules found; the result
    ///   never repeats those and may replace some (``ClusterCheckResult/superseded``).
    func check(object: Value, oldObject: Value?, operation: AdmissionOperation, stateless: [Diagnostic]) -> ClusterCheckResult
}

/// What cluster-aware rules found, and whether they could run at all.
public struct ClusterCheckResult: Sendable {
    public var diagnostics: [Diagnostic]
    /// Set when some or all checks were skipped (e.g. "node cache not
    /// synced"). The controller then warns "cluster checks skipped: …" or
    /// denies, as ``EnforcementPolicy/clusterUnavailable`` says.
    public var unavailableReason: String?
    /// Indices of the stateless findings that per-node verdicts replace
    /// (guesses about unknown nodes, once every selected node was judged
    /// from its own state).
    public var superseded: [Int]

    public init(diagnostics: [Diagnostic] = [], unavailableReason: String? = nil, superseded: [Int] = []) {
        self.diagnostics = diagnostics
        self.unavailableReason = unavailableReason
        self.superseded = superseded
    }

    public static func unavailable(_ reason: String) -> ClusterCheckResult {
        ClusterCheckResult(unavailableReason: reason)
    }

    /// The rule id findings about skipped cluster checks are counted under.
    public static let unavailableRule: RuleID = .clusterUnavailable
}

extension ClusterRules {
    /// The cluster findings alone, without stateless findings to compare with.
    public func check(object: Value, oldObject: Value?, operation: AdmissionOperation) -> ClusterCheckResult {
        check(object: object, oldObject: oldObject, operation: operation, stateless: [])
    }
}
