/// The server's side of the boundary between HTTP and the application.
///
/// The server owns sockets, TLS, limits, timeouts, metrics and the access
/// log; it hands each complete request to the ``HTTPResponder`` its
/// ``Router`` picks and writes back what that returns. Responding is
/// synchronous on purpose: the application's work runs on in-memory data,
/// so a hop to another executor would only add latency.
public protocol HTTPResponder: Sendable {
    /// Answers one complete request. Must not throw or trap on any input:
    /// bad input becomes a 4xx response.
    func respond(to request: HTTPRequest) -> HTTPResponse
}

/// One complete HTTP request, as a responder sees it.
public struct HTTPRequest: Sendable {
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

/// What a responder answers.
public struct HTTPResponse: Sendable {
    public var status: Int
    public var contentType: String
    public var body: [UInt8]
    /// Facts for the request's access log line (request uid, decision,
    /// rules…). Never secrets: no object contents, no tokens.
    public var logFields: [(String, String)]
    /// Extra response headers, e.g. `Allow: POST` on a 405. Usually empty.
    public var headers: [(String, String)]
    /// Told how long the request took once its response is written, so the
    /// application's own metrics use the server's one measurement instead
    /// of timing the request a second time.
    public var observer: (any ResponseObserver)?

    public init(
        status: Int, contentType: String = "application/json", body: [UInt8],
        logFields: [(String, String)] = [], headers: [(String, String)] = [], observer: (any ResponseObserver)? = nil
    ) {
        self.status = status
        self.contentType = contentType
        self.body = body
        self.logFields = logFields
        self.headers = headers
        self.observer = observer
    }

    /// A `text/plain` answer (probes, the metrics listener's errors).
    static func text(_ status: Int, _ text: String, logFields: [(String, String)] = []) -> HTTPResponse {
        HTTPResponse(status: status, contentType: "text/plain; charset=utf-8", body: Array(text.utf8), logFields: logFields)
    }
}

/// Records what only the application knows about an answered request
/// (its decision, say) together with the server's measurement of it.
///
/// Called on the event loop right after the response is written, once per
/// response. Keep it to metric updates: it runs on the request path.
public protocol ResponseObserver: Sendable {
    func responseWritten(status: Int, nanoseconds: Int64)
}

/// Readiness beyond the server's own, as `/readyz` reports it.
public protocol ReadinessSource: Sendable {
    /// nil when ready, else the reason (e.g. "cluster caches not synced").
    var notReadyReason: String? { get }
}
