extension RuleID {
    public static let nmstateControllerNotFound = RuleID("nmstate.controller.not-found")
    public static let nmstateControllerNotInPortList = RuleID("nmstate.controller.not-in-port-list")
    public static let nmstateControllerConflict = RuleID("nmstate.controller.conflict")
    public static let nmstateControllerDetachWhileListed = RuleID("nmstate.controller.detach-while-listed")
    public static let nmstateControllerUnknownPort = RuleID("nmstate.controller.unknown-port")
    public static let nmstateControllerPortOverbooked = RuleID("nmstate.controller.port-overbooked")
    public static let nmstateInfinibandPort = RuleID("nmstate.infiniband.port")
    public static let nmstateBondModeRequired = RuleID("nmstate.bond.mode-required")
    public static let nmstateBondFailOverMacWithMac = RuleID("nmstate.bond.fail-over-mac-with-mac")
    public static let nmstateBondPortsConfigConflict = RuleID("nmstate.bond.ports-config-conflict")
    public static let nmstateBondAdActorSystemMulticast = RuleID("nmstate.bond.ad-actor-system-multicast")
    public static let nmstateBondMiimonArpInterval = RuleID("nmstate.bond.miimon-arp-interval")
    public static let nmstateBondBalanceSlb = RuleID("nmstate.bond.balance-slb")
    public static let nmstateBondQueueIdOverlap = RuleID("nmstate.bond.queue-id-overlap")
    public static let nmstateLinuxBridgeVlanDefaultPvid = RuleID("nmstate.linux-bridge.vlan-default-pvid")
    public static let nmstateLinuxBridgeGroupForwardMaskConflict = RuleID("nmstate.linux-bridge.group-forward-mask-conflict")
    public static let nmstateLinuxBridgeStpHelloTime = RuleID("nmstate.linux-bridge.stp-hello-time")
    public static let nmstateLinuxBridgeStpMaxAge = RuleID("nmstate.linux-bridge.stp-max-age")
    public static let nmstateLinuxBridgeStpForwardDelay = RuleID("nmstate.linux-bridge.stp-forward-delay")
    public static let nmstateBridgeVlanTrunkTagWithoutNative = RuleID("nmstate.bridge-vlan.trunk-tag-without-native")
    public static let nmstateBridgeVlanAccessNative = RuleID("nmstate.bridge-vlan.access-native")
    public static let nmstateBridgeVlanAccessTrunkTags = RuleID("nmstate.bridge-vlan.access-trunk-tags")
    public static let nmstateBridgeVlanTrunkEmpty = RuleID("nmstate.bridge-vlan.trunk-empty")
    public static let nmstateBridgeVlanTrunkRangeInverted = RuleID("nmstate.bridge-vlan.trunk-range-inverted")
    public static let nmstateBridgeVlanTrunkTagOverlap = RuleID("nmstate.bridge-vlan.trunk-tag-overlap")
    public static let nmstateOvsBridgeMac = RuleID("nmstate.ovs.bridge-mac")
    public static let nmstateOvsPatchMtu = RuleID("nmstate.ovs.patch-mtu")
    public static let nmstateOvsPatchIp = RuleID("nmstate.ovs.patch-ip")
    public static let nmstateOvsDpdkQueueDesc = RuleID("nmstate.ovs.dpdk-queue-desc")
    public static let nmstateOvsDbReservedKey = RuleID("nmstate.ovs-db.reserved-key")
    public static let nmstateOvnDuplicateLocalnet = RuleID("nmstate.ovn.duplicate-localnet")
    public static let nmstateOvnMissingBridge = RuleID("nmstate.ovn.missing-bridge")
}

extension RuleRegistry {
    /// nmstate's rules on controllers (bonds, bridges, VRFs) and their ports.
    static let controllerRules: [RuleEntry] = [
        RuleEntry(
            .nmstateControllerNotFound, .error, nodeDependent: true, scope: .stateless,
            summary: "A port names a controller that does not exist",
            explanation: """
                An interface's `controller` must be a bond, bridge or VRF that is in the desired \
                state or on the node. Without the node's state this is a warning: the \
                controller may already exist there.
                """,
            fix: "Add the controller to the policy, or fix its name.",
            example: RuleExample(
                before: """
                    interfaces:
                    - name: eth1
                      type: ethernet
                      state: up
                      controller: br0
                    """,
                after: """
                    interfaces:
                    - name: br0
                      type: linux-bridge
                      state: up
                      bridge:
                        port:
                        - name: eth1
                    - name: eth1
                      type: ethernet
                      state: up
                      controller: br0
                    """)),
        RuleEntry(
            .nmstateControllerNotInPortList, .error, scope: .stateless,
            summary: "A port names a controller whose port list leaves it out",
            explanation: """
                The port says `controller: br0`, but the policy also gives `br0` a port list \
                without it. nmstate does not guess which of the two is meant.
                """,
            fix: "Add the port to the controller's port list, or remove its `controller`.",
            example: RuleExample(
                before: """
                    interfaces:
                    - name: br0
                      type: linux-bridge
                      state: up
                      bridge:
                        port: []
                    - name: eth1
                      type: ethernet
                      state: up
                      controller: br0
                    """,
                after: """
                    interfaces:
                    - name: br0
                      type: linux-bridge
                      state: up
                      bridge:
                        port:
                        - name: eth1
                    - name: eth1
                      type: ethernet
                      state: up
                      controller: br0
                    """)),
        RuleEntry(
            .nmstateControllerConflict, .error, scope: .stateless,
            summary: "A port's controller disagrees with the port list that holds it",
            explanation: "The interface says one controller while another controller of the policy lists it as a port.",
            fix: "Make the port's `controller` and the controllers' port lists agree.",
            example: RuleExample(
                before: """
                    interfaces:
                    - name: bond1
                      type: bond
                      state: up
                      link-aggregation:
                        mode: balance-rr
                        port: [eth1]
                    - name: bond0
                      type: bond
                      state: up
                      link-aggregation:
                        mode: balance-rr
                    - name: eth1
                      type: ethernet
                      state: up
                      controller: bond0
                    """,
                after: """
                    interfaces:
                    - name: bond1
                      type: bond
                      state: up
                      link-aggregation:
                        mode: balance-rr
                        port: [eth1]
                    - name: bond0
                      type: bond
                      state: up
                      link-aggregation:
                        mode: balance-rr
                    - name: eth1
                      type: ethernet
                      state: up
                      controller: bond1
                    """)),
        RuleEntry(
            .nmstateControllerDetachWhileListed, .error, scope: .stateless,
            summary: "A port is detached while a controller still lists it",
            explanation: "`controller: \"\"` detaches the interface, but a controller of the same policy still lists it as a port.",
            fix: "Remove the port from the controller's port list too.",
            example: RuleExample(
                before: """
                    interfaces:
                    - name: bond1
                      type: bond
                      state: up
                      link-aggregation:
                        mode: balance-rr
                        port: [eth1]
                    - name: eth1
                      type: ethernet
                      state: up
                      controller: ""
                    """,
                after: """
                    interfaces:
                    - name: bond1
                      type: bond
                      state: up
                      link-aggregation:
                        mode: balance-rr
                        port: []
                    - name: eth1
                      type: ethernet
                      state: up
                      controller: ""
                    """)),
        RuleEntry(
            .nmstateControllerUnknownPort, .error, scope: .cluster,
            summary: "A controller lists a port that does not exist on the node",
            explanation: """
                A bond, Linux bridge or VRF can only enslave interfaces that exist: in the \
                desired state or on the node. OVS bridges are exempt (they create internal \
                interfaces). The rule needs the node's state: in full mode it runs on every \
                selected node, so a port name that differs between hardware generations shows \
                up with the nodes it fails on.
                """,
            fix: "Use the port names the selected nodes have (`kubectl get nns`), narrow the nodeSelector, or capture the port by MAC or driver with `spec.capture`.",
            example: RuleExample(
                before: """
                    interfaces:
                    - name: bond0
                      type: bond
                      state: up
                      link-aggregation:
                        mode: balance-rr
                        port: [eth9]
                    """,
                after: """
                    interfaces:
                    - name: bond0
                      type: bond
                      state: up
                      link-aggregation:
                        mode: balance-rr
                        port: [eth1]
                    """,
                current: """
                    interfaces:
                    - name: eth1
                      type: ethernet
                      state: up
                    """)),
        RuleEntry(
            .nmstateControllerPortOverbooked, .error, scope: .stateless,
            summary: "Two controllers list the same port",
            explanation: "An interface can be the port of one controller only; nmstate refuses a port listed by two bonds or bridges.",
            fix: "Remove the port from one of the controllers.",
            example: RuleExample(
                before: """
                    interfaces:
                    - name: br0
                      type: linux-bridge
                      state: up
                      bridge:
                        port:
                        - name: eth0
                    - name: br1
                      type: linux-bridge
                      state: up
                      bridge:
                        port:
                        - name: eth0
                    """,
                after: """
                    interfaces:
                    - name: br0
                      type: linux-bridge
                      state: up
                      bridge:
                        port:
                        - name: eth0
                    - name: br1
                      type: linux-bridge
                      state: up
                      bridge:
                        port:
                        - name: eth1
                    """)),
        RuleEntry(
            .nmstateInfinibandPort, .error, nodeDependent: true, scope: .stateless,
            summary: "An InfiniBand interface as a port of anything but an active-backup bond",
            explanation: """
                IP-over-InfiniBand is a layer-3 device, so it cannot join a bridge or a bond \
                mode that needs layer-2 frames. When the bond's mode is not in the policy the \
                verdict depends on the node, so it is a warning there.
                """,
            fix: "Use an active-backup bond for InfiniBand ports.",
            example: RuleExample(
                before: """
                    interfaces:
                    - name: mlx5_ib2
                      type: infiniband
                      state: up
                      infiniband:
                        pkey: "0xffff"
                        mode: connected
                    - name: br0
                      type: linux-bridge
                      state: up
                      bridge:
                        port:
                        - name: mlx5_ib2
                    """,
                after: """
                    interfaces:
                    - name: mlx5_ib2
                      type: infiniband
                      state: up
                      infiniband:
                        pkey: "0xffff"
                        mode: connected
                    - name: bond0
                      type: bond
                      state: up
                      link-aggregation:
                        mode: active-backup
                        port: [mlx5_ib2]
                    """)),
        RuleEntry(
            .nmstateBondModeRequired, .error, nodeDependent: true, scope: .stateless,
            summary: "A new bond has no mode",
            explanation: """
                The kernel cannot create a bond without a mode. An existing bond keeps its \
                own, so a partial policy for a bond that is already on the node is fine: \
                without the node's state this is a warning, and per node in full mode it is \
                decided exactly.
                """,
            fix: "Set `link-aggregation.mode` (802.3ad, active-backup, balance-xor, …).",
            example: RuleExample(
                before: """
                    interfaces:
                    - name: bond0
                      type: bond
                      state: up
                      link-aggregation:
                        port: [eth1, eth2]
                    """,
                after: """
                    interfaces:
                    - name: bond0
                      type: bond
                      state: up
                      link-aggregation:
                        mode: 802.3ad
                        port: [eth1, eth2]
                    """)),
        RuleEntry(
            .nmstateBondFailOverMacWithMac, .error, scope: .stateless,
            summary: "A fixed MAC address on an active-backup bond with fail_over_mac active",
            explanation: "With `fail_over_mac: active` the bond takes the MAC address of its active port, which contradicts a fixed `mac-address`.",
            fix: "Remove `mac-address`, or use another `fail_over_mac` setting.",
            example: RuleExample(
                before: """
                    interfaces:
                    - name: bond0
                      type: bond
                      state: up
                      mac-address: "00:01:02:03:04:05"
                      link-aggregation:
                        mode: active-backup
                        options:
                          fail_over_mac: active
                    """,
                after: """
                    interfaces:
                    - name: bond0
                      type: bond
                      state: up
                      mac-address: "00:01:02:03:04:05"
                      link-aggregation:
                        mode: active-backup
                        options:
                          fail_over_mac: none
                    """)),
        RuleEntry(
            .nmstateBondPortsConfigConflict, .error, scope: .stateless,
            summary: "A bond's port and ports-config name different ports",
            explanation: "When both are given, `port` and `ports-config` must name the same set of ports.",
            fix: "List the same ports in both, or keep only `ports-config`.",
            example: RuleExample(
                before: """
                    interfaces:
                    - name: bond0
                      type: bond
                      state: up
                      link-aggregation:
                        mode: balance-rr
                        port: [eth1]
                        ports-config:
                        - name: eth2
                    """,
                after: """
                    interfaces:
                    - name: bond0
                      type: bond
                      state: up
                      link-aggregation:
                        mode: balance-rr
                        port: [eth1]
                        ports-config:
                        - name: eth1
                          priority: 1
                    """)),
        RuleEntry(
            .nmstateBondAdActorSystemMulticast, .error, scope: .stateless,
            summary: "ad_actor_system is a multicast MAC address",
            explanation: "The 802.3ad actor system id is sent as a unicast MAC address; the kernel refuses the IANA multicast range 01:00:5E.",
            fix: "Use a unicast (locally administered) MAC address such as 02:00:5e:00:00:01.",
            example: RuleExample(
                before: """
                    interfaces:
                    - name: bond0
                      type: bond
                      state: up
                      link-aggregation:
                        mode: 802.3ad
                        options:
                          ad_actor_system: "01:00:5e:00:00:01"
                    """,
                after: """
                    interfaces:
                    - name: bond0
                      type: bond
                      state: up
                      link-aggregation:
                        mode: 802.3ad
                        options:
                          ad_actor_system: "02:00:5e:00:00:01"
                    """)),
        RuleEntry(
            .nmstateBondMiimonArpInterval, .error, scope: .stateless,
            summary: "Bond miimon and arp_interval together",
            explanation: "A bond monitors its links either by MII or by ARP; the kernel refuses both at once.",
            fix: "Set one of `miimon` and `arp_interval` to 0, or remove it.",
            example: RuleExample(
                before: """
                    interfaces:
                    - name: bond0
                      type: bond
                      state: up
                      link-aggregation:
                        mode: balance-rr
                        options:
                          miimon: 100
                          arp_interval: 100
                    """,
                after: """
                    interfaces:
                    - name: bond0
                      type: bond
                      state: up
                      link-aggregation:
                        mode: balance-rr
                        options:
                          miimon: 100
                    """)),
        RuleEntry(
            .nmstateBondBalanceSlb, .error, nodeDependent: true, scope: .stateless,
            summary: "balance-slb without balance-xor mode and xmit_hash_policy vlan+srcmac",
            explanation: """
                Source-load-balancing needs the bond in balance-xor mode with transmit hash \
                `vlan+srcmac`. When the policy leaves the mode or the hash out, the node's bond \
                decides, so without its state this is a warning.
                """,
            fix: "Set `mode: balance-xor` and `xmit_hash_policy: vlan+srcmac`.",
            example: RuleExample(
                before: """
                    interfaces:
                    - name: bond0
                      type: bond
                      state: up
                      link-aggregation:
                        mode: balance-rr
                        options:
                          balance-slb: true
                          xmit_hash_policy: vlan+srcmac
                    """,
                after: """
                    interfaces:
                    - name: bond0
                      type: bond
                      state: up
                      link-aggregation:
                        mode: balance-xor
                        options:
                          balance-slb: true
                          xmit_hash_policy: vlan+srcmac
                    """)),
        RuleEntry(
            .nmstateBondQueueIdOverlap, .error, scope: .stateless,
            summary: "Two bond ports share a queue-id",
            explanation: "The kernel cannot give two ports of one bond the same non-zero queue id.",
            fix: "Give each port its own queue-id (0 means none).",
            example: RuleExample(
                before: """
                    interfaces:
                    - name: bond0
                      type: bond
                      state: up
                      link-aggregation:
                        mode: active-backup
                        ports-config:
                        - name: eth1
                          queue-id: 1
                        - name: eth2
                          queue-id: 1
                    """,
                after: """
                    interfaces:
                    - name: bond0
                      type: bond
                      state: up
                      link-aggregation:
                        mode: active-backup
                        ports-config:
                        - name: eth1
                          queue-id: 1
                        - name: eth2
                          queue-id: 2
                    """)),
        RuleEntry(
            .nmstateLinuxBridgeVlanDefaultPvid, .error, scope: .stateless,
            summary: "vlan-default-pvid without VLAN filtering",
            explanation: "A default port VLAN id only means something when some port of the bridge filters VLANs.",
            fix: "Configure `vlan` on the bridge's ports, or remove `vlan-default-pvid`.",
            example: RuleExample(
                before: """
                    interfaces:
                    - name: br0
                      type: linux-bridge
                      state: up
                      bridge:
                        options:
                          vlan-default-pvid: 100
                        port:
                        - name: eth1
                    """,
                after: """
                    interfaces:
                    - name: br0
                      type: linux-bridge
                      state: up
                      bridge:
                        options:
                          vlan-default-pvid: 100
                        port:
                        - name: eth1
                          vlan:
                            mode: access
                            tag: 100
                    """)),
        RuleEntry(
            .nmstateLinuxBridgeGroupForwardMaskConflict, .error, scope: .stateless,
            summary: "group-forward-mask and group-fwd-mask disagree",
            explanation: "Both spellings set the same kernel value, so when both are given they must be equal.",
            fix: "Keep one spelling.",
            example: RuleExample(
                before: """
                    interfaces:
                    - name: br0
                      type: linux-bridge
                      state: up
                      bridge:
                        options:
                          group-forward-mask: 1
                          group-fwd-mask: 2
                    """,
                after: """
                    interfaces:
                    - name: br0
                      type: linux-bridge
                      state: up
                      bridge:
                        options:
                          group-forward-mask: 2
                    """)),
        RuleEntry(
            .nmstateLinuxBridgeStpHelloTime, .error, scope: .stateless,
            summary: "STP hello-time outside 1–10 seconds",
            explanation: "The kernel's bridge accepts an STP hello time from 1 to 10 seconds.",
            fix: "Use a value from 1 to 10 (the default is 2).",
            example: RuleExample(
                before: """
                    interfaces:
                    - name: br0
                      type: linux-bridge
                      state: up
                      bridge:
                        options:
                          stp:
                            enabled: true
                            hello-time: 11
                    """,
                after: """
                    interfaces:
                    - name: br0
                      type: linux-bridge
                      state: up
                      bridge:
                        options:
                          stp:
                            enabled: true
                            hello-time: 2
                    """)),
        RuleEntry(
            .nmstateLinuxBridgeStpMaxAge, .error, scope: .stateless,
            summary: "STP max-age outside 6–40 seconds",
            explanation: "The kernel's bridge accepts an STP max age from 6 to 40 seconds.",
            fix: "Use a value from 6 to 40 (the default is 20).",
            example: RuleExample(
                before: """
                    interfaces:
                    - name: br0
                      type: linux-bridge
                      state: up
                      bridge:
                        options:
                          stp:
                            enabled: true
                            max-age: 5
                    """,
                after: """
                    interfaces:
                    - name: br0
                      type: linux-bridge
                      state: up
                      bridge:
                        options:
                          stp:
                            enabled: true
                            max-age: 20
                    """)),
        RuleEntry(
            .nmstateLinuxBridgeStpForwardDelay, .error, scope: .stateless,
            summary: "STP forward-delay outside 2–30 seconds",
            explanation: "The kernel's bridge accepts an STP forward delay from 2 to 30 seconds.",
            fix: "Use a value from 2 to 30 (the default is 15).",
            example: RuleExample(
                before: """
                    interfaces:
                    - name: br0
                      type: linux-bridge
                      state: up
                      bridge:
                        options:
                          stp:
                            enabled: true
                            forward-delay: 31
                    """,
                after: """
                    interfaces:
                    - name: br0
                      type: linux-bridge
                      state: up
                      bridge:
                        options:
                          stp:
                            enabled: true
                            forward-delay: 15
                    """)),
        RuleEntry(
            .nmstateBridgeVlanTrunkTagWithoutNative, .error, scope: .stateless,
            summary: "A trunk port with tag but without enable-native",
            explanation: "On a trunk port, `tag` is the native (untagged) VLAN, which only applies with `enable-native: true`.",
            fix: "Add `enable-native: true`, or remove `tag`.",
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
                            tag: 200
                            trunk-tags:
                            - id: 100
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
                            tag: 200
                            enable-native: true
                            trunk-tags:
                            - id: 100
                    """)),
        RuleEntry(
            .nmstateBridgeVlanAccessNative, .error, scope: .stateless,
            summary: "enable-native on an access port",
            explanation: "An access port carries one untagged VLAN; a native VLAN only exists on trunk ports.",
            fix: "Remove `enable-native`, or make the port a trunk.",
            example: RuleExample(
                before: """
                    interfaces:
                    - name: br0
                      type: ovs-bridge
                      state: up
                      bridge:
                        port:
                        - name: eth1
                          vlan:
                            mode: access
                            tag: 200
                            enable-native: true
                    """,
                after: """
                    interfaces:
                    - name: br0
                      type: ovs-bridge
                      state: up
                      bridge:
                        port:
                        - name: eth1
                          vlan:
                            mode: access
                            tag: 200
                    """)),
        RuleEntry(
            .nmstateBridgeVlanAccessTrunkTags, .error, scope: .stateless,
            summary: "trunk-tags on an access port",
            explanation: "An access port carries one untagged VLAN (`tag`); `trunk-tags` only apply to trunk ports.",
            fix: "Use `mode: trunk`, or replace `trunk-tags` with `tag`.",
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
                            mode: access
                            trunk-tags:
                            - id: 100
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
                            mode: access
                            tag: 100
                    """)),
        RuleEntry(
            .nmstateBridgeVlanTrunkEmpty, .error, scope: .stateless,
            summary: "A trunk port without trunk-tags",
            explanation: "A trunk port carries the VLANs listed in `trunk-tags`; without them it would carry none, and nmstate refuses it.",
            fix: "Add `trunk-tags`, or make the port an access port.",
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
                            - id-range:
                                min: 100
                                max: 199
                    """)),
        RuleEntry(
            .nmstateBridgeVlanTrunkRangeInverted, .warning, scope: .stateless,
            summary: "A trunk id-range whose min is greater than its max",
            explanation: """
                nmstate accepts an `id-range` with `min` above `max`, but the range is then \
                empty: the port carries none of the VLANs the author meant.
                """,
            fix: "Swap `min` and `max`.",
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
                            - id-range:
                                min: 199
                                max: 100
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
                            - id-range:
                                min: 100
                                max: 199
                    """)),
        RuleEntry(
            .nmstateBridgeVlanTrunkTagOverlap, .error, scope: .stateless,
            summary: "Trunk tags overlap",
            explanation: "Each VLAN may appear once in a port's `trunk-tags`; ids and ranges must not overlap.",
            fix: "Merge the overlapping tags into one range, or remove the duplicate.",
            example: RuleExample(
                before: """
                    interfaces:
                    - name: br0
                      type: ovs-bridge
                      state: up
                      bridge:
                        port:
                        - name: eth1
                          vlan:
                            mode: trunk
                            trunk-tags:
                            - id-range:
                                min: 600
                                max: 900
                            - id-range:
                                min: 900
                                max: 1000
                    """,
                after: """
                    interfaces:
                    - name: br0
                      type: ovs-bridge
                      state: up
                      bridge:
                        port:
                        - name: eth1
                          vlan:
                            mode: trunk
                            trunk-tags:
                            - id-range:
                                min: 600
                                max: 1000
                    """)),
        RuleEntry(
            .nmstateOvsBridgeMac, .error, scope: .stateless,
            summary: "A MAC address on an OVS bridge",
            explanation: "An OVS bridge is not a kernel device and has no MAC address of its own; its internal interface does.",
            fix: "Move `mac-address` to the bridge's OVS internal interface.",
            example: RuleExample(
                before: """
                    interfaces:
                    - name: br0
                      type: ovs-bridge
                      state: up
                      mac-address: "00:11:22:33:44:55"
                    """,
                after: """
                    interfaces:
                    - name: br0
                      type: ovs-bridge
                      state: up
                      bridge:
                        port:
                        - name: br0
                    - name: br0
                      type: ovs-interface
                      state: up
                      mac-address: "00:11:22:33:44:55"
                    """)),
        RuleEntry(
            .nmstateOvsPatchMtu, .error, scope: .stateless,
            summary: "An MTU on an OVS patch port",
            explanation: "A patch port only links two OVS bridges inside the switch; it has no MTU of its own.",
            fix: "Remove `mtu` from the patch interface.",
            example: RuleExample(
                before: """
                    interfaces:
                    - name: patch0
                      type: ovs-interface
                      state: up
                      mtu: 1500
                      patch:
                        peer: patch1
                    """,
                after: """
                    interfaces:
                    - name: patch0
                      type: ovs-interface
                      state: up
                      patch:
                        peer: patch1
                    """)),
        RuleEntry(
            .nmstateOvsPatchIp, .error, scope: .stateless,
            summary: "IP on an OVS patch port",
            explanation: "A patch port only links two OVS bridges; it has no IP configuration of its own.",
            fix: "Disable IPv4 and IPv6 on the patch interface.",
            example: RuleExample(
                before: """
                    interfaces:
                    - name: patch0
                      type: ovs-interface
                      state: up
                      ipv4:
                        enabled: true
                        dhcp: true
                      patch:
                        peer: patch1
                    """,
                after: """
                    interfaces:
                    - name: patch0
                      type: ovs-interface
                      state: up
                      ipv4:
                        enabled: false
                      patch:
                        peer: patch1
                    """)),
        RuleEntry(
            .nmstateOvsDpdkQueueDesc, .error, scope: .stateless,
            summary: "A DPDK queue size that is not a power of two up to 4096",
            explanation: "`n_rxq_desc` and `n_txq_desc` size DPDK rings: powers of two from 1 to 4096, or 0 to remove the setting.",
            fix: "Use a power of two such as 1024 or 2048.",
            example: RuleExample(
                before: """
                    interfaces:
                    - name: ovs0
                      type: ovs-interface
                      state: up
                      dpdk:
                        devargs: "0000:af:00.1"
                        n_txq_desc: 1000
                    """,
                after: """
                    interfaces:
                    - name: ovs0
                      type: ovs-interface
                      state: up
                      dpdk:
                        devargs: "0000:af:00.1"
                        n_txq_desc: 1024
                    """)),
        RuleEntry(
            .nmstateOvsDbReservedKey, .error, scope: .stateless,
            summary: "ovn-bridge-mappings written in ovs-db",
            explanation: "nmstate owns `external_ids.ovn-bridge-mappings` through its `ovn` section and refuses it in `ovs-db`.",
            fix: "Move the mappings to `ovn.bridge-mappings`.",
            example: RuleExample(
                before: """
                    ovs-db:
                      external_ids:
                        ovn-bridge-mappings: "physnet1:br-ex"
                    """,
                after: """
                    ovn:
                      bridge-mappings:
                      - localnet: physnet1
                        bridge: br-ex
                    """)),
        RuleEntry(
            .nmstateOvnDuplicateLocalnet, .error, scope: .stateless,
            summary: "One OVN localnet mapped twice",
            explanation: "Each `localnet` may appear once in `ovn.bridge-mappings`.",
            fix: "Keep one mapping per localnet.",
            example: RuleExample(
                before: """
                    ovn:
                      bridge-mappings:
                      - localnet: physnet1
                        bridge: br-ex
                      - localnet: physnet1
                        bridge: br-data
                    """,
                after: """
                    ovn:
                      bridge-mappings:
                      - localnet: physnet1
                        bridge: br-ex
                      - localnet: physnet2
                        bridge: br-data
                    """)),
        RuleEntry(
            .nmstateOvnMissingBridge, .error, scope: .stateless,
            summary: "An OVN bridge mapping without its bridge",
            explanation: "A mapping that is not being removed must name the OVS bridge its localnet maps to.",
            fix: "Add `bridge`, or set `state: absent` to remove the mapping.",
            example: RuleExample(
                before: """
                    ovn:
                      bridge-mappings:
                      - localnet: physnet1
                    """,
                after: """
                    ovn:
                      bridge-mappings:
                      - localnet: physnet1
                        bridge: br-ex
                    """)),
    ]
}
