/// Bond `link-aggregation` (`ifaces/bond.rs`). The mode and the option
/// enums parse through `NumberAsString`: an integer (or digit string)
/// stands for the value at that index, names are case-sensitive.
extension NMStateSchema {
    static let bondModes = ["balance-rr", "active-backup", "balance-xor", "broadcast", "802.3ad", "balance-tlb", "balance-alb"]

    static let bond = SchemaNode.object("BondConfig", doc: "Bond settings.", [
        Field("mode", .enumeration(bondModes + ["unknown"], numeric: bondModes, aliases: ["lacp": "802.3ad"], aliasesSince: ["lacp": .v2_2_47]),
              doc: "Bond mode, by name or number 0-6; required for a new bond."),
        Field("options", bondOptions),
        Field("port", .stringList, aliases: ["ports"], doc: "Names of all bond ports."),
        Field("ports-config", .array(bondPortConfig), doc: "Per-port settings."),
    ])

    /// `ports-config` entries are lenient.
    static let bondPortConfig = SchemaNode.object("BondPortConfig", .lenient, doc: "Settings of one bond port.", [
        Field("name", .string, required: true),
        Field("priority", .i32),
        Field("queue-id", .u16),
    ])

    /// A bond option enum: names, with index `i` also written as `i`.
    static func bondEnum(_ values: [String]) -> SchemaNode {
        .enumeration(values, numeric: values)
    }

    /// Bond `options` (deny). Keys are the kernel's snake_case names.
    static let bondOptions = SchemaNode.object("BondOptions", doc: "Kernel bond options (snake_case names, as sysfs spells them).", [
        Field("ad_actor_sys_prio", .u16),
        Field("ad_actor_system", .string, doc: "MAC address; must not be a multicast address."),
        Field("ad_select", bondEnum(["stable", "bandwidth", "count"])),
        Field("ad_user_port_key", .u16),
        Field("all_slaves_active", bondEnum(["dropped", "delivered"])),
        Field("arp_all_targets", bondEnum(["any", "all"])),
        Field("arp_interval", .u32),
        Field("arp_ip_target", .string, doc: "Comma-separated IPv4 targets."),
        Field("arp_validate", bondEnum(["none", "active", "backup", "all", "filter", "filter_active", "filter_backup"])),
        Field("arp_missed_max", .u8),
        Field("balance_slb", .boolLenient, aliases: ["balance-slb"], doc: "OVS-style source load balancing (needs balance-xor and vlan+srcmac)."),
        Field("downdelay", .u32),
        Field("fail_over_mac", bondEnum(["none", "active", "follow"])),
        Field("lacp_rate", bondEnum(["slow", "fast"])),
        Field("lp_interval", .u32),
        Field("miimon", .u32),
        Field("min_links", .u32),
        Field("num_grat_arp", .u8),
        Field("num_unsol_na", .u8),
        Field("packets_per_slave", .u32),
        Field("primary", .string),
        Field("primary_reselect", bondEnum(["always", "better", "failure"])),
        Field("resend_igmp", .u32),
        Field("tlb_dynamic_lb", .boolLenient),
        Field("updelay", .u32),
        Field("use_carrier", .boolLenient),
        Field("xmit_hash_policy", bondEnum(["layer2", "layer3+4", "layer2+3", "encap2+3", "encap3+4", "vlan+srcmac"])),
        Field("lacp_active", .boolLenient, since: .v2_2_47),
        Field("ns_ip6_target", .stringList, since: .v2_2_47, doc: "IPv6 NS monitoring targets."),
    ])
}
