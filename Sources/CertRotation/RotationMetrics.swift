import Foundation
import Metrics

/// The rotation manager's metrics, through swift-metrics (the server
/// bootstraps Prometheus; without a bootstrap they go nowhere):
///
/// - `nncp_guard_certificate_expiry_seconds{cert="ca"|"serving"}`: seconds
///   until `notAfter` of the current CA and serving certificate (negative
///   once expired), the same convention as the server's
///   `nncp_guard_tls_serving_certificate_expiry_seconds`. Alert on it
///   dropping below the overlap: rotation should have happened by then.
/// - `nncp_guard_certificate_rotations_total{cert="ca"|"serving"}`: new
///   certificates stored (a first install counts one of each).
/// - `nncp_guard_certificate_rotation_failures_total`: leader passes that
///   failed (API errors, write conflicts); each is retried with backoff.
public struct RotationMetrics: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case ca
        case serving
    }

    private let caExpiry: Gauge
    private let servingExpiry: Gauge
    private let caRotations: Counter
    private let servingRotations: Counter
    private let failures: Counter

    /// - Parameter factory: where to report; the bootstrapped system by default.
    public init(factory: any MetricsFactory = MetricsSystem.factory) {
        caExpiry = Gauge(label: "nncp_guard_certificate_expiry_seconds", dimensions: [("cert", "ca")], factory: factory)
        servingExpiry = Gauge(label: "nncp_guard_certificate_expiry_seconds", dimensions: [("cert", "serving")], factory: factory)
        caRotations = Counter(label: "nncp_guard_certificate_rotations_total", dimensions: [("cert", "ca")], factory: factory)
        servingRotations = Counter(label: "nncp_guard_certificate_rotations_total", dimensions: [("cert", "serving")], factory: factory)
        failures = Counter(label: "nncp_guard_certificate_rotation_failures_total", dimensions: [], factory: factory)
    }

    func recordExpiry(_ certificate: Kind, notAfter: Date, now: Date) {
        let seconds = notAfter.timeIntervalSince(now)
        switch certificate {
        case .ca: caExpiry.record(seconds)
        case .serving: servingExpiry.record(seconds)
        }
    }

    func recordRotation(_ certificate: Kind) {
        switch certificate {
        case .ca: caRotations.increment()
        case .serving: servingRotations.increment()
        }
    }

    func recordFailure() {
        failures.increment()
    }
}
