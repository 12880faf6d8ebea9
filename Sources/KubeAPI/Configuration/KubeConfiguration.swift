/// Everything needed to reach one API server as one identity: where it is,
/// how to trust it, how to authenticate, and the limits every request obeys.
///
/// Built by ``KubeconfigLoader`` (`--kubeconfig`) or
/// ``InClusterConfiguration`` (a pod's service account); tests build one by
/// hand to point at the fake API server.
public struct KubeConfiguration: Sendable {
    /// Base URL of the API server, e.g. `https://10.96.0.1:443`. A path
    /// prefix (an authenticating proxy's) is kept; a trailing `/` is not.
    public var server: String
    public var trust: ServerTrust
    public var credentials: Credentials
    /// The context's (or the pod's) namespace, when known.
    public var namespace: String?
    /// Sent on every request. Kubernetes audit logs and API priority and
    /// fairness show it, so it names the program and its version.
    public var userAgent: String
    public var timeouts: Timeouts
    /// Largest body accepted from a non-watch response. List pages are the
    /// big ones; the default leaves room for thousands of policies per page.
    public var maxResponseBytes: Int
    /// Largest single watch event accepted.
    public var maxWatchEventBytes: Int
    /// `fieldManager` sent with writes unless a call names another.
    public var fieldManager: String
    /// Where this configuration came from ("in-cluster", a kubeconfig path
    /// and context), for log lines and error messages.
    public var source: String

    public init(
        server: String,
        trust: ServerTrust = .systemRoots,
        credentials: Credentials = Credentials(),
        namespace: String? = nil,
        userAgent: String = KubeConfiguration.defaultUserAgent,
        timeouts: Timeouts = Timeouts(),
        maxResponseBytes: Int = 64 * 1024 * 1024,
        maxWatchEventBytes: Int = 16 * 1024 * 1024,
        fieldManager: String = "nncp-guard",
        source: String = "explicit"
    ) {
        var trimmed = server
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        self.server = trimmed
        self.trust = trust
        self.credentials = credentials
        self.namespace = namespace
        self.userAgent = userAgent
        self.timeouts = timeouts
        self.maxResponseBytes = maxResponseBytes
        self.maxWatchEventBytes = maxWatchEventBytes
        self.fieldManager = fieldManager
        self.source = source
    }

    /// `nncp-guard/dev`; the command-line front end replaces it with the
    /// release version.
    public static let defaultUserAgent = "nncp-guard/dev"
}

/// How the API server's certificate is checked.
public enum ServerTrust: Sendable, Equatable {
    /// The system's trust store (a public endpoint in front of the cluster).
    case systemRoots
    /// Only these PEM certificates: the cluster CA. Nothing else is trusted.
    case certificateAuthority(pem: [UInt8])
    /// No verification at all (`insecure-skip-tls-verify: true`). Development only.
    case insecureSkipVerify
}

/// Who we are to the API server. Both may be set: a kubeconfig user can
/// carry a client certificate and a bearer token, and client-go sends both.
public struct Credentials: Sendable {
    public var token: TokenSource?
    public var clientCertificate: ClientCertificate?

    public init(token: TokenSource? = nil, clientCertificate: ClientCertificate? = nil) {
        self.token = token
        self.clientCertificate = clientCertificate
    }
}

/// A TLS client certificate chain and its private key, PEM-encoded.
public struct ClientCertificate: Sendable, Equatable {
    public var certificatePEM: [UInt8]
    public var privateKeyPEM: [UInt8]

    public init(certificatePEM: [UInt8], privateKeyPEM: [UInt8]) {
        self.certificatePEM = certificatePEM
        self.privateKeyPEM = privateKeyPEM
    }
}

/// Time limits for API calls.
public struct Timeouts: Sendable, Equatable {
    /// TCP connect plus TLS handshake.
    public var connect: Duration
    /// A whole non-watch request, response body included. Also bounds the
    /// wait for a watch's response head.
    public var request: Duration
    /// How long past its `timeoutSeconds` a watch may stay open before the
    /// client gives up on it: a server or proxy that never closes the stream
    /// must not leave a cache silently stale.
    public var watchGrace: Duration

    public init(connect: Duration = .seconds(10), request: Duration = .seconds(30), watchGrace: Duration = .seconds(30)) {
        self.connect = connect
        self.request = request
        self.watchGrace = watchGrace
    }
}
