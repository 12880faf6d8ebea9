/// The paths the admission controller serves and what each one does.
///
/// `/mutate` and `/validate` are nncp-guard's own. The
/// `/nodenetworkconfigurationpolicies-*` paths are upstream
/// kubernetes-nmstate's, so its webhook configurations can point at
/// nncp-guard unchanged (including the two validating paths it served
/// before March 2026).
public enum AdmissionEndpoint: String, Sendable, CaseIterable {
    case mutate = "/mutate"
    case validate = "/validate"
    case upstreamMutate = "/nodenetworkconfigurationpolicies-mutate"
    case upstreamStatusMutate = "/nodenetworkconfigurationpolicies-status-mutate"
    case upstreamTimestampMutate = "/nodenetworkconfigurationpolicies-timestamp-mutate"
    case upstreamCreateValidate = "/nodenetworkconfigurationpolicies-create-validate"
    case upstreamUpdateValidate = "/nodenetworkconfigurationpolicies-update-validate"

    /// What an endpoint does with an NNCP CREATE or UPDATE.
    public enum Action: Sendable {
        /// Stamp `nmstate.io/webhook-mutating-timestamp`.
        case stampTimestamp
        /// Remove `status.conditions`.
        case clearConditions
        /// Set the four conditions to Unknown when there are none.
        case initializeConditions
        /// Run the rules and decide.
        case validate
    }

    public var action: Action {
        switch self {
        case .mutate, .upstreamTimestampMutate: return .stampTimestamp
        case .upstreamMutate: return .clearConditions
        case .upstreamStatusMutate: return .initializeConditions
        case .validate, .upstreamCreateValidate, .upstreamUpdateValidate: return .validate
        }
    }

    /// The path as a metrics label value (no leading slash).
    public var label: String { String(rawValue.dropFirst()) }

    /// Dense index for per-endpoint tables.
    var index: Int {
        switch self {
        case .mutate: return 0
        case .validate: return 1
        case .upstreamMutate: return 2
        case .upstreamStatusMutate: return 3
        case .upstreamTimestampMutate: return 4
        case .upstreamCreateValidate: return 5
        case .upstreamUpdateValidate: return 6
        }
    }

    /// Exact match on the path (no query string, no trailing slash).
    public init?(path: String) {
        self.init(rawValue: path)
    }
}
