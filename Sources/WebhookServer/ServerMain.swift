import Admission
import Logging
import Metrics
import NIOCore
import Prometheus
import ServiceLifecycle

/// The shared body of `nncp-guard serve` and `nncp-guard-slim`.
///
/// Does the process-wide parts exactly once and in the right order:
/// logging, then metrics (so handlers built afterwards report into the same
/// Prometheus registry the `/metrics` endpoint serves), then the handler,
/// then the server under a `ServiceGroup` that turns SIGTERM/SIGINT into a
/// graceful shutdown.
public enum ServerMain {
    /// Bootstraps logging and metrics, builds the handler, serves until
    /// SIGTERM/SIGINT, drains, and returns (exit code 0 is the caller's).
    ///
    /// - Parameters:
    ///   - makeHandler: Called after bootstrapping, with a logger for it. That
    ///     logger only passes warnings and above: the access log already
    ///     writes one line per request with the handler's `logFields`, so the
    ///     handler's own per-request lines would say everything twice.
    ///   - onListening: Called once both listeners are bound (e.g. to print
    ///     a hint for developers).
    public static func run(
        configuration: ServerConfiguration,
        logFormat: LogSetup.Format,
        logLevel: Logger.Level,
        readiness: (any ReadinessSource)? = nil,
        makeHandler: (Logger) throws -> any WebhookHandler,
        onListening: (WebhookServer.ListeningAddresses) -> Void = { _ in }
    ) async throws {
        LogSetup.bootstrap(format: logFormat, level: logLevel)
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))

        let logger = Logger(label: "nncp-guard.server")
        let handler = try makeHandler(Logger(label: "nncp-guard.admission").withLevel(atLeast: .warning))
        let server = WebhookServer(
            configuration: configuration, handler: handler, readiness: readiness,
            registry: registry, logger: logger, accessLogger: Logger(label: "nncp-guard.access"))
        let addresses = try await server.start()
        onListening(addresses)

        let group = ServiceGroup(configuration: .init(
            services: [.init(service: server)],
            gracefulShutdownSignals: [.sigterm, .sigint],
            cancellationSignals: [],
            logger: logger))
        try await group.run()
    }
}
