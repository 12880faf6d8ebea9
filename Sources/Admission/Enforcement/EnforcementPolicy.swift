import SourceModel

/// Which action each rule's findings get, and how responses are trimmed.
///
/// Resolution for a diagnostic of rule `r` with severity `s`:
/// 1. an exact entry for `r` wins and is taken as written: it may turn a
///    warning-severity rule into a denial on purpose;
/// 2. else the longest matching wildcard (`a.b.*` before `a.*` before `*`)
///    applies, but only to lower the action: a wildcard never escalates a
///    diagnostic beyond its severity's default. Rules report a finding as a
///    warning when a valid configuration could trigger it (for example,
///    something that depends on the node's current state), and `schema.*: deny`
///    must not start rejecting those;
/// 3. else the severity decides (``RuleAction/default(for:)``).
public struct EnforcementPolicy: Sendable {
    /// Exact rule ids.
    private var exact: [String: RuleAction] = [:]
    /// Wildcards, longest prefix first, so the first match is the most specific.
    private var wildcards: [(prefix: String, action: RuleAction)] = []
    /// Where each configured pattern was written, for ``checkRuleIDs(source:)``.
    var origins: [PatternOrigin] = []

    /// What happens when cluster-aware rules report that they could not run.
    public var clusterUnavailable: ClusterUnavailableAction
    /// Most entries in `response.warnings`; the last one says how many were left out.
    public var maxWarnings: Int
    /// Longest warning, in UTF-8 bytes. The apiserver may truncate past 256
    /// and drops everything after 4096 bytes from all webhooks together.
    public var maxWarningLength: Int
    /// Most violations spelled out in a denial message.
    public var maxListedViolations: Int

    public init(
        rules: [(RulePattern, RuleAction)] = [],
        clusterUnavailable: ClusterUnavailableAction = .warn,
        maxWarnings: Int = 20,
        maxWarningLength: Int = 200,
        maxListedViolations: Int = 25
    ) {
        self.clusterUnavailable = clusterUnavailable
        self.maxWarnings = max(1, maxWarnings)
        self.maxWarningLength = max(40, maxWarningLength)
        self.maxListedViolations = max(1, maxListedViolations)
        for (pattern, action) in rules { set(action, for: pattern) }
    }

    /// Adds or replaces the entry for `pattern`.
    public mutating func set(_ action: RuleAction, for pattern: RulePattern) {
        if !pattern.isWildcard {
            exact[pattern.text] = action
            return
        }
        if let i = wildcards.firstIndex(where: { $0.prefix == pattern.text }) {
            wildcards[i].action = action
            return
        }
        wildcards.append((pattern.text, action))
        wildcards.sort { $0.prefix.utf8.count > $1.prefix.utf8.count }
    }

    /// The configured entries, exact ids first, for `--print-config` style output.
    public var entries: [(pattern: String, action: RuleAction)] {
        exact.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
            + wildcards.map { ($0.prefix + "*", $0.action) }
    }

    public func action(for diagnostic: Diagnostic) -> RuleAction {
        action(forRule: diagnostic.rule, severity: diagnostic.severity)
    }

    public func action(forRule rule: String, severity: Diagnostic.Severity) -> RuleAction {
        let byDefault = RuleAction.default(for: severity)
        if !exact.isEmpty, let a = exact[rule] { return a }
        for w in wildcards where rule.hasPrefix(w.prefix) {
            return min(w.action, byDefault)
        }
        return byDefault
    }
}

/// A pattern of the configuration and where it was written: a file
/// position, or the `--rule-action` flag it came from.
struct PatternOrigin: Sendable {
    var pattern: RulePattern
    /// The flag, for patterns given on the command line.
    var source: String?
    var location: SourceLocation
}

extension EnforcementPolicy {
    /// A finding's severity as lint reports it under this configuration:
    /// what the webhook would deny is an error, what it would admit with a
    /// warning a warning, and what it would only audit an info note. With
    /// no configuration each finding keeps its severity.
    public func lintSeverity(for diagnostic: Diagnostic) -> Diagnostic.Severity {
        switch action(for: diagnostic) {
        case .deny: return .error
        case .warn: return .warning
        case .audit: return .info
        }
    }
}
