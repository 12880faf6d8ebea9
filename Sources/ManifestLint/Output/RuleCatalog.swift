/// One-line descriptions of rule ids, for SARIF's `tool.driver.rules` and
/// the JUnit failure type.
///
/// Lint's own rules are listed exactly. Rules of the other modules are
/// described by family (`schema.*`, `nmstate.*`, `policy.*`, `conflict.*`),
/// so a rule added there never needs an edit here to get a sensible entry.
public enum RuleCatalog {
    static let exact: [String: String] = [
        "lint.unrecognized": "Document is not an NNCP, a Kubernetes object, an nmstate state or a policy document",
        "lint.too-large": "File is larger than the size limit (the kube-apiserver accepts at most 3 MiB)",
        "lint.io": "File could not be read",
        "lint.list": "A Kubernetes List whose items are not a sequence",
        "lint.api-version": "NodeNetworkConfigurationPolicy apiVersion is not served by the CRD",
        "lint.deprecated-api-version": "NodeNetworkConfigurationPolicy uses the deprecated nmstate.io/v1beta1",
        "yaml.syntax": "YAML syntax error",
        "yaml.duplicate-key": "A YAML mapping repeats a key",
        "yaml.alias-budget": "YAML aliases expand past the budget (possible alias bomb)",
        "yaml.too-deep": "YAML nesting is too deep",
        "yaml.encoding": "File is not valid UTF-8",
        "yaml.undefined-alias": "A YAML alias names an undefined anchor",
        "json.syntax": "JSON syntax error",
        "json.duplicate-key": "A JSON object repeats a key",
        "json.too-deep": "JSON nesting is too deep",
        "json.encoding": "File is not valid UTF-8",
        "policy.name": "NNCP name is not a valid label value",
        "policy.node-selector": "NNCP nodeSelector has an invalid label key or value",
        "policy.max-unavailable": "NNCP maxUnavailable is zero, negative or malformed",
        "policy.capture-immutable": "NNCP spec.capture cannot change on update",
        "policy.in-progress": "NNCP spec changed while the previous rollout is in progress",
        "policy.structure": "NNCP object is not shaped like a NodeNetworkConfigurationPolicy",
        "policy.static-address-multiple-nodes": "NNCP assigns a static address on a selector that matches several nodes",
        "policy-document.structure": "Policy document is not shaped like an nmstate policy (capture, desired, current)",
        "capture.syntax": "nmpolicy capture expression does not parse",
        "capture.template-syntax": "Capture template ({{ capture.… }}) does not parse",
        "capture.undefined-reference": "Capture or template reads a capture (or property) that does not exist",
        "capture.cycle": "Captures cannot be ordered: a cycle, or dependencies written after their consumers",
        "capture.resolve": "Policy fails to resolve against the current state",
        "conflict.interface-settings": "Two NNCPs for overlapping nodes configure one interface differently",
        "conflict.interface-type": "Two NNCPs for overlapping nodes give one interface different types",
        "conflict.absent-vs-configured": "One NNCP removes an interface another configures on overlapping nodes",
        "conflict.port-controller": "One port is attached to two controllers on overlapping nodes",
        "conflict.duplicate-address": "One static address is assigned twice on overlapping nodes",
        "conflict.duplicate-policy": "Two documents define the NNCP with the same name",
    ]

    static let families: [(prefix: String, description: String)] = [
        ("schema.", "nmstate desired state does not match the nmstate schema"),
        ("nmstate.", "nmstate desired state breaks an nmstate semantic rule"),
        ("capture.", "nmpolicy capture expression or template is invalid"),
        ("conflict.", "NNCPs on overlapping node selectors conflict"),
        ("cluster.", "NNCP does not fit the cluster"),
        ("policy.", "NodeNetworkConfigurationPolicy object rule"),
        ("yaml.", "YAML could not be read"),
        ("json.", "JSON could not be read"),
        ("lint.", "Lint input problem"),
    ]

    /// A one-line description of `rule`.
    public static func shortDescription(of rule: String) -> String {
        if let text = exact[rule] { return text }
        if let family = families.first(where: { rule.hasPrefix($0.prefix) }) {
            return "\(family.description) (\(rule.dropFirst(family.prefix.count)))"
        }
        return "nncp-guard rule \(rule)"
    }
}
