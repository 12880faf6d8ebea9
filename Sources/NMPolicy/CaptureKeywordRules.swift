/// The rules nmstate applies to the key path of `==` and `:=` when it runs
/// an expression (`capture.rs`, `route.rs`, `route_rule.rs`): only
/// `interfaces`, `routes.running|config.<property>` and
/// `route-rules.config.<property>` can be filtered or replaced.
///
/// nmstate checks them after it has found the input and the operand, so the
/// resolver raises them at that point (a missing capture is reported
/// first, as nmstate does). They depend on the expression alone, which is
/// why ``CaptureCheck`` reports them at admission.
extension CaptureExpression {
    /// nmstate's error for the key path, or nil when nmstate can run it.
    public var keywordError: PolicyError? {
        let key: PropertyPath
        let replacing: Bool
        switch operation {
        case .filter(let k, _), .match(let k, _): key = k; replacing = false
        case .replace(let k, _): key = k; replacing = true
        case .wholeState, .retain: return nil
        }
        let names = key.names
        func policy(_ message: String, prefix: String) -> PolicyError {
            PolicyError(message, line: text, position: key.position + PolicyText.count(prefix))
        }
        switch names.first {
        case "interfaces":
            return nil
        case "routes":
            guard names.count == 3 else {
                return policy(replacing ? "No route replace pattern found" : "No route search pattern found", prefix: "routes.")
            }
            guard names[1] == "running" || names[1] == "config" else {
                return policy(replacing ? "Only support 'running' or 'config' keyword for replacing routes"
                                        : "Only support 'running' or 'config' keyword for route searching", prefix: "routes.")
            }
            return nil
        case "route-rules":
            guard names.count == 3 else { return policy("No route rule search pattern found", prefix: "route-rules.") }
            guard names[1] == "config" else {
                return policy(replacing ? "Only support 'config' keyword for replacing route rules"
                                        : "Only support 'config' keyword for searching route rules", prefix: "route-rules.")
            }
            return nil
        case let other?:
            return PolicyError(kind: .invalidArgument, "Unsupported capture keyword '\(other)'", line: text, position: key.position)
        case nil:
            return PolicyError(kind: .invalidArgument, "Invalid empty keyword", line: text, position: key.position)
        }
    }
}
