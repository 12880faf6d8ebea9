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
    /// Bootstraps logging and metrics for the process. Call once, before
    /// building anything that records metrics (the admission controller,
    /// the certificate rotation manager).
    ///
    /// - Parameter metricHelp: `# HELP` texts of the other modules' metrics
    ///   (the admission metrics' are always included).
    public static func bootstrap(logFormat: LogSetup.Format, logLevel: Logger.Level, metricHelp: [String: String] = [:]) -> PrometheusCollectorRegistry {
        LogSetup.bootstrap(format: logFormat, level: logLevel)
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(metricsFactory(registry: registry, metricHelp: metricHelp))
        return registry
    }

    /// The swift-metrics backend ``bootstrap(logFormat:logLevel:metricHelp:)``
    /// installs: help texts, and admission timer buckets sized for its
    /// microsecond-to-millisecond range.
    public static func metricsFactory(registry: PrometheusCollectorRegistry, metricHelp: [String: String] = [:]) -> DescribedMetricsFactory {
        DescribedMetricsFactory(
            registry: registry,
            help: AdmissionMetricNames.help.merging(metricHelp) { _, extra in extra },
            timerBuckets: [AdmissionMetricNames.durationSeconds: AdmissionMetricNames.suggestedDurationBuckets])
    }

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
        let registry = bootstrap(logFormat: logFormat, logLevel: logLevel)
        try await serve(configuration: configuration, registry: registry, readiness: readiness,
                        accessLog: accessLog(format: logFormat, level: logLevel),
                        makeHandler: makeHandler, onListening: onListening)
    }

    /// The access log for a process bootstrapped with `format` and `level`:
    /// with JSON, lines are formatted directly (see ``AccessLog``); with
    /// text, they go through swift-log's handler like every other line.
    public static func accessLog(format: LogSetup.Format, level: Logger.Level) -> AccessLog {
        switch format {
        case .json: return .jsonLines(fileDescriptor: 2, label: accessLabel, level: level)
        case .text: return .logger(Logger(label: accessLabel))
        }
    }

    static let accessLabel = "nncp-guard.access"

    /// Serves after ``bootstrap(logFormat:logLevel:)``.
    ///
    /// - Parameters:
    ///   - services: Run alongside the server in the same `ServiceGroup`
    ///     (cluster caches, certificate rotation). They are listed after the
    ///     server, so on shutdown they stop first.
    ///   - onServer: Called with the server before it starts (e.g. to hand
    ///     its certificate reloader to the rotation manager).
    public static func serve(
        configuration: ServerConfiguration,
        registry: PrometheusCollectorRegistry,
        readiness: (any ReadinessSource)? = nil,
        services: [any Service] = [],
        accessLog: AccessLog? = nil,
        makeHandler: (Logger) throws -> any WebhookHandler,
        onServer: (WebhookServer) -> Void = { _ in },
        onListening: (WebhookServer.ListeningAddresses) -> Void = { _ in }
    ) async throws {
        let logger = Logger(label: "nncp-guard.server")
        let handler = try makeHandler(Logger(label: "nncp-guard.admission").withLevel(atLeast: .warning))
        let server = WebhookServer(
            configuration: configuration, handler: handler, readiness: readiness,
            registry: registry, logger: logger, accessLog: accessLog ?? .logger(Logger(label: accessLabel)))
        onServer(server)
        let addresses = try await server.start()
        onListening(addresses)

        let group = ServiceGroup(configuration: .init(
            services: [.init(service: server)] + services.map { .init(service: $0) },
            gracefulShutdownSignals: [.sigterm, .sigint],
            cancellationSignals: [],
            logger: logger))
        try await group.run()
    }
}
