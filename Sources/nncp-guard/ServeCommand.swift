import Admission
import ArgumentParser
import CertRotation
import Logging
import NMStateSchema
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

    @Flag(help: "Stateless rules only, no Kubernetes API access. (The only mode so far; the full mode with cluster caches comes later.)")
    var slim = false

    @Flag(help: "Development mode: generate a throwaway CA and localhost certificate in --dev-cert-dir if missing, listen on 127.0.0.1.")
    var dev = false

    @Option(help: "Where --dev keeps its certificates.")
    var devCertDir = "certs"

    mutating func validate() throws {
        try server.validate(dev: dev)
        try rules.validate()
    }

    func run() async throws {
        var certFile = server.tlsCertFile
        var keyFile = server.tlsKeyFile
        var caHint: String?
        if dev {
            let paths = try DevCertificateSetup.ensure(directory: devCertDir)
            certFile = certFile ?? paths.certificate
            keyFile = keyFile ?? paths.key
            caHint = paths.caCertificate
        }
        guard let certFile, let keyFile else {
            throw ValidationError("--tls-cert-file and --tls-key-file are required (or use --dev)")
        }
        let configuration = try server.makeConfiguration(certFile: certFile, keyFile: keyFile, dev: dev)
        let rules = self.rules
        try await ServerMain.run(
            configuration: configuration,
            logFormat: server.logFormat,
            logLevel: server.logLevel.level,
            makeHandler: { logger in try rules.makeController(logger: logger) },
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
    }
}
