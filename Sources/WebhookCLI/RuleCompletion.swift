import RuleCatalog

/// Shell completion for rule ids: the shell offers what `nncp-guard rules`
/// lists.
package enum RuleCompletion {
    /// Every wildcard and id.
    package static var patterns: [String] {
        RuleRegistry.wildcards + RuleRegistry.all.map(\.id.rawValue)
    }

    /// `--rule-action` values up to the `=`.
    package static var ruleActions: [String] {
        (["*"] + patterns).map { $0 + "=" }
    }
}
