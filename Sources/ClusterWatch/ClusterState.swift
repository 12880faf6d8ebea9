import Admission
import Foundation
import GuardCore
import KubeAPI
import NMStateSchema
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
///
/// It also knows whether the view can be trusted (``unavailableReason``):
/// not before every cache has completed its first list, and not once a
/// cache's list/watch has been failing without a break for longer than
/// `staleAfter` (the view may then be missing any number of changes). A
/// cache that reconnects quickly (a watch timeout, a dropped connection, a
/// 410 and a relist) never gets that far: one success ends the failure.
public final class ClusterState: Sendable {
    private let state: Mutex<Inner>
    /// Where node states are kept (the view's store; states are built
    /// outside the lock).
    private let store: StateNodeStore
    /// How long a cache may fail before the view counts as stale; zero disables.
    public let staleAfter: Duration
    private let now: @Sendable () -> Date
    /// How policies are judged on each node; its verdict cache lives as
    /// long as this state.
    public let evaluator: NodeEvaluator

    struct Inner {
        var view = ClusterView()
        var synced: Set<Source> = []
        var failures: [Source: Failure] = [:]
    }

    /// The three caches the cluster rules need.
    public enum Source: String, Sendable, CaseIterable {
        case policies = "NodeNetworkConfigurationPolicies"
        case nodes = "Nodes"
        case states = "NodeNetworkStates"
    }

    /// A cache whose list/watch has been failing since `since`.
    public struct Failure: Sendable, Equatable {
        /// The first failure after the last success.
        public var since: Date
        /// The latest failure.
        public var lastError: String
    }

    /// - Parameters:
    ///   - staleAfter: how long a cache's list/watch may keep failing before
    ///     the rules stop using the view; zero (the default, for a view
    ///     filled by hand) never judges it stale.
    ///   - now: the wall clock (injectable for tests).
    ///   - profile: the nmstate profile nodes are judged with.
    public init(staleAfter: Duration = .zero, profile: Profile = .latest, now: @escaping @Sendable () -> Date = { Date() }) {
        self.staleAfter = max(.zero, staleAfter)
        self.now = now
        self.evaluator = NodeEvaluator(profile: profile, cache: GroupVerdictCache(), resolutions: ResolutionCache())
        let store = StateNodeStore()
        self.store = store
        self.state = Mutex(Inner(view: ClusterView(store: store)))
    }

    /// The current view (cheap copy).
    public var view: ClusterView { state.withLock { $0.view } }

    /// Caches that have completed their first list.
    public var syncedSources: Set<Source> { state.withLock { $0.synced } }

    public var notSynced: [Source] {
        let synced = syncedSources
        return Source.allCases.filter { !synced.contains($0) }
    }

    /// Records that `source` has completed a list; true when this made
    /// every cache synced for the first time.
    @discardableResult
    public func markSynced(_ source: Source) -> Bool {
        state.withLock { inner in
            let before = inner.synced.count
            inner.synced.insert(source)
            return before < Source.allCases.count && inner.synced.count == Source.allCases.count
        }
    }

    // MARK: Health

    /// A list or watch of `source` failed. The first failure after a
    /// success starts the clock; later ones only update the error.
    public func recordFailure(_ source: Source, error: String) {
        let at = now()
        state.withLock { inner in
            if inner.failures[source] != nil {
                inner.failures[source]!.lastError = error
            } else {
                inner.failures[source] = Failure(since: at, lastError: error)
            }
        }
    }

    /// A list or watch of `source` succeeded: it is fresh again.
    public func recordHealthy(_ source: Source) {
        state.withLock { _ = $0.failures.removeValue(forKey: source) }
    }

    /// Caches failing right now (however briefly).
    public var failures: [Source: Failure] { state.withLock { $0.failures } }

    /// Why the cluster rules cannot use the view now, or `nil` when they
    /// can: caches that have not synced yet, or that have been failing for
    /// longer than ``staleAfter``. Names the caches, since when and the
    /// last error.
    public var unavailableReason: String? {
        let at = now()
        let (synced, failures) = state.withLock { ($0.synced, $0.failures) }
        return Self.unavailableReason(synced: synced, failures: failures, now: at, staleAfter: staleAfter)
    }

    /// Pure, and called outside the lock: the text is built only while
    /// something is wrong, and never holds up an informer's write.
    private static func unavailableReason(synced: Set<Source>, failures: [Source: Failure], now: Date, staleAfter: Duration) -> String? {
        if failures.isEmpty && synced.count == Source.allCases.count { return nil }
        var parts: [String] = []
        let missing = Source.allCases.filter { !synced.contains($0) }
        if !missing.isEmpty {
            var text = "\(missing.map(\.rawValue).joined(separator: ", ")) not synced yet"
            let errors = missing.compactMap { source in failures[source].map { "\(source.rawValue): \(short($0.lastError))" } }
            if !errors.isEmpty { text += " (\(errors.joined(separator: "; ")))" }
            parts.append(text)
        }
        if staleAfter > .zero {
            let limit = staleAfter.inSeconds
            // Caches failing alike (the usual case: the API server is gone)
            // share one clause, so the reason fits in a warning.
            var stale: [(sources: [String], detail: String)] = []
            for source in Source.allCases where synced.contains(source) {
                guard let failure = failures[source] else { continue }
                let elapsed = now.timeIntervalSince(failure.since)
                guard elapsed >= limit else { continue }
                let detail = "list/watch failing since \(timestamp(failure.since)) (\(age(elapsed))): \(short(failure.lastError))"
                if let i = stale.firstIndex(where: { $0.detail == detail }) {
                    stale[i].sources.append(source.rawValue)
                } else {
                    stale.append(([source.rawValue], detail))
                }
            }
            parts += stale.map { "\($0.sources.joined(separator: ", ")) \($0.detail)" }
        }
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
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
    /// labels and InternalIPs: the view ignores updates that change neither.
    public func upsertNode(_ object: Value) {
        guard let node = ClusterNode(object: object) else { return }
        state.withLock { $0.view.upsertNode(node) }
    }

    public func removeNode(_ object: Value) {
        guard let name = object.at("metadata", "name")?.string else { return }
        state.withLock { $0.view.removeNode(named: name) }
    }

    // MARK: NodeNetworkStates

    /// The state is prepared (sorted, fingerprinted) before the lock is
    /// taken, so readers never wait for that work.
    public func upsertState(_ object: Value) {
        guard let name = object.at("metadata", "name")?.string else { return }
        let prepared = object.at("status", "currentState").map { NodeNetworkState(currentState: $0, store: store) }
        state.withLock { $0.view.setState(node: name, prepared) }
    }

    public func removeState(_ object: Value) {
        guard let name = object.at("metadata", "name")?.string else { return }
        state.withLock { $0.view.setState(node: name, nil as NodeNetworkState?) }
    }
}

extension ClusterState: ClusterRules {
    /// The cluster-aware rules on the current snapshot, or "unavailable"
    /// (the controller then applies `--cluster-unavailable`) while
    /// ``unavailableReason`` says why the view cannot be used. Never waits
    /// for the API server: one lock, one copy, one clock read.
    public func check(object: Value, oldObject: Value?, operation: AdmissionOperation, stateless: [Diagnostic]) -> ClusterCheckResult {
        let at = now()
        let (view, synced, failures) = state.withLock { ($0.view, $0.synced, $0.failures) }
        if let reason = Self.unavailableReason(synced: synced, failures: failures, now: at, staleAfter: staleAfter) {
            return .unavailable(reason)
        }
        let findings = ClusterPolicyRules.evaluate(object: object, oldObject: oldObject, operation: operation, view: view,
                                                   stateless: stateless, evaluator: evaluator)
        return ClusterCheckResult(diagnostics: findings.diagnostics, superseded: findings.superseded)
    }
}

// MARK: - Reason text

extension ClusterState {
    /// The reason travels in a warning or a denial message, so errors are
    /// kept short: the request line is dropped (the cache's name says
    /// which resource) and long errors (a proxy's HTML page) are cut.
    static func short(_ error: String, limit: Int = 240) -> String {
        var text = error
        for method in ["GET /", "PUT /", "POST /", "PATCH /", "DELETE /"] {
            // `transport: GET /api/v1/nodes: watch connection broken…`
            guard let start = text.range(of: method),
                  let end = text[start.upperBound...].range(of: ": "),
                  !text[start.upperBound..<end.lowerBound].contains(" ") else { continue }
            text.removeSubrange(start.lowerBound..<end.upperBound)
            break
        }
        return text.count <= limit ? text : String(text.prefix(limit)) + "…"
    }

    /// RFC 3339 in UTC, whole seconds: `2026-01-02T03:04:05Z`.
    static func timestamp(_ date: Date) -> String {
        RFC3339.format(unixSeconds: Int64(date.timeIntervalSince1970.rounded(.down)))
    }

    /// `38s`, `2m5s`, `1h0m12s`.
    static func age(_ interval: TimeInterval) -> String {
        GoDuration.format(.seconds(max(0, Int64(interval.rounded(.down)))))
    }
}
