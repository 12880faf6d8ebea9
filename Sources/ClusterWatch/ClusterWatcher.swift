import Admission
import KubeAPI
import Logging
import PolicyRules
import SourceModel

/// Full mode's view of the cluster: three informers (NNCPs, Nodes,
/// NodeNetworkStates) feeding a ``ClusterState``, and the cluster-aware
/// rules run against its snapshots for each admission request.
///
/// It is the `Admission.ClusterRules` the admission controller calls and
/// the readiness source of the server: not ready until every cache has
/// synced once. While a cache is missing the controller applies
/// `--cluster-unavailable` (warn by default: stateless rules still run).
public final class ClusterWatcher: ClusterRules, ReadinessSource, Sendable {
    public let state: ClusterState
    let informers: [(ClusterState.Source, Informer)]
    let logger: Logger

    public init(client: KubeClient, options: InformerOptions = InformerOptions(), logger: Logger) {
        let state = ClusterState()
        self.state = state
        self.logger = logger
        func informer(_ source: ClusterState.Source, _ resource: KubeAPI.GroupVersionResource, upsert: @escaping @Sendable (Value) -> Void, remove: @escaping @Sendable (Value) -> Void) -> (ClusterState.Source, Informer) {
            (source, Informer(client: client, resource: resource, options: options, logger: logger) { event in
                switch event {
                case .added(let v), .updated(_, let v): upsert(v)
                case .deleted(let v): remove(v)
                case .synced: state.markSynced(source)
                }
            })
        }
        informers = [
            informer(.nodes, .nodes, upsert: state.upsertNode, remove: state.removeNode),
            informer(.states, .nodeNetworkStates, upsert: state.upsertState, remove: state.removeState),
            informer(.policies, .nodeNetworkConfigurationPolicies, upsert: state.upsertPolicy, remove: state.removePolicy),
        ]
    }

    /// Runs the informers until cancelled (each reconnects on its own).
    public func run() async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (source, informer) in informers {
                group.addTask { [logger] in
                    do {
                        try await informer.run()
                    } catch is CancellationError {
                    } catch {
                        logger.error("cache stopped", metadata: ["cache": "\(source.rawValue)", "error": "\(error)"])
                        throw error
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    // MARK: ClusterRules

    public func check(object: Value, oldObject: Value?, operation: AdmissionOperation) -> ClusterCheckResult {
        state.check(object: object, oldObject: oldObject, operation: operation)
    }

    // MARK: ReadinessSource

    public var notReadyReason: String? {
        let missing = state.notSynced
        return missing.isEmpty ? nil : "cluster caches not synced: \(missing.map(\.rawValue).joined(separator: ", "))"
    }
}
