import Admission
import Foundation
import KubeAPI
import Logging
import NMStateSchema
import PolicyRules
import SourceModel

/// Full mode's view of the cluster: three informers (NNCPs, Nodes,
/// NodeNetworkStates) feeding a ``ClusterState``, and the cluster-aware
/// rules run against its snapshots for each admission request.
///
/// It is the `Admission.ClusterRules` the admission controller calls and,
/// through ``notReadyReason`` (the executable wires it), the server's
/// readiness source. The cluster rules are unavailable
/// (the controller applies `--cluster-unavailable`; warn by default:
/// stateless rules still run) until every cache has synced once, and again
/// whenever a cache's list/watch has been failing for longer than
/// `staleAfter` (`--cluster-stale-after`), until it succeeds again.
///
/// Readiness follows only the first sync. A stale view does not make the
/// replica unready, on purpose: an API outage hits every replica at once,
/// and unready replicas would leave the webhook Service without endpoints,
/// so the apiserver would fall back to the webhook's `failurePolicy`
/// (rejecting every NNCP write with a connection error, or admitting them
/// with no rules at all). Staying ready keeps the stateless rules enforcing
/// and the operator's `--cluster-unavailable` choice in charge.
public final class ClusterWatcher: ClusterRules, Sendable {
    /// The default of `--cluster-stale-after`.
    public static let defaultStaleAfter: Duration = .seconds(30)
    /// Page size of NodeNetworkState lists.
    public static let statesPageSize = 20

    public let state: ClusterState
    let informers: [(ClusterState.Source, Informer)]
    let logger: Logger

    /// - Parameters:
    ///   - staleAfter: how long a cache may keep failing before the rules
    ///     stop using the view; zero keeps answering from the last view.
    ///   - profile: the nmstate profile nodes are judged with.
    ///   - now: the wall clock the failures are timed with (tests inject one).
    ///   - onSynced: called once, when every cache has completed its first
    ///     list (the process can then hand back the memory the first lists
    ///     needed only while they were read).
    public init(client: KubeClient, options: InformerOptions = InformerOptions(),
                staleAfter: Duration = ClusterWatcher.defaultStaleAfter,
                profile: Profile = .latest,
                now: @escaping @Sendable () -> Date = { Date() },
                onSynced: (@Sendable () -> Void)? = nil,
                logger: Logger) {
        let state = ClusterState(staleAfter: staleAfter, profile: profile, now: now)
        self.state = state
        self.logger = logger
        func informer(_ source: ClusterState.Source, _ resource: APIResource, upsert: @escaping @Sendable (Value) -> Void, remove: @escaping @Sendable (Value) -> Void) -> (ClusterState.Source, Informer) {
            // The view keeps what the rules need of each object, in its own
            // compact form: the informers keep only versions.
            var options = options
            options.keepsObjects = false
            if source == .states {
                // A NodeNetworkState is 10 KB up to etcd's 1.5 MB object
                // limit: small pages stay under the client's response
                // limit and bound what one list response holds in memory.
                options.pageSize = min(options.pageSize, Self.statesPageSize)
            }
            return (source, Informer(client: client, resource: resource, options: options, logger: logger, onChange: { event in
                switch event {
                case .added(let v), .updated(_, let v): upsert(v)
                case .deleted(let v): remove(v)
                case .synced:
                    if state.markSynced(source) { onSynced?() }
                }
            }, onHealth: { health in
                switch health {
                case .healthy: state.recordHealthy(source)
                case .failing(let error): state.recordFailure(source, error: error)
                }
            }))
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

    public func check(object: Value, oldObject: Value?, operation: AdmissionOperation, stateless: [Diagnostic]) -> ClusterCheckResult {
        state.check(object: object, oldObject: oldObject, operation: operation, stateless: stateless)
    }

    // MARK: Readiness

    /// Not ready until every cache has synced once; a stale view later
    /// keeps the replica ready (see the type's documentation).
    public var notReadyReason: String? {
        let missing = state.notSynced
        return missing.isEmpty ? nil : "cluster caches not synced: \(missing.map(\.rawValue).joined(separator: ", "))"
    }
}
