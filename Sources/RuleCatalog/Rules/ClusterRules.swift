extension RuleID {
    public static let captureSyntax = RuleID("capture.syntax")
    public static let captureTemplateSyntax = RuleID("capture.template-syntax")
    public static let captureUndefinedReference = RuleID("capture.undefined-reference")
    public static let captureCycle = RuleID("capture.cycle")
    public static let captureResolve = RuleID("capture.resolve")
    public static let conflictInterfaceSettings = RuleID("conflict.interface-settings")
    public static let conflictInterfaceType = RuleID("conflict.interface-type")
    public static let conflictAbsentVsConfigured = RuleID("conflict.absent-vs-configured")
    public static let conflictPortController = RuleID("conflict.port-controller")
    public static let conflictDuplicateAddress = RuleID("conflict.duplicate-address")
    public static let conflictDuplicatePolicy = RuleID("conflict.duplicate-policy")
    public static let nodeStateMissing = RuleID("node.state-missing")
    public static let nodeDisruptiveChange = RuleID("node.disruptive-change")
    public static let clusterUnavailable = RuleID("cluster.unavailable")
}

extension RuleRegistry {
    /// Captures, conflicts between policies, and what a policy does to the
    /// nodes it selects.
    static let clusterRules: [RuleEntry] = [
        RuleEntry(
            .captureSyntax, .error, scope: .stateless,
            summary: "An nmpolicy capture expression does not parse",
            explanation: """
                Each `spec.capture` entry is an nmpolicy expression (`interfaces.name==\"eth1\"`, \
                `routes.running.destination==\"0.0.0.0/0\"`, pipes and replacements; with \
                the `latest` profile also regex filters such as `interfaces.driver=~\"^igb$\"`). \
                A node's handler parses it when it applies the policy; a syntax error, or a \
                regex nmstate cannot compile, fails the rollout on every node. The message \
                carries nmstate's own caret snippet.
                """,
            fix: "Fix the expression where the caret points; equality is `==`, replacement `:=`, a regex filter `=~` followed at once by a double-quoted pattern.",
            example: RuleExample(
                before: """
                    apiVersion: nmstate.io/v1
                    kind: NodeNetworkConfigurationPolicy
                    metadata:
                      name: br1
                    spec:
                      capture:
                        base-iface: interfaces.name="eth1"
                      desiredState:
                        interfaces:
                        - name: br1
                          type: linux-bridge
                          state: up
                          bridge:
                            port:
                            - name: "{{ capture.base-iface.interfaces.0.name }}"
                    """,
                after: """
                    apiVersion: nmstate.io/v1
                    kind: NodeNetworkConfigurationPolicy
                    metadata:
                      name: br1
                    spec:
                      capture:
                        base-iface: interfaces.name=="eth1"
                      desiredState:
                        interfaces:
                        - name: br1
                          type: linux-bridge
                          state: up
                          bridge:
                            port:
                            - name: "{{ capture.base-iface.interfaces.0.name }}"
                    """)),
        RuleEntry(
            .captureTemplateSyntax, .error, scope: .stateless,
            summary: "A {{ capture.… }} template does not parse",
            explanation: "A value of the desired state that contains `{{` is a capture template; an unbalanced brace or a malformed path makes the node's handler fail.",
            fix: "Write the template as `{{ capture.NAME.path.to.value }}`.",
            example: RuleExample(
                before: """
                    apiVersion: nmstate.io/v1
                    kind: NodeNetworkConfigurationPolicy
                    metadata:
                      name: br1
                    spec:
                      capture:
                        base-iface: interfaces.name=="eth1"
                      desiredState:
                        interfaces:
                        - name: br1
                          type: linux-bridge
                          state: up
                          bridge:
                            port:
                            - name: "{{ capture.base-iface.interfaces.0.name }"
                    """,
                after: """
                    apiVersion: nmstate.io/v1
                    kind: NodeNetworkConfigurationPolicy
                    metadata:
                      name: br1
                    spec:
                      capture:
                        base-iface: interfaces.name=="eth1"
                      desiredState:
                        interfaces:
                        - name: br1
                          type: linux-bridge
                          state: up
                          bridge:
                            port:
                            - name: "{{ capture.base-iface.interfaces.0.name }}"
                    """)),
        RuleEntry(
            .captureUndefinedReference, .error, scope: .stateless,
            summary: "A capture or template reads a capture or property that does not exist",
            explanation: """
                A template or another capture refers to a capture name that `spec.capture` does \
                not define, or reads a property the captured value cannot have (a route field of \
                an interfaces capture). nmstate fails on every node.
                """,
            fix: "Use the capture's name as defined, and a path its result has.",
            example: RuleExample(
                before: """
                    apiVersion: nmstate.io/v1
                    kind: NodeNetworkConfigurationPolicy
                    metadata:
                      name: br1
                    spec:
                      capture:
                        base-iface: interfaces.name=="eth1"
                      desiredState:
                        interfaces:
                        - name: br1
                          type: linux-bridge
                          state: up
                          bridge:
                            port:
                            - name: "{{ capture.base.interfaces.0.name }}"
                    """,
                after: """
                    apiVersion: nmstate.io/v1
                    kind: NodeNetworkConfigurationPolicy
                    metadata:
                      name: br1
                    spec:
                      capture:
                        base-iface: interfaces.name=="eth1"
                      desiredState:
                        interfaces:
                        - name: br1
                          type: linux-bridge
                          state: up
                          bridge:
                            port:
                            - name: "{{ capture.base-iface.interfaces.0.name }}"
                    """)),
        RuleEntry(
            .captureCycle, .error, scope: .stateless,
            summary: "Captures that cannot be ordered",
            explanation: """
                nmstate resolves a capture after the captures it reads, in an order it derives \
                from the expressions; captures that read each other, or that read a capture \
                nmstate resolves later, fail with "capture not found".
                """,
            fix: "Break the cycle; write a capture's dependencies before it.",
            example: RuleExample(
                before: """
                    apiVersion: nmstate.io/v1
                    kind: NodeNetworkConfigurationPolicy
                    metadata:
                      name: br-ex
                    spec:
                      capture:
                        a: capture.b | interfaces.name=="eth1"
                        b: capture.a | interfaces.name=="eth1"
                      desiredState:
                        interfaces:
                        - name: br-ex
                          type: linux-bridge
                          state: up
                          bridge:
                            port:
                            - name: "{{ capture.a.interfaces.0.name }}"
                    """,
                after: """
                    apiVersion: nmstate.io/v1
                    kind: NodeNetworkConfigurationPolicy
                    metadata:
                      name: br-ex
                    spec:
                      capture:
                        b: interfaces.name=="eth1"
                        a: capture.b | interfaces.state=="up"
                      desiredState:
                        interfaces:
                        - name: br-ex
                          type: linux-bridge
                          state: up
                          bridge:
                            port:
                            - name: "{{ capture.a.interfaces.0.name }}"
                    """)),
        RuleEntry(
            .captureResolve, .error, scope: .cluster,
            summary: "The policy's captures do not resolve on a node",
            explanation: """
                The captures parse, but against a node's current state they match nothing or a \
                template indexes past the result (`interfaces.0` of an empty list), so the \
                node's handler fails there. Full mode resolves the captures on every selected \
                node and names the nodes where this happens; lint does the same with \
                `--current` or `--states`.
                """,
            fix: "Make the capture match on every selected node (by MAC address, driver or route rather than a name that varies), or narrow the nodeSelector.",
            example: RuleExample(
                before: """
                    apiVersion: nmstate.io/v1
                    kind: NodeNetworkConfigurationPolicy
                    metadata:
                      name: br1
                    spec:
                      capture:
                        base-iface: interfaces.name=="eth9"
                      desiredState:
                        interfaces:
                        - name: br1
                          type: linux-bridge
                          state: up
                          bridge:
                            port:
                            - name: "{{ capture.base-iface.interfaces.0.name }}"
                    """,
                after: """
                    apiVersion: nmstate.io/v1
                    kind: NodeNetworkConfigurationPolicy
                    metadata:
                      name: br1
                    spec:
                      capture:
                        base-iface: interfaces.name=="eth1"
                      desiredState:
                        interfaces:
                        - name: br1
                          type: linux-bridge
                          state: up
                          bridge:
                            port:
                            - name: "{{ capture.base-iface.interfaces.0.name }}"
                    """,
                current: """
                    interfaces:
                    - name: eth1
                      type: ethernet
                      state: up
                    """)),
        RuleEntry(
            .conflictInterfaceSettings, .error, scope: .crossPolicy,
            summary: "Two policies configure one interface differently on common nodes",
            explanation: """
                Two NNCPs whose nodeSelectors overlap set the same interface's field to \
                different values. Each node applies them in turn and whichever comes last wins, \
                so the result depends on timing and changes on every re-reconcile. Policies \
                with captures are compared on what each resolves to on each node.
                """,
            fix: "Configure the interface in one policy, or make the selectors disjoint.",
            example: RuleExample(
                before: """
                    apiVersion: nmstate.io/v1
                    kind: NodeNetworkConfigurationPolicy
                    metadata:
                      name: workers-jumbo
                    spec:
                      nodeSelector:
                        node-role.kubernetes.io/worker: ""
                      desiredState:
                        interfaces:
                        - name: eth1
                          type: ethernet
                          state: up
                          mtu: 9000
                    ---
                    apiVersion: nmstate.io/v1
                    kind: NodeNetworkConfigurationPolicy
                    metadata:
                      name: workers-default-mtu
                    spec:
                      nodeSelector:
                        node-role.kubernetes.io/worker: ""
                      desiredState:
                        interfaces:
                        - name: eth1
                          type: ethernet
                          state: up
                          mtu: 1500
                    """,
                after: """
                    apiVersion: nmstate.io/v1
                    kind: NodeNetworkConfigurationPolicy
                    metadata:
                      name: workers-jumbo
                    spec:
                      nodeSelector:
                        node-role.kubernetes.io/worker: ""
                      desiredState:
                        interfaces:
                        - name: eth1
                          type: ethernet
                          state: up
                          mtu: 9000
                    """)),
        RuleEntry(
            .conflictInterfaceType, .error, scope: .crossPolicy,
            summary: "Two policies give one interface different types on common nodes",
            explanation: "One policy makes the interface a bond and another a bridge (say) on nodes both select; each application replaces the other's device.",
            fix: "Rename one of the interfaces, or make the selectors disjoint.",
            example: RuleExample(
                before: """
                    apiVersion: nmstate.io/v1
                    kind: NodeNetworkConfigurationPolicy
                    metadata:
                      name: bond
                    spec:
                      desiredState:
                        interfaces:
                        - name: uplink0
                          type: bond
                          state: up
                          link-aggregation:
                            mode: active-backup
                            port: [eth1]
                    ---
                    apiVersion: nmstate.io/v1
                    kind: NodeNetworkConfigurationPolicy
                    metadata:
                      name: bridge
                    spec:
                      desiredState:
                        interfaces:
                        - name: uplink0
                          type: linux-bridge
                          state: up
                          bridge:
                            port:
                            - name: eth2
                    """,
                after: """
                    apiVersion: nmstate.io/v1
                    kind: NodeNetworkConfigurationPolicy
                    metadata:
                      name: bond
                    spec:
                      desiredState:
                        interfaces:
                        - name: uplink0
                          type: bond
                          state: up
                          link-aggregation:
                            mode: active-backup
                            port: [eth1]
                    ---
                    apiVersion: nmstate.io/v1
                    kind: NodeNetworkConfigurationPolicy
                    metadata:
                      name: bridge
                    spec:
                      desiredState:
                        interfaces:
                        - name: br0
                          type: linux-bridge
                          state: up
                          bridge:
                            port:
                            - name: eth2
                    """)),
        RuleEntry(
            .conflictAbsentVsConfigured, .error, scope: .crossPolicy,
            summary: "One policy removes an interface another configures",
            explanation: "On nodes both select, one NNCP sets the interface `state: absent` while the other keeps configuring it; the interface flaps between the two.",
            fix: "Remove the interface from the policy that configures it, or drop the `absent` entry.",
            example: RuleExample(
                before: """
                    apiVersion: nmstate.io/v1
                    kind: NodeNetworkConfigurationPolicy
                    metadata:
                      name: add-vlan
                    spec:
                      desiredState:
                        interfaces:
                        - name: eth1.100
                          type: vlan
                          state: up
                          vlan:
                            base-iface: eth1
                            id: 100
                    ---
                    apiVersion: nmstate.io/v1
                    kind: NodeNetworkConfigurationPolicy
                    metadata:
                      name: remove-vlan
                    spec:
                      desiredState:
                        interfaces:
                        - name: eth1.100
                          type: vlan
                          state: absent
                    """,
                after: """
                    apiVersion: nmstate.io/v1
                    kind: NodeNetworkConfigurationPolicy
                    metadata:
                      name: remove-vlan
                    spec:
                      desiredState:
                        interfaces:
                        - name: eth1.100
                          type: vlan
                          state: absent
                    """)),
        RuleEntry(
            .conflictPortController, .error, scope: .crossPolicy,
            summary: "One port attached to two controllers on common nodes",
            explanation: "Two NNCPs enslave the same interface to different bonds or bridges on nodes both select; a port has one controller.",
            fix: "Attach the port in one policy only.",
            example: RuleExample(
                before: """
                    apiVersion: nmstate.io/v1
                    kind: NodeNetworkConfigurationPolicy
                    metadata:
                      name: bond0
                    spec:
                      desiredState:
                        interfaces:
                        - name: bond0
                          type: bond
                          state: up
                          link-aggregation:
                            mode: active-backup
                            port: [eth1]
                    ---
                    apiVersion: nmstate.io/v1
                    kind: NodeNetworkConfigurationPolicy
                    metadata:
                      name: br0
                    spec:
                      desiredState:
                        interfaces:
                        - name: br0
                          type: linux-bridge
                          state: up
                          bridge:
                            port:
                            - name: eth1
                    """,
                after: """
                    apiVersion: nmstate.io/v1
                    kind: NodeNetworkConfigurationPolicy
                    metadata:
                      name: bond0
                    spec:
                      desiredState:
                        interfaces:
                        - name: bond0
                          type: bond
                          state: up
                          link-aggregation:
                            mode: active-backup
                            port: [eth1]
                    ---
                    apiVersion: nmstate.io/v1
                    kind: NodeNetworkConfigurationPolicy
                    metadata:
                      name: br0
                    spec:
                      desiredState:
                        interfaces:
                        - name: br0
                          type: linux-bridge
                          state: up
                          bridge:
                            port:
                            - name: bond0
                    """)),
        RuleEntry(
            .conflictDuplicateAddress, .error, scope: .crossPolicy,
            summary: "One static address assigned twice on common nodes",
            explanation: "Two NNCPs, or two interfaces, put the same IP address on a node they both select; the kernel keeps one, and traffic follows whichever route wins.",
            fix: "Give each interface its own address.",
            example: RuleExample(
                before: """
                    apiVersion: nmstate.io/v1
                    kind: NodeNetworkConfigurationPolicy
                    metadata:
                      name: w1-eth1
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
                    ---
                    apiVersion: nmstate.io/v1
                    kind: NodeNetworkConfigurationPolicy
                    metadata:
                      name: w1-eth2
                    spec:
                      nodeSelector:
                        kubernetes.io/hostname: w1
                      desiredState:
                        interfaces:
                        - name: eth2
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
                      name: w1-eth1
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
                    ---
                    apiVersion: nmstate.io/v1
                    kind: NodeNetworkConfigurationPolicy
                    metadata:
                      name: w1-eth2
                    spec:
                      nodeSelector:
                        kubernetes.io/hostname: w1
                      desiredState:
                        interfaces:
                        - name: eth2
                          type: ethernet
                          state: up
                          ipv4:
                            enabled: true
                            address:
                            - ip: 192.0.2.11
                              prefix-length: 24
                    """)),
        RuleEntry(
            .conflictDuplicatePolicy, .warning, scope: .crossPolicy,
            summary: "Two documents define the NNCP of the same name",
            explanation: "Applying both files keeps only the last definition, so part of the configuration in the tree is never applied.",
            fix: "Rename one of the policies, or remove the stale copy.",
            example: RuleExample(
                before: """
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
                    ---
                    apiVersion: nmstate.io/v1
                    kind: NodeNetworkConfigurationPolicy
                    metadata:
                      name: eth1
                    spec:
                      desiredState:
                        interfaces:
                        - name: eth2
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
                    ---
                    apiVersion: nmstate.io/v1
                    kind: NodeNetworkConfigurationPolicy
                    metadata:
                      name: eth2
                    spec:
                      desiredState:
                        interfaces:
                        - name: eth2
                          type: ethernet
                          state: up
                    """)),
        RuleEntry(
            .nodeStateMissing, .warning, scope: .cluster,
            summary: "A selected node has no NodeNetworkState yet",
            explanation: """
                Per-node checks resolve the policy against each selected node's \
                NodeNetworkState. A node without one (just joined, handler not running) was not \
                checked: what the policy does there is unknown.
                """,
            fix: "Wait for the node's handler to report its state (`kubectl get nns NODE`), or check that kubernetes-nmstate runs there."),
        RuleEntry(
            .nodeDisruptiveChange, .error, scope: .cluster,
            summary: "The policy would cut a node off the network",
            explanation: """
                From each selected node's NodeNetworkState the rule finds the interfaces that \
                carry the default route and the node's InternalIP, then looks at what the \
                policy does to them: setting them down or absent, disabling or changing their \
                IP configuration, or enslaving them to a controller that does not take the \
                address over. Captured names are resolved per node, so `{{ capture.… }}` \
                interfaces are covered too. kubernetes-nmstate rolls such a change back after \
                its probes fail, but only after the node has been unreachable.
                """,
            fix: """
                Move the address and default route to the new controller in the same policy \
                (e.g. `br-ex` with the node's address and a default route), or set the \
                annotation `nncp-guard.io/allow-disruptive: "true"` if the outage is intended.
                """),
        RuleEntry(
            .clusterUnavailable, .warning, scope: .cluster,
            summary: "Cluster-aware checks could not run",
            explanation: """
                The full-mode webhook's view of the cluster is not synced yet, or a cache's \
                list/watch has been failing for longer than `--cluster-stale-after`. The \
                stateless rules still ran. What happens then is set by `clusterUnavailable` in \
                the configuration (`warn` admits with this warning, `deny` rejects), not by the \
                `rules` table.
                """,
            fix: "Check the webhook's logs and its access to the API server (RBAC, network policy)."),
    ]
}
