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

    static let expirySeconds = "nncp_guard_certificate_expiry_seconds"
    static let rotationsTotal = "nncp_guard_certificate_rotations_total"
    static let failuresTotal = "nncp_guard_certificate_rotation_failures_total"

    /// The `# HELP` text of each metric, for the server's metrics backend.
    public static let help: [String: String] = [
        expirySeconds: "Seconds until notAfter of the current CA (cert=ca) and serving certificate (cert=serving), negative once expired (builtin certificates).",
        rotationsTotal: "New certificates this replica stored, by cert (ca, serving); a first install counts one of each.",
        failuresTotal: "Certificate rotation passes that failed (API errors, write conflicts); each is retried with backoff.",
    ]

    private let caExpiry: Gauge
    private let servingExpiry: Gauge
    private let caRotations: Counter
    private let servingRotations: Counter
    private let failures: Counter

    /// - Parameter factory: where to report; the bootstrapped system by default.
    public init(factory: any MetricsFactory = MetricsSystem.factory) {
        caExpiry = Gauge(label: Self.expirySeconds, dimensions: [("cert", "ca")], factory: factory)
        servingExpiry = Gauge(label: Self.expirySeconds, dimensions: [("cert", "serving")], factory: factory)
        caRotations = Counter(label: Self.rotationsTotal, dimensions: [("cert", "ca")], factory: factory)
        servingRotations = Counter(label: Self.rotationsTotal, dimensions: [("cert", "serving")], factory: factory)
        failures = Counter(label: Self.failuresTotal, dimensions: [], factory: factory)
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
