import SourceModel

/// One rule as users see it: what it reports, why, and how to fix it.
///
/// The text is written for someone reading a finding they did not expect:
/// `nncp-guard rules ID` prints it, `docs/rules.md` is generated from it and
/// SARIF output carries it as the rule's help, so GitHub code scanning
/// shows it next to the annotation.
public struct RuleEntry: Sendable {
    public let id: RuleID
    /// The severity of a finding whose verdict is certain.
    public let severity: Diagnostic.Severity
    /// The verdict depends on what a node already has. Without the node's
    /// current state (plain lint, the slim webhook) the rule reports a
    /// warning and says what would make it fine; with the state (full mode,
    /// `lint --current`, `--states`) it reports ``severity``.
    public let nodeDependent: Bool
    /// Where the rule runs.
    public let scope: RuleScope
    /// One line: what is wrong (SARIF `shortDescription`, the rule list).
    public let summary: String
    /// A paragraph: why nmstate, kubernetes-nmstate or the cluster cares.
    public let explanation: String
    /// What to do about a finding, in a sentence or two.
    public let fix: String
    /// Input that the rule reports, and the same input fixed. The registry
    /// tests run both through lint, so an example cannot drift from the
    /// rule.
    public let example: RuleExample?
    /// Why no example or fixture triggers the rule in the tests (a
    /// condition that needs a live cluster, a broken disk, …); nil for
    /// rules the tests see fire.
    public let hardToTrigger: String?

    public init(
        _ id: RuleID,
        _ severity: Diagnostic.Severity,
        nodeDependent: Bool = false,
        scope: RuleScope,
        summary: String,
        explanation: String,
        fix: String,
        example: RuleExample? = nil,
        hardToTrigger: String? = nil
    ) {
        self.id = id
        self.severity = severity
        self.nodeDependent = nodeDependent
        self.scope = scope
        self.summary = summary
        self.explanation = explanation
        self.fix = fix
        self.example = example
        self.hardToTrigger = hardToTrigger
    }

    /// What the webhook does with the rule's findings when no
    /// configuration names it: the severity decides (error denies, warning
    /// warns, info is only audited).
    public var defaultAction: DefaultAction { DefaultAction(severity) }
}

/// The webhook's action for a rule nobody configured. The same words as
/// the `rules:` values of the enforcement configuration.
public enum DefaultAction: String, Sendable, CaseIterable {
    case deny
    case warn
    case audit

    public init(_ severity: Diagnostic.Severity) {
        switch severity {
        case .error: self = .deny
        case .warning: self = .warn
        case .info: self = .audit
        }
    }
}

/// Which front ends run a rule.
public enum RuleScope: String, Sendable, CaseIterable {
    /// Both webhooks (full and slim) and lint: the rule needs only the policy.
    case stateless
    /// Both webhooks, on UPDATE: the rule compares the change with the stored policy.
    case update
    /// The full-mode webhook, and lint with `--nodes`/`--states`/`--previous`:
    /// the rule needs the cluster's nodes, their states or the policies applied now.
    case cluster
    /// The full-mode webhook (against the stored policies) and lint (across
    /// the NNCPs of one run): the rule compares policies with each other.
    case crossPolicy = "cross-policy"
    /// Lint only: the rule is about reading files.
    case lint

    /// A sentence for the rule list and the docs.
    public var text: String {
        switch self {
        case .stateless: return "both webhooks (full and slim) and lint"
        case .update: return "both webhooks, on UPDATE (compared with the stored policy)"
        case .cluster: return "the full-mode webhook, and lint with --nodes, --states or --previous"
        case .crossPolicy: return "the full-mode webhook (against stored policies) and lint (across the NNCPs of a run)"
        case .lint: return "lint only"
        }
    }
}

/// Input a rule reports, and the same input fixed.
public struct RuleExample: Sendable {
    public enum Format: String, Sendable {
        /// A YAML stream: a desired state, NNCPs, a policy document.
        case yaml
        /// A JSON file.
        case json
    }

    /// What the rule reports.
    public let before: String
    /// The same input, fixed: the rule no longer reports it.
    public let after: String
    /// A node's current state to check against, for rules that need one
    /// (`nncp-guard lint --current FILE`).
    public let current: String?
    /// The nmstate profile the example is checked with; nil for `latest`.
    public let profile: String?
    public let format: Format

    public init(before: String, after: String, current: String? = nil, profile: String? = nil, format: Format = .yaml) {
        self.before = before
        self.after = after
        self.current = current
        self.profile = profile
        self.format = format
    }
}
