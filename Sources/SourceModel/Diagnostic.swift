/// One finding about one document: which rule, how bad, what is wrong, and
/// where (both as a path inside the document and as a line and column).
///
/// Every front end (lint, the admission webhook, JSON Schema-aware editors)
/// renders this same value, so a rule's wording is written once.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable, Comparable, CaseIterable, Codable {
        case error
        case warning
        case info

        private var rank: Int {
            switch self {
            case .error: return 2
            case .warning: return 1
            case .info: return 0
            }
        }

        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
    }

    /// Stable rule identifier, e.g. `schema.unknown-field` or
    /// `nmstate.bond.mode-required`. Enforcement actions are keyed by it.
    public var rule: String
    public var severity: Severity
    public var message: String
    /// Path inside the document the diagnostic was raised on.
    public var path: DocumentPath
    /// Source position of `path`, when the document was read from text.
    public var location: SourceLocation
    /// The verdict was a guess about a node nobody described: the rule
    /// depends on what the node already has, and no current state was
    /// given. Checking against real nodes' states replaces such findings.
    public var dependsOnNode: Bool

    public init(rule: String, severity: Severity = .error, message: String, path: DocumentPath = .root, location: SourceLocation = .unknown, dependsOnNode: Bool = false) {
        self.rule = rule
        self.severity = severity
        self.message = message
        self.path = path
        self.location = location
        self.dependsOnNode = dependsOnNode
    }

    public var description: String {
        var s = ""
        if location.isKnown { s += "\(location): " }
        s += "\(severity.rawValue) [\(rule)] \(message)"
        if !path.isEmpty { s += " (at \(path))" }
        return s
    }
}
