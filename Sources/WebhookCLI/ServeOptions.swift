import Admission
import ArgumentParser
import GuardCore
import Logging
import NMStateSchema
import WebhookServer

/// Listener, TLS, limit and logging flags shared by `nncp-guard serve` and
/// `nncp-guard-slim`, so the two front ends cannot drift apart.
package struct ServeServerOptions: ParsableArguments {
    package init() {}

    @Option(help: "TLS listen address, host:port ([v6]:port for IPv6). Default 0.0.0.0:9443, with --dev 127.0.0.1:9443.")
    package var bind: String?

    @Option(help: "PEM certificate chain for the TLS listener (re-read when it changes).")
    package var tlsCertFile: String?

    @Option(help: "PEM private key for the TLS listener (re-read when it changes).")
    package var tlsKeyFile: String?

    @Option(help: "PEM CA bundle: when set, clients must present a certificate signed by it.")
    package var clientCAFile: String?

    @Option(help: "Lowest TLS version accepted: 1.2 or 1.3.")
    package var tlsMinVersion: TLSSettings.MinimumVersion = .tls12

    @Option(help: "How often the certificate files are checked for changes (e.g. 30s).")
    package var certReloadInterval = "30s"

    @Option(help: "Plain-HTTP address for /metrics, /healthz, /readyz, or 'off'. Default 0.0.0.0:9090, with --dev 127.0.0.1:9090.")
    package var metricsBind: String?

    @Option(help: "Largest request body in bytes; larger gets 413.")
    package var maxBodyBytes = 3 * 1024 * 1024

    @Option(help: "Largest request header block in bytes; larger gets 400.")
    package var maxHeaderBytes = 16 * 1024

    @Option(help: "Time allowed to receive a request's header (e.g. 10s).")
    package var headerReadTimeout = "10s"

    @Option(help: "Idle keep-alive connections are closed after this (e.g. 120s).")
    package var idleTimeout = "120s"

    @Option(help: "Time allowed from a request's header to its response (e.g. 10s).")
    package var requestTimeout = "10s"

    @Option(help: "Most concurrent connections. At the cap an idle connection is closed to admit a new one; a new one is closed at accept only when every open connection has a request in flight.")
    package var maxConnections = 1024

    @Option(help: "How long shutdown waits for in-flight requests (e.g. 15s).")
    package var shutdownGracePeriod = "15s"

    @Option(help: "Event loop threads (default: one per core).")
    package var eventLoopThreads: Int?

    @Option(help: "Log format: text or json.")
    package var logFormat: LogSetup.Format = .text

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    package var logLevel: LogLevelOption = .info

    /// - Parameter requireCertificateFiles: false when certificates come from
    ///   elsewhere (`--dev`, the built-in certificate manager).
    package func validate(requireCertificateFiles: Bool) throws {
        if let bind, BindAddress(parsing: bind) == nil { throw ValidationError("--bind: expected host:port, got '\(bind)'") }
        if let metricsBind, metricsBind != "off", BindAddress(parsing: metricsBind) == nil {
            throw ValidationError("--metrics-bind: expected host:port or 'off', got '\(metricsBind)'")
        }
        for (name, value) in [("--cert-reload-interval", certReloadInterval), ("--header-read-timeout", headerReadTimeout),
                              ("--idle-timeout", idleTimeout), ("--request-timeout", requestTimeout),
                              ("--shutdown-grace-period", shutdownGracePeriod)] {
            guard let d = GoDuration.parseFlag(value), d > .zero || name == "--shutdown-grace-period" else {
                throw ValidationError("\(name): expected a duration like 10s or 500ms, got '\(value)'")
            }
        }
        guard maxBodyBytes > 0, maxHeaderBytes >= 1024, maxConnections > 0 else {
            throw ValidationError("--max-body-bytes and --max-connections must be positive, --max-header-bytes at least 1024")
        }
        if let eventLoopThreads, eventLoopThreads < 1 { throw ValidationError("--event-loop-threads must be at least 1") }
        if requireCertificateFiles, tlsCertFile == nil || tlsKeyFile == nil {
            throw ValidationError("--tls-cert-file and --tls-key-file are required")
        }
    }

    package func makeConfiguration(certFile: String, keyFile: String, dev: Bool) throws -> ServerConfiguration {
        let host = dev ? "127.0.0.1" : "0.0.0.0"
        let bindAddress = bind.flatMap(BindAddress.init(parsing:)) ?? BindAddress(host: host, port: 9443)
        let metricsAddress: BindAddress? = metricsBind == "off"
            ? nil : (metricsBind.flatMap(BindAddress.init(parsing:)) ?? BindAddress(host: host, port: 9090))
        let reload = GoDuration.parseFlag(certReloadInterval) ?? .seconds(30)
        var configuration = ServerConfiguration(
            bind: bindAddress,
            metricsBind: metricsAddress,
            tls: TLSSettings(
                certificateFile: certFile, keyFile: keyFile, clientCAFile: clientCAFile,
                minimumVersion: tlsMinVersion, reloadInterval: reload),
            limits: Limits(
                maxBodyBytes: maxBodyBytes,
                maxHeaderBytes: maxHeaderBytes,
                headerReadTimeout: GoDuration.parseFlag(headerReadTimeout) ?? .seconds(10),
                idleTimeout: GoDuration.parseFlag(idleTimeout) ?? .seconds(120),
                requestTimeout: GoDuration.parseFlag(requestTimeout) ?? .seconds(10),
                maxConnections: maxConnections),
            shutdownGracePeriod: GoDuration.parseFlag(shutdownGracePeriod) ?? .seconds(15))
        if let eventLoopThreads { configuration.eventLoopThreads = eventLoopThreads }
        return configuration
    }
}

/// Rule configuration flags of `serve` and `nncp-guard-slim`.
package struct ServeRuleOptions: ParsableArguments {
    package init() {}

    @Option(help: "Enforcement config: `rules:` maps rule ids or wildcards to deny, warn or audit. nncp-guard reads YAML; nncp-guard-slim reads its JSON form.")
    package var config: String?

    @Option(name: .customLong("rule-action"), help: "Override one rule's action, id=action (deny, warn, audit). Repeatable.",
            completion: .list(RuleCompletion.ruleActions))
    package var ruleActions: [String] = []

    @Option(help: "nmstate profile: latest or 2.2.38.")
    package var profile: String = Profile.latest.rawValue

    /// Checks the profile, and reads `--config` and `--rule-action` as the
    /// controller will, so that a bad file or a rule id that names no rule is
    /// a usage error before anything starts (listeners, cluster watches,
    /// certificate rotation).
    /// - Parameter configFormat: how `--config` is read (see ``makeController``).
    package func validate(configFormat: ConfigFileFormat) throws {
        guard Profile(rawValue: profile) != nil else {
            throw ValidationError("unknown profile '\(profile)'; expected one of: \(Profile.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        do throws(EnforcementConfigError) {
            _ = try EnforcementPolicy(configPath: config, format: configFormat, ruleActions: ruleActions)
        } catch {
            throw ValidationError(error.description)
        }
    }

    /// The admission controller with the configured rules.
    /// - Parameter configFormat: how `--config` is read (YAML in `nncp-guard`,
    ///   JSON in `nncp-guard-slim`; see ``ConfigFileFormat``).
    package func makeController(configFormat: ConfigFileFormat, clusterRules: (any ClusterRules)? = nil, clusterUnavailable: ClusterUnavailableAction? = nil) throws -> AdmissionController {
        var enforcement = try EnforcementPolicy(configPath: config, format: configFormat, ruleActions: ruleActions)
        if let clusterUnavailable { enforcement.clusterUnavailable = clusterUnavailable }
        return AdmissionController(
            validationOptions: ValidationOptions(profile: Profile(rawValue: profile) ?? .latest),
            enforcement: enforcement,
            clusterRules: clusterRules)
    }
}

/// `--log-level` values.
package enum LogLevelOption: String, ExpressibleByArgument, CaseIterable {
    case trace, debug, info, notice, warning, error, critical
    package var level: Logger.Level { Logger.Level(rawValue: rawValue) ?? .info }
}

extension LogSetup.Format: ExpressibleByArgument {}
extension TLSSettings.MinimumVersion: ExpressibleByArgument {}
