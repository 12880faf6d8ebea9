import SourceModel

/// What a finding of a rule does to an admission request.
public enum RuleAction: String, Sendable, CaseIterable, Comparable {
    /// Admit; log the finding and count it in `nncp_guard_rule_findings_total`.
    case audit
    /// Admit with a warning that kubectl prints as `Warning: …`.
    case warn
    /// Reject the request (403 Forbidden).
    case deny

    private var rank: Int {
        switch self {
        case .audit: return 0
        case .warn: return 1
        case .deny: return 2
        }
    }

    public static func < (lhs: RuleAction, rhs: RuleAction) -> Bool { lhs.rank < rhs.rank }

    /// The action for a rule nobody configured: its severity decides, so an
    /// error denies, a warning warns and an info note is only audited.
    public static func `default`(for severity: Diagnostic.Severity) -> RuleAction {
        switch severity {
        case .error: return .deny
        case .warning: return .warn
        case .info: return .audit
        }
    }
}

/// What to do when cluster-aware rules cannot run (caches not synced, API
/// unreachable): admit with a warning, or reject until they can.
public enum ClusterUnavailableAction: String, Sendable, CaseIterable {
    case warn
    case deny
}

/// A key of the `rules:` table: an exact rule id (`nmstate.bond.mode-required`),
/// a prefix wildcard (`schema.*`, every id under `schema.`), or `*` (all).
public struct RulePattern: Sendable, Hashable, CustomStringConvertible {
    /// The exact id, or for a wildcard the prefix with its trailing dot
    /// (`schema.`; empty for `*`), so matching is one `hasPrefix`.
    public let text: String
    public let isWildcard: Bool

    public static let all = RulePattern(text: "", isWildcard: true)

    private init(text: String, isWildcard: Bool) {
        self.text = text
        self.isWildcard = isWildcard
    }

    /// Parses a pattern; the error says what is wrong with it.
    public static func parse(_ source: String) -> Result<RulePattern, PatternError> {
        if source == "*" { return .success(.all) }
        guard !source.isEmpty else { return .failure(PatternError(.empty, "a rule id cannot be empty")) }
        var body = Substring(source)
        var wildcard = false
        if source.hasSuffix(".*") {
            body = body.dropLast(2)
            wildcard = true
        }
        let segments = body.split(separator: ".", omittingEmptySubsequences: false)
        for segment in segments {
            if segment.isEmpty {
                return .failure(PatternError(.emptySegment, "rule id \(JSONWriter.quoted(source)) has an empty segment; ids look like `schema.unknown-field`"))
            }
            if segment.contains("*") {
                return .failure(PatternError(.misplacedWildcard, "rule id \(JSONWriter.quoted(source)) has a `*` inside it; a wildcard must be the whole last segment, as in `schema.*`, or `*` alone"))
            }
            for u in segment.unicodeScalars where !Self.allowed(u) {
                let shown = u.properties.isWhitespace || u.value < 0x20 ? "whitespace" : "`\(u)`"
                return .failure(PatternError(.invalidCharacter, "rule id \(JSONWriter.quoted(source)) contains \(shown); ids use lower-case letters, digits, `-`, `_` and `.`"))
            }
        }
        return .success(RulePattern(text: wildcard ? String(body) + "." : String(body), isWildcard: wildcard))
    }

    private static func allowed(_ u: Unicode.Scalar) -> Bool {
        switch u {
        case "a"..."z", "0"..."9", "-", "_": return true
        default: return false
        }
    }

    public func matches(_ rule: String) -> Bool {
        isWildcard ? rule.hasPrefix(text) : rule == text
    }

    public var description: String {
        isWildcard ? text + "*" : text
    }

    /// Why a `--rule-action` or config key is not a rule id or pattern.
    public struct PatternError: Error, Sendable, CustomStringConvertible {
        /// What is wrong with the id.
        public enum Code: Sendable, Hashable {
            /// Nothing was written.
            case empty
            /// Two dots in a row, or a dot at either end.
            case emptySegment
            /// A `*` that is not the whole last segment.
            case misplacedWildcard
            /// A character rule ids never contain.
            case invalidCharacter
        }

        public var code: Code
        /// The message, quoting the id as written.
        public var message: String

        init(_ code: Code, _ message: String) {
            self.code = code
            self.message = message
        }

        public var description: String { message }
    }
}
