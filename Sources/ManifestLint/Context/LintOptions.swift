import NMStateSchema
import SourceModel

/// Everything that changes what a lint run checks. A value: the CLI builds
/// one, tests build others.
public struct LintOptions: Sendable {
    /// nmstate behaviour to check against.
    public var profile: Profile
    /// A node's current state, for apply-like checking (`nmstatectl apply`
    /// merges the desired state with it). A policy document's own
    /// `current:` takes precedence for that document.
    public var current: Value?
    /// Read limits; `maxBytes` is `--max-size`.
    public var limits: LoadLimits
    /// Cluster facts for cluster-aware rules (`--nodes`, `--states`, `--previous`).
    public var cluster: ClusterContext
    /// Checks that see every document of the run at once. The default is
    /// the cross-policy conflict check.
    public var runChecks: [any RunWideCheck]
    /// Check a mapping that is neither a Kubernetes object nor a policy
    /// document as an nmstate desired state even when none of its keys is
    /// nmstate's (`--assume-state`): for repositories of bare nmstate files,
    /// where a misspelt top-level key must be an error, not "not checked".
    public var assumeDesiredState: Bool = false
    /// `--exclude` patterns: matching files and directories are not linted.
    public var excludes: [PathGlob] = []
    /// The enforcement configuration (`--config`, `--rule-action`) as lint
    /// applies it: each finding's severity after the run. Nil keeps the
    /// rules' own severities.
    public var severityPolicy: (any SeverityPolicy)?
    /// Most files linted at the same time.
    public var concurrency: Int
    /// Below this many files lint stays on one task: spreading a handful of
    /// small files over threads costs more than it saves.
    public var parallelThreshold: Int

    public init(
        profile: Profile = .latest,
        current: Value? = nil,
        limits: LoadLimits = .default,
        cluster: ClusterContext = ClusterContext(),
        runChecks: [any RunWideCheck] = [CrossPolicyRunCheck()],
        concurrency: Int = Terminal.coreCount,
        parallelThreshold: Int = 8
    ) {
        self.profile = profile
        self.current = current
        self.limits = limits
        self.cluster = cluster
        self.runChecks = runChecks
        self.concurrency = max(1, concurrency)
        self.parallelThreshold = parallelThreshold
    }

    /// The options one desired state is validated with.
    func validationOptions(current override: Value? = nil, allowTemplates: Bool = false) -> ValidationOptions {
        ValidationOptions(profile: profile, current: override ?? current, allowTemplates: allowTemplates)
    }
}

/// What a configuration makes of each finding, as a severity: the webhook's
/// rule actions in lint terms (deny is an error, warn a warning, audit an
/// info note), so CI fails exactly where the cluster would deny.
public protocol SeverityPolicy: Sendable {
    func severity(for diagnostic: Diagnostic) -> Diagnostic.Severity
}
