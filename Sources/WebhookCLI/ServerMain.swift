import Logging
import Metrics
import NIOCore
import Prometheus
import ServiceLifecycle
import WebhookServer

/// The shared body of `nncp-guard serve` and `nncp-guard-slim`.
///
/// Does the process-wide parts exactly once and in the right order:
/// logging, then metrics (so responders built afterwards report into the
/// same Prometheus registry the `/metrics` endpoint serves), then the
/// routes, then the server under a `ServiceGroup` that turns SIGTERM/SIGINT
/// into a graceful shutdown.
package enum ServerMain {
    /// Bootstraps logging and metrics for the process. Call once, before
    /// building anything that records metrics (the admission controller,
    /// the certificate rotation manager).
    ///
    /// - Parameters:
    ///   - metricHelp: `# HELP` texts of the other modules' metrics.
    ///   - timerBuckets: Histogram buckets for timers whose range the
    ///     backend's defaults (from 5 ms up) do not fit.
    package static func bootstrap(
        logFormat: LogSetup.Format, logLevel: Logger.Level,
        metricHelp: [String: String] = [:], timerBuckets: [String: [Duration]] = [:]
    ) -> PrometheusCollectorRegistry {
        LogSetup.bootstrap(format: logFormat, level: logLevel)
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(DescribedMetricsFactory(registry: registry, help: metricHelp, timerBuckets: timerBuckets))
        return registry
    }

    /// Bootstraps logging and metrics, builds the routes, serves until
    /// SIGTERM/SIGINT, drains, and returns (exit code 0 is the caller's).
    ///
    /// - Parameters:
    ///   - makeRoutes: Called after bootstrapping, so that what it builds
    ///     records into the bootstrapped metrics backend.
    ///   - onListening: Called once both listeners are bound (e.g. to print
    ///     a hint for developers).
    package static func run(
        configuration: ServerConfiguration,
        logFormat: LogSetup.Format,
        logLevel: Logger.Level,
        metricHelp: [String: String] = [:],
        timerBuckets: [String: [Duration]] = [:],
        readiness: (any ReadinessSource)? = nil,
        makeRoutes: () throws -> Router,
        onListening: (WebhookServer.ListeningAddresses) -> Void = { _ in }
    ) async throws {
        let registry = bootstrap(logFormat: logFormat, logLevel: logLevel, metricHelp: metricHelp, timerBuckets: timerBuckets)
        try await serve(configuration: configuration, registry: registry, readiness: readiness,
                        accessLog: accessLog(format: logFormat, level: logLevel),
                        makeRoutes: makeRoutes, onListening: onListening)
    }

    /// The access log for a process bootstrapped with `format` and `level`:
    /// with JSON, lines are formatted directly (see ``AccessLog``); with
    /// text, they go through swift-log's handler like every other line.
    package static func accessLog(format: LogSetup.Format, level: Logger.Level) -> AccessLog {
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
    package static func serve(
        configuration: ServerConfiguration,
        registry: PrometheusCollectorRegistry,
        readiness: (any ReadinessSource)? = nil,
        services: [any Service] = [],
        accessLog: AccessLog? = nil,
        makeRoutes: () throws -> Router,
        onServer: (WebhookServer) -> Void = { _ in },
        onListening: (WebhookServer.ListeningAddresses) -> Void = { _ in }
    ) async throws {
        let logger = Logger(label: "nncp-guard.server")
        let server = WebhookServer(
            configuration: configuration, routes: try makeRoutes(), readiness: readiness,
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
