import Admission
import SourceModel
import WebhookServer

/// The admission controller on the server's routes: `POST` on every
/// ``AdmissionEndpoint`` path, and the HTTP answers for everything that is
/// not an admission review (404, 405, 415, a body that is no review).
///
/// This is where HTTP meets admission: the controller knows nothing of
/// status codes or content types, the server nothing of reviews.
public enum AdmissionRoutes {
    /// A router serving `controller`. Each answer carries an observer that
    /// records the admission metrics with the server's measurement of the
    /// request, so a request is timed once.
    public static func router(controller: AdmissionController, metrics: AdmissionMetrics) -> Router {
        var router = Router(fallback: AdmissionFallback(metrics: metrics))
        for endpoint in AdmissionEndpoint.allCases {
            router.add("POST", endpoint.rawValue, AdmissionResponder(controller: controller, endpoint: endpoint, metrics: metrics))
        }
        return router
    }

    /// `# HELP` texts of the admission metrics, for the metrics backend.
    package static let metricHelp = AdmissionMetricNames.help

    /// Buckets for the admission timer, sized for its microsecond-to-millisecond range.
    package static let timerBuckets = [AdmissionMetricNames.durationSeconds: AdmissionMetricNames.suggestedDurationBuckets]
}

/// Answers one admission endpoint. Reviews always get a 200 with an
/// AdmissionReview (denials travel inside it); only requests that are not
/// reviews get a 4xx.
struct AdmissionResponder: HTTPResponder {
    let controller: AdmissionController
    let endpoint: AdmissionEndpoint
    let metrics: AdmissionMetrics

    func respond(to request: HTTPRequest) -> HTTPResponse {
        guard MediaType.isJSON(request.contentType) else {
            return HTTPRejection.unsupportedMediaType(request.contentType).response(endpoint: endpoint, metrics: metrics)
        }
        do {
            let answer = try controller.answer(request.body, at: endpoint)
            return HTTPResponse(
                status: 200, body: answer.body, logFields: answer.logFields,
                observer: AdmissionObservation(metrics: metrics, endpoint: endpoint, decision: answer.outcome.decision, findings: answer.outcome.findings))
        } catch {
            return HTTPRejection.badReview(error).response(endpoint: endpoint, metrics: metrics)
        }
    }
}

/// What no admission route matched: a known path with another method is
/// 405 (with `Allow: POST`), anything else 404 with the served paths.
struct AdmissionFallback: HTTPResponder {
    let metrics: AdmissionMetrics

    func respond(to request: HTTPRequest) -> HTTPResponse {
        guard let endpoint = AdmissionEndpoint(path: request.path) else {
            return HTTPRejection.notFound(request.path).response(endpoint: nil, metrics: metrics)
        }
        return HTTPRejection.methodNotAllowed(request.method).response(endpoint: endpoint, metrics: metrics)
    }
}

/// Records one answered request in the admission metrics, with the
/// duration the server measured.
struct AdmissionObservation: ResponseObserver {
    let metrics: AdmissionMetrics
    let endpoint: AdmissionEndpoint?
    let decision: AdmissionDecision
    let findings: [(rule: String, action: RuleAction)]

    func responseWritten(status: Int, nanoseconds: Int64) {
        metrics.record(endpoint: endpoint, decision: decision, findings: findings, nanoseconds: nanoseconds)
    }
}

/// A request rejected before it became an admission review: wrong path,
/// method or content type, or a body that is not an AdmissionReview.
///
/// Answered with an HTTP 4xx and a small JSON body. The apiserver treats a
/// non-200 as a failed call and applies the webhook's `failurePolicy`; for
/// a person probing with curl the body says what was expected.
struct HTTPRejection: Sendable, Equatable {
    var status: Int
    /// Machine-readable, CamelCase like a Kubernetes Status reason.
    var reason: String
    var message: String
    /// `Allow: POST` on a 405.
    var headers: [(String, String)] = []

    static func == (a: HTTPRejection, b: HTTPRejection) -> Bool {
        a.status == b.status && a.reason == b.reason && a.message == b.message
            && a.headers.elementsEqual(b.headers) { $0.0 == $1.0 && $0.1 == $1.1 }
    }

    /// `{"error":"…","reason":"…"}`.
    var body: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(48 + message.utf8.count)
        out.append(contentsOf: #"{"error":"#.utf8)
        JSONWriter.writeString(message, into: &out)
        out.append(contentsOf: #","reason":"#.utf8)
        JSONWriter.writeString(reason, into: &out)
        out.append(UInt8(ascii: "}"))
        return out
    }

    /// The HTTP answer, counted as an `error` decision of `endpoint`
    /// (`unknown` when nil).
    func response(endpoint: AdmissionEndpoint?, metrics: AdmissionMetrics) -> HTTPResponse {
        HTTPResponse(
            status: status, body: body,
            logFields: [
                ("endpoint", endpoint?.label ?? AdmissionMetricNames.unknownEndpoint),
                ("decision", AdmissionDecision.error.rawValue),
                ("status", String(status)),
                ("reason", reason),
            ],
            headers: headers,
            observer: AdmissionObservation(metrics: metrics, endpoint: endpoint, decision: .error, findings: []))
    }

    static func notFound(_ path: String) -> HTTPRejection {
        let shown = path.utf8.count > 100 ? String(path.prefix(100)) + "..." : path
        let known = AdmissionEndpoint.allCases.map(\.rawValue).joined(separator: ", ")
        return HTTPRejection(status: 404, reason: "NotFound", message: "no admission endpoint at \(JSONWriter.quoted(shown)); served paths: \(known)")
    }

    static func methodNotAllowed(_ method: String) -> HTTPRejection {
        let shown = method.utf8.count > 20 ? String(method.prefix(20)) + "..." : method
        return HTTPRejection(status: 405, reason: "MethodNotAllowed", message: "method \(shown) is not allowed; admission reviews are sent with POST", headers: [("Allow", "POST")])
    }

    static func unsupportedMediaType(_ contentType: String?) -> HTTPRejection {
        let got = contentType.map { JSONWriter.quoted(String($0.prefix(100))) } ?? "none"
        return HTTPRejection(status: 415, reason: "UnsupportedMediaType", message: "content type must be application/json, got \(got)")
    }

    /// 413 for a body too large to read, 400 for anything else.
    static func badReview(_ error: AdmissionReviewError) -> HTTPRejection {
        HTTPRejection(status: error.code == .tooLarge ? 413 : 400, reason: error.code.rawValue, message: error.message)
    }
}
/// `Content-Type` checks without allocating: `application/json`, any case,
/// optional parameters; a `charset` parameter must be UTF-8 (RFC 8259).
enum MediaType {
    static func isJSON(_ header: String?) -> Bool {
        guard let header else { return false }
        // What the apiserver sends, answered without the general parse.
        if header.utf8.count == 16, header == "application/json" { return true }
        var utf8 = Substring(header).utf8[...]
        trim(&utf8)
        let semicolon = utf8.firstIndex(of: UInt8(ascii: ";"))
        var type = semicolon.map { utf8[..<$0] } ?? utf8
        trim(&type)
        guard equalsIgnoringCase(type, "application/json") else { return false }
        guard let semicolon else { return true }
        // Parameters: `; charset=utf-8; other=x`.
        var rest = utf8[utf8.index(after: semicolon)...]
        while !rest.isEmpty {
            let end = rest.firstIndex(of: UInt8(ascii: ";")) ?? rest.endIndex
            var param = rest[..<end]
            trim(&param)
            if let eq = param.firstIndex(of: UInt8(ascii: "=")) {
                var name = param[..<eq]
                trim(&name)
                if equalsIgnoringCase(name, "charset") {
                    var value = param[param.index(after: eq)...]
                    trim(&value)
                    if value.first == UInt8(ascii: "\""), value.count >= 2, value.last == UInt8(ascii: "\"") {
                        value = value.dropFirst().dropLast()
                    }
                    if !equalsIgnoringCase(value, "utf-8") && !equalsIgnoringCase(value, "utf8") { return false }
                }
            }
            rest = end == rest.endIndex ? rest[end...] : rest[rest.index(after: end)...]
        }
        return true
    }

    private static func trim(_ s: inout Substring.UTF8View.SubSequence) {
        while let f = s.first, f == 0x20 || f == 0x09 { s = s.dropFirst() }
        while let l = s.last, l == 0x20 || l == 0x09 { s = s.dropLast() }
    }

    private static func equalsIgnoringCase(_ s: Substring.UTF8View.SubSequence, _ lower: StaticString) -> Bool {
        guard s.count == lower.utf8CodeUnitCount else { return false }
        let p = lower.utf8Start
        var i = 0
        for b in s {
            let folded = (b >= 0x41 && b <= 0x5A) ? b | 0x20 : b
            if folded != p[i] { return false }
            i += 1
        }
        return true
    }
}
