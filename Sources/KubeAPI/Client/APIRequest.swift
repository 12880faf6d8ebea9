import NIOHTTP1

/// One HTTP exchange with the API server, before headers are added.
struct APIRequest: Sendable {
    var method: HTTPMethod
    var path: String
    var query: [QueryItem] = []
    var body: [UInt8]? = nil
    var contentType: String? = nil

    /// `GET /api/v1/nodes`, for messages and logs (no query: it can hold
    /// continue tokens, which are noise).
    var summary: String { "\(method.rawValue) \(path)" }

    /// Path and percent-encoded query.
    var target: String {
        guard !query.isEmpty else { return path }
        return path + "?" + query.map { "\($0.name)=\(Percent.encode($0.value))" }.joined(separator: "&")
    }
}

struct QueryItem: Sendable, Equatable {
    var name: String
    var value: String
    init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}
