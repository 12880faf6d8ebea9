import Admission
import ArgumentParser
import WebhookCLI
import WebhookServer

/// `nncp-guard-slim`: the admission webhook with stateless rules only.
///
/// Links the server and the admission handler and nothing else: no
/// Kubernetes client, no certificate manager. Certificates come from files
/// (a mounted Secret, cert-manager) and are reloaded when they change.
/// Its flags are `nncp-guard serve --slim`'s, from the shared `WebhookCLI`,
/// except that `--config` is read in its JSON form: a YAML parser would
/// bring Foundation along (see ``ConfigFileFormat``).
@main
struct NNCPGuardSlim: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nncp-guard-slim",
        abstract: "Admission webhook for NodeNetworkConfigurationPolicies (stateless rules, certificates from files).",
        version: BuildInfo.versionLine
    )

    @OptionGroup var server: ServeServerOptions
    @OptionGroup var rules: ServeRuleOptions

    mutating func validate() throws {
        try server.validate(requireCertificateFiles: true)
        try rules.validate(configFormat: .json)
    }

    func run() async throws {
        AllocatorTuning.reexecIfNeeded()
        guard let certFile = server.tlsCertFile, let keyFile = server.tlsKeyFile else {
            throw ValidationError("--tls-cert-file and --tls-key-file are required")
        }
        let configuration = try server.makeConfiguration(certFile: certFile, keyFile: keyFile, dev: false)
        let rules = self.rules
        try await ServerMain.run(
            configuration: configuration, logFormat: server.logFormat, logLevel: server.logLevel.level,
            metricHelp: AdmissionRoutes.metricHelp, timerBuckets: AdmissionRoutes.timerBuckets,
            makeRoutes: {
                // After bootstrapping: the metrics go to the served registry.
                AdmissionRoutes.router(controller: try rules.makeController(configFormat: .json), metrics: AdmissionMetrics())
            })
    }
}
