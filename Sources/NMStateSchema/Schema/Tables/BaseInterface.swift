/// Fields every interface type accepts (`ifaces/base.rs`, flattened into
/// each type struct, so unknown keys are denied without a list).
extension NMStateSchema {
    static let baseInterfaceFields: [Field] = [
        Field("name", .string, required: true, doc: "Kernel or user-space interface name; `sriov:<pf>:<vf>` names an SR-IOV VF."),
        Field("profile-name", .string, doc: "Name of the network backend profile."),
        Field("description", .string, doc: "Free text stored with the interface."),
        Field("type", .string, doc: "Interface type; selects which type-specific sections are accepted."),
        Field("driver", .string, doc: "Kernel driver; ignored when applying."),
        Field("state", .enumeration(["up", "down", "absent", "ignore", "unknown"]), doc: "`up` (default), `down`, `absent` to remove, `ignore` to leave unmanaged."),
        Field("identifier", .enumeration(["name", "mac-address", "pci-address"], valuesSince: ["pci-address": .v2_2_47]),
              doc: "How the interface is matched: by `name` (default), `mac-address` or `pci-address`."),
        Field("mac-address", .string, doc: "MAC address (no format check; upper-cased by nmstate)."),
        Field("permanent-mac-address", .string, queryOnly: true, doc: "Firmware MAC address; query only."),
        Field("pci-address", .string, since: .v2_2_47, doc: "PCI address such as `0000:07:00.0`; used with `identifier: pci-address`."),
        Field("min-mtu", .u64Strict, queryOnly: true, doc: "Smallest MTU the interface supports; query only."),
        Field("max-mtu", .u64Strict, queryOnly: true, doc: "Largest MTU the interface supports; query only."),
        Field("mtu", .u64, doc: "Maximum transmission unit."),
        Field("wait-ip", .enumeration(["any", "ipv4", "ipv6", "ipv4+ipv6"]), doc: "Which IP stacks must be configured before activation counts as done."),
        Field("ipv4", ipv4),
        Field("ipv6", ipv6),
        Field("mptcp", mptcp),
        Field("controller", .string, doc: "Controller (bond, bridge, VRF) to attach to; an empty string detaches."),
        Field("accept-all-mac-addresses", .boolLenient, doc: "Promiscuous mode."),
        Field("copy-mac-from", .string, doc: "Interface whose MAC address this one takes (bond, linux-bridge, ovs-interface)."),
        Field("ovs-db", interfaceOvsDb),
        Field("802.1x", ieee8021x),
        Field("lldp", lldp),
        Field("ethtool", ethtool),
        Field("dispatch", dispatch),
        Field("alt-names", .array(altName), since: .v2_2_51, doc: "Alternative interface names to add, or remove with `state: absent`."),
    ]

    static let altName = SchemaNode.object("AltNameEntry", doc: "One alternative interface name.", [
        Field("name", .string, required: true),
        Field("state", .enumeration(["absent"]), doc: "`absent` removes the name."),
    ])

    /// `lldp` (deny). `neighbors` is what the host reports.
    static let lldp = SchemaNode.object("LldpConfig", doc: "LLDP listener.", [
        Field("enabled", .boolLenient, required: true),
        Field("neighbors", .any, queryOnly: true, doc: "Reported LLDP neighbours; query only."),
    ])

    /// `802.1x` (lenient).
    static let ieee8021x = SchemaNode.object("Ieee8021XConfig", .lenient, doc: "Wired 802.1X authentication.", [
        Field("identity", .string),
        Field("eap-methods", .stringList),
        Field("private-key", .string),
        Field("client-cert", .string),
        Field("ca-cert", .string),
        Field("private-key-password", .string),
        Field("phase2-auth", .string),
        Field("password", .string),
    ])

    static let mptcpFlag = SchemaNode.enumeration(["signal", "subflow", "backup", "fullmesh"])

    /// `mptcp` (deny).
    static let mptcp = SchemaNode.object("MptcpConfig", doc: "Multipath TCP flags applied to every address of the interface.", [
        Field("address-flags", .array(mptcpFlag)),
    ])

    /// `dispatch` (lenient). An empty string removes a script. `variables`
    /// and `type` belong to dispatch interfaces (`dispatch.rs`).
    static let dispatch = SchemaNode.object("DispatchConfig", .lenient, doc: "Scripts run by the backend after activation and deactivation.", [
        Field("post-activation", .string),
        Field("post-deactivation", .string),
        Field("variables", .map(.string), since: .afterV2_2_59, doc: "Variables for the scripts of a dispatch interface (`$<name>`); an empty value removes one, an empty map all."),
        Field("type", .string, since: .afterV2_2_59, doc: "The `dispatch.interfaces` type that creates this interface; only for `type: dispatch`."),
    ])
}
