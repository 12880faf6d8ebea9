/// `ethernet`, `ethernet.sr-iov` and `veth` (`ifaces/ethernet.rs`,
/// `ifaces/sriov.rs`). `ethernet` and `veth` interfaces share one struct,
/// so both accept both sections.
extension NMStateSchema {
    static let ethernet = SchemaNode.object("EthernetConfig", doc: "Ethernet link settings.", [
        Field("sr-iov", sriov),
        Field("auto-negotiation", .boolLenient, doc: "Negotiate speed and duplex; `speed`/`duplex` are ignored when true."),
        Field("speed", .u32, doc: "Speed in Mbps."),
        Field("duplex", .enumeration(["full", "half"])),
    ])

    /// `veth` is lenient: serde has no `deny_unknown_fields` on it.
    static let veth = SchemaNode.object("VethConfig", .lenient, doc: "Virtual ethernet pair.", [
        Field("peer", .string, required: true, doc: "Name of the peer interface."),
    ])

    static let vlanProtocol = SchemaNode.enumeration(["802.1q", "802.1ad"])

    static let sriov = SchemaNode.object("SrIovConfig", doc: "SR-IOV settings of a physical function.", [
        Field("total-vfs", .u32, doc: "Number of VFs to create."),
        Field("max-vfs", .u32, since: .v2_2_59, queryOnly: true, doc: "Most VFs the card supports; query only."),
        Field("drivers-autoprobe", .boolLenient),
        Field("vfs", .array(sriovVF), doc: "Per-VF settings; when given, every VF must be listed."),
    ])

    static let sriovVF = SchemaNode.object("SrIovVfConfig", doc: "Settings of one VF.", [
        Field("id", .u32, required: true),
        Field("iface-name", .string, doc: "Kernel name of the VF; query only in practice."),
        Field("mac-address", .string),
        Field("spoof-check", .boolLenient),
        Field("trust", .boolLenient),
        Field("min-tx-rate", .u32),
        Field("max-tx-rate", .u32),
        Field("vlan-id", .u32),
        Field("qos", .u32),
        Field("vlan-proto", vlanProtocol),
    ])

    /// Sections of `ethernet` and `veth` interfaces.
    static let ethernetSections: [Field] = [
        Field("ethernet", ethernet),
        Field("veth", veth),
    ]
}
