extension RuleID {
    public static let nodeLimitInterfaceName = RuleID("node.limit.interface-name")
    public static let nodeLimitVlanId = RuleID("node.limit.vlan-id")
    public static let nodeLimitBridgeVlanId = RuleID("node.limit.bridge-vlan-id")
    public static let nodeLimitVxlanId = RuleID("node.limit.vxlan-id")
    public static let nodeLimitHostname = RuleID("node.limit.hostname")
    public static let nodeLimitPolicyName = RuleID("node.limit.policy-name")
}

extension RuleRegistry {
    /// Values nmstate's validation lets through but the kernel,
    /// NetworkManager or the API server refuses: without these rules the
    /// policy is accepted and then fails on every node. Each is a fixed
    /// limit, the same on every node, so none can block what works.
    static let nodeLimitRules: [RuleEntry] = [
        RuleEntry(
            .nodeLimitInterfaceName, .error, scope: .stateless,
            summary: "An interface name the kernel refuses",
            explanation: """
                Kernel interface names are at most 15 bytes (`IFNAMSIZ` is 16 with the \
                terminating NUL) and contain no `/`, `:` or white space. nmstate does not check \
                the name, so a longer one (`bond0.storage-backend`) is accepted and creating the \
                interface fails on every node. User-space interfaces (OVS bridges, IPsec, OVS \
                patch and DPDK ports), interfaces without a type, `sriov:` references and \
                interfaces matched by \
                `identifier: mac-address` or `pci-address` are not kernel names and are not checked.
                """,
            fix: "Use a name of at most 15 bytes; `profile-name` or `description` can carry a longer label.",
            example: RuleExample(
                before: """
                    interfaces:
                    - name: bond0.storage-backend
                      type: vlan
                      state: up
                      vlan:
                        base-iface: bond0
                        id: 300
                    """,
                after: """
                    interfaces:
                    - name: bond0.300
                      type: vlan
                      state: up
                      description: storage backend
                      vlan:
                        base-iface: bond0
                        id: 300
                    """)),
        RuleEntry(
            .nodeLimitVlanId, .error, scope: .stateless,
            summary: "A VLAN id above 4094",
            explanation: """
                802.1Q VLAN ids are 12 bits and 4095 is reserved, so the kernel (and \
                NetworkManager) take 0-4094. nmstate reads the id as any 16-bit number, so \
                `id: 4095` or `id: 5000` passes its checks and fails on every node.
                """,
            fix: "Use a VLAN id from 0 to 4094 (1-4094 for a tagged VLAN on most switches).",
            example: RuleExample(
                before: """
                    interfaces:
                    - name: eth1.4095
                      type: vlan
                      state: up
                      vlan:
                        base-iface: eth1
                        id: 4095
                    """,
                after: """
                    interfaces:
                    - name: eth1.4094
                      type: vlan
                      state: up
                      vlan:
                        base-iface: eth1
                        id: 4094
                    """)),
        RuleEntry(
            .nodeLimitBridgeVlanId, .error, scope: .stateless,
            summary: "A Linux bridge port VLAN outside 1-4094",
            explanation: """
                The kernel bridge takes port VLAN ids from 1 to 4094 (0 means untagged and 4095 \
                is reserved), for the access `tag`, trunk `id`s and both ends of an `id-range`. \
                nmstate reads them as any 16-bit number. OVS bridges are not checked.
                """,
            fix: "Use VLAN ids from 1 to 4094.",
            example: RuleExample(
                before: """
                    interfaces:
                    - name: br0
                      type: linux-bridge
                      state: up
                      bridge:
                        port:
                        - name: eth1
                          vlan:
                            mode: trunk
                            trunk-tags:
                            - id-range: {min: 100, max: 4095}
                    """,
                after: """
                    interfaces:
                    - name: br0
                      type: linux-bridge
                      state: up
                      bridge:
                        port:
                        - name: eth1
                          vlan:
                            mode: trunk
                            trunk-tags:
                            - id-range: {min: 100, max: 4094}
                    """)),
        RuleEntry(
            .nodeLimitVxlanId, .error, scope: .stateless,
            summary: "A VXLAN id above 16777215",
            explanation: """
                A VXLAN network identifier is 24 bits, so the kernel (and NetworkManager) take \
                0-16777215. nmstate reads it as any 32-bit number.
                """,
            fix: "Use a VXLAN id from 0 to 16777215.",
            example: RuleExample(
                before: """
                    interfaces:
                    - name: vxlan0
                      type: vxlan
                      state: up
                      vxlan:
                        base-iface: eth1
                        id: 16777216
                        remote: 192.0.2.1
                    """,
                after: """
                    interfaces:
                    - name: vxlan0
                      type: vxlan
                      state: up
                      vxlan:
                        base-iface: eth1
                        id: 16777215
                        remote: 192.0.2.1
                    """)),
        RuleEntry(
            .nodeLimitHostname, .error, scope: .stateless,
            summary: "A hostname longer than 64 bytes",
            explanation: """
                The kernel's `HOST_NAME_MAX` is 64 bytes, and systemd-hostnamed, through which \
                NetworkManager sets the static hostname, refuses longer names. nmstate does not \
                check the length.
                """,
            fix: "Use a hostname of at most 64 bytes (a short host name rather than a full domain name).",
            example: RuleExample(
                before: """
                    hostname:
                      config: worker-0.storage-cluster-east.datacenter-frankfurt-1.corp.example.com
                    """,
                after: """
                    hostname:
                      config: worker-0.storage-east.example.com
                    """)),
        RuleEntry(
            .nodeLimitPolicyName, .error, scope: .stateless,
            summary: "An NNCP name the API server refuses",
            explanation: """
                Custom resources are named like most Kubernetes objects: an RFC 1123 subdomain \
                of at most 253 characters, lower-case letters, digits, `-` and `.`, starting and \
                ending with a letter or digit. The API server refuses other names before any \
                webhook runs, so only lint can report it; upstream's own name rule \
                (`policy.name`, a label value) lets through capitals and `_`.
                """,
            fix: "Rename the policy in lower case, with `-` for `_`.",
            example: RuleExample(
                before: """
                    apiVersion: nmstate.io/v1
                    kind: NodeNetworkConfigurationPolicy
                    metadata:
                      name: Worker_Bond0
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
                      name: worker-bond0
                    spec:
                      desiredState:
                        interfaces:
                        - name: eth1
                          type: ethernet
                          state: up
                    """)),
    ]
}
