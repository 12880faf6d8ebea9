import ArgumentParser
import CertRotation
import Testing
import WebhookCLI
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
}
