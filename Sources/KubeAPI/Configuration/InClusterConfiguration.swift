#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The configuration of a process running in a pod: the API server from the
/// `KUBERNETES_SERVICE_HOST`/`_PORT` environment, the service account's
/// token, CA and namespace from its mounted directory.
public enum InClusterConfiguration {
    /// Where the kubelet mounts the service account.
    public static let defaultServiceAccountDirectory = "/var/run/secrets/kubernetes.io/serviceaccount"

    /// Builds the in-cluster configuration. Both inputs are injectable so
    /// tests can use a temporary directory and a made-up environment.
    public static func load(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        serviceAccountDirectory: String = defaultServiceAccountDirectory,
        tokenRefreshInterval: Duration = .seconds(60)
    ) throws(ConfigurationError) -> KubeConfiguration {
        guard let host = environment["KUBERNETES_SERVICE_HOST"], !host.isEmpty else {
            throw ConfigurationError(.missing, field: "KUBERNETES_SERVICE_HOST", "not set: not running in a pod; pass --kubeconfig")
        }
        guard let port = environment["KUBERNETES_SERVICE_PORT"], !port.isEmpty else {
            throw ConfigurationError(.missing, field: "KUBERNETES_SERVICE_PORT", "not set: not running in a pod; pass --kubeconfig")
        }
        guard let portNumber = Int(port), (1...65535).contains(portNumber) else {
            throw ConfigurationError(.invalidValue, field: "KUBERNETES_SERVICE_PORT", "not a port number: \"\(port)\"")
        }
        // An IPv6 service address needs brackets in a URL.
        let hostPart = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host

        let directory = serviceAccountDirectory.hasSuffix("/") ? String(serviceAccountDirectory.dropLast()) : serviceAccountDirectory
        let tokenPath = directory + "/token"
        let token = TokenSource.file(tokenPath, refreshInterval: tokenRefreshInterval)
        _ = try token.currentToken()  // fail at start-up, not on the first request

        let ca = try FileAccess.read(directory + "/ca.crt")
        guard !ca.isEmpty else { throw ConfigurationError(.unreadable, file: directory + "/ca.crt", "the CA file is empty") }

        var namespace: String?
        if let bytes = try? FileAccess.read(directory + "/namespace") {
            let text = String(decoding: bytes, as: UTF8.self).trimmingASCIIWhitespace()
            namespace = text.isEmpty ? nil : text
        }
        return KubeConfiguration(
            server: "https://\(hostPart):\(portNumber)",
            trust: .certificateAuthority(pem: ca),
            credentials: Credentials(token: token),
            namespace: namespace,
            source: "in-cluster (\(directory))"
        )
    }
}
