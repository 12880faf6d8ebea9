import Admission
import PolicyRules
import SourceModel
import Synchronization

/// The live ``ClusterView``: informer callbacks mutate it, admission reads
/// immutable snapshots of it.
///
/// One lock guards one value. Readers copy the struct out (a reference-count
/// bump thanks to copy-on-write storage) and never wait for a writer to
/// finish an index rebuild; writers pay for the copy when a reader holds a
/// snapshot, which only happens on the (rare) informer events.
public final class ClusterState: Sendable {
    private let state = Mutex(Inner())

    struct Inner {
        var view = ClusterView()
        var nodes: [String: ClusterNode] = [:]
        var synced: Set<Source> = []
    }

    /// The three caches the cluster rules need.
    public enum Source: String, Sendable, CaseIterable {
        case policies = "NodeNetworkConfigurationPolicies"
        case nodes = "Nodes"
        case states = "NodeNetworkStates"
    }

    public init() {}

    /// The current view (cheap copy).
    public var view: ClusterView { state.withLock { $0.view } }

    /// Caches that have completed their first list.
    public var syncedSources: Set<Source> { state.withLock { $0.synced } }

    public var notSynced: [Source] {
        let synced = syncedSources
        return Source.allCases.filter { !synced.contains($0) }
    }

    public func markSynced(_ source: Source) {
        state.withLock { _ = $0.synced.insert(source) }
    }

    // MARK: Policies

    public func upsertPolicy(_ object: Value) {
        guard let name = object.at("metadata", "name")?.string else { return }
        let entry = PolicyEntry(name: name, object: object)
        state.withLock { $0.view.upsert(entry) }
    }

    public func removePolicy(_ object: Value) {
        guard let name = object.at("metadata", "name")?.string else { return }
        state.withLock { $0.view.remove(policy: name) }
    }

    // MARK: Nodes

    /// Nodes change often (status heartbeats), but the rules only read
    /// labels and InternalIPs: the node index is rebuilt only when those do.
    public func upsertNode(_ object: Value) {
        guard let node = ClusterNode(object: object) else { return }
        state.withLock { inner in
            guard inner.nodes[node.name] != node else { return }
            inner.nodes[node.name] = node
            inner.view.setNodes(Array(inner.nodes.values))
        }
    }

    public func removeNode(_ object: Value) {
        guard let name = object.at("metadata", "name")?.string else { return }
        state.withLock { inner in
            guard inner.nodes.removeValue(forKey: name) != nil else { return }
            inner.view.setNodes(Array(inner.nodes.values))
        }
    }

    // MARK: NodeNetworkStates

    public func upsertState(_ object: Value) {
        state.withLock { $0.view.setState(object: object) }
    }

    public func removeState(_ object: Value) {
        guard let name = object.at("metadata", "name")?.string else { return }
        state.withLock { $0.view.setState(node: name, currentState: nil) }
    }
}

extension ClusterState: ClusterRules {
    /// The cluster-aware rules on the current snapshot; "unavailable" until
    /// every cache has synced once (the controller then applies
    /// `--cluster-unavailable`).
    public func check(object: Value, oldObject: Value?, operation: AdmissionOperation) -> ClusterCheckResult {
        let missing = notSynced
        guard missing.isEmpty else {
            return .unavailable("\(missing.map(\.rawValue).joined(separator: ", ")) not synced yet")
        }
        return ClusterCheckResult(diagnostics: ClusterPolicyRules.check(object: object, oldObject: oldObject, operation: operation, view: view))
    }
}
