import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import Prometheus
import ServiceLifecycle

/// The admission webhook's HTTPS server.
///
/// Two listeners on one event loop group: TLS on ``ServerConfiguration/bind``
/// for admission requests and probes, plain HTTP on
/// ``ServerConfiguration/metricsBind`` for Prometheus and probes.
///
/// Use it as a swift-service-lifecycle `Service` (``run()`` binds, reloads
/// certificates, and on graceful shutdown drains connections), or drive it
/// directly with ``start()`` and ``shutdown()`` (tests, embedding).
public actor WebhookServer: Service {
    /// The ports actually bound (useful when the configuration asked for port 0).
    public struct ListeningAddresses: Sendable, Hashable {
        public var tlsPort: Int
        public var metricsPort: Int?
    }

    public let configuration: ServerConfiguration
    /// The serving certificate reloader; call `reloadNow()` on it after
    /// writing new files to skip the wait for the next check.
    public nonisolated let certificates: ServingCertificates
    public nonisolated let metrics: ServerMetrics

    /// The application's routes with the probe routes added.
    private let router: Router
    private let health: HealthState
    private let logger: Logger
    private let accessLog: AccessLog
    private let providedGroup: (any EventLoopGroup)?

    private struct Listener {
        let channel: any Channel
        let tracker: NIOLoopBound<ConnectionTracker>
    }

    private enum State {
        case idle
        case running(group: any EventLoopGroup, listeners: [Listener], addresses: ListeningAddresses)
        case stopped
    }
    private var state = State.idle

    /// - Parameters:
    ///   - routes: The application's routes on the TLS listener. The server
    ///     adds `GET`/`HEAD` `/healthz`, `/livez` and `/readyz` itself, and
    ///     counts each path registered here under its own `route` label.
    ///   - readiness: Extra readiness condition for `/readyz` (e.g. caches synced).
    ///   - registry: Where metrics go; the `/metrics` endpoint emits it whole.
    ///   - eventLoopGroup: Reuse a group; by default the server makes one with
    ///     ``ServerConfiguration/eventLoopThreads`` threads and shuts it down.
    ///   - logger: Server events. `accessLogger` gets one line per request
    ///     (defaults to `logger`), unless `accessLog` says where else.
    public init(
        configuration: ServerConfiguration,
        routes: Router,
        readiness: (any ReadinessSource)? = nil,
        registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry(),
        eventLoopGroup: (any EventLoopGroup)? = nil,
        logger: Logger,
        accessLogger: Logger? = nil,
        accessLog: AccessLog? = nil
    ) {
        self.configuration = configuration
        self.logger = logger
        self.accessLog = accessLog ?? .logger(accessLogger ?? logger)
        self.providedGroup = eventLoopGroup
        self.certificates = ServingCertificates(
            certificateFile: configuration.tls.certificateFile,
            keyFile: configuration.tls.keyFile,
            checkInterval: configuration.tls.reloadInterval,
            logger: logger
        )
        var metricRoutes = configuration.metricRoutes
        for path in routes.paths where !metricRoutes.contains(path) { metricRoutes.append(path) }
        self.metrics = ServerMetrics(registry: registry, routes: metricRoutes)
        let health = HealthState(certificates: certificates, source: readiness)
        self.health = health
        self.router = HealthResponder.adding(to: routes, health: health)
    }

    /// Ports bound by ``start()``, nil before.
    public var listeningAddresses: ListeningAddresses? {
        if case .running(_, _, let addresses) = state { return addresses }
        return nil
    }

    /// Loads the certificates and binds both listeners.
    ///
    /// Missing or broken certificate files are not an error here: the
    /// listener runs, handshakes fail and `/readyz` says why until the files
    /// appear. A broken `--client-ca-file` or an unusable address is.
    @discardableResult
    public func start() async throws -> ListeningAddresses {
        switch state {
        case .running(_, _, let addresses): return addresses
        case .stopped: throw WebhookServerError.alreadyStopped
        case .idle: break
        }
        // A successful load is logged by the reloader's callback.
        if certificates.reloadNow() == nil {
            logger.warning("no usable serving certificate yet; not ready until one loads", metadata: [
                "cert_file": "\(configuration.tls.certificateFile)", "key_file": "\(configuration.tls.keyFile)",
            ])
        }
        // Context creation may read the client CA file: blocking I/O, done
        // once here and never on an event loop.
        let sslContext = try NIOSSLContext(configuration: certificates.makeTLSConfiguration(configuration.tls))

        let group: any EventLoopGroup = providedGroup ?? MultiThreadedEventLoopGroup(numberOfThreads: configuration.eventLoopThreads)
        var listeners: [Listener] = []
        do {
            let tlsShared = HTTPConnectionHandler.Shared(
                router: router, metrics: metrics, limits: configuration.limits, accessLog: accessLog, logger: logger)
            listeners.append(try await bind(
                group: group, address: configuration.bind, tls: sslContext, shared: tlsShared, metrics: metrics))

            if let metricsBind = configuration.metricsBind {
                // Scrapes and probes only: small bodies, few connections.
                var metricLimits = configuration.limits
                metricLimits.maxBodyBytes = 4096
                metricLimits.maxConnections = 64
                let metricsRouter = HealthResponder.adding(
                    to: MetricsEndpoint.router(metrics: metrics, certificates: certificates), health: health)
                let metricsShared = HTTPConnectionHandler.Shared(
                    router: metricsRouter, metrics: nil, limits: metricLimits,
                    accessLog: .logger(logger.withLevel(atLeast: .notice)), logger: logger)
                listeners.append(try await bind(group: group, address: metricsBind, tls: nil, shared: metricsShared, metrics: nil))
            }
        } catch {
            for l in listeners { try? await l.channel.close() }
            if providedGroup == nil { try? await group.shutdownGracefully() }
            state = .stopped
            throw error
        }
        let addresses = ListeningAddresses(
            tlsPort: listeners[0].channel.localAddress?.port ?? configuration.bind.port,
            metricsPort: listeners.count > 1 ? listeners[1].channel.localAddress?.port : nil)
        state = .running(group: group, listeners: listeners, addresses: addresses)
        logger.info("listening", metadata: [
            "tls": "\(configuration.bind.host):\(addresses.tlsPort)",
            "metrics": "\(configuration.metricsBind.map { "\($0.host):\(addresses.metricsPort ?? $0.port)" } ?? "off")",
            "tls_min": "\(configuration.tls.minimumVersion.rawValue)",
            "client_auth": "\(configuration.tls.clientCAFile != nil)",
            "event_loops": "\(configuration.eventLoopThreads)",
        ])
        return addresses
    }

    /// `Service`: start, check certificates periodically, and on graceful
    /// shutdown (SIGTERM/SIGINT via `ServiceGroup`) or cancellation drain
    /// and stop.
    public func run() async throws {
        try await start()
        let certificates = self.certificates
        await withDiscardingTaskGroup { group in
            group.addTask { try? await certificates.run() }
            // Returns on graceful shutdown, throws on cancellation: either way, stop.
            try? await gracefulShutdown()
            await self.shutdown()
            group.cancelAll()
        }
    }

    /// Stops accepting, lets in-flight requests finish (at most
    /// ``ServerConfiguration/shutdownGracePeriod``), closes the rest.
    public func shutdown() async {
        guard case .running(let group, let listeners, _) = state else {
            state = .stopped
            return
        }
        state = .stopped
        health.markShuttingDown()
        logger.info("shutting down: draining connections", metadata: ["grace_ms": "\(configuration.shutdownGracePeriod.milliseconds)"])

        var drains: [EventLoopFuture<Void>] = []
        for l in listeners {
            let tracker = l.tracker
            drains.append(l.channel.eventLoop.flatSubmit { tracker.value.quiesce(on: tracker.eventLoop) })
            try? await l.channel.close()
        }
        // Whichever comes first: all connections closed, or the grace period.
        // Both complete one promise on one loop; a second completion is a no-op.
        let loop = listeners[0].channel.eventLoop
        let outcome = loop.makePromise(of: Bool.self)
        EventLoopFuture.andAllComplete(drains, on: loop).whenComplete { _ in outcome.succeed(true) }
        let timer = loop.scheduleTask(in: configuration.shutdownGracePeriod.timeAmount) { outcome.succeed(false) }
        let drainedInTime = (try? await outcome.futureResult.get()) ?? false
        timer.cancel()
        if !drainedInTime {
            logger.warning("grace period over; closing remaining connections")
            for l in listeners {
                let tracker = l.tracker
                l.channel.eventLoop.execute { tracker.value.closeAll() }
            }
            for d in drains { try? await d.get() }
        }
        if providedGroup == nil {
            try? await group.shutdownGracefully()
        }
        logger.info("stopped")
    }

    // MARK: - Binding

    private func bind(
        group: any EventLoopGroup, address: BindAddress, tls: NIOSSLContext?,
        shared: HTTPConnectionHandler.Shared, metrics: ServerMetrics?
    ) async throws -> Listener {
        let logger = self.logger
        let limits = shared.limits
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 512)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .serverChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        ConnectionTracker(maxConnections: limits.maxConnections, metrics: metrics, logger: logger))
                }
            }
            .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
            .childChannelOption(.maxMessagesPerRead, value: 4)
            // The end of input as an event, so answers waiting for the end
            // of the tick are flushed before the close (see ConnectionStateMachine).
            .childChannelOption(.allowRemoteHalfClosure, value: true)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let ops = channel.pipeline.syncOperations
                    if let tls {
                        try ops.addHandler(NIOSSLServerHandler(context: tls))
                    }
                    try Self.configureHTTPPipeline(ops, shared: shared)
                }
            }
            .bind(host: address.host, port: address.port)
            .get()

        let tracker = try await channel.eventLoop.submit {
            NIOLoopBound(try channel.pipeline.syncOperations.handler(type: ConnectionTracker.self), eventLoop: channel.eventLoop)
        }.get()
        return Listener(channel: channel, tracker: tracker)
    }

    // MARK: - The connection pipeline

    /// Adds everything that follows TLS on a connection: the write
    /// coalescer, NIO's HTTP/1.1 codec with pipelining assistance and error
    /// handling, and the connection handler. Every accepted connection gets
    /// exactly this, after its `NIOSSLServerHandler`.
    ///
    /// Public for fuzz harnesses (`Fuzz/`), which run the real request path
    /// on an `EmbeddedChannel` without sockets or TLS. Such a pipeline has
    /// no metrics, an access log on `logger`, and `/readyz` answers ready.
    @_spi(Fuzzing)
    public static func configureHTTPPipeline(
        _ pipeline: ChannelPipeline.SynchronousOperations, routes: Router, limits: Limits, logger: Logger
    ) throws {
        let router = HealthResponder.adding(to: routes, health: HealthState(certificates: nil, source: nil))
        let shared = HTTPConnectionHandler.Shared(router: router, metrics: nil, limits: limits, accessLog: .logger(logger), logger: logger)
        try configureHTTPPipeline(pipeline, shared: shared)
    }

    static func configureHTTPPipeline(_ ops: ChannelPipeline.SynchronousOperations, shared: HTTPConnectionHandler.Shared) throws {
        // Put there by the listener's ConnectionTracker; absent when the
        // pipeline is built without a listener.
        var activity: ConnectionActivity?
        if let carrier = try? ops.handler(type: ConnectionActivityCarrier.self) {
            activity = carrier.activity
            ops.removeHandler(carrier, promise: nil)
        }
        var decoderLimits = NIOHTTPDecoderLimitConfiguration()
        decoderLimits.maxHeaderListSize = shared.limits.maxHeaderBytes
        decoderLimits.maxHeaderFieldSize = shared.limits.maxHeaderBytes
        decoderLimits.maxHeaderFieldCount = 256

        try ops.addHandler(WriteCoalescingHandler())
        try ops.configureHTTPServerPipeline(
            withPipeliningAssistance: true,
            withErrorHandling: true,
            withOutboundHeaderValidation: true,
            withEncoderConfiguration: .init(),
            withDecoderLimitConfiguration: decoderLimits)
        try ops.addHandler(HTTPConnectionHandler(shared: shared, activity: activity, now: ops.eventLoop.now))
    }

    // MARK: - Test access

    /// The TLS listener's connection tracker counts: open now, the most ever
    /// open at once, evicted and refused (nil when not running).
    func connectionCounts() async -> (open: Int, peak: Int, evicted: Int, refused: Int)? {
        guard case .running(_, let listeners, _) = state else { return nil }
        let tracker = listeners[0].tracker
        return try? await tracker.eventLoop.submit {
            let t = tracker.value
            return (t.openCount, t.peakOpenCount, t.evictedCount, t.refusedCount)
        }.get()
    }

    /// The TLS listener's open connections, server side (tests).
    func openConnectionChannels() async -> [any Channel] {
        guard case .running(_, let listeners, _) = state else { return [] }
        let tracker = listeners[0].tracker
        return (try? await tracker.eventLoop.submit { tracker.value.openChannels }.get()) ?? []
    }
}

/// Errors from ``WebhookServer`` lifecycle calls, in the package's one
/// error style: a code to match on and the message a user reads.
public struct WebhookServerError: Error, Hashable, CustomStringConvertible, Sendable {
    /// What kind of failure, matchable with `==` and in `switch`.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// ``WebhookServer/start()`` after ``WebhookServer/shutdown()``: a server runs once.
        public static let alreadyStopped = Code("alreadyStopped")
    }

    public let code: Code
    public let message: String

    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    /// ``WebhookServer/start()`` after ``WebhookServer/shutdown()``.
    public static let alreadyStopped = WebhookServerError(code: .alreadyStopped, message: "the server was already stopped; create a new one")

    public var description: String { message }
}

extension Logger {
    /// A copy that logs only at `level` or above (never below the original).
    func withLevel(atLeast level: Logger.Level) -> Logger {
        var copy = self
        if copy.logLevel < level { copy.logLevel = level }
        return copy
    }
}
