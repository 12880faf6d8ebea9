import ArgumentParser
import CertRotation
import Testing
import WebhookCLI
import WebhookServer
@testable import nncp_guard

/// `serve`'s certificate flags, parsed as the chart passes them.
@Suite("serve flags")
struct ServeFlagsTests {
    @Test func builtinCertificatesNameTheExtraDNSNamesAndAddresses() throws {
        let command = try ServeCommand.parse([
            "--cert-mode", "builtin", "--service", "guard", "--namespace", "nncp",
            "--dns-name", "webhook.example.com", "--dns-name", "guard.internal",
            "--ip", "127.0.0.1", "--ip", "::1",
        ])
        let options = try command.cluster.rotationOptions(namespace: "nncp", environment: [:])
        #expect(options.serving.dnsNames == [
            "guard", "guard.nncp", "guard.nncp.svc", "guard.nncp.svc.cluster.local", "webhook.example.com", "guard.internal",
        ])
        #expect(options.serving.ipAddresses == ["127.0.0.1", "::1"])
    }

    @Test func withoutExtraNamesOnlyTheServiceIsNamed() throws {
        let command = try ServeCommand.parse(["--cert-mode", "builtin", "--service", "guard"])
        let options = try command.cluster.rotationOptions(namespace: "nncp", environment: [:])
        #expect(options.serving.dnsNames == ["guard", "guard.nncp", "guard.nncp.svc", "guard.nncp.svc.cluster.local"])
        #expect(options.serving.ipAddresses.isEmpty)
    }

    @Test func anAddressThatIsNotOneIsAUsageError() {
        #expect(throws: (any Error).self) {
            try ServeCommand.parse(["--cert-mode", "builtin", "--ip", "300.1.2.3"])
        }
        #expect(throws: (any Error).self) {
            try ServeCommand.parse(["--cert-mode", "builtin", "--dns-name", "not a name"])
        }
    }

    @Test func extraNamesWithCertificateFilesAreAUsageError() {
        #expect(throws: (any Error).self) {
            try ServeCommand.parse(["--tls-cert-file", "tls.crt", "--tls-key-file", "tls.key", "--dns-name", "webhook.example.com"])
        }
    }

    @Test func versionFlagAndCommandReportTheBuildInfo() throws {
        #expect(NNCPGuard.configuration.version == BuildInfo.versionLine)
        #expect(NNCPGuard.configuration.subcommands.contains { ObjectIdentifier($0) == ObjectIdentifier(VersionCommand.self) })
        _ = try VersionCommand.parse([])
    }

    @Test(arguments: ["1h30m", "90s", "500ms", "30", "1.5", " 10s "])
    func durationFlagsTakeGoSyntaxOrBareSeconds(_ value: String) throws {
        let options = try ServeServerOptions.parse(["--request-timeout", value, "--cert-reload-interval", value])
        try options.validate(requireCertificateFiles: false)
        let configuration = try options.makeConfiguration(certFile: "tls.crt", keyFile: "tls.key", dev: false)
        #expect(configuration.limits.requestTimeout == configuration.tls.reloadInterval)
    }

    @Test(arguments: ["-1s", "-5", "1d", "10x", " ", "0"])
    func durationFlagsRefuseNegativeZeroAndMalformedValues(_ value: String) throws {
        let options = try ServeServerOptions.parse(["--request-timeout=\(value)"])
        #expect(throws: (any Error).self) { try options.validate(requireCertificateFiles: false) }
    }

    @Test func theGracePeriodMayBeZeroButNotNegative() throws {
        try ServeServerOptions.parse(["--shutdown-grace-period", "0"]).validate(requireCertificateFiles: false)
        #expect(throws: (any Error).self) {
            try ServeServerOptions.parse(["--shutdown-grace-period=-1s"]).validate(requireCertificateFiles: false)
        }
    }
}
