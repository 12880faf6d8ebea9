import NMPolicy
import SourceModel

/// `spec.capture` expressions and the `{{ capture.… }}` templates in
/// `spec.desiredState`: syntax as nmstatectl policy parses it, and every
/// template naming a defined capture. Rule ids come from ``CaptureCheck``.
enum CaptureRules {
    static func check(_ object: Value, dialect: CaptureDialect, into out: inout [Diagnostic]) {
        guard let spec = object["spec"], spec.isMapping else { return }
        let capture = spec["capture"]
        let desired = spec["desiredState"]
        // Captures must be a string map (ObjectRules reports other shapes).
        if let capture, !capture.isNull, capture.members == nil { return }
        guard capture != nil || desired.map(containsTemplate) == true else { return }
        out += CaptureCheck.check(capture: capture, desiredState: desired, capturePath: ["spec", "capture"], desiredPath: ["spec", "desiredState"], dialect: dialect)
    }

    /// Cheap pre-check so policies without templates skip the scan. It
    /// visits every node of the desired state on every request, so it walks
    /// by index: `contains(where:)` copied (retained and released) each
    /// member on the way.
    static func containsTemplate(_ v: Value) -> Bool {
        switch v.content {
        case .string(let s):
            return s.utf8.containsDoubleBrace
        case .sequence(let items):
            for i in items.indices where containsTemplate(items[i]) { return true }
            return false
        case .mapping(let members):
            for i in members.indices where containsTemplate(members[i].value) { return true }
            return false
        default:
            return false
        }
    }
}
