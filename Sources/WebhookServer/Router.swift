/// The route table: which responder answers which method and path.
///
/// Exact matches on method and path (no patterns, no trailing-slash
/// folding); whatever matches no route goes to the fallback, which decides
/// between 404 and 405 and says so in its own words. The server adds its
/// probe routes itself (see ``WebhookServer``), so an application
/// registers only its own paths.
public struct Router: HTTPResponder {
    /// An HTTP method and an exact path.
    public struct Route: Hashable, Sendable {
        public var method: String
        public var path: String

        public init(_ method: String, _ path: String) {
            self.method = method
            self.path = path
        }
    }

    private var routes: [Route: any HTTPResponder] = [:]
    /// Registration order of the distinct paths (metric labels follow it).
    public private(set) var paths: [String] = []
    private let fallback: any HTTPResponder

    /// - Parameter fallback: Answers every request no route matches.
    public init(fallback: any HTTPResponder = NotFoundResponder()) {
        self.fallback = fallback
    }

    /// Routes `method path` to `responder`; a later registration of the same
    /// route replaces the earlier one.
    public mutating func add(_ method: String, _ path: String, _ responder: any HTTPResponder) {
        routes[Route(method, path)] = responder
        if !paths.contains(path) { paths.append(path) }
    }

    /// The responder for `method path`, nil when only the fallback would answer.
    public func responder(method: String, path: String) -> (any HTTPResponder)? {
        routes[Route(method, path)]
    }

    public func respond(to request: HTTPRequest) -> HTTPResponse {
        (routes[Route(request.method, request.path)] ?? fallback).respond(to: request)
    }
}

/// The default fallback: `404 not found` as plain text.
public struct NotFoundResponder: HTTPResponder {
    public init() {}

    public func respond(to request: HTTPRequest) -> HTTPResponse {
        .text(404, "not found\n")
    }
}
