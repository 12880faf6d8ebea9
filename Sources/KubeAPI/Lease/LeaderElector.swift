import GuardCore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Logging
import NIOConcurrencyHelpers

/// Timing of leader election. Defaults follow client-go's 15 s lease.
public struct LeaderElectionConfiguration: Sendable {
    /// How long a lease stays valid after its last renewal; a candidate may
    /// take an unrenewed lease over after this long.
    public var leaseDuration: Duration
    /// How often the leader renews.
    public var renewPeriod: Duration
    /// How long the leader keeps trying after a failed renewal before it
    /// gives leadership up: it steps down no later than `renewDeadline`
    /// after its last successful renewal, which must come before the lease
    /// can expire for others.
    public var renewDeadline: Duration
    /// How often a candidate tries to acquire, and a leader retries a
    /// failed renewal.
    public var retryPeriod: Duration
    /// Limit on one get/create/update round trip.
    public var attemptTimeout: Duration
    /// Release the lease (empty holder) when ``LeaderElector/run()`` is
    /// cancelled, so a successor need not wait for expiry.
    public var releaseOnCancel: Bool

    public init(leaseDuration: Duration = .seconds(15), renewPeriod: Duration = .seconds(5), renewDeadline: Duration = .seconds(10),
                retryPeriod: Duration = .seconds(2), attemptTimeout: Duration = .seconds(5), releaseOnCancel: Bool = true) {
        self.leaseDuration = leaseDuration
        self.renewPeriod = renewPeriod
        self.renewDeadline = renewDeadline
        self.retryPeriod = retryPeriod
        self.attemptTimeout = attemptTimeout
        self.releaseOnCancel = releaseOnCancel
    }
}

/// Lease-based leader election among replicas, as client-go's
/// `leaderelection` package does it:
///
/// - A candidate takes the Lease when it does not exist, is released (no
///   holder), or has not changed for `leaseDuration` *as measured on the
///   candidate's own clock since it last saw the record change*, so clock
///   skew between replicas does not matter.
/// - Every takeover is a conditional update on the `resourceVersion` read,
///   so of two racing candidates exactly one wins.
/// - The leader renews every `renewPeriod`; if renewing fails it retries
///   every `retryPeriod` and steps down `renewDeadline` after its last
///   success (immediately if someone else holds the lease), before the
///   lease can expire for anyone else.
///
/// ``leadership()`` streams `true`/`false` as leadership changes.
public final class LeaderElector: Sendable {
    public let leaseName: String
    public let identity: String
    public let configuration: LeaderElectionConfiguration
    private let leases: LeaseClient
    private let clock: any LeaderElectionClock
    private let logger: Logger
    private let state = NIOLockedValueBox(State())

    private struct State: Sendable {
        var isLeader = false
        var subscribers: [Int: AsyncStream<Bool>.Continuation] = [:]
        var nextID = 0
        /// The last lease seen and when (our clock) its record last changed.
        var observed: Lease?
        var observedAt: Date?
    }

    public init(
        leases: LeaseClient, leaseName: String, identity: String,
        configuration: LeaderElectionConfiguration = LeaderElectionConfiguration(),
        clock: any LeaderElectionClock = SystemLeaderElectionClock(),
        logger: Logger = Logger(label: "nncp-guard.leader-election")
    ) {
        self.leases = leases
        self.leaseName = leaseName
        self.identity = identity
        self.configuration = configuration
        self.clock = clock
        var logger = logger
        logger[metadataKey: "lease"] = "\(leases.namespace)/\(leaseName)"
        logger[metadataKey: "identity"] = "\(identity)"
        self.logger = logger
    }

    /// Whether this replica currently leads.
    public var isLeader: Bool { state.withLockedValue { $0.isLeader } }

    /// The current leadership, then every change. Ends when ``run()`` returns.
    public func leadership() -> AsyncStream<Bool> {
        let (stream, continuation) = AsyncStream<Bool>.makeStream(bufferingPolicy: .unbounded)
        let id = state.withLockedValue { s in
            let id = s.nextID
            s.nextID += 1
            s.subscribers[id] = continuation
            continuation.yield(s.isLeader)
            return id
        }
        continuation.onTermination = { [weak self] _ in
            self?.state.withLockedValue { _ = $0.subscribers.removeValue(forKey: id) }
        }
        return stream
    }

    /// Campaigns and leads until the calling task is cancelled, then (if
    /// configured) releases the lease and throws `CancellationError`.
    public func run() async throws {
        defer { finish() }
        var lastRenewal: Date?
        do {
            while true {
                try Task.checkCancellation()
                let leading = isLeader
                let outcome = await attempt()
                let now = clock.now()
                switch outcome {
                case .held:
                    lastRenewal = now
                    setLeader(true)
                    try await clock.sleep(for: configuration.renewPeriod)
                case .heldByOther:
                    setLeader(false)
                    try await clock.sleep(for: configuration.retryPeriod)
                case .failed(let error):
                    let deadline = lastRenewal?.addingTimeInterval(configuration.renewDeadline.inSeconds)
                    if leading, let deadline, now < deadline {
                        logger.warning("renewing the lease failed; retrying", metadata: ["error": "\(error)"])
                        // Wake up at the deadline at the latest, so leadership
                        // ends on time even with a long retry period.
                        let remaining = Duration.nanoseconds(Int64(deadline.timeIntervalSince(now) * 1e9))
                        try await clock.sleep(for: min(configuration.retryPeriod, remaining))
                    } else {
                        if leading { logger.error("could not renew the lease in time; stepping down", metadata: ["error": "\(error)"]) }
                        setLeader(false)
                        try await clock.sleep(for: configuration.retryPeriod)
                    }
                }
            }
        } catch {
            if isLeader, configuration.releaseOnCancel {
                await releaseAfterCancellation()
            }
            setLeader(false)
            throw CancellationError()
        }
    }

    /// Gives the lease up now if we hold it (holder cleared, 1 s duration),
    /// so another replica can take over without waiting for expiry.
    public func release() async throws {
        guard let lease = state.withLockedValue({ $0.observed }), lease.record.holderIdentity == identity else { return }
        let now = clock.now()
        var record = lease.record
        record.holderIdentity = nil
        record.leaseDurationSeconds = 1
        record.renewTime = now
        record.acquireTime = now
        let updated = try await leases.update(lease, record: record)
        state.withLockedValue { s in
            s.observed = updated
            s.observedAt = now
        }
        setLeader(false)
        logger.info("released the lease")
    }

    // MARK: - One round

    private enum Outcome {
        case held
        case heldByOther
        case failed(any Error)
    }

    /// One get-then-create-or-update, bounded by `attemptTimeout`.
    private func attempt() async -> Outcome {
        do {
            return try await withTimeout(configuration.attemptTimeout, "lease \(leaseName)") { [self] in
                try await tryAcquireOrRenew()
            }
        } catch {
            return .failed(error)
        }
    }

    private func tryAcquireOrRenew() async throws -> Outcome {
        let now = clock.now()
        let durationSeconds = max(1, Int(configuration.leaseDuration.components.seconds))
        let desired = LeaseRecord(holderIdentity: identity, leaseDurationSeconds: durationSeconds, acquireTime: now, renewTime: now, leaseTransitions: 0)

        guard let current = try await leases.get(leaseName) else {
            do {
                let created = try await leases.create(leaseName, record: desired)
                observe(created, at: now)
                logger.info("acquired the lease (created it)")
                return .held
            } catch let error as KubeAPIError where error.code == .alreadyExists {
                return .heldByOther
            }
        }
        observe(current, at: now)
        let record = current.record
        let observedAt = state.withLockedValue { $0.observedAt } ?? now
        if record.isHeld, record.holderIdentity != identity {
            let validFor = Double(record.leaseDurationSeconds ?? durationSeconds)
            if now < observedAt.addingTimeInterval(validFor) { return .heldByOther }
        }
        var next = desired
        if record.holderIdentity == identity {
            next.acquireTime = record.acquireTime ?? now
            next.leaseTransitions = record.leaseTransitions ?? 0
        } else {
            next.leaseTransitions = (record.leaseTransitions ?? 0) + 1
        }
        do {
            let updated = try await leases.update(current, record: next)
            observe(updated, at: now)
            if record.holderIdentity != identity {
                logger.info("acquired the lease", metadata: ["previousHolder": "\(record.holderIdentity ?? "")"])
            }
            return .held
        } catch let error as KubeAPIError where error.code == .conflict {
            // Someone else wrote first; whoever it was, we do not hold it.
            return .heldByOther
        }
    }

    private func observe(_ lease: Lease, at now: Date) {
        state.withLockedValue { s in
            if s.observed?.record != lease.record || s.observedAt == nil { s.observedAt = now }
            s.observed = lease
        }
    }

    // MARK: - Leadership state

    /// Records leadership and tells subscribers and the log only when it
    /// changes: the leader calls this on every renewal, and one line per
    /// renewal would bury the one that matters.
    private func setLeader(_ leader: Bool) {
        let changed = state.withLockedValue { s -> Bool in
            guard s.isLeader != leader else { return false }
            s.isLeader = leader
            for continuation in s.subscribers.values { continuation.yield(leader) }
            return true
        }
        guard changed else { return }
        if leader {
            logger.info("became leader")
        } else {
            logger.info("no longer leader")
        }
    }

    private func finish() {
        let subscribers = state.withLockedValue { s in
            let all = s.subscribers
            s.subscribers = [:]
            return all
        }
        for continuation in subscribers.values { continuation.finish() }
    }

    /// The release has to reach the server although our task is cancelled:
    /// it runs in a child task of its own that this function awaits (so it
    /// has an owner), bounded by `attemptTimeout`.
    private func releaseAfterCancellation() async {
        let task = Task { [self] in
            try await withTimeout(configuration.attemptTimeout, "release lease \(leaseName)") { [self] in
                try await release()
            }
        }
        do {
            try await task.value
        } catch {
            logger.warning("could not release the lease", metadata: ["error": "\(error)"])
        }
    }
}
