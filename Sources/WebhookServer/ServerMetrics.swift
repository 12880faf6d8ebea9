import Prometheus

/// The server's own Prometheus metrics.
///
/// Uses swift-prometheus types directly rather than the swift-metrics API:
/// both land in the same `PrometheusCollectorRegistry` (the executables also
/// bootstrap it as the swift-metrics backend for the other modules), but the
/// direct types skip a factory lookup and an allocation per request.
///
/// Label values are bounded: routes come from a fixed list (anything else is
/// `other`) and status codes from a fixed set, so a client sending random
/// paths cannot make the registry grow.
public final class ServerMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    let routeLabels: [String]
    private let routeIndex: [String: Int]
    let durations: [DurationHistogram]
    let openConnections: Gauge
    let rejectedConnections: Counter
    let evictedConnections: Counter
    let certificateExpirySeconds: Gauge
    let certificateNotAfter: Gauge
    let process: ProcessMetrics

    static let codeLabels: [Int] = [200, 400, 403, 404, 405, 408, 413, 415, 422, 500, 503]
    static let durationBuckets: [Duration] = [
        .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2),
        .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(100), .milliseconds(500), .seconds(2),
    ]

    public init(registry: PrometheusCollectorRegistry, routes: [String]) {
        self.registry = registry
        var labels = routes
        for extra in ["/healthz", "/readyz", "other"] where !labels.contains(extra) { labels.append(extra) }
        self.routeLabels = labels
        var index: [String: Int] = [:]
        for (i, r) in labels.enumerated() { index[r] = i }
        self.routeIndex = index
        self.durations = labels.map {
            registry.makeDurationHistogram(
                descriptor: .init(namespace: "nncp_guard", subsystem: "http", metricName: "request_duration", unitName: "seconds",
                                  helpText: "Time from request header to response written, by route."),
                labels: [("route", $0)], buckets: Self.durationBuckets)
        }
        self.openConnections = registry.makeGauge(descriptor: .init(
            namespace: "nncp_guard", subsystem: "http", metricName: "open_connections", unitName: "",
            helpText: "TLS connections currently open."))
        self.rejectedConnections = registry.makeCounter(descriptor: .init(
            namespace: "nncp_guard", subsystem: "http", metricName: "rejected_connections", unitName: "total",
            helpText: "Connections closed at accept because the connection limit was reached with a request in flight on every connection."))
        self.evictedConnections = registry.makeCounter(descriptor: .init(
            namespace: "nncp_guard", subsystem: "http", metricName: "evicted_connections", unitName: "total",
            helpText: "Idle connections closed to admit a new one at the connection limit."))
        self.certificateExpirySeconds = registry.makeGauge(descriptor: .init(
            namespace: "nncp_guard", subsystem: "tls", metricName: "serving_certificate_expiry", unitName: "seconds",
            helpText: "Seconds until the serving certificate's notAfter (negative once expired)."))
        self.certificateNotAfter = registry.makeGauge(descriptor: .init(
            namespace: "nncp_guard", subsystem: "tls", metricName: "serving_certificate_not_after_timestamp", unitName: "seconds",
            helpText: "The serving certificate's notAfter as a Unix timestamp."))
        self.process = ProcessMetrics(registry: registry)
    }

    /// Index of `path` in ``routeLabels`` (the `other` slot if unknown).
    func route(for path: Substring) -> Int {
        routeIndex[String(path)] ?? (routeLabels.count - 1)
    }

    /// Index of `status` in ``codeLabels``, or `codeLabels.count` for "other".
    static func codeSlot(_ status: Int) -> Int {
        codeLabels.firstIndex(of: status) ?? codeLabels.count
    }

    /// The request counter for a (route, code) pair. Goes through the
    /// registry's lock; ``RequestCounterCache`` keeps the result per
    /// connection so a keep-alive connection pays it once per pair.
    func makeRequestCounter(route: Int, codeSlot: Int) -> Counter {
        let code = codeSlot < Self.codeLabels.count ? String(Self.codeLabels[codeSlot]) : "other"
        return registry.makeCounter(
            descriptor: .init(namespace: "nncp_guard", subsystem: "http", metricName: "requests", unitName: "total",
                              helpText: "HTTP requests answered, by route and status code."),
            labels: [("route", routeLabels[route]), ("code", code)])
    }

    /// Updates the certificate gauges; called right before each scrape.
    func updateCertificate(_ info: ServingCertificates.Info?, nowUnix: Int64) {
        guard let info else {
            certificateExpirySeconds.set(to: 0)
            certificateNotAfter.set(to: 0)
            return
        }
        certificateNotAfter.set(to: Double(info.notValidAfter))
        certificateExpirySeconds.set(to: Double(info.notValidAfter - nowUnix))
    }
}

/// Per-connection cache of request counters (see ``ServerMetrics/makeRequestCounter``).
/// Lives on one event loop, so no locking.
struct RequestCounterCache {
    private var counters: [Counter?]
    private let width = ServerMetrics.codeLabels.count + 1

    init(routes: Int) {
        counters = Array(repeating: nil, count: routes * (ServerMetrics.codeLabels.count + 1))
    }

    mutating func increment(_ metrics: ServerMetrics, route: Int, status: Int) {
        let slot = ServerMetrics.codeSlot(status)
        let i = route * width + slot
        guard i < counters.count else { return }
        if let c = counters[i] {
            c.increment()
        } else {
            let c = metrics.makeRequestCounter(route: route, codeSlot: slot)
            counters[i] = c
            c.increment()
        }
    }
}
