import Foundation
import GuardCore
import KubeAPI
import Logging
import NIOConcurrencyHelpers

/// Keeps the webhook's certificates valid, forever, across replicas.
///
/// Two jobs, with different owners:
///
/// - **Rotation (one replica).** Only the holder of the Lease (KubeAPI's
///   ``LeaderElector``) plans and writes: it loads the store, asks
///   ``RotationPlanner`` what to do, has ``RotationExecutor`` issue new
///   certificates, injects the bundle into the webhook configurations
///   *before* storing a certificate from a new CA (trust before use), then
///   writes the store, and sleeps until the next deadline, a resync or a
///   wake-up. Leadership ending cancels this at once (the elector steps
///   down within its renew deadline, so writes stop within one renew period).
/// - **Serving (every replica).** A ``ServingCertificateSource`` follows the
///   serving Secret; each new, well-formed pair goes to
///   `onServingCertificateChanged` (write the files, call the server's
///   `reloadNow()`). The rotating replica also hands what it has just
///   stored to its own server at once: its source may see the write only
///   at its next poll, and without a source (standalone, ``DirectoryStore``)
///   nothing else would.
///
/// Everything runs inside ``run()``'s task group, so cancelling the task
/// that runs it stops all of it (and the elector releases the Lease).
public final class RotationManager: Sendable {
    /// What the manager knows, for readiness, debugging and tests.
    public struct Status: Sendable {
        public var isLeader = false
        /// Completed leader passes (successful or not).
        public var passes = 0
        public var lastPassSucceeded: Bool?
        public var lastError: String?
        public var nextWakeUp: Date?
        public var caNotAfter: Date?
        public var servingNotAfter: Date?
        /// The serving certificate last handed to the hook.
        public var deliveredSerial: String?
        /// Rotations this process performed.
        public var caRotations = 0
        public var servingRotations = 0
    }

    /// One leader pass.
    public struct PassOutcome: Sendable {
        /// The actions planned at the start of the pass.
        public var actions: [RotationAction]
        public var newCASerial: String?
        public var newServingSerial: String?
        /// Entries whose caBundle this pass wrote.
        public var injected: [String]
        /// When the stored material needs attention next.
        public var nextWakeUp: Date
    }

    public let configuration: RotationManagerConfiguration
    private let store: any RotationStore
    private let injector: CABundleInjector?
    private let elector: LeaderElector?
    private let servingSource: (any ServingCertificateSource)?
    private let clock: any LeaderElectionClock
    private let metrics: RotationMetrics
    private let logger: Logger
    private let onServingCertificateChanged: @Sendable (ServingCertificate) async throws -> Void
    private let planner: RotationPlanner
    private let executor: RotationExecutor
    private let wakeSignal = WakeSignal()
    private let state = NIOLockedValueBox(Status())
    /// The pair last delivered, compared by content.
    private let delivered = NIOLockedValueBox<ServingCertificate?>(nil)
    /// Keeps deliveries from the source and from the leader's pass in order.
    private let deliveryGate = SerialGate()

    /// - Parameters:
    ///   - store: Where the certificates live.
    ///   - injector: Keeps caBundle of the webhook configurations; `nil` when
    ///     nothing is injected (standalone).
    ///   - leaderElector: Decides which replica rotates; `nil`: this one
    ///     always does (one replica, or a directory store).
    ///   - servingSource: Follows the serving Secret for this replica;
    ///     `nil`: the rotating replica delivers what it stores.
    ///   - clock: Time for deadlines and sleeps (tests pass a manual one;
    ///     pass the elector the same clock).
    ///   - onServingCertificateChanged: Called (sequentially) with each new
    ///     serving pair. A throw is logged and the pair is offered again on
    ///     the next change or pass.
    public init(
        configuration: RotationManagerConfiguration,
        store: any RotationStore,
        injector: CABundleInjector? = nil,
        leaderElector: LeaderElector? = nil,
        servingSource: (any ServingCertificateSource)? = nil,
        clock: any LeaderElectionClock = SystemLeaderElectionClock(),
        metrics: RotationMetrics = RotationMetrics(),
        logger: Logger = Logger(label: "nncp-guard.cert-rotation"),
        onServingCertificateChanged: @escaping @Sendable (ServingCertificate) async throws -> Void
    ) {
        self.configuration = configuration
        self.store = store
        self.injector = injector
        self.elector = leaderElector
        self.servingSource = servingSource
        self.clock = clock
        self.metrics = metrics
        self.logger = logger
        self.onServingCertificateChanged = onServingCertificateChanged
        self.planner = RotationPlanner(options: configuration.options)
        self.executor = RotationExecutor(options: configuration.options)
    }

    public var status: Status { state.withLockedValue { $0 } }

    /// Makes the rotating replica re-check now (e.g. after an external
    /// change it was told about). Harmless on other replicas.
    public func wake() { wakeSignal.fire() }

    // MARK: - Run

    /// Runs election, rotation and serving until the calling task is
    /// cancelled; then throws `CancellationError`.
    public func run() async throws {
        logger.info("certificate rotation starting", metadata: [
            "intervals": "\(configuration.options.intervals)",
            "leader_election": "\(elector.map { "\($0.leaseName) as \($0.identity)" } ?? "off (always rotating)")",
            "configurations": "\(injector?.configurations.map(\.description).joined(separator: ",") ?? "none")",
        ])
        try await withThrowingTaskGroup(of: Void.self) { group in
            if let elector {
                group.addTask { try await elector.run() }
            }
            if let servingSource {
                group.addTask {
                    try await servingSource.run { [self] serving in await self.receive(serving, wakeLeader: true) }
                }
            }
            group.addTask { try await self.leadershipLoop() }
            if let interval = configuration.metricsRefreshInterval {
                group.addTask { try await self.refreshMetrics(every: interval) }
            }
            // Children only end by cancellation (or an elector giving up):
            // either way, everything stops together.
            _ = try await group.next()
            group.cancelAll()
        }
        throw CancellationError()
    }

    /// Waits for leadership, rotates while leading, stops when it ends.
    private func leadershipLoop() async throws {
        guard let elector else {
            setLeader(true)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await self.leadLoop() }
                addConfigurationWatches(to: &group)
                _ = try await group.next()
                group.cancelAll()
            }
            return
        }
        while true {
            var leading = false
            for await isLeader in elector.leadership() where isLeader {
                leading = true
                break
            }
            try Task.checkCancellation()
            guard leading else { return }
            setLeader(true)
            logger.notice("leading: this replica rotates certificates", metadata: ["lease": "\(elector.leaseName)"])
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await self.leadLoop() }
                addConfigurationWatches(to: &group)
                group.addTask {
                    for await isLeader in elector.leadership() where !isLeader { return }
                }
                _ = try await group.next()
                group.cancelAll()
            }
            setLeader(false)
            try Task.checkCancellation()
            logger.notice("no longer leading: stopped rotating certificates", metadata: ["lease": "\(elector.leaseName)"])
        }
    }

    /// Passes until cancelled: after success sleep until the next deadline
    /// (at most a resync interval), after failure back off.
    private func leadLoop() async throws {
        var backoff = configuration.retryBackoff
        while true {
            try Task.checkCancellation()
            let delay: Duration
            do {
                let outcome = try await reconcile()
                backoff.reset()
                let seconds = max(0, outcome.nextWakeUp.timeIntervalSince(clock.now()))
                delay = min(configuration.resyncInterval, .seconds(seconds))
            } catch {
                if error is CancellationError || Task.isCancelled { throw CancellationError() }
                delay = backoff.next()
                logger.error("certificate rotation pass failed; retrying", metadata: [
                    "error": "\(error)", "retry_in": "\(GoDuration.format(delay))",
                ])
            }
            try await wakeSignal.sleep(for: delay, clock: clock)
        }
    }

    // MARK: - One pass

    /// One leader pass: load, plan, issue, inject, store, deliver. Public
    /// for one-shot use (`certs` tooling, tests); ``run()`` calls it in a
    /// loop while leading. Do not call it concurrently with itself.
    @discardableResult
    public func reconcile() async throws -> PassOutcome {
        do {
            let outcome = try await pass()
            state.withLockedValue { s in
                s.passes += 1
                s.lastPassSucceeded = true
                s.lastError = nil
                s.nextWakeUp = outcome.nextWakeUp
            }
            return outcome
        } catch {
            if !(error is CancellationError) {
                metrics.recordFailure()
                state.withLockedValue { s in
                    s.passes += 1
                    s.lastPassSucceeded = false
                    s.lastError = "\(error)"
                }
            }
            throw error
        }
    }

    private func pass() async throws -> PassOutcome {
        let now = clock.now()
        let current = try await store.load()
        let injected = try await injector?.currentBundles() ?? []
        let plan = planner.plan(current, injected: injected, now: now)
        for action in plan.actions {
            if case .injectBundle = action { continue }
            logger.notice("certificate action", metadata: ["action": "\(action)"])
        }

        var desired = current
        var executed: RotationExecutor.Outcome?
        if plan.changesStore {
            let outcome = try executor.execute(plan, on: current, now: now)
            desired = outcome.stored
            executed = outcome
        }

        // Trust before use: the new bundle reaches the webhook
        // configurations before a certificate that needs it is stored.
        var injectedTargets: [String] = []
        if let injector, let bundle = desired.serving?.caBundlePEM, !bundle.isEmpty {
            let report = try await injector.inject(bundlePEM: bundle)
            injectedTargets = report.written
            if !report.missing.isEmpty {
                logger.warning("webhook configuration not found; will inject when it appears", metadata: [
                    "configurations": "\(report.missing.map(\.description).joined(separator: ","))",
                ])
            }
        }

        if desired != current {
            // A replica that has just lost the lease must not write.
            try Task.checkCancellation()
            try await store.save(desired, replacing: current)
            if let serial = executed?.newCASerial {
                metrics.recordRotation(.ca)
                state.withLockedValue { $0.caRotations += 1 }
                logger.notice("stored a new CA", metadata: ["serial": "\(serial)"])
            }
            if let serial = executed?.newServingSerial {
                metrics.recordRotation(.serving)
                state.withLockedValue { $0.servingRotations += 1 }
                logger.notice("stored a new serving certificate", metadata: [
                    "serial": "\(serial)", "cross_signed_chain": "\(executed?.crossSigned ?? false)",
                ])
            }
        }

        // What was just stored (or found) is served now, not when the
        // source next looks; the source delivering it later is a no-op.
        if let serving = desired.serving {
            await receive(serving, wakeLeader: false)
        }

        let after = planner.plan(desired, now: now)
        guard after.isUpToDate else {
            throw CertRotationError(.invalidOptions, "the stored certificates still need: \(after.actions.map(\.description).joined(separator: "; "))")
        }
        state.withLockedValue { s in
            s.caNotAfter = after.caNotAfter
            s.servingNotAfter = after.servingNotAfter
        }
        recordExpiry(now: now)
        return PassOutcome(actions: plan.actions, newCASerial: executed?.newCASerial, newServingSerial: executed?.newServingSerial,
                           injected: injectedTargets, nextWakeUp: after.nextWakeUp)
    }

    // MARK: - Serving

    /// Hands a new, well-formed serving pair to the hook (once per pair,
    /// one call at a time).
    private func receive(_ stored: StoredCertificates.Serving, wakeLeader: Bool) async {
        await deliveryGate.run { await deliver(stored, wakeLeader: wakeLeader) }
    }

    private func deliver(_ stored: StoredCertificates.Serving, wakeLeader: Bool) async {
        let certificate: ServingCertificate
        do {
            certificate = try ServingCertificate(stored)
        } catch {
            logger.warning("the serving Secret holds no usable certificate; keeping the current one", metadata: ["error": "\(error)"])
            if wakeLeader { wakeSignal.fire() }
            return
        }
        let isNew = delivered.withLockedValue { last -> Bool in
            if last == certificate { return false }
            last = certificate
            return true
        }
        guard isNew else { return }
        if wakeLeader { wakeSignal.fire() }
        do {
            try await onServingCertificateChanged(certificate)
            state.withLockedValue { s in
                s.deliveredSerial = certificate.serialHex
                if !s.isLeader {
                    s.servingNotAfter = certificate.notValidAfter
                    s.caNotAfter = certificate.caNotValidAfter
                }
            }
            recordExpiry(now: clock.now())
            logger.info("serving certificate handed to the server", metadata: [
                "serial": "\(certificate.serialHex)", "not_after": "\(RotationPlan.timestamp(certificate.notValidAfter))",
            ])
        } catch {
            delivered.withLockedValue { $0 = nil }
            logger.error("installing the serving certificate failed", metadata: ["serial": "\(certificate.serialHex)", "error": "\(error)"])
        }
    }

    // MARK: - Helpers

    private func setLeader(_ leader: Bool) {
        state.withLockedValue { $0.isLeader = leader }
    }

    private func recordExpiry(now: Date) {
        let (ca, serving) = state.withLockedValue { ($0.caNotAfter, $0.servingNotAfter) }
        if let ca { metrics.recordExpiry(.ca, notAfter: ca, now: now) }
        if let serving { metrics.recordExpiry(.serving, notAfter: serving, now: now) }
    }

    private func refreshMetrics(every interval: Duration) async throws {
        while true {
            try await clock.sleep(for: interval)
            recordExpiry(now: clock.now())
        }
    }

    /// While leading (always, without an elector): a watch per webhook
    /// configuration, so an overwritten caBundle is put back at once.
    private func addConfigurationWatches(to group: inout ThrowingTaskGroup<Void, any Error>) {
        guard configuration.watchWebhookConfigurations, let injector else { return }
        for reference in injector.configurations {
            group.addTask { try await self.watch(reference, client: injector.client) }
        }
    }

    /// Wakes the leader on every change to one webhook configuration.
    private func watch(_ reference: WebhookConfigurationRef, client: KubeClient) async throws {
        let informer = Informer(
            client: client, resource: reference.kind.resource,
            options: InformerOptions(fieldSelector: "metadata.name=\(reference.name)"), logger: logger
        ) { [wakeSignal] event in
            if case .synced = event { return }
            if event.object.flatMap({ ObjectMetadata($0).name }) == reference.name { wakeSignal.fire() }
        }
        try await informer.run()
    }
}
