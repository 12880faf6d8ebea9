extension SemanticRules {
    /// The order follows nmstate's `MergedNetworkState::new` (reference §15).
    static let registered: [Rule] = []
}
