import Admission
import ClusterWatch
import KubeAPI
import ServiceLifecycle
import ArgumentParser
import CertRotation
import Logging
import NMStateSchema
import SourceModelYAML
import WebhookCLI
import WebhookServer

import Foundation

/// `nncp-guard serve`: the admission webhook.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the TLS admission webhook.",
        discussion: """
        Serves /mutate and /validate (and kubernetes-nmstate's webhook paths) over \
        HTTPS, /healthz and /readyz on the same port, and /metrics on a separate \
        plain-HTTP port. Certificates are re-read when their files change \
        (including a Secret volume's symlink swap). SIGTERM or SIGINT drains \
        in-flight requests and exits 0.

        For local experiments: `nncp-guard serve --dev` creates a throwaway CA and \
        a localhost certificate under certs/ and serves on 127.0.0.1:9443.
        """
    )

    @OptionGroup var server: ServeServerOptions
    @OptionGroup var rules: ServeRuleOptions
    @OptionGroup(title: "Full mode (cluster-aware rules, built-in certificates)") var cluster: ServeClusterOptions

    @Flag(help: "Stateless rules only, no Kubernetes API access, certificates from files (the slim enforcing handler). --dev without --kubeconfig implies it.")
    var slim = false

    @Flag(help: "Development mode: generate a throwaway CA and localhost certificate in --dev-cert-dir if missing, listen on 127.0.0.1.")
    var dev = false

    @Option(help: "Where --dev keeps its certificates.")
    var devCertDir = "certs"

    mutating func validate() throws {
        try server.validate(requireCertificateFiles: !dev && cluster.certMode == .files)
        try rules.validate(configFormat: .yaml)
        _ = try cluster.staleAfter()
        if slim && cluster.certMode == .builtin {
            throw ValidationError("--cert-mode builtin needs the Kubernetes API; it cannot be combined with --slim")
        }
        if cluster.certMode != .builtin, !(cluster.dnsNames.isEmpty && cluster.ipAddresses.isEmpty) {
            throw ValidationError("--dns-name and --ip name the certificates --cert-mode builtin issues; with certificate files, put the names in the certificate")
        }
        if cluster.certMode == .builtin {
            do {
                _ = try cluster.rotationOptions(namespace: cluster.namespace ?? "default", environment: ProcessInfo.processInfo.environment)
            } catch {
                throw ValidationError("certificate rotation: \(error)")
            }
        }
    }

    /// Slim when asked, or for `--dev` without a cluster to talk to.
    var isSlim: Bool { slim || (dev && cluster.kubeconfig == nil && cluster.certMode == .files) }

    func run() async throws {
        AllocatorTuning.reexecIfNeeded()
        var certFile = server.tlsCertFile
        var keyFile = server.tlsKeyFile
        var caHint: String?
        if dev {
            let paths = try DevCertificateSetup.ensure(directory: devCertDir)
            certFile = certFile ?? paths.certificate
            keyFile = keyFile ?? paths.key
            caHint = paths.caCertificate
        }
        let slimMode = isSlim
        let client = slimMode ? nil : try cluster.kubeClient()
        let registry = ServerMain.bootstrap(
            logFormat: server.logFormat, logLevel: server.logLevel.level,
            metricHelp: AdmissionRoutes.metricHelp.merging(RotationMetrics.help) { _, rotation in rotation },
            timerBuckets: AdmissionRoutes.timerBuckets)
        let logger = Logger(label: "nncp-guard")

        // Full mode: cluster caches feed the cluster-aware rules and readiness.
        var services: [any Service] = []
        var watcher: ClusterWatcher?
        if let client {
            let w = ClusterWatcher(client: client, staleAfter: try cluster.staleAfter(), profile: Profile(rawValue: rules.profile) ?? .latest,
                                   onSynced: { ProcessMemory.releaseFreePages() },
                                   logger: Logger(label: "nncp-guard.cluster"))
            watcher = w
            services.append(ClusterWatchService(watcher: w))
        }
        // Built-in certificates: the manager writes the serving pair the listener reads.
        let reload = ReloadHook()
        var rotation: RotationManager?
        if let client, cluster.certMode == .builtin {
            let (manager, served) = try cluster.rotationManager(client: client, reload: reload)
            rotation = manager
            certFile = served.certificatePath
            keyFile = served.keyPath
        }
        guard let certFile, let keyFile else {
            throw ValidationError("--tls-cert-file and --tls-key-file are required (or use --dev, or --cert-mode builtin)")
        }
        let configuration = try server.makeConfiguration(certFile: certFile, keyFile: keyFile, dev: dev)
        let rules = self.rules
        let clusterUnavailable = cluster.clusterUnavailable?.action
        let devCertDir = self.devCertDir
        logger.info("starting", metadata: ["mode": "\(slimMode ? "slim" : "full")", "certificates": "\(rotation == nil ? "files" : "builtin")"])

        try await withThrowingTaskGroup(of: Void.self) { group in
            if let rotation {
                // The manager runs first: the listener needs its first pair.
                group.addTask { try await CertRotationService(manager: rotation).run() }
                try await waitForFile(certFile, timeout: .seconds(300), logger: logger)
            }
            try await ServerMain.serve(
                configuration: configuration,
                registry: registry,
                readiness: watcher,
                services: services,
                accessLog: ServerMain.accessLog(format: server.logFormat, level: server.logLevel.level),
                makeRoutes: {
                    let controller = try rules.makeController(configFormat: .yaml, clusterRules: watcher, clusterUnavailable: clusterUnavailable)
                    return AdmissionRoutes.router(controller: controller, metrics: AdmissionMetrics())
                },
                onServer: { server in
                    let certificates = server.certificates
                    reload.set { _ = certificates.reloadNow() }
                },
                onListening: { addresses in
                    guard let caHint else { return }
                    let host = configuration.bind.host == "0.0.0.0" ? "127.0.0.1" : configuration.bind.host
                    let hint = """
                    nncp-guard serving on https://\(host):\(addresses.tlsPort) (development certificates in \(devCertDir)/)
                    Try:
                      curl --cacert \(caHint) -H 'Content-Type: application/json' --data @testdata/admission/update-bond-vlan.json https://\(host):\(addresses.tlsPort)/validate

                    """
                    FileHandle.standardOutput.write(Data(hint.utf8))
                }
            )
            group.cancelAll()
        }
        try await client?.shutdown()
    }
}

/// The cluster caches decide readiness in full mode (see `ClusterWatcher.notReadyReason`).
extension ClusterWatcher: ReadinessSource {}

extension ConfigFileFormat {
    /// `nncp-guard` reads its config as YAML (any style, comments allowed).
    static let yaml = ConfigFileFormat(name: "YAML") { YAMLLoader().loadStream($0) }
}

