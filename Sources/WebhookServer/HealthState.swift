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

/// `/healthz`, `/livez` and `/readyz`, which the server registers on every
/// listener's router for `GET` and `HEAD`.
struct HealthResponder: HTTPResponder {
    enum Probe: Sendable {
        case live
        case ready
    }

    let probe: Probe
    let health: HealthState

    func respond(to request: HTTPRequest) -> HTTPResponse {
        if probe == .ready, let reason = health.notReadyReason {
            return .text(503, "not ready: \(reason)\n", logFields: [("reason", reason)])
        }
        return .text(200, "ok\n")
    }

    /// The router with the probe routes added.
    static func adding(to router: Router, health: HealthState) -> Router {
        var router = router
        for method in ["GET", "HEAD"] {
            router.add(method, "/healthz", HealthResponder(probe: .live, health: health))
            router.add(method, "/livez", HealthResponder(probe: .live, health: health))
            router.add(method, "/readyz", HealthResponder(probe: .ready, health: health))
        }
        return router
    }
}
