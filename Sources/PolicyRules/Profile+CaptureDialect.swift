import NMPolicy
import NMStateSchema

extension Profile {
    /// The capture language of the nmstate release this profile checks
    /// against: `=~` only exists for `latest`.
    public var captureDialect: CaptureDialect {
        switch self {
        case .latest: return .latest
        case .v2_2_38: return .v2_2_38
        }
    }
}
