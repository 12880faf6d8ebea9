import RuleCatalog

/// Shell completion for rule ids: the shell offers what `nncp-guard rules`
/// lists.
public enum RuleCompletion {
    /// Every wildcard and id.
    public static var patterns: [String] {
        RuleRegistry.wildcards + RuleRegistry.all.map(\.id.rawValue)
    }

    /// `--rule-action` values up to the `=`.
    public static var ruleActions: [String] {
        (["*"] + patterns).map { $0 + "=" }
    }
}
