import NIOCore

/// Everything the server needs to know, as one value.
///
/// Defaults are the production ones; tests shrink the timeouts. Durations
/// are the standard library's `Duration`, so callers need no NIO types.
public struct ServerConfiguration: Sendable {
    /// TLS listener for admission requests, `/healthz` and `/readyz`.
    public var bind: BindAddress
    /// Plain-HTTP listener for `/metrics`, `/healthz`, `/readyz`; nil: none.
    public var metricsBind: BindAddress?
    public var tls: TLSSettings
    public var limits: Limits
    /// Event loop threads; defaults to one per core.
    public var eventLoopThreads: Int
    /// How long shutdown waits for in-flight requests before closing
    /// connections anyway.
    public var shutdownGracePeriod: Duration
    /// Paths counted under their own name in metrics, besides the paths of
    /// the server's routes (which always are); any other path is counted as
    /// `other` so a scanner cannot blow up label cardinality.
    public var metricRoutes: [String]

    public init(
        bind: BindAddress = BindAddress(host: "0.0.0.0", port: 9443),
        metricsBind: BindAddress? = BindAddress(host: "0.0.0.0", port: 9090),
        tls: TLSSettings,
        limits: Limits = Limits(),
        eventLoopThreads: Int = System.coreCount,
        shutdownGracePeriod: Duration = .seconds(15),
        metricRoutes: [String] = []
    ) {
        self.bind = bind
        self.metricsBind = metricsBind
        self.tls = tls
        self.limits = limits
        self.eventLoopThreads = max(1, eventLoopThreads)
        self.shutdownGracePeriod = shutdownGracePeriod
        self.metricRoutes = metricRoutes
    }
}

/// TLS listener settings.
public struct TLSSettings: Sendable {
    public enum MinimumVersion: String, Sendable, CaseIterable {
        case tls12 = "1.2"
        case tls13 = "1.3"
    }

    /// PEM certificate chain (leaf first). Re-read on every reload check, so
    /// a Secret volume's `..data` symlink swap is picked up.
    public var certificateFile: String
    /// PEM private key (PKCS#8, SEC1 or PKCS#1).
    public var keyFile: String
    /// When set, clients must present a certificate signed by a CA in this
    /// PEM bundle (read once at start).
    public var clientCAFile: String?
    /// NIO's default is TLS 1.0; 1.2 is the floor here.
    public var minimumVersion: MinimumVersion
    /// How often the certificate files are checked for changes.
    public var reloadInterval: Duration

    public init(
        certificateFile: String,
        keyFile: String,
        clientCAFile: String? = nil,
        minimumVersion: MinimumVersion = .tls12,
        reloadInterval: Duration = .seconds(30)
    ) {
        self.certificateFile = certificateFile
        self.keyFile = keyFile
        self.clientCAFile = clientCAFile
        self.minimumVersion = minimumVersion
        self.reloadInterval = reloadInterval
    }
}

/// Resource limits and timeouts per connection and request.
public struct Limits: Sendable {
    /// Largest request body accepted; larger gets 413 and the connection is
    /// closed without reading the rest. The apiserver caps objects at ~3 MiB
    /// (etcd's 1.5 MiB limit, twice for UPDATE's object + oldObject).
    public var maxBodyBytes: Int
    /// Largest total header block (names + values). Larger gets 400 + close.
    public var maxHeaderBytes: Int
    /// Time allowed from the first byte of a request (or from accept, which
    /// includes the TLS handshake) until its header block is complete.
    /// A slowloris client dribbling a byte a second is cut off after this.
    public var headerReadTimeout: Duration
    /// An idle keep-alive connection is closed after this. Longer than Go's
    /// client default (90 s) so the apiserver, not we, closes idle
    /// connections: a server-side close can race a new request on the wire.
    public var idleTimeout: Duration
    /// From complete header to response: bounds a slow body upload. The
    /// apiserver's own default per-call timeout is 10 s.
    public var requestTimeout: Duration
    /// Open connections per listener. At the cap a new connection is
    /// admitted by closing an idle one (one that never started a request
    /// first, then the least recently used keep-alive connection); only
    /// when every connection has a request in flight is the new one closed
    /// right after accept.
    public var maxConnections: Int

    public init(
        maxBodyBytes: Int = 3 * 1024 * 1024,
        maxHeaderBytes: Int = 16 * 1024,
        headerReadTimeout: Duration = .seconds(10),
        idleTimeout: Duration = .seconds(120),
        requestTimeout: Duration = .seconds(10),
        maxConnections: Int = 1024
    ) {
        self.maxBodyBytes = maxBodyBytes
        self.maxHeaderBytes = maxHeaderBytes
        self.headerReadTimeout = headerReadTimeout
        self.idleTimeout = idleTimeout
        self.requestTimeout = requestTimeout
        self.maxConnections = maxConnections
    }
}

extension Duration {
    /// The same span as NIO's `TimeAmount` (saturating at Int64 nanoseconds).
    var timeAmount: TimeAmount {
        let (seconds, attoseconds) = components
        let nanos = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        guard !nanos.overflow else { return .nanoseconds(seconds < 0 ? .min : .max) }
        return .nanoseconds(nanos.partialValue + attoseconds / 1_000_000_000)
    }

    var milliseconds: Int64 {
        components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000
    }
}
