import Admission
import Prometheus

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The plain-HTTP listener's router: `GET /metrics` in Prometheus text
/// format; `/healthz` and `/readyz` are answered before this is reached.
struct MetricsEndpoint: WebhookHandler {
    let metrics: ServerMetrics
    let certificates: ServingCertificates

    func handle(_ request: WebhookRequest) -> WebhookResponse {
        guard request.path == "/metrics" else {
            return WebhookResponse(status: 404, contentType: "text/plain; charset=utf-8", body: Array("not found\n".utf8))
        }
        guard request.method == "GET" || request.method == "HEAD" else {
            return WebhookResponse(status: 405, contentType: "text/plain; charset=utf-8", body: Array("method not allowed\n".utf8))
        }
        metrics.updateCertificate(certificates.current, nowUnix: Int64(time(nil)))
        metrics.process.update()
        var body: [UInt8] = []
        metrics.registry.emit(into: &body)
        return WebhookResponse(status: 200, contentType: "text/plain; version=0.0.4; charset=utf-8", body: body)
    }
}
