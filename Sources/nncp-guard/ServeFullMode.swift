import Admission
import ArgumentParser
import CertRotation
import ClusterWatch
import GuardCore
import KubeAPI
import Logging
import ServiceLifecycle
import Synchronization
import WebhookServer

import Foundation

/// Flags of `serve`'s full mode: Kubernetes access for the cluster-aware
/// rules, and the built-in certificate manager.
struct ServeClusterOptions: ParsableArguments {
    @Option(help: "kubeconfig for the Kubernetes API (default: in-cluster service account, then $KUBECONFIG).")
    var kubeconfig: String?

    @Option(help: "kubeconfig context to use (default: its current-context).")
    var context: String?

    @Option(help: "When the cluster view is missing, not yet synced or stale: warn (stateless rules still enforce, the response warns that cluster checks were skipped) or deny.")
    var clusterUnavailable: ClusterUnavailableOption?

    // `.unconditional`: `--cluster-stale-after -5s` reaches the validation
    // (and its clear message) instead of being read as a flag.
    @Option(parsing: .unconditional, help: "The cluster view counts as unavailable (see --cluster-unavailable) once a cache's list/watch has been failing for this long without a break (e.g. 30s, 2m; 0 disables: keep answering from the last view). Reconnects and relists do not count.")
    var clusterStaleAfter = "30s"

    @Option(help: "Where serving certificates come from: files (--tls-cert-file/--tls-key-file, reloaded on change) or builtin (the in-process CA and rotation manager; Secrets, caBundle injection, Lease).")
    var certMode: CertMode = .files

    @Option(help: "builtin: the CA Secret (ca.crt, ca.key) in --namespace.")
    var caSecret = "nncp-guard-ca"

    @Option(help: "builtin: the serving Secret (kubernetes.io/tls) in --namespace.")
    var tlsSecret = "nncp-guard-tls"

    @Option(help: "builtin: webhook configurations to inject the CA bundle into, mutating first: mwc,vwc.")
    var webhookConfigurations = "nncp-guard-mutating,nncp-guard-validating"

    @Option(help: "builtin: Lease that elects the one replica that rotates ('' disables election).")
    var lease = "nncp-guard"

    @Option(help: "builtin: the Service the certificate must be valid for.")
    var service = "nncp-guard"

    @Option(help: "builtin: namespace of the Secrets, Lease and Service (default: $POD_NAMESPACE, then the service account's namespace).")
    var namespace: String?

    @Option(help: "builtin: cluster DNS domain for the certificate's SANs.")
    var clusterDomain = "cluster.local"

    // A webhook configuration with a `url` (the server outside the cluster,
    // or reached at 127.0.0.1) checks the certificate against that host,
    // which none of the Service's names match.
    @Option(name: .customLong("dns-name"), help: "builtin: another DNS name for the serving certificate, besides the Service's (repeatable).")
    var dnsNames: [String] = []

    @Option(name: .customLong("ip"), help: "builtin: an IP address for the serving certificate, IPv4 or IPv6 (repeatable).")
    var ipAddresses: [String] = []

    @Option(help: "builtin: writable directory where the current serving pair is written for the TLS listener.")
    var servedCertDir = "/tmp/nncp-guard-tls"

    enum CertMode: String, ExpressibleByArgument, CaseIterable { case files, builtin }

    enum ClusterUnavailableOption: String, ExpressibleByArgument, CaseIterable {
        case warn, deny
        var action: ClusterUnavailableAction { self == .deny ? .deny : .warn }
    }
}

/// Runs the cluster caches under the server's `ServiceGroup`.
struct ClusterWatchService: Service {
    let watcher: ClusterWatcher

    func run() async throws {
        do {
            try await cancelWhenGracefulShutdown { try await watcher.run() }
        } catch is CancellationError {}
    }
}

/// Runs the certificate rotation manager under the server's `ServiceGroup`;
/// it stops (and releases its Lease) before the server drains.
struct CertRotationService: Service {
    let manager: RotationManager

    func run() async throws {
        do {
            try await cancelWhenGracefulShutdown { try await manager.run() }
        } catch is CancellationError {}
    }
}

/// Late-bound "reload the served certificate now": the rotation manager is
/// built before the server whose reloader it must poke.
final class ReloadHook: Sendable {
    private let action = Mutex<(@Sendable () -> Void)?>(nil)

    func set(_ f: @escaping @Sendable () -> Void) { action.withLock { $0 = f } }

    func fire() { action.withLock { $0 }?() }
}

extension ServeClusterOptions {
    /// `--cluster-stale-after` as a duration (zero disables the check).
    /// Called from `ServeCommand.validate()`, so a bad value is a usage error.
    func staleAfter() throws -> Duration {
        let text = clusterStaleAfter.trimmingCharacters(in: .whitespaces)
        if text.hasPrefix("-") {
            throw ValidationError("--cluster-stale-after must not be negative, got '\(clusterStaleAfter)' (0 disables the staleness check)")
        }
        guard let duration = GoDuration.parseFlag(text) else {
            throw ValidationError("--cluster-stale-after: expected a duration like 30s or 2m (0 disables), got '\(clusterStaleAfter)'")
        }
        return duration
    }

    func kubeClient() throws -> KubeClient {
        do {
            let configuration = try KubeConfiguration.resolve(kubeconfig: kubeconfig, context: context)
            return try KubeClient(configuration: configuration)
        } catch {
            throw ValidationError("cannot reach the Kubernetes API: \(error); pass --kubeconfig, run in a cluster, or use --slim")
        }
    }

    /// The rotation manager for `--cert-mode builtin`. Build it after the
    /// metrics bootstrap: its metrics read the factory at init.
    func rotationManager(client: KubeClient, reload: ReloadHook) throws -> (RotationManager, ServingCertificateFiles) {
        let env = ProcessInfo.processInfo.environment
        let ns = namespace ?? env["POD_NAMESPACE"] ?? Self.serviceAccountNamespace() ?? "nncp-guard"
        do {
            let options = try rotationOptions(namespace: ns, environment: env)
            try FileManager.default.createDirectory(atPath: servedCertDir, withIntermediateDirectories: true)
            let served = ServingCertificateFiles(directory: servedCertDir)
            let manager = RotationManager.kubernetes(
                client: client, namespace: ns, caSecretName: caSecret, servingSecretName: tlsSecret,
                webhookConfigurations: try WebhookConfigurationRef.parseList(webhookConfigurations),
                leaseName: lease.isEmpty ? nil : lease,
                identity: env["POD_NAME"] ?? ProcessInfo.processInfo.hostName,
                options: options, servingFiles: served, following: .poll(.seconds(10))
            ) { reload.fire() }
            return (manager, served)
        } catch let error as CertRotationError {
            throw ValidationError("certificate rotation: \(error)")
        }
    }

    /// Lifetimes (from the upstream-compatible environment variables) and
    /// the names the serving certificate must carry.
    func rotationOptions(namespace: String, environment env: [String: String]) throws(CertRotationError) -> RotationOptions {
        let intervals = try RotationIntervals(
            caValidity: env["CA_ROTATE_INTERVAL"], caOverlap: env["CA_OVERLAP_INTERVAL"],
            certificateValidity: env["CERT_ROTATE_INTERVAL"], certificateOverlap: env["CERT_OVERLAP_INTERVAL"])
        let options = RotationOptions(intervals: intervals, serving: ServingCertificateRequest(
            serviceName: service, namespace: namespace, clusterDomain: clusterDomain,
            extraDNSNames: dnsNames, ipAddresses: ipAddresses))
        try options.validate()
        return options
    }

    static func serviceAccountNamespace() -> String? {
        guard let text = try? String(contentsOfFile: "/var/run/secrets/kubernetes.io/serviceaccount/namespace", encoding: .utf8) else { return nil }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }
}

/// Waits until `path` exists (the rotation manager has written the first
/// serving pair) while `manager` runs; fails if the manager stops first.
func waitForFile(_ path: String, timeout: Duration, logger: Logger) async throws {
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    var announced = false
    while !FileManager.default.fileExists(atPath: path) {
        if clock.now >= deadline {
            throw ValidationError("no serving certificate after \(timeout): is another replica holding the Lease, and can this pod read its Secret?")
        }
        if !announced {
            logger.info("waiting for the serving certificate", metadata: ["file": "\(path)"])
            announced = true
        }
        try await Task.sleep(for: .milliseconds(250))
    }
}
