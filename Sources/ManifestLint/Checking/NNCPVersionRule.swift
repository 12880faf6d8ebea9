import RuleCatalog
import SourceModel

/// The NNCP CRD serves `nmstate.io/v1` (storage) and `nmstate.io/v1beta1`
/// (deprecated); anything else under `nmstate.io` is refused by the
/// apiserver, which admission never sees, so only lint can say it.
///
/// Rules: `lint.api-version` (error), `lint.deprecated-api-version` (warning).
enum NNCPVersionRule {
    static func check(_ object: Value) -> [Diagnostic] {
        guard let member = object.member("apiVersion"), let version = member.value.string else { return [] }
        switch version {
        case "nmstate.io/v1":
            return []
        case "nmstate.io/v1beta1":
            return [Diagnostic(rule: .lintDeprecatedApiVersion, severity: .warning, message: "nmstate.io/v1beta1 NodeNetworkConfigurationPolicy is deprecated; use nmstate.io/v1 (same fields)", path: ["apiVersion"], location: member.value.location)]
        default:
            // `nmstate.io/v1alpha1` is what the oldest published examples
            // use; say it is gone rather than only that it is wrong.
            let why = version == "nmstate.io/v1alpha1" ? " any more" : ""
            return [Diagnostic(rule: .lintApiVersion, message: "\(version) is not served\(why) for NodeNetworkConfigurationPolicy: served versions are v1 and v1beta1 (deprecated); use nmstate.io/v1", path: ["apiVersion"], location: member.value.location)]
        }
    }
}
