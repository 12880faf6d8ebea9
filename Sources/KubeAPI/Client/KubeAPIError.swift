import SourceModel

/// A failed API call, classified so callers can react without string
/// matching: retry on ``Code-swift.struct/conflict``, relist on
/// ``Code-swift.struct/gone``, create on ``Code-swift.struct/notFound``.
///
/// Server errors are decoded from the Kubernetes `Status` body (`reason`,
/// `message`, `code`); the classification follows apimachinery's
/// `errors.IsNotFound`, `IsConflict`, `IsGone`/`IsResourceExpired`, … which
/// look at the reason first and the HTTP status second.
public struct KubeAPIError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure, matchable with `==` and in `switch`.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// 404 / `NotFound`.
        public static let notFound = Code("notFound")
        /// 409 / `AlreadyExists`: a create found the name taken.
        public static let alreadyExists = Code("alreadyExists")
        /// 409 / `Conflict`: the update carried a stale `resourceVersion`;
        /// re-read and retry (``retryOnConflict(maxAttempts:initialDelay:_:)``).
        public static let conflict = Code("conflict")
        /// 410 / `Gone` or `Expired`: a watch or continue token is too old; relist.
        public static let gone = Code("gone")
        /// 401: no or bad credentials (an expired token).
        public static let unauthorized = Code("unauthorized")
        /// 403: RBAC does not allow it.
        public static let forbidden = Code("forbidden")
        /// 422 / `Invalid`: the object failed validation.
        public static let invalid = Code("invalid")
        /// 429: API priority and fairness asked us to back off.
        public static let tooManyRequests = Code("tooManyRequests")
        /// Any other error status (400, 5xx, …).
        public static let other = Code("other")
        /// The request did not complete: connection refused or reset, TLS
        /// failure, stream cut mid-response.
        public static let transport = Code("transport")
        /// The request did not finish within its time limit.
        public static let timeout = Code("timeout")
        /// A response that is not what the API serves (not JSON, no `items`).
        public static let malformedResponse = Code("malformedResponse")
        /// The call itself is wrong (a namespaced resource without a
        /// namespace, an object without a name); nothing was sent.
        public static let invalidRequest = Code("invalidRequest")
    }

    public var code: Code
    /// HTTP status of the response (or of the watch `ERROR` event's Status).
    public var httpStatus: Int?
    /// `Status.reason` (`NotFound`, `Conflict`, `Expired`, …).
    public var reason: String?
    public var message: String
    /// The whole `Status` object, when the server sent one.
    public var status: Value?
    /// Server's hint (`Retry-After` or `details.retryAfterSeconds`).
    public var retryAfterSeconds: Int?

    public init(_ code: Code, _ message: String, httpStatus: Int? = nil, reason: String? = nil, status: Value? = nil, retryAfterSeconds: Int? = nil) {
        self.code = code
        self.message = message
        self.httpStatus = httpStatus
        self.reason = reason
        self.status = status
        self.retryAfterSeconds = retryAfterSeconds
    }

    /// ``reason`` of a ``Code-swift.struct/timeout`` raised by this client's
    /// own time limit (as opposed to a server `Timeout` status).
    public static let clientDeadlineReason = "ClientDeadline"

    /// Whether trying the same request again later may succeed on its own.
    public var isRetryable: Bool {
        switch code {
        case .transport, .timeout, .tooManyRequests: return true
        case .other: return (httpStatus ?? 0) >= 500
        default: return false
        }
    }

    public var description: String {
        var out = "\(code)"
        if let httpStatus { out += " (\(httpStatus)\(reason.map { " \($0)" } ?? ""))" }
        return out + ": " + message
    }
}

extension KubeAPIError {
    /// Classifies an error response. `body` is the response body: a
    /// `Status` object from kube-apiserver, anything at all from a proxy.
    static func fromResponse(httpStatus: Int, body: [UInt8], retryAfterHeader: String? = nil, request: String) -> KubeAPIError {
        let status = try? JSONReader().parse(body)
        if let status, status["kind"]?.string == "Status" {
            var error = fromStatus(status, fallbackCode: httpStatus)
            error.httpStatus = httpStatus
            if error.retryAfterSeconds == nil, let header = retryAfterHeader { error.retryAfterSeconds = Int(header) }
            return error
        }
        let text = String(decoding: body.prefix(512), as: UTF8.self).trimmingASCIIWhitespace()
        let message = text.isEmpty ? "\(request): HTTP \(httpStatus)" : "\(request): HTTP \(httpStatus): \(text)"
        return KubeAPIError(classify(reason: nil, code: httpStatus), message, httpStatus: httpStatus,
                            retryAfterSeconds: retryAfterHeader.flatMap { Int($0) })
    }

    /// Classifies a `Status` object (an error body or a watch `ERROR` event).
    static func fromStatus(_ status: Value, fallbackCode: Int? = nil) -> KubeAPIError {
        let code = status["code"]?.int64.map(Int.init) ?? fallbackCode
        let reason = status["reason"]?.string.flatMap { $0.isEmpty ? nil : $0 }
        let message = status["message"]?.string ?? reason ?? "HTTP \(code ?? 0)"
        let retryAfter = status.at("details", "retryAfterSeconds")?.int64.map(Int.init)
        return KubeAPIError(classify(reason: reason, code: code), message, httpStatus: code, reason: reason,
                            status: status, retryAfterSeconds: retryAfter)
    }

    static func classify(reason: String?, code: Int?) -> Code {
        switch reason {
        case "NotFound": return .notFound
        case "AlreadyExists": return .alreadyExists
        case "Conflict": return .conflict
        case "Gone", "Expired": return .gone
        case "Unauthorized": return .unauthorized
        case "Forbidden": return .forbidden
        case "Invalid": return .invalid
        case "TooManyRequests": return .tooManyRequests
        case "Timeout": return .timeout
        default: break
        }
        switch code {
        case 401: return .unauthorized
        case 403: return .forbidden
        case 404: return .notFound
        case 409: return .conflict
        case 410: return .gone
        case 422: return .invalid
        case 429: return .tooManyRequests
        default: return .other
        }
    }
}
