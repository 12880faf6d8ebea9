import Prometheus

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// `GET /metrics` on the plain-HTTP listener, in Prometheus text format.
struct MetricsEndpoint: HTTPResponder {
    let metrics: ServerMetrics
    let certificates: ServingCertificates

    func respond(to request: HTTPRequest) -> HTTPResponse {
        metrics.updateCertificate(certificates.current, nowUnix: Int64(time(nil)))
        metrics.process.update()
        var body: [UInt8] = []
        metrics.registry.emit(into: &body)
        return HTTPResponse(status: 200, contentType: "text/plain; version=0.0.4; charset=utf-8", body: body)
    }

    /// The metrics listener's routes (the server adds the probes).
    static func router(metrics: ServerMetrics, certificates: ServingCertificates) -> Router {
        var router = Router(fallback: Fallback())
        let endpoint = MetricsEndpoint(metrics: metrics, certificates: certificates)
        router.add("GET", "/metrics", endpoint)
        router.add("HEAD", "/metrics", endpoint)
        return router
    }

    /// 405 for `/metrics` with another method, 404 for anything else.
    struct Fallback: HTTPResponder {
        func respond(to request: HTTPRequest) -> HTTPResponse {
            request.path == "/metrics" ? .text(405, "method not allowed\n") : .text(404, "not found\n")
        }
    }
}
