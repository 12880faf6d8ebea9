import Foundation
import Testing
@testable import KubeAPI
import KubeAPITesting

@Suite("kubeconfig")
struct KubeconfigTests {
    static let caData = Data(TestPEM.certificate.utf8).base64EncodedString()

    static func config(cluster: String, user: String, context: String = "cluster: c1\n    user: u1", current: String? = "dev") -> String {
        var text = "apiVersion: v1\nkind: Config\n"
        if let current { text += "current-context: \(current)\n" }
        text += """
        contexts:
        - name: dev
          context:
            \(context)
        - name: other
          context:
            cluster: c2
            user: u1
        clusters:
        - name: c1
          cluster:
        \(cluster)
        - name: c2
          cluster:
            server: https://other.example:6443
            insecure-skip-tls-verify: true
        users:
        - name: u1
          user:
        \(user)

        """
        return text
    }

    @Test func tokenUserWithInlineCAAndNamespace() throws {
        let text = Self.config(
            cluster: "    server: https://api.example:6443/\n    certificate-authority-data: \(Self.caData)",
            user: "    token: s3cret",
            context: "cluster: c1\n    user: u1\n    namespace: nmstate")
        let config = try KubeconfigLoader.parse(text, path: "/home/me/.kube/config")
        #expect(config.server == "https://api.example:6443")
        #expect(config.trust == .certificateAuthority(pem: Array(TestPEM.certificate.utf8)))
        #expect(try config.credentials.token?.currentToken() == "s3cret")
        #expect(config.credentials.clientCertificate == nil)
        #expect(config.namespace == "nmstate")
        #expect(config.source.contains("/home/me/.kube/config"))
        // The PEM really is usable as trust roots.
        _ = try TLSSetup.configuration(for: config)
    }

    @Test func contextOverrideAndInsecureSkipVerify() throws {
        let text = Self.config(cluster: "    server: https://api.example:6443", user: "    token: t")
        let config = try KubeconfigLoader.parse(text, path: "/k/config", context: "other")
        #expect(config.server == "https://other.example:6443")
        #expect(config.trust == .insecureSkipVerify)
    }

    @Test func noCertificateAuthorityMeansSystemRoots() throws {
        let text = Self.config(cluster: "    server: https://api.example:6443", user: "    token: t")
        #expect(try KubeconfigLoader.parse(text, path: "/k/config").trust == .systemRoots)
    }

    @Test func relativePathsResolveAgainstTheKubeconfigDirectory() async throws {
        try await withTemporaryDirectory { dir in
            try FileManager.default.createDirectory(atPath: dir + "/pki", withIntermediateDirectories: true)
            try write(TestPEM.certificate, to: dir + "/pki/ca.crt")
            try write(TestPEM.certificate, to: dir + "/pki/client.crt")
            try write(TestPEM.privateKey, to: dir + "/pki/client.key")
            try write("file-token\n", to: dir + "/token")
            let text = Self.config(
                cluster: "    server: https://api.example:6443\n    certificate-authority: pki/ca.crt",
                user: "    tokenFile: token\n    token: ignored-when-tokenFile-is-set\n    client-certificate: pki/client.crt\n    client-key: pki/client.key")
            try write(text, to: dir + "/config")

            let config = try KubeconfigLoader.load(path: dir + "/config")
            #expect(config.trust == .certificateAuthority(pem: Array(TestPEM.certificate.utf8)))
            #expect(config.credentials.token?.path == dir + "/token")
            #expect(try config.credentials.token?.currentToken() == "file-token")
            #expect(config.credentials.clientCertificate == ClientCertificate(
                certificatePEM: Array(TestPEM.certificate.utf8), privateKeyPEM: Array(TestPEM.privateKey.utf8)))
            _ = try TLSSetup.configuration(for: config)
        }
    }

    @Test func clientCertificateData() throws {
        let cert = Data(TestPEM.certificate.utf8).base64EncodedString()
        let key = Data(TestPEM.privateKey.utf8).base64EncodedString()
        let text = Self.config(
            cluster: "    server: https://api.example:6443",
            user: "    client-certificate-data: \(cert)\n    client-key-data: \(key)")
        let config = try KubeconfigLoader.parse(text, path: "/k/config")
        #expect(config.credentials.token == nil)
        #expect(config.credentials.clientCertificate?.privateKeyPEM == Array(TestPEM.privateKey.utf8))
    }

    @Test func missingCurrentContextNamesTheFileAndField() throws {
        let text = Self.config(cluster: "    server: https://a:6443", user: "    token: t", current: nil)
        let error = #expect(throws: ConfigurationError.self) { try KubeconfigLoader.parse(text, path: "/k/config") }
        #expect(error?.file == "/k/config")
        #expect(error?.field == "current-context")
        #expect(error?.description.hasPrefix("/k/config:") == true)
    }

    @Test func unknownContextListsTheKnownOnes() throws {
        let text = Self.config(cluster: "    server: https://a:6443", user: "    token: t")
        let error = #expect(throws: ConfigurationError.self) { try KubeconfigLoader.parse(text, path: "/k/config", context: "prod") }
        #expect(error?.message.contains("no context named \"prod\"") == true)
        #expect(error?.message.contains("dev, other") == true)
    }

    @Test func missingServer() throws {
        let text = Self.config(cluster: "    insecure-skip-tls-verify: false", user: "    token: t")
        let error = #expect(throws: ConfigurationError.self) { try KubeconfigLoader.parse(text, path: "/k/config") }
        #expect(error?.field == "clusters[name=c1].cluster.server")
        #expect(error?.location.isKnown == true)
    }

    @Test func execPluginsAreRefused() throws {
        let text = Self.config(cluster: "    server: https://a:6443", user: "    exec:\n      command: aws")
        let error = #expect(throws: ConfigurationError.self) { try KubeconfigLoader.parse(text, path: "/k/config") }
        #expect(error?.field == "users[name=u1].user.exec")
    }

    @Test func insecureWithCertificateAuthorityIsRefused() throws {
        let text = Self.config(cluster: "    server: https://a:6443\n    insecure-skip-tls-verify: true\n    certificate-authority-data: \(Self.caData)", user: "    token: t")
        let error = #expect(throws: ConfigurationError.self) { try KubeconfigLoader.parse(text, path: "/k/config") }
        #expect(error?.field == "clusters[name=c1].cluster.insecure-skip-tls-verify")
    }

    @Test func certificateWithoutKeyIsRefused() throws {
        let text = Self.config(cluster: "    server: https://a:6443", user: "    client-certificate-data: \(Self.caData)")
        let error = #expect(throws: ConfigurationError.self) { try KubeconfigLoader.parse(text, path: "/k/config") }
        #expect(error?.field == "users[name=u1].user.client-key")
    }

    @Test func badBase64AndMissingFilesNameTheField() throws {
        let bad = Self.config(cluster: "    server: https://a:6443\n    certificate-authority-data: '***'", user: "    token: t")
        let error = #expect(throws: ConfigurationError.self) { try KubeconfigLoader.parse(bad, path: "/k/config") }
        #expect(error?.field == "clusters[name=c1].cluster.certificate-authority-data")

        let missing = Self.config(cluster: "    server: https://a:6443\n    certificate-authority: nope/ca.crt", user: "    token: t")
        let error2 = #expect(throws: ConfigurationError.self) { try KubeconfigLoader.parse(missing, path: "/k/config") }
        #expect(error2?.field == "clusters[name=c1].cluster.certificate-authority")
        #expect(error2?.message.contains("/k/nope/ca.crt") == true)
    }

    @Test func garbageCertificateAuthorityFailsAtClientCreation() throws {
        let config = KubeConfiguration(server: "https://a:6443", trust: .certificateAuthority(pem: Array("not a pem".utf8)))
        #expect(throws: ConfigurationError.self) { try TLSSetup.configuration(for: config) }
    }

    @Test func notYAML() throws {
        let error = #expect(throws: ConfigurationError.self) { try KubeconfigLoader.parse("a: [", path: "/k/config") }
        #expect(error?.file == "/k/config")
    }

    @Test func resolveOrder() async throws {
        try await withTemporaryDirectory { dir in
            let text = Self.config(cluster: "    server: https://from-file:6443", user: "    token: t")
            try write(text, to: dir + "/config")
            // An explicit path wins over the pod environment.
            let explicit = try KubeConfiguration.resolve(kubeconfig: dir + "/config", environment: ["KUBERNETES_SERVICE_HOST": "10.0.0.1"])
            #expect(explicit.server == "https://from-file:6443")
            // $KUBECONFIG when neither is given.
            let fromEnv = try KubeConfiguration.resolve(environment: ["KUBECONFIG": dir + "/config:/elsewhere"])
            #expect(fromEnv.server == "https://from-file:6443")
        }
    }
}
