import Admission
import ArgumentParser
import Foundation
import Logging
import NMStateSchema
import WebhookServer

/// `nncp-guard-slim`: the admission webhook with stateless rules only.
///
/// Links the server and the admission handler and nothing else: no
/// Kubernetes client, no certificate manager. Certificates come from files
/// (a mounted Secret, cert-manager) and are reloaded when they change.
/// Flags match `nncp-guard serve --slim`.
@main
struct NNCPGuardSlim: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nncp-guard-slim",
        abstract: "Admission webhook for NodeNetworkConfigurationPolicies (stateless rules, certificates from files).",
        version: "0.1.0"
    )

    @Option(help: "TLS listen address, host:port ([v6]:port for IPv6).")
    var bind = "0.0.0.0:9443"
    @Option(help: "PEM certificate chain (re-read when it changes).")
    var tlsCertFile: String
    @Option(help: "PEM private key (re-read when it changes).")
    var tlsKeyFile: String
    @Option(help: "PEM CA bundle: when set, clients must present a certificate signed by it.")
    var clientCAFile: String?
    @Option(help: "Lowest TLS version accepted: 1.2 or 1.3.")
    var tlsMinVersion: TLSSettings.MinimumVersion = .tls12
    @Option(help: "How often the certificate files are checked for changes.")
    var certReloadInterval = "30s"
    @Option(help: "Plain-HTTP address for /metrics, /healthz, /readyz, or 'off'.")
    var metricsBind = "0.0.0.0:9090"
    @Option(help: "Largest request body in bytes; larger gets 413.")
    var maxBodyBytes = 3 * 1024 * 1024
    @Option(help: "Largest request header block in bytes.")
    var maxHeaderBytes = 16 * 1024
    @Option(help: "Time allowed to receive a request's header.")
    var headerReadTimeout = "10s"
    @Option(help: "Idle keep-alive connections are closed after this.")
    var idleTimeout = "120s"
    @Option(help: "Time allowed from a request's header to its response.")
    var requestTimeout = "10s"
    @Option(help: "Most concurrent connections.")
    var maxConnections = 1024
    @Option(help: "How long shutdown waits for in-flight requests.")
    var shutdownGracePeriod = "15s"
    @Option(help: "Event loop threads (default: one per core).")
    var eventLoopThreads: Int?
    @Option(help: "Log format: text or json.")
    var logFormat: LogSetup.Format = .text
    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel = "info"
    @Option(help: "Rule actions file (YAML).")
    var config: String?
    @Option(name: .customLong("rule-action"), help: "Override one rule's action, id=action (deny, warn, audit). Repeatable.")
    var ruleActions: [String] = []
    @Option(help: "nmstate profile: latest or 2.2.38.")
    var profile = Profile.latest.rawValue

    func run() async throws {
        guard let bindAddress = BindAddress(parsing: bind) else { throw ValidationError("--bind: expected host:port") }
        let metricsAddress = metricsBind == "off" ? nil : BindAddress(parsing: metricsBind)
        if metricsBind != "off", metricsAddress == nil { throw ValidationError("--metrics-bind: expected host:port or 'off'") }
        guard let level = Logger.Level(rawValue: logLevel) else { throw ValidationError("--log-level: unknown level '\(logLevel)'") }
        guard let profile = Profile(rawValue: profile) else { throw ValidationError("--profile: expected latest or 2.2.38") }
        func duration(_ name: String, _ text: String) throws -> Duration {
            guard let d = DurationText.parse(text) else { throw ValidationError("\(name): expected a duration like 10s, got '\(text)'") }
            return d
        }
        var configuration = ServerConfiguration(
            bind: bindAddress,
            metricsBind: metricsAddress,
            tls: TLSSettings(
                certificateFile: tlsCertFile, keyFile: tlsKeyFile, clientCAFile: clientCAFile,
                minimumVersion: tlsMinVersion,
                reloadInterval: try duration("--cert-reload-interval", certReloadInterval)),
            limits: Limits(
                maxBodyBytes: maxBodyBytes, maxHeaderBytes: maxHeaderBytes,
                headerReadTimeout: try duration("--header-read-timeout", headerReadTimeout),
                idleTimeout: try duration("--idle-timeout", idleTimeout),
                requestTimeout: try duration("--request-timeout", requestTimeout),
                maxConnections: maxConnections),
            shutdownGracePeriod: try duration("--shutdown-grace-period", shutdownGracePeriod))
        if let eventLoopThreads { configuration.eventLoopThreads = max(1, eventLoopThreads) }

        var enforcement = EnforcementPolicy()
        if let config {
            guard let data = FileManager.default.contents(atPath: config) else { throw ValidationError("--config: cannot read '\(config)'") }
            enforcement = try EnforcementPolicy(configYAML: Array(data), source: config)
        }
        try enforcement.applyRuleActions(ruleActions)
        let rules = enforcement

        try await ServerMain.run(
            configuration: configuration, logFormat: logFormat, logLevel: level,
            makeHandler: { logger in
                AdmissionController(validationOptions: ValidationOptions(profile: profile), enforcement: rules, logger: logger)
            })
    }
}

extension LogSetup.Format: ExpressibleByArgument {}
extension TLSSettings.MinimumVersion: ExpressibleByArgument {}
