import Admission
import NIOConcurrencyHelpers

/// Liveness and readiness as both listeners report them.
///
/// Ready means: a serving certificate is loaded, the ``ReadinessSource``
/// (if any) has no objection, and the server is not shutting down. The last
/// one matters in Kubernetes: failing readiness as soon as SIGTERM arrives
/// takes the pod out of the Service endpoints while in-flight requests
/// finish.
final class HealthState: Sendable {
    private let certificates: ServingCertificates?
    private let source: (any ReadinessSource)?
    private let shuttingDown = NIOLockedValueBox(false)

    /// `certificates` nil: a pipeline without TLS (fuzzing), nothing to load.
    init(certificates: ServingCertificates?, source: (any ReadinessSource)?) {
        self.certificates = certificates
        self.source = source
    }

    func markShuttingDown() { shuttingDown.withLockedValue { $0 = true } }

    /// nil when ready, else why not.
    var notReadyReason: String? {
        if shuttingDown.withLockedValue({ $0 }) { return "shutting down" }
        if let certificates, certificates.current == nil { return "serving certificate not loaded" }
        return source?.notReadyReason
    }
}

/// Responses shared by the TLS and metrics listeners.
enum HealthEndpoints {
    /// Answers `GET|HEAD /healthz` and `/readyz`; nil for any other request.
    static func respond(method: Substring, path: Substring, health: HealthState) -> WebhookResponse? {
        guard method == "GET" || method == "HEAD" else { return nil }
        switch path {
        case "/healthz", "/livez":
            return WebhookResponse(status: 200, contentType: "text/plain; charset=utf-8", body: Array("ok\n".utf8))
        case "/readyz":
            if let reason = health.notReadyReason {
                return WebhookResponse(status: 503, contentType: "text/plain; charset=utf-8", body: Array("not ready: \(reason)\n".utf8),
                                       logFields: [("reason", reason)])
            }
            return WebhookResponse(status: 200, contentType: "text/plain; charset=utf-8", body: Array("ok\n".utf8))
        default:
            return nil
        }
    }
}
