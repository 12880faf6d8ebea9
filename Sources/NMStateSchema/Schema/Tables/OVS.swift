/// OVS bridge, OVS interface and interface-level `ovs-db` (`ifaces/ovs.rs`,
/// `ovs.rs`).
extension NMStateSchema {
    static let ovsBridge = SchemaNode.object("OvsBridgeConfig", doc: "OVS bridge settings.", [
        Field("allow-extra-patch-ports", .boolStrict, doc: "Let verification ignore patch ports attached by other tools."),
        Field("options", ovsBridgeOptions),
        Field("port", .array(ovsBridgePort), aliases: ["ports"], doc: "All bridge ports, including the bridge's own ovs-interface."),
    ])

    static let ovsBridgeOptions = SchemaNode.object("OvsBridgeOptions", doc: "OVS bridge options.", [
        Field("stp", .oneOf([.boolLenient, bridgeStp], message: "OVS bridge `stp` should be a boolean or STP options"),
              doc: "STP on/off, or STP options."),
        Field("rstp", .boolLenient),
        Field("mcast-snooping-enable", .boolLenient),
        Field("fail-mode", .string),
        Field("datapath", .string, doc: "`netdev` for DPDK."),
        Field("allow-extra-ports", .boolLenient, since: .afterV2_2_59,
              doc: "Let verification ignore ports attached by other tools; not persisted."),
        // The website shows `allow-extra-patch-ports` here; 2.2.38 only takes
        // it directly under `bridge`. The latest profile follows the docs.
        Field("allow-extra-patch-ports", .boolStrict, since: .unstated,
              doc: "Documented placement of `bridge.allow-extra-patch-ports`."),
    ])

    static let ovsBridgePort = SchemaNode.object("OvsBridgePortConfig", doc: "One OVS bridge port (system, internal or bond).", [
        Field("name", .string, required: true),
        Field("link-aggregation", ovsBond, aliasesSince: ["bond": .v2_2_47]),
        Field("vlan", bridgePortVlan),
        Field("ovs-db", interfaceOvsDb, since: .afterV2_2_59, doc: "OVS Port table columns of this port (a Linux bond attached as a system port, for example)."),
    ])

    static let ovsBond = SchemaNode.object("OvsBridgeBondConfig", doc: "An OVS bond port.", [
        Field("mode", .custom(.ovsBondMode), doc: "`active-backup`, `balance-slb`, `balance-tcp` or `lacp`."),
        Field("port", .array(ovsBondPort), aliases: ["ports"]),
        Field("bond-downdelay", .u32),
        Field("bond-updelay", .u32),
        Field("ovs-db", interfaceOvsDb),
    ])

    /// OVS bond members are lenient.
    static let ovsBondPort = SchemaNode.object("OvsBridgeBondPortConfig", .lenient, doc: "One OVS bond member.", [
        Field("name", .string, required: true),
    ])

    static let ovsPatch = SchemaNode.object("OvsPatchConfig", doc: "OVS patch port.", [
        Field("peer", .string, required: true),
    ])

    /// DPDK numbers are strict serde `u32`.
    static let ovsDpdk = SchemaNode.object("OvsDpdkConfig", doc: "OVS DPDK port.", [
        Field("devargs", .string, required: true, doc: "DPDK device, e.g. a PCI address."),
        Field("rx-queue", .u32Strict, aliases: ["n_rxq"]),
        Field("n_rxq_desc", .u32Strict, doc: "0, or a power of 2 up to 4096."),
        Field("n_txq_desc", .u32Strict, doc: "0, or a power of 2 up to 4096."),
        Field("lsc-interrupt", .boolStrict, since: .v2_2_55, doc: "Link state change detection: interrupt (true) or polling (false)."),
    ])

    static let ovsInterfaceSections: [Field] = [
        Field("patch", ovsPatch),
        Field("dpdk", ovsDpdk),
    ]

    /// Interface-level `ovs-db`: a hand-written parser that takes only the
    /// two maps, converts numbers and bools to strings, and null removes.
    static let interfaceOvsDb = SchemaNode.object(
        "OvsDbIfaceConfig",
        unknownKeyMessage: "Unsupported section names '{key}', only supports `external_ids` and `other_config`",
        doc: "OVS database columns of this interface.",
        [
            Field("external_ids", .map(.custom(.ovsDbValue))),
            Field("other_config", .map(.custom(.ovsDbValue))),
        ])
}
