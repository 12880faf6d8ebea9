/// The boundary between the HTTP server and the admission logic.
///
/// The server (module `WebhookServer`) owns sockets, TLS, limits and
/// timeouts; it hands a complete request to a ``WebhookHandler`` and writes
/// back what it returns. Handling is synchronous on purpose: every rule runs
/// on in-memory data (cluster views are cached snapshots), so a hop to
/// another executor would only add latency.
public struct WebhookRequest: Sendable {
    public var method: String
    /// Path without the query string, e.g. `/validate`.
    public var path: String
    /// The raw query string (after `?`), if any; the apiserver sends `timeout=10s`.
    public var query: String?
    /// `Content-Type` header value, if present.
    public var contentType: String?
    public var body: [UInt8]

    public init(method: String, path: String, query: String? = nil, contentType: String? = nil, body: [UInt8] = []) {
        self.method = method
        self.path = path
        self.query = query
        self.contentType = contentType
        self.body = body
    }
}

public struct WebhookResponse: Sendable {
    public var status: Int
    public var contentType: String
    public var body: [UInt8]
    /// Facts for the access log line (request uid, decision, rules, kind…).
    /// Never secrets: no object contents, no tokens.
    public var logFields: [(String, String)]
    /// Extra response headers, e.g. `Allow: POST` on a 405. Usually empty.
    public var headers: [(String, String)]

    public init(status: Int, contentType: String = "application/json", body: [UInt8], logFields: [(String, String)] = [], headers: [(String, String)] = []) {
        self.status = status
        self.contentType = contentType
        self.body = body
        self.logFields = logFields
        self.headers = headers
    }
}

public protocol WebhookHandler: Sendable {
    /// Handles one complete request. Must not throw or trap on any input:
    /// bad input becomes a 4xx response with a JSON error body.
    func handle(_ request: WebhookRequest) -> WebhookResponse
}

/// Readiness as the server's `/readyz` reports it.
public protocol ReadinessSource: Sendable {
    /// nil when ready, else the reason (e.g. "cluster caches not synced").
    var notReadyReason: String? { get }
}
