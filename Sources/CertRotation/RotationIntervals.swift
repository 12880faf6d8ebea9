import GuardCore

/// How long certificates live and how early they are replaced: upstream
/// kubernetes-nmstate's four `selfSignConfiguration` knobs.
///
/// A certificate is rotated at its *deadline*, `notAfter − overlap`; the
/// overlap is the time during which the old and the new certificate are both
/// valid (for the CA: both are in `caBundle`), so every client has picked up
/// the new one before the old one expires.
public struct RotationIntervals: Sendable, Hashable, CustomStringConvertible {
    /// Lifetime of a CA (upstream `caRotateInterval`).
    public var caValidity: Duration
    /// How long before the CA expires a new one is made (`caOverlapInterval`).
    public var caOverlap: Duration
    /// Lifetime of a serving certificate (`certRotateInterval`).
    public var certificateValidity: Duration
    /// How long before the serving certificate expires a new one is issued
    /// (`certOverlapInterval`).
    public var certificateOverlap: Duration

    /// The NMState operator's defaults: CA `8760h0m0s` with `24h0m0s`
    /// overlap, serving certificate `4380h0m0s` with `24h0m0s` overlap.
    public static let upstreamDefaults = RotationIntervals(
        caValidity: .seconds(8760 * 3600), caOverlap: .seconds(24 * 3600),
        certificateValidity: .seconds(4380 * 3600), certificateOverlap: .seconds(24 * 3600))

    public init(caValidity: Duration, caOverlap: Duration, certificateValidity: Duration, certificateOverlap: Duration) {
        self.caValidity = caValidity
        self.caOverlap = caOverlap
        self.certificateValidity = certificateValidity
        self.certificateOverlap = certificateOverlap
    }

    /// Parses the four values in Go duration syntax (as the upstream
    /// `CA_ROTATE_INTERVAL`, … environment variables hold them); `nil`
    /// keeps the default. Does not ``validate()``.
    public init(
        caValidity: String?, caOverlap: String?, certificateValidity: String?, certificateOverlap: String?,
        defaults: RotationIntervals = .upstreamDefaults
    ) throws(CertRotationError) {
        func value(_ text: String?, _ name: String, _ fallback: Duration) throws(CertRotationError) -> Duration {
            guard let text else { return fallback }
            do {
                return try GoDuration.parse(text)
            } catch {
                throw CertRotationError(.invalidDuration, "'\(name)': \(error)")
            }
        }
        self.init(
            caValidity: try value(caValidity, "CARotateInterval", defaults.caValidity),
            caOverlap: try value(caOverlap, "CAOverlapInterval", defaults.caOverlap),
            certificateValidity: try value(certificateValidity, "CertRotateInterval", defaults.certificateValidity),
            certificateOverlap: try value(certificateOverlap, "CertOverlapInterval", defaults.certificateOverlap))
    }

    /// Checks the rules upstream's `certificate.Options.validate` checks,
    /// with its messages, plus two it lacks: every interval must be positive,
    /// and an overlap must be strictly shorter than its validity (equal
    /// values would put the deadline at the moment of issue and rotate on
    /// every pass).
    public func validate() throws(CertRotationError) {
        let named: [(String, Duration)] = [
            ("CARotateInterval", caValidity), ("CAOverlapInterval", caOverlap),
            ("CertRotateInterval", certificateValidity), ("CertOverlapInterval", certificateOverlap),
        ]
        for (name, value) in named where value <= .zero {
            throw CertRotationError(.invalidOptions, "'\(name)' has to be > 0")
        }
        if caOverlap > caValidity {
            throw CertRotationError(.invalidOptions, "'CAOverlapInterval' has to be <= 'CARotateInterval'")
        }
        if certificateValidity > caValidity {
            throw CertRotationError(.invalidOptions, "'CertRotateInterval' has to be <= 'CARotateInterval'")
        }
        if certificateOverlap > certificateValidity {
            throw CertRotationError(.invalidOptions, "'CertOverlapInterval' has to be <= 'CertRotateInterval'")
        }
        if caOverlap == caValidity {
            throw CertRotationError(.invalidOptions, "'CAOverlapInterval' has to be < 'CARotateInterval' (equal values rotate on every pass)")
        }
        if certificateOverlap == certificateValidity {
            throw CertRotationError(.invalidOptions, "'CertOverlapInterval' has to be < 'CertRotateInterval' (equal values rotate on every pass)")
        }
    }

    /// `ca=8760h0m0s/24h0m0s cert=4380h0m0s/24h0m0s`, for logs.
    public var description: String {
        "ca=\(GoDuration.format(caValidity))/\(GoDuration.format(caOverlap)) cert=\(GoDuration.format(certificateValidity))/\(GoDuration.format(certificateOverlap))"
    }
}
