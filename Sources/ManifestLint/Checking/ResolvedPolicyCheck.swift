import NMPolicy
import NMStateSchema
import PolicyRules
import RuleCatalog
import SourceModel

/// `lint --current` for an NNCP with `spec.capture`: resolve its captures
/// against the given current state as the node's handler would, fill the
/// templates, and check the result merged with that state. The text
/// itself was checked with templates standing for any value; this catches
/// what only shows once they are filled (a port that does not exist, a
/// captured section under the wrong key, a capture matching nothing).
struct ResolvedPolicyCheck: Sendable {
    let profile: Profile
    let current: Value

    /// Findings about the resolved desired state that `known` does not
    /// already hold (paths rooted at the object).
    func check(_ object: Value, known: [Diagnostic]) -> [Diagnostic] {
        let spec = object["spec"]
        guard let captureMembers = spec?["capture"]?.members, !captureMembers.isEmpty,
              let desired = spec?["desiredState"], desired.isMapping,
              !known.contains(where: { $0.severity == .error && $0.rule.hasPrefix("capture.") }) else { return [] }
        let captures = captureMembers.compactMap { m in m.value.string.map { (name: m.key, expression: $0) } }
        let resolved: Value
        do {
            resolved = try PolicyResolver().resolve(captures: captures, desired: desired, current: current, dialect: profile.captureDialect)
        } catch {
            let path = NodeFindings.place(of: error, in: object)
            let message = "resolving the policy against the current state fails: \(NodeFindings.oneLine(error))"
            return [Diagnostic(rule: .captureResolve, message: message, path: path, location: object.location(of: path))]
        }
        let seen = Set(known.map { "\($0.rule) \($0.path) \($0.message)" })
        let validator = DesiredStateValidator(options: ValidationOptions(profile: profile, current: current))
        var out: [Diagnostic] = []
        for var d in validator.validate(resolved, at: ["spec", "desiredState"]).diagnostics where !seen.contains("\(d.rule) \(d.path) \(d.message)") {
            d.location = object.location(of: d.path)
            d.message = "after filling capture templates: \(d.message)"
            out.append(d)
        }
        return out
    }
}
