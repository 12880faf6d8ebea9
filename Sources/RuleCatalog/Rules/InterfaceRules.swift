extension RuleID {
    public static let nmstateIfaceMtuRange = RuleID("nmstate.iface.mtu-range")
    public static let nmstateIfaceMtuIpv6 = RuleID("nmstate.iface.mtu-ipv6")
    public static let nmstateIfaceIpOnPort = RuleID("nmstate.iface.ip-on-port")
    public static let nmstateIfaceDispatchUserspace = RuleID("nmstate.iface.dispatch-userspace")
    public static let nmstateIfaceCopyMacFromMissing = RuleID("nmstate.iface.copy-mac-from-missing")
    public static let nmstateIfaceCopyMacFromNoMac = RuleID("nmstate.iface.copy-mac-from-no-mac")
    public static let nmstateIfaceParentAbsent = RuleID("nmstate.iface.parent-absent")
    public static let nmstateIfaceCountLimit = RuleID("nmstate.iface.count-limit")
    public static let nmstateIfaceUnknownTypeNotFound = RuleID("nmstate.iface.unknown-type-not-found")
    public static let nmstateIfaceUnknownTypeAmbiguous = RuleID("nmstate.iface.unknown-type-ambiguous")
    public static let nmstateIpAddressInvalid = RuleID("nmstate.ip.address-invalid")
    public static let nmstateIpAddressFamily = RuleID("nmstate.ip.address-family")
    public static let nmstateIpPrefixLength = RuleID("nmstate.ip.prefix-length")
    public static let nmstateIpWaitIp = RuleID("nmstate.ip.wait-ip")
    public static let nmstateIpTokenAutoconf = RuleID("nmstate.ip.token-autoconf")
    public static let nmstateIpTokenInvalid = RuleID("nmstate.ip.token-invalid")
    public static let nmstateIpTokenPrefix = RuleID("nmstate.ip.token-prefix")
    public static let nmstateLoopbackIpv4Disabled = RuleID("nmstate.loopback.ipv4-disabled")
    public static let nmstateLoopbackIpv4Dhcp = RuleID("nmstate.loopback.ipv4-dhcp")
    public static let nmstateLoopbackIpv6Disabled = RuleID("nmstate.loopback.ipv6-disabled")
    public static let nmstateLoopbackIpv6Auto = RuleID("nmstate.loopback.ipv6-auto")
    public static let nmstateMptcpSignalFullmesh = RuleID("nmstate.mptcp.signal-fullmesh")
    public static let nmstateSriovVlanProto = RuleID("nmstate.sriov.vlan-proto")
    public static let nmstateSriovNameFormat = RuleID("nmstate.sriov.name-format")
    public static let nmstateSriovNameNotFound = RuleID("nmstate.sriov.name-not-found")
    public static let nmstateSriovNameDuplicate = RuleID("nmstate.sriov.name-duplicate")
    public static let nmstateVethIgnoredPeer = RuleID("nmstate.veth.ignored-peer")
    public static let nmstateVethPeerRequired = RuleID("nmstate.veth.peer-required")
    public static let nmstateVethPeerOnEthernet = RuleID("nmstate.veth.peer-on-ethernet")
    public static let nmstateIfaceTeamUnsupported = RuleID("nmstate.iface.team-unsupported")
    public static let nmstateVlanBaseIfaceRequired = RuleID("nmstate.vlan.base-iface-required")
    public static let nmstateVrfTableIdRequired = RuleID("nmstate.vrf.table-id-required")
    public static let nmstateMacVlanPromiscuous = RuleID("nmstate.mac-vlan.promiscuous")
    public static let nmstateIpvlanPrivateVepa = RuleID("nmstate.ipvlan.private-vepa")
    public static let nmstateMacsecMkaPair = RuleID("nmstate.macsec.mka-pair")
    public static let nmstateMacsecMkaCakLength = RuleID("nmstate.macsec.mka-cak-length")
    public static let nmstateMacsecMkaCknLength = RuleID("nmstate.macsec.mka-ckn-length")
}

extension RuleRegistry {
    /// nmstate's rules on single interfaces, their addresses and the
    /// virtual interfaces stacked on them.
    static let interfaceRules: [RuleEntry] = [
        RuleEntry(
            .nmstateIfaceMtuRange, .error, scope: .cluster,
            summary: "An MTU outside what the device supports",
            explanation: """
                A node's NodeNetworkState reports each device's `min-mtu` and `max-mtu`. nmstate \
                refuses a desired MTU outside that range when it applies the policy; the rule \
                needs the node's current state, so it runs per node in full mode and with \
                `lint --current` or `--states`.
                """,
            fix: "Use an MTU the device supports (see `max-mtu` in the node's NodeNetworkState), or change the hardware the policy selects.",
            example: RuleExample(
                before: """
                    interfaces:
                    - name: eth1
                      type: ethernet
                      state: up
                      mtu: 9216
                    """,
                after: """
                    interfaces:
                    - name: eth1
                      type: ethernet
                      state: up
                      mtu: 9000
                    """,
                current: """
                    interfaces:
                    - name: eth1
                      type: ethernet
                      state: up
                      min-mtu: 68
                      max-mtu: 9000
                    """)),
        RuleEntry(
            .nmstateIfaceMtuIpv6, .error, scope: .stateless,
            summary: "An MTU below 1280 with IPv6 enabled",
            explanation: """
                IPv6 requires every link to carry packets of 1280 bytes (RFC 8200), so the \
                kernel refuses IPv6 on a device with a smaller MTU and nmstate rejects the \
                combination.
                """,
            fix: "Raise the MTU to at least 1280, or disable IPv6 on the interface.",
            example: RuleExample(
                before: """
                    interfaces:
                    - name: eth1
                      type: ethernet
                      state: up
                      mtu: 1200
                      ipv6:
                        enabled: true
                        autoconf: true
                        dhcp: true
                    """,
                after: """
                    interfaces:
                    - name: eth1
                      type: ethernet
                      state: up
                      mtu: 1280
                      ipv6:
                        enabled: true
                        autoconf: true
                        dhcp: true
                    """)),
        RuleEntry(
            .nmstateIfaceIpOnPort, .error, scope: .stateless,
            summary: "A port of a bond or bridge has IP enabled",
            explanation: """
                An interface attached to a bond, a Linux bridge or an OVS bridge carries no \
                address of its own: traffic goes through its controller. nmstate refuses IP on \
                such a port (VRF ports and OVS internal interfaces are the exceptions).
                """,
            fix: "Disable IPv4 and IPv6 on the port and put the address on the controller.",
            example: RuleExample(
                before: """
                    interfaces:
                    - name: bond0
                      type: bond
                      state: up
                      link-aggregation:
                        mode: active-backup
                        port: [eth1]
                    - name: eth1
                      type: ethernet
                      state: up
                      ipv4:
                        enabled: true
                        dhcp: true
                    """,
                after: """
                    interfaces:
                    - name: bond0
                      type: bond
                      state: up
                      ipv4:
                        enabled: true
                        dhcp: true
                      link-aggregation:
                        mode: active-backup
                        port: [eth1]
                    - name: eth1
                      type: ethernet
                      state: up
                      ipv4:
                        enabled: false
                    """)),
        RuleEntry(
            .nmstateIfaceDispatchUserspace, .error, scope: .stateless,
            summary: "Dispatch scripts on an OVS bridge or other user-space interface",
            explanation: """
                `dispatch` scripts run on a NetworkManager device. OVS bridges and other \
                user-space interfaces have no kernel device, so nmstate refuses scripts on them.
                """,
            fix: "Put the dispatch scripts on a kernel interface, such as the bridge's OVS internal interface.",
            example: RuleExample(
                before: """
                    interfaces:
                    - name: br-ex
                      type: ovs-bridge
                      state: up
                      dispatch:
                        post-activation: echo up
                    """,
                after: """
                    interfaces:
                    - name: br-ex
                      type: ovs-bridge
                      state: up
                    """)),
        RuleEntry(
            .nmstateIfaceCopyMacFromMissing, .error, nodeDependent: true, scope: .stateless,
            summary: "copy-mac-from names an interface that does not exist",
            explanation: """
                `copy-mac-from` (on bonds, Linux bridges and OVS internal interfaces) copies the \
                MAC address of another interface. nmstate fails when that interface is neither \
                in the desired state nor on the node. Without the node's state this is a \
                warning: the interface may exist there.
                """,
            fix: "Name an interface that exists on every selected node, usually one of the controller's ports.",
            example: RuleExample(
                before: """
                    interfaces:
                    - name: bond0
                      type: bond
                      state: up
                      copy-mac-from: eth9
                      link-aggregation:
                        mode: active-backup
                        port: [eth1]
                    """,
                after: """
                    interfaces:
                    - name: bond0
                      type: bond
                      state: up
                      copy-mac-from: eth1
                      link-aggregation:
                        mode: active-backup
                        port: [eth1]
                    """,
                current: """
                    interfaces:
                    - name: eth1
                      type: ethernet
                      state: up
                      mac-address: "52:54:00:12:34:56"
                    """)),
        RuleEntry(
            .nmstateIfaceCopyMacFromNoMac, .error, nodeDependent: true, scope: .stateless,
            summary: "copy-mac-from names an interface without a known MAC address",
            explanation: """
                The interface named by `copy-mac-from` exists, but nmstate knows no MAC address \
                for it: typically a port listed only in the desired state. On a node whose \
                NodeNetworkState reports the port's MAC address the copy works, so without the \
                state this is a warning.
                """,
            fix: "Check that the interface is a real device on every selected node (`kubectl get nns NODE -o yaml`), or set the controller's `mac-address` directly.",
            example: RuleExample(
                before: """
                    interfaces:
                    - name: bond0
                      type: bond
                      state: up
                      copy-mac-from: eth1
                      link-aggregation:
                        mode: active-backup
                        port: [eth1]
                    - name: eth1
                      type: ethernet
                      state: up
                    """,
                after: """
                    interfaces:
                    - name: bond0
                      type: bond
                      state: up
                      mac-address: "52:54:00:12:34:56"
                      link-aggregation:
                        mode: active-backup
                        port: [eth1]
                    - name: eth1
                      type: ethernet
                      state: up
                    """)),
        RuleEntry(
            .nmstateIfaceParentAbsent, .error, scope: .stateless,
            summary: "An interface stays up while its parent is removed",
            explanation: """
                A VLAN, VXLAN, MACVLAN, MACsec or InfiniBand partition lives on a parent \
                interface. Removing the parent (`state: absent`) while keeping the child up is \
                contradictory, and nmstate refuses it. An ethernet parent is exempt: removing \
                it only drops its profile.
                """,
            fix: "Remove the child too, or keep the parent.",
            example: RuleExample(
                before: """
                    interfaces:
                    - name: bond0.100
                      type: vlan
                      state: up
                      vlan:
                        base-iface: bond0
                        id: 100
                    - name: bond0
                      type: bond
                      state: absent
                    """,
                after: """
                    interfaces:
                    - name: bond0.100
                      type: vlan
                      state: absent
                    - name: bond0
                      type: bond
                      state: absent
                    """)),
        RuleEntry(
            .nmstateIfaceCountLimit, .warning, scope: .stateless,
            summary: "More than 1000 interfaces in one desired state",
            explanation: """
                nmstate supports up to 1000 interfaces in one desired state and warns above \
                that; applying such a state takes long enough that a node's rollout may time out.
                """,
            fix: "Split the configuration over several policies."),
        RuleEntry(
            .nmstateIfaceUnknownTypeNotFound, .error, scope: .cluster,
            summary: "An interface without a type does not exist on the node",
            explanation: """
                An interface written without `type` (or with a type nmstate does not manage) \
                only changes an existing device's state. When the node's current state has no \
                interface of that name, nmstate cannot tell what to create and fails.
                """,
            fix: "Give the interface its `type`, or check the name against the node's NodeNetworkState.",
            example: RuleExample(
                before: """
                    interfaces:
                    - name: eth7
                      state: up
                    """,
                after: """
                    interfaces:
                    - name: eth7
                      type: ethernet
                      state: up
                    """,
                current: """
                    interfaces: []
                    """)),
        RuleEntry(
            .nmstateIfaceTeamUnsupported, .error, scope: .stateless,
            summary: "A team interface, which nmstate 2 cannot configure",
            explanation: """
                nmstate 2 has no team interface type (NetworkManager's team plugin and \
                `teamd` are deprecated): `type: team` is read as an unknown type, so nmstate \
                can neither create the team nor apply its settings, and the policy fails or \
                does nothing on the node. The 2.2.38 profile keeps that release's reading \
                (an unknown type taken as ethernet); removing a team (`state: absent`) and \
                `state: ignore` are not reported.
                """,
            fix: "Use a bond (`type: bond` with `link-aggregation`); `mode: active-backup` or `802.3ad` covers the usual team runners.",
            example: RuleExample(
                before: """
                    interfaces:
                    - name: team0
                      type: team
                      state: up
                    """,
                after: """
                    interfaces:
                    - name: bond0
                      type: bond
                      state: up
                      link-aggregation:
                        mode: active-backup
                        port: [eth1, eth2]
                    """)),
        RuleEntry(
            .nmstateIfaceUnknownTypeAmbiguous, .error, scope: .cluster,
            summary: "An interface without a type matches several interfaces on the node",
            explanation: """
                Without a `type`, nmstate looks the name up in the node's current state. A name \
                shared by two interfaces (an OVS bridge and its internal interface, say) is \
                ambiguous, and nmstate refuses to guess.
                """,
            fix: "Give the interface its `type`.",
            example: RuleExample(
                before: """
                    interfaces:
                    - name: br-ex
                      state: up
                    """,
                after: """
                    interfaces:
                    - name: br-ex
                      type: ovs-interface
                      state: up
                    """,
                current: """
                    interfaces:
                    - name: br-ex
                      type: ovs-bridge
                      state: up
                    - name: br-ex
                      type: ovs-interface
                      state: up
                    """)),
        RuleEntry(
            .nmstateIpAddressInvalid, .error, scope: .stateless,
            summary: "An address is not an IP address",
            explanation: """
                `address[].ip` must be an IPv4 or IPv6 literal; nmstate parses it before anything \
                else and fails on a hostname, a typo or an address with the prefix written in.
                """,
            fix: "Write the address alone in `ip` and its prefix in `prefix-length`.",
            example: RuleExample(
                before: """
                    interfaces:
                    - name: eth1
                      type: ethernet
                      state: up
                      ipv4:
                        enabled: true
                        address:
                        - ip: 192.0.2.300
                          prefix-length: 24
                    """,
                after: """
                    interfaces:
                    - name: eth1
                      type: ethernet
                      state: up
                      ipv4:
                        enabled: true
                        address:
                        - ip: 192.0.2.30
                          prefix-length: 24
                    """)),
        RuleEntry(
            .nmstateIpAddressFamily, .error, scope: .stateless,
            summary: "An IPv6 address in the ipv4 section, or the reverse",
            explanation: "Each section holds addresses of its own family; nmstate refuses an address in the other one.",
            fix: "Move the address to the section of its family.",
            example: RuleExample(
                before: """
                    interfaces:
                    - name: eth1
                      type: ethernet
                      state: up
                      ipv4:
                        enabled: true
                        address:
                        - ip: 2001:db8::1
                          prefix-length: 64
                    """,
                after: """
                    interfaces:
                    - name: eth1
                      type: ethernet
                      state: up
                      ipv6:
                        enabled: true
                        address:
                        - ip: 2001:db8::1
                          prefix-length: 64
                    """)),
        RuleEntry(
            .nmstateIpPrefixLength, .error, scope: .stateless,
            summary: "A prefix length longer than the address family allows",
            explanation: "IPv4 prefixes go up to 32 bits and IPv6 prefixes up to 128.",
            fix: "Use a prefix length in range, usually the subnet's (24 for a /24).",
            example: RuleExample(
                before: """
                    interfaces:
                    - name: eth1
                      type: ethernet
                      state: up
                      ipv4:
                        enabled: true
                        address:
                        - ip: 192.0.2.1
                          prefix-length: 33
                    """,
                after: """
                    interfaces:
                    - name: eth1
                      type: ethernet
                      state: up
                      ipv4:
                        enabled: true
                        address:
                        - ip: 192.0.2.1
                          prefix-length: 24
                    """)),
        RuleEntry(
            .nmstateIpWaitIp, .error, scope: .cluster,
            summary: "wait-ip names an IP family that is disabled",
            explanation: """
                `wait-ip` tells NetworkManager which address family must come up before the \
                interface counts as activated. Waiting for a family that is disabled never \
                succeeds, so nmstate refuses it when it merges the policy with an existing \
                interface.
                """,
            fix: "Enable that family, or wait for the one that is enabled.",
            example: RuleExample(
                before: """
                    interfaces:
                    - name: eth1
                      type: ethernet
                      state: up
                      wait-ip: ipv4
                      ipv4:
                        enabled: false
                    """,
                after: """
                    interfaces:
                    - name: eth1
                      type: ethernet
                      state: up
                      wait-ip: ipv4
                      ipv4:
                        enabled: true
                        dhcp: true
                    """,
                current: """
                    interfaces:
                    - name: eth1
                      type: ethernet
                      state: up
                    """)),
        RuleEntry(
            .nmstateIpTokenAutoconf, .error, nodeDependent: true, scope: .stateless,
            summary: "An IPv6 token with autoconf disabled",
            explanation: """
                An IPv6 token sets the interface identifier that SLAAC combines with the \
                advertised prefix; with autoconf off it has nothing to apply to, and nmstate \
                refuses it. When IPv6 is not enabled in the policy the verdict depends on the \
                node, so it is a warning there.
                """,
            fix: "Enable `autoconf`, or remove the token (`token: \"\"`).",
            example: RuleExample(
                before: """
                    interfaces:
                    - name: eth1
                      type: ethernet
                      state: up
                      ipv6:
                        enabled: true
                        autoconf: false
                        token: "::fac1"
                    """,
                after: """
                    interfaces:
                    - name: eth1
                      type: ethernet
                      state: up
                      ipv6:
                        enabled: true
                        dhcp: true
                        autoconf: true
                        token: "::fac1"
                    """)),
        RuleEntry(
            .nmstateIpTokenInvalid, .error, scope: .stateless,
            summary: "An IPv6 token is not an IPv6 address",
            explanation: "The token is written as an IPv6 address whose first 64 bits are zero, such as `::fac1`.",
            fix: "Write the token as an IPv6 address.",
            example: RuleExample(
                before: """
                    interfaces:
                    - name: eth1
                      type: ethernet
                      state: up
                      ipv6:
                        enabled: true
                        dhcp: true
                        autoconf: true
                        token: fac1
                    """,
                after: """
                    interfaces:
                    - name: eth1
                      type: ethernet
                      state: up
                      ipv6:
                        enabled: true
                        dhcp: true
                        autoconf: true
                        token: "::fac1"
                    """)),
        RuleEntry(
            .nmstateIpTokenPrefix, .error, scope: .stateless,
            summary: "An IPv6 token with a non-zero network part",
            explanation: """
                A token is only an interface identifier: the network part comes from the router \
                advertisement. A token whose first 64 bits are not zero is refused.
                """,
            fix: "Keep only the last 64 bits, e.g. `::fac1` instead of `2001:db8::fac1`.",
            example: RuleExample(
                before: """
                    interfaces:
                    - name: eth1
                      type: ethernet
                      state: up
                      ipv6:
                        enabled: true
                        dhcp: true
                        autoconf: true
                        token: "2001:db8::fac1"
                    """,
                after: """
                    interfaces:
                    - name: eth1
                      type: ethernet
                      state: up
                      ipv6:
                        enabled: true
                        dhcp: true
                        autoconf: true
                        token: "::fac1"
                    """)),
        RuleEntry(
            .nmstateLoopbackIpv4Disabled, .error, scope: .stateless,
            summary: "IPv4 disabled on the loopback interface",
            explanation: "The loopback device always keeps 127.0.0.1; nmstate refuses to disable IPv4 on it.",
            fix: "Leave `ipv4` out of the loopback interface, or keep it enabled.",
            example: RuleExample(
                before: """
                    interfaces:
                    - name: lo
                      type: loopback
                      ipv4:
                        enabled: false
                    """,
                after: """
                    interfaces:
                    - name: lo
                      type: loopback
                      mtu: 65536
                    """)),
        RuleEntry(
            .nmstateLoopbackIpv4Dhcp, .error, scope: .stateless,
            summary: "DHCP on the loopback interface",
            explanation: "Loopback addresses are static; nmstate refuses DHCP on the loopback device.",
            fix: "Use static addresses on loopback.",
            example: RuleExample(
                before: """
                    interfaces:
                    - name: lo
                      type: loopback
                      ipv4:
                        enabled: true
                        dhcp: true
                    """,
                after: """
                    interfaces:
                    - name: lo
                      type: loopback
                      ipv4:
                        enabled: true
                        address:
                        - ip: 127.0.0.1
                          prefix-length: 8
                    """)),
        RuleEntry(
            .nmstateLoopbackIpv6Disabled, .error, scope: .stateless,
            summary: "IPv6 disabled on the loopback interface",
            explanation: "The loopback device always keeps ::1; nmstate refuses to disable IPv6 on it.",
            fix: "Leave `ipv6` out of the loopback interface, or keep it enabled.",
            example: RuleExample(
                before: """
                    interfaces:
                    - name: lo
                      type: loopback
                      ipv6:
                        enabled: false
                    """,
                after: """
                    interfaces:
                    - name: lo
                      type: loopback
                      mtu: 65536
                    """)),
        RuleEntry(
            .nmstateLoopbackIpv6Auto, .error, scope: .stateless,
            summary: "IPv6 autoconf or DHCPv6 on the loopback interface",
            explanation: "Loopback addresses are static; nmstate refuses autoconf and DHCPv6 on the loopback device.",
            fix: "Use static addresses on loopback.",
            example: RuleExample(
                before: """
                    interfaces:
                    - name: lo
                      type: loopback
                      ipv6:
                        enabled: true
                        autoconf: true
                    """,
                after: """
                    interfaces:
                    - name: lo
                      type: loopback
                      ipv6:
                        enabled: true
                        address:
                        - ip: "::1"
                          prefix-length: 128
                    """)),
        RuleEntry(
            .nmstateMptcpSignalFullmesh, .error, scope: .stateless,
            summary: "MPTCP address flags signal and fullmesh together",
            explanation: "The kernel refuses an MPTCP endpoint that both announces itself (`signal`) and builds a full mesh (`fullmesh`).",
            fix: "Keep one of the two flags.",
            example: RuleExample(
                before: """
                    interfaces:
                    - name: eth1
                      type: ethernet
                      state: up
                      mptcp:
                        address-flags: [signal, fullmesh]
                    """,
                after: """
                    interfaces:
                    - name: eth1
                      type: ethernet
                      state: up
                      mptcp:
                        address-flags: [signal]
                    """)),
        RuleEntry(
            .nmstateSriovVlanProto, .error, scope: .stateless,
            summary: "802.1ad on an SR-IOV VF without a VLAN ID or QoS",
            explanation: "QinQ (802.1ad) tags a VF's traffic with an outer VLAN; with neither `vlan-id` nor `qos` there is nothing to tag with.",
            fix: "Set the VF's `vlan-id`, or use the default protocol 802.1q.",
            example: RuleExample(
                before: """
                    interfaces:
                    - name: eth1
                      type: ethernet
                      state: up
                      ethernet:
                        sr-iov:
                          total-vfs: 1
                          vfs:
                          - id: 0
                            vlan-proto: 802.1ad
                    """,
                after: """
                    interfaces:
                    - name: eth1
                      type: ethernet
                      state: up
                      ethernet:
                        sr-iov:
                          total-vfs: 1
                          vfs:
                          - id: 0
                            vlan-id: 100
                            vlan-proto: 802.1ad
                    """)),
        RuleEntry(
            .nmstateSriovNameFormat, .error, scope: .cluster,
            summary: "An SR-IOV VF name that is not sriov:<pf>:<vf>",
            explanation: """
                nmstate resolves an interface named `sriov:<pf_name>:<vf_id>` to the VF's kernel \
                name using the node's current state. Any other name starting with `sriov:` is \
                refused.
                """,
            fix: "Write the name as `sriov:<pf_name>:<vf_id>`, e.g. `sriov:eth1:0`.",
            example: RuleExample(
                before: """
                    interfaces:
                    - name: sriov:eth1
                      type: ethernet
                      state: up
                    """,
                after: """
                    interfaces:
                    - name: sriov:eth1:0
                      type: ethernet
                      state: up
                    """,
                current: """
                    interfaces:
                    - name: eth1
                      type: ethernet
                      state: up
                      ethernet:
                        sr-iov:
                          total-vfs: 1
                          vfs:
                          - id: 0
                            iface-name: eth1v0
                    - name: eth1v0
                      type: ethernet
                      state: up
                    """)),
        RuleEntry(
            .nmstateSriovNameNotFound, .error, scope: .cluster,
            summary: "An SR-IOV VF that the node's physical function does not have",
            explanation: "The `sriov:<pf>:<vf>` name is resolved in the node's current state; a VF id the PF does not report cannot be resolved.",
            fix: "Use a VF id the PF has (see its `sr-iov.vfs` in the NodeNetworkState), or create the VFs first with `total-vfs`.",
            example: RuleExample(
                before: """
                    interfaces:
                    - name: sriov:eth1:7
                      type: ethernet
                      state: up
                    """,
                after: """
                    interfaces:
                    - name: sriov:eth1:0
                      type: ethernet
                      state: up
                    """,
                current: """
                    interfaces:
                    - name: eth1
                      type: ethernet
                      state: up
                      ethernet:
                        sr-iov:
                          total-vfs: 1
                          vfs:
                          - id: 0
                            iface-name: eth1v0
                    - name: eth1v0
                      type: ethernet
                      state: up
                    """)),
        RuleEntry(
            .nmstateSriovNameDuplicate, .error, scope: .cluster,
            summary: "An SR-IOV VF is configured under two names",
            explanation: "The `sriov:<pf>:<vf>` name resolves to an interface the desired state also lists under its kernel name; nmstate refuses two entries for one device.",
            fix: "Keep one of the two entries.",
            example: RuleExample(
                before: """
                    interfaces:
                    - name: sriov:eth1:0
                      type: ethernet
                      state: up
                    - name: eth1v0
                      type: ethernet
                      state: up
                    """,
                after: """
                    interfaces:
                    - name: sriov:eth1:0
                      type: ethernet
                      state: up
                    """,
                current: """
                    interfaces:
                    - name: eth1
                      type: ethernet
                      state: up
                      ethernet:
                        sr-iov:
                          total-vfs: 1
                          vfs:
                          - id: 0
                            iface-name: eth1v0
                    - name: eth1v0
                      type: ethernet
                      state: up
                    """)),
        RuleEntry(
            .nmstateVethIgnoredPeer, .error, scope: .cluster,
            summary: "A veth changes its peer away from an ignored interface",
            explanation: """
                The veth's current peer is marked `state: ignore`, so nmstate may not touch it, \
                but changing the peer would have to delete it.
                """,
            fix: "Remove the veth pair first, then create it with the new peer.",
            example: RuleExample(
                before: """
                    interfaces:
                    - name: veth1
                      type: veth
                      state: up
                      veth:
                        peer: newpeer
                    """,
                after: """
                    interfaces:
                    - name: veth1
                      type: veth
                      state: up
                      veth:
                        peer: veth1peer
                    """,
                current: """
                    interfaces:
                    - name: veth1
                      type: veth
                      state: up
                      veth:
                        peer: veth1peer
                    - name: veth1peer
                      type: veth
                      state: ignore
                      veth:
                        peer: veth1
                    """)),
        RuleEntry(
            .nmstateVethPeerRequired, .error, nodeDependent: true, scope: .stateless,
            summary: "A new veth has no peer",
            explanation: """
                The kernel creates a veth as a pair, so nmstate needs `veth.peer` to create \
                one when it applies a policy; an existing veth keeps its peer. Without the \
                node's state this is a warning (fine if the veth already exists); a current \
                state without the veth makes it an error. Generating configuration (the \
                2.2.38 profile without a current state) does not check it.
                """,
            fix: "Add `veth: {peer: NAME}`.",
            example: RuleExample(
                before: """
                    interfaces:
                    - name: veth1
                      type: veth
                      state: up
                    """,
                after: """
                    interfaces:
                    - name: veth1
                      type: veth
                      state: up
                      veth:
                        peer: veth1peer
                    """,
                current: """
                    interfaces: []
                    """)),
        RuleEntry(
            .nmstateVethPeerOnEthernet, .error, scope: .cluster,
            summary: "A veth peer for an interface that is not a veth on the node",
            explanation: """
                nmstate compares `veth.peer` with the peer the node reports. An interface the \
                node reports without a veth peer (a physical NIC, or a veth whose peer is in \
                another network namespace) cannot be given one: nmstate refuses the change \
                rather than delete the device. The rule needs the node's current state.
                """,
            fix: "Pick a name the node does not use for the new veth, or remove the `veth` section.",
            example: RuleExample(
                before: """
                    interfaces:
                    - name: eth1
                      type: veth
                      state: up
                      veth:
                        peer: eth1peer
                    """,
                after: """
                    interfaces:
                    - name: veth1
                      type: veth
                      state: up
                      veth:
                        peer: veth1peer
                    """,
                current: """
                    interfaces:
                    - name: eth1
                      type: ethernet
                      state: up
                    """)),
        RuleEntry(
            .nmstateVlanBaseIfaceRequired, .error, nodeDependent: true, scope: .stateless,
            summary: "A new VLAN has no base interface",
            explanation: """
                A VLAN tags traffic on a base interface; the kernel cannot create one without \
                it. An existing VLAN keeps its base, so without the node's state this is a \
                warning.
                """,
            fix: "Set `vlan.base-iface`.",
            example: RuleExample(
                before: """
                    interfaces:
                    - name: eth1.102
                      type: vlan
                      state: up
                      vlan:
                        id: 102
                    """,
                after: """
                    interfaces:
                    - name: eth1.102
                      type: vlan
                      state: up
                      vlan:
                        base-iface: eth1
                        id: 102
                    """)),
        RuleEntry(
            .nmstateVrfTableIdRequired, .error, nodeDependent: true, scope: .stateless,
            summary: "A new VRF has no route table",
            explanation: """
                A VRF binds its ports to a routing table; table 0 or none is not allowed for a \
                new VRF. An existing VRF keeps its table, so without the node's state this is a \
                warning.
                """,
            fix: "Set `vrf.route-table-id` to a table number other than 0.",
            example: RuleExample(
                before: """
                    interfaces:
                    - name: vrf100
                      type: vrf
                      state: up
                      vrf:
                        port: [eth1]
                    """,
                after: """
                    interfaces:
                    - name: vrf100
                      type: vrf
                      state: up
                      vrf:
                        port: [eth1]
                        route-table-id: 100
                    """)),
        RuleEntry(
            .nmstateMacVlanPromiscuous, .error, scope: .stateless,
            summary: "Promiscuous mode turned off on a MACVLAN that is not passthru",
            explanation: "Only a MACVLAN or MACVTAP in passthru mode may stop accepting all MAC addresses; the kernel refuses it in the other modes.",
            fix: "Use `mode: passthru`, or remove `promiscuous: false`.",
            example: RuleExample(
                before: """
                    interfaces:
                    - name: mv0
                      type: mac-vlan
                      state: up
                      mac-vlan:
                        base-iface: eth1
                        mode: vepa
                        promiscuous: false
                    """,
                after: """
                    interfaces:
                    - name: mv0
                      type: mac-vlan
                      state: up
                      mac-vlan:
                        base-iface: eth1
                        mode: passthru
                        promiscuous: false
                    """)),
        RuleEntry(
            .nmstateIpvlanPrivateVepa, .error, scope: .stateless,
            summary: "IPVLAN with both private and vepa",
            explanation: "The kernel takes one of the two IPVLAN flags, not both.",
            fix: "Keep one of `private` and `vepa`.",
            example: RuleExample(
                before: """
                    interfaces:
                    - name: ipv0
                      type: ipvlan
                      state: up
                      ipvlan:
                        base-iface: eth1
                        private: true
                        vepa: true
                    """,
                after: """
                    interfaces:
                    - name: ipv0
                      type: ipvlan
                      state: up
                      ipvlan:
                        base-iface: eth1
                        private: true
                    """)),
        RuleEntry(
            .nmstateMacsecMkaPair, .error, scope: .stateless,
            summary: "MACsec with only one of mka-cak and mka-ckn",
            explanation: "MACsec Key Agreement needs both the connectivity association key and its name, or neither (no MKA).",
            fix: "Give both `mka-cak` and `mka-ckn`, or neither.",
            example: RuleExample(
                before: """
                    interfaces:
                    - name: macsec0
                      type: macsec
                      state: up
                      macsec:
                        base-iface: eth1
                        encrypt: true
                        port: 0
                        validation: strict
                        send-sci: true
                        mka-cak: 50b71a8ef0bd5751ea76de6d6c98c03a
                    """,
                after: """
                    interfaces:
                    - name: macsec0
                      type: macsec
                      state: up
                      macsec:
                        base-iface: eth1
                        encrypt: true
                        port: 0
                        validation: strict
                        send-sci: true
                        mka-cak: 50b71a8ef0bd5751ea76de6d6c98c03a
                        mka-ckn: f2b4297d39da7330910a74abc0449feb45b5c0b9fc23df1430e1898fcf1c4550
                    """)),
        RuleEntry(
            .nmstateMacsecMkaCakLength, .error, scope: .stateless,
            summary: "A MACsec CAK that is not 32 hex characters",
            explanation: "The MKA connectivity association key is a 128-bit key written as 32 hexadecimal characters.",
            fix: "Use a 32-character key (`openssl rand -hex 16`).",
            example: RuleExample(
                before: """
                    interfaces:
                    - name: macsec0
                      type: macsec
                      state: up
                      macsec:
                        base-iface: eth1
                        encrypt: true
                        port: 0
                        validation: strict
                        send-sci: true
                        mka-cak: 50b71a8e
                        mka-ckn: f2b4
                    """,
                after: """
                    interfaces:
                    - name: macsec0
                      type: macsec
                      state: up
                      macsec:
                        base-iface: eth1
                        encrypt: true
                        port: 0
                        validation: strict
                        send-sci: true
                        mka-cak: 50b71a8ef0bd5751ea76de6d6c98c03a
                        mka-ckn: f2b4
                    """)),
        RuleEntry(
            .nmstateMacsecMkaCknLength, .error, scope: .stateless,
            summary: "A MACsec CKN of odd length or longer than 64 characters",
            explanation: "The MKA key name is 1 to 32 bytes written in hexadecimal, so an even number of characters from 2 to 64.",
            fix: "Use an even number of hex characters, at most 64.",
            example: RuleExample(
                before: """
                    interfaces:
                    - name: macsec0
                      type: macsec
                      state: up
                      macsec:
                        base-iface: eth1
                        encrypt: true
                        port: 0
                        validation: strict
                        send-sci: true
                        mka-cak: 50b71a8ef0bd5751ea76de6d6c98c03a
                        mka-ckn: f2b
                    """,
                after: """
                    interfaces:
                    - name: macsec0
                      type: macsec
                      state: up
                      macsec:
                        base-iface: eth1
                        encrypt: true
                        port: 0
                        validation: strict
                        send-sci: true
                        mka-cak: 50b71a8ef0bd5751ea76de6d6c98c03a
                        mka-ckn: f2b4
                    """)),
    ]
}
