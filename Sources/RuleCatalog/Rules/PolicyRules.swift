extension RuleID {
    public static let policyName = RuleID("policy.name")
    public static let policyNodeSelector = RuleID("policy.node-selector")
    public static let policyMaxUnavailable = RuleID("policy.max-unavailable")
    public static let policyCaptureImmutable = RuleID("policy.capture-immutable")
    public static let policyInProgress = RuleID("policy.in-progress")
    public static let policyStructure = RuleID("policy.structure")
    public static let policyStaticAddressMultipleNodes = RuleID("policy.static-address-multiple-nodes")
    public static let policySelectorMatchesNoNode = RuleID("policy.selector-matches-no-node")
    public static let policySelectorReachesControlPlane = RuleID("policy.selector-reaches-control-plane")
    public static let policyStrandedConfig = RuleID("policy.stranded-config")
    public static let policyDocumentStructure = RuleID("policy-document.structure")
}

extension RuleRegistry {
    /// Rules on the NodeNetworkConfigurationPolicy object: what upstream
    /// kubernetes-nmstate enforces, and what its nodeSelector does in a
    /// cluster.
    static let policyRules: [RuleEntry] = [
        RuleEntry(
            .policyName, .error, scope: .stateless,
            summary: "An NNCP name that is not a valid label value",
            explanation: """
                kubernetes-nmstate labels each enactment with `nmstate.io/policy: <name>`, so \
                the policy's name must be a valid label value: at most 63 characters, letters, \
                digits, `-`, `_` and `.`, starting and ending with a letter or digit. Upstream's \
                webhook refuses other names on CREATE.
                """,
            fix: "Shorten or rename the policy.",
            example: RuleExample(
                before: """
                    apiVersion: nmstate.io/v1
                    kind: NodeNetworkConfigurationPolicy
                    metadata:
                      name: workers-bond0-with-vlan-100-and-jumbo-frames-for-the-storage-network
                    spec:
                      desiredState:
                        interfaces:
                        - name: eth1
                          type: ethernet
                          state: up
                    """,
                after: """
                    apiVersion: nmstate.io/v1
                    kind: NodeNetworkConfigurationPolicy
                    metadata:
                      name: workers-storage-bond0
                    spec:
                      desiredState:
                        interfaces:
                        - name: eth1
                          type: ethernet
                          state: up
                    """)),
        RuleEntry(
            .policyNodeSelector, .error, scope: .stateless,
            summary: "A nodeSelector with an invalid label key or value",
            explanation: """
                Node selector keys are qualified label names and values are label values, \
                always strings. The common mistake is an unquoted `true` or a number, which \
                YAML reads as a boolean or an integer and the API server refuses.
                """,
            fix: "Quote the value (`\"true\"`, `\"\"`), or fix the key.",
            example: RuleExample(
                before: """
                    apiVersion: nmstate.io/v1
                    kind: NodeNetworkConfigurationPolicy
                    metadata:
                      name: eth1
                    spec:
                      nodeSelector:
                        node-role.kubernetes.io/worker: true
                      desiredState:
                        interfaces:
                        - name: eth1
                          type: ethernet
                          state: up
                    """,
                after: """
                    apiVersion: nmstate.io/v1
                    kind: NodeNetworkConfigurationPolicy
                    metadata:
                      name: eth1
                    spec:
                      nodeSelector:
                        node-role.kubernetes.io/worker: ""
                      desiredState:
                        interfaces:
                        - name: eth1
                          type: ethernet
                          state: up
                    """)),
        RuleEntry(
            .policyMaxUnavailable, .error, scope: .stateless,
            summary: "maxUnavailable is zero, negative or malformed",
            explanation: """
                `maxUnavailable` (an integer or a percentage) limits how many nodes apply the \
                policy at once. Zero, `0%` or a negative number means no node may ever start, \
                so the rollout would hang.
                """,
            fix: "Use a positive number or a percentage such as `\"50%\"`.",
            example: RuleExample(
                before: """
                    apiVersion: nmstate.io/v1
                    kind: NodeNetworkConfigurationPolicy
                    metadata:
                      name: eth1
                    spec:
                      maxUnavailable: 0
                      desiredState:
                        interfaces:
                        - name: eth1
                          type: ethernet
                          state: up
                    """,
                after: """
                    apiVersion: nmstate.io/v1
                    kind: NodeNetworkConfigurationPolicy
                    metadata:
                      name: eth1
                    spec:
                      maxUnavailable: "50%"
                      desiredState:
                        interfaces:
                        - name: eth1
                          type: ethernet
                          state: up
                    """)),
        RuleEntry(
            .policyCaptureImmutable, .error, scope: .update,
            summary: "spec.capture changed on an existing policy",
            explanation: """
                Nodes re-resolve a policy's captures when they reboot. kubernetes-nmstate \
                therefore refuses to change `spec.capture` of an existing policy: nodes that \
                applied the old captures and nodes that resolve the new ones would disagree.
                """,
            fix: "Create a new policy with the new captures (and remove the old one), instead of editing the captures in place."),
        RuleEntry(
            .policyInProgress, .error, scope: .update,
            summary: "The spec changed while the previous rollout is in progress",
            explanation: """
                kubernetes-nmstate refuses a spec change until the policy's `Available` \
                condition has a final reason: nodes in the middle of applying the old spec would \
                otherwise mix two configurations.
                """,
            fix: "Wait for the rollout to finish (`kubectl wait nncp NAME --for condition=Available`), then apply the change."),
        RuleEntry(
            .policyStructure, .error, scope: .stateless,
            summary: "The object is not shaped like a NodeNetworkConfigurationPolicy",
            explanation: """
                The NNCP's `spec` has `nodeSelector`, `desiredState`, `capture` and \
                `maxUnavailable`, each with its own type. An unknown key under `spec` (often \
                `desiredstate` or `desired`) is dropped by the API server's pruning, so the \
                policy would silently do nothing.
                """,
            fix: "Use the key the message suggests.",
            example: RuleExample(
                before: """
                    apiVersion: nmstate.io/v1
                    kind: NodeNetworkConfigurationPolicy
                    metadata:
                      name: eth1
                    spec:
                      desiredstate:
                        interfaces:
                        - name: eth1
                          type: ethernet
                          state: up
                    """,
                after: """
                    apiVersion: nmstate.io/v1
                    kind: NodeNetworkConfigurationPolicy
                    metadata:
                      name: eth1
                    spec:
                      desiredState:
                        interfaces:
                        - name: eth1
                          type: ethernet
                          state: up
                    """)),
        RuleEntry(
            .policyStaticAddressMultipleNodes, .error, nodeDependent: true, scope: .crossPolicy,
            summary: "One static address on a policy that reaches several nodes",
            explanation: """
                A static IP address in a policy whose nodeSelector matches several nodes is \
                configured on all of them: an address conflict on the network. With the \
                cluster's nodes (full mode, `lint --nodes`) the rule counts the nodes and is an \
                error; without them it warns when the selector does not pin one node. A policy \
                whose captures give each node its own address is fine.
                """,
            fix: "Pin the policy to one node (`kubernetes.io/hostname`), write one policy per node, or use DHCP.",
            example: RuleExample(
                before: """
                    apiVersion: nmstate.io/v1
                    kind: NodeNetworkConfigurationPolicy
                    metadata:
                      name: storage-ip
                    spec:
                      nodeSelector:
                        node-role.kubernetes.io/worker: ""
                      desiredState:
                        interfaces:
                        - name: eth1
                          type: ethernet
                          state: up
                          ipv4:
                            enabled: true
                            address:
                            - ip: 192.0.2.10
                              prefix-length: 24
                    """,
                after: """
                    apiVersion: nmstate.io/v1
                    kind: NodeNetworkConfigurationPolicy
                    metadata:
                      name: storage-ip-w1
                    spec:
                      nodeSelector:
                        kubernetes.io/hostname: w1
                      desiredState:
                        interfaces:
                        - name: eth1
                          type: ethernet
                          state: up
                          ipv4:
                            enabled: true
                            address:
                            - ip: 192.0.2.10
                              prefix-length: 24
                    """)),
        RuleEntry(
            .policySelectorMatchesNoNode, .warning, scope: .cluster,
            summary: "The nodeSelector matches no node",
            explanation: """
                The policy is valid but does nothing until a node with matching labels joins. \
                Usually a label is misspelt, or its value differs (`\"\"` versus `\"true\"`).
                """,
            fix: "Compare the selector with `kubectl get nodes --show-labels`."),
        RuleEntry(
            .policySelectorReachesControlPlane, .warning, scope: .cluster,
            summary: "A changed nodeSelector newly selects control-plane nodes",
            explanation: """
                An UPDATE widened the selector to control-plane nodes. A network mistake there \
                can take the API server down, and with it the means to fix it.
                """,
            fix: "Check that the control-plane nodes are meant to be included; exclude them with a worker label otherwise."),
        RuleEntry(
            .policyStrandedConfig, .error, scope: .cluster,
            summary: "A changed nodeSelector drops nodes, which keep the old configuration",
            explanation: """
                kubernetes-nmstate does not revert a policy on nodes it stops selecting: they \
                keep what the policy applied, unmanaged. The rule names those nodes.
                """,
            fix: """
                Remove the configuration from those nodes first (a policy with `state: absent`), \
                or set the annotation `nncp-guard.io/allow-stranded-config: "true"` to accept it.
                """),
        RuleEntry(
            .policyDocumentStructure, .error, scope: .lint,
            summary: "An nmstate policy document with unknown or mistyped keys",
            explanation: """
                An nmstate or nmpolicy policy document has `capture`, `desired` (or its alias \
                `desiredState`) and an optional `current`; nmstate refuses other keys, a \
                `desired` given twice, and sections that are not maps.
                """,
            fix: "Use `capture`, `desired` and `current` only.",
            example: RuleExample(
                before: """
                    capture:
                      base-iface: interfaces.name=="eth1"
                    desired:
                      interfaces:
                      - name: eth1
                        type: ethernet
                        state: up
                    curent:
                      interfaces: []
                    """,
                after: """
                    capture:
                      base-iface: interfaces.name=="eth1"
                    desired:
                      interfaces:
                      - name: eth1
                        type: ethernet
                        state: up
                    """)),
    ]
}
