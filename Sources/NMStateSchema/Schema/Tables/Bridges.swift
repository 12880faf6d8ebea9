/// Linux bridge `bridge` (`ifaces/linux_bridge.rs`) and the port `vlan`
/// section shared with OVS bridges (`ifaces/bridge_vlan.rs`).
extension NMStateSchema {
    static let linuxBridge = SchemaNode.object("LinuxBridgeConfig", doc: "Linux bridge settings.", [
        Field("options", linuxBridgeOptions),
        Field("port", .array(linuxBridgePort), aliases: ["ports"], doc: "All bridge ports."),
    ])

    static let linuxBridgePort = SchemaNode.object("LinuxBridgePortConfig", doc: "One linux bridge port.", [
        Field("name", .string, required: true),
        Field("stp-hairpin-mode", .boolLenient),
        Field("stp-path-cost", .u32),
        Field("stp-priority", .u16),
        Field("vlan", bridgePortVlan),
    ])

    /// Linux bridge `options` (deny), alphabetical as serde declares them.
    static let linuxBridgeOptions = SchemaNode.object("LinuxBridgeOptions", doc: "Linux bridge options.", [
        Field("gc-timer", .u64Strict, queryOnly: true, doc: "Removed before applying."),
        Field("group-addr", .string),
        Field("group-forward-mask", .u16),
        Field("group-fwd-mask", .u16, doc: "Same setting as `group-forward-mask`; both may be given if equal."),
        Field("hash-max", .u32),
        Field("hello-timer", .u64Strict, queryOnly: true, doc: "Removed before applying."),
        Field("mac-ageing-time", .u32),
        Field("multicast-last-member-count", .u32),
        Field("multicast-last-member-interval", .u64),
        Field("multicast-membership-interval", .u64),
        Field("multicast-querier", .boolLenient),
        Field("multicast-querier-interval", .u64),
        Field("multicast-query-interval", .u64),
        Field("multicast-query-response-interval", .u64),
        Field("multicast-query-use-ifaddr", .boolLenient),
        Field("multicast-router", .custom(.multicastRouter), doc: "`auto`, `disabled`, `enabled` (any case) or 1, 0, 2."),
        Field("multicast-snooping", .boolLenient),
        Field("multicast-startup-query-count", .u32),
        Field("multicast-startup-query-interval", .u64),
        Field("stp", bridgeStp),
        Field("vlan-protocol", vlanProtocol),
        Field("vlan-default-pvid", .u16Strict, doc: "Values other than 1 need a port with VLAN filtering."),
        Field("allow-extra-ports", .boolLenient, since: .afterV2_2_59,
              doc: "Let verification ignore ports attached by other tools; not persisted."),
    ])

    /// Bridge STP (deny); ranges are semantic rules.
    static let bridgeStp = SchemaNode.object("BridgeStpOptions", doc: "Spanning tree settings.", [
        Field("enabled", .boolLenient),
        Field("forward-delay", .u8, doc: "2-30 seconds."),
        Field("hello-time", .u8, doc: "1-10 seconds."),
        Field("max-age", .u8, doc: "6-40 seconds."),
        Field("priority", .u16),
    ])

    /// Port `vlan` (deny). `{}` disables VLAN filtering on the port.
    static let bridgePortVlan = SchemaNode.object("BridgePortVlanConfig", doc: "VLAN filtering of a bridge port.", [
        Field("enable-native", .boolLenient),
        Field("mode", .enumeration(["trunk", "access"])),
        Field("tag", .u16, doc: "Access VLAN, or native VLAN in trunk mode."),
        Field("trunk-tags", .array(trunkTag)),
    ])

    /// A trunk tag is exactly `{id}` or `{id-range: {min, max}}`.
    static let trunkTag = SchemaNode.oneOf([
        .object("BridgePortTrunkTagId", [Field("id", .u16, required: true)]),
        .object("BridgePortTrunkTagRange", [Field("id-range", vlanIdRange, required: true)]),
    ], message: "BridgePortTrunkTag only support 'id' or 'id-range'")

    static let vlanIdRange = SchemaNode.object("BridgePortVlanRange", doc: "Inclusive VLAN id range.", [
        Field("min", .u16, required: true),
        Field("max", .u16, required: true),
    ])
}
