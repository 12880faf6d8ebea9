/// Sections of the smaller interface types (`ifaces/*.rs`, reference 9.8).
extension NMStateSchema {
    static let vlan = SchemaNode.object("VlanConfig", doc: "VLAN settings.", [
        Field("base-iface", .string, doc: "Parent interface; required for a new VLAN."),
        Field("id", .u16, required: true, doc: "VLAN id (only the u16 range is checked)."),
        Field("protocol", vlanProtocol),
        Field("registration-protocol", .enumeration(["gvrp", "mvrp", "none"])),
        Field("reorder-headers", .boolStrict),
        Field("loose-binding", .boolStrict),
    ])

    static let vxlan = SchemaNode.object("VxlanConfig", doc: "VXLAN settings.", [
        Field("base-iface", .string),
        Field("id", .u32, required: true, doc: "VNI (only the u32 range is checked)."),
        Field("learning", .boolStrict),
        Field("local", .string, doc: "Source IP address."),
        Field("remote", .string, doc: "Unicast or multicast destination IP address."),
        Field("destination-port", .u16),
    ])

    static let macVlanModes = ["vepa", "bridge", "private", "passthru", "source", "unknown"]

    static func macVlanSection(_ name: String, doc: String) -> SchemaNode {
        .object(name, doc: doc, [
            Field("base-iface", .string, required: true),
            Field("mode", .enumeration(macVlanModes), required: true),
            Field("promiscuous", .boolLenient, aliases: ["accept-all-mac"]),
        ])
    }

    static let macVlan = macVlanSection("MacVlanConfig", doc: "MAC VLAN settings.")
    static let macVtap = macVlanSection("MacVtapConfig", doc: "MAC VTAP settings.")

    static let ipVlan = SchemaNode.object("IpVlanConfig", doc: "IPVLAN settings.", [
        Field("base-iface", .string),
        Field("mode", .enumeration(["l2", "l3", "l3s"])),
        Field("private", .boolLenient),
        Field("vepa", .boolLenient),
    ])

    static let vrf = SchemaNode.object("VrfConfig", doc: "VRF settings.", [
        Field("port", .stringList, aliases: ["ports"]),
        Field("route-table-id", .u32, doc: "Route table of the VRF; required (non-zero) for a new VRF."),
    ])

    /// `pkey` must be present (null or `0xffff` mean the base interface).
    static let infiniband = SchemaNode.object("InfiniBandConfig", doc: "IP over InfiniBand settings.", [
        Field("base-iface", .string),
        Field("mode", .enumeration(["datagram", "connected"]), required: true),
        Field("pkey", .custom(.infinibandPkey), required: true, doc: "P-key as integer, decimal or `0x` hex string; null or `0xffff` for the base interface."),
    ])

    /// `hsr` is lenient; its numbers are strict.
    static let hsr = SchemaNode.object("HsrConfig", .lenient, doc: "HSR/PRP settings.", [
        Field("port1", .string, required: true),
        Field("port2", .string, required: true),
        Field("supervision-address", .string, queryOnly: true),
        Field("multicast-spec", .u8Strict, required: true),
        Field("protocol", .enumeration(["hsr", "prp"]), required: true),
    ])

    /// `macsec` is lenient; its numbers and booleans are strict.
    static let macsec = SchemaNode.object("MacSecConfig", .lenient, doc: "MACsec settings.", [
        Field("encrypt", .boolStrict, required: true),
        Field("base-iface", .string, required: true),
        Field("mka-cak", .string, doc: "32 characters; together with `mka-ckn`."),
        Field("mka-ckn", .string, doc: "Even length, 2 to 64 characters."),
        Field("port", .u32Strict, required: true),
        Field("validation", .enumeration(["disabled", "check", "strict"]), required: true),
        Field("send-sci", .boolStrict, required: true),
        Field("offload", .enumeration(["off", "phy", "mac"])),
    ])

    /// `libreswan` (deny). Keys keep libreswan's spelling, not kebab-case.
    static let libreswan = SchemaNode.object("LibreswanConfig", doc: "Libreswan IPsec connection (see ipsec.conf).", [
        Field("right", .string, required: true),
        Field("rightid", .string),
        Field("rightrsasigkey", .string),
        Field("rightcert", .string),
        Field("left", .string),
        Field("leftid", .string),
        Field("leftrsasigkey", .string),
        Field("leftcert", .string),
        Field("ikev2", .string),
        Field("psk", .string),
        Field("ikelifetime", .string),
        Field("salifetime", .string),
        Field("ike", .string),
        Field("esp", .string),
        Field("dpddelay", .u64),
        Field("dpdtimeout", .u64),
        Field("dpdaction", .string),
        Field("ipsec-interface", .custom(.ipsecInterface), doc: "`yes`, `no` or an unsigned number."),
        Field("authby", .string),
        Field("rightsubnet", .string),
        Field("leftmodecfgclient", .boolStrict),
        Field("type", .enumeration(["tunnel", "transport"])),
        Field("hostaddrfamily", .enumeration(["ipv4", "ipv6"])),
        Field("clientaddrfamily", .enumeration(["ipv4", "ipv6"])),
        Field("require-id-on-certificate", .boolStrict),
        Field("leftsubnet", .string),
        Field("nm-auto-defaults", .boolLenient, since: .v2_2_56, doc: "Use NetworkManager defaults for unset values (default true)."),
        Field("rightca", .string, since: .v2_2_56, doc: "CA of the remote peer."),
        Field("leftprotoport", .string, since: .v2_2_57),
        Field("rightprotoport", .string, since: .v2_2_57),
    ])

    /// `ip-tunnel` (2.2.59, deny). Its numbers are plain serde types.
    static let ipTunnel = SchemaNode.object("IpTunnelConfig", doc: "IP tunnel settings.", [
        Field("mode", .enumeration(["ipip", "sit", "ip6ip6", "ipip6", "unknown"])),
        Field("base-iface", .string),
        Field("local", .string),
        Field("remote", .string),
        Field("ttl", .u8Strict),
        Field("tos", .u8Strict),
        Field("flow-label", .u32Strict, doc: "At most 0xFFFFF."),
        // The website spells the last flag `cap-perpacket`; the serde name is
        // `cap-per-packet`. Both are accepted so neither spelling is refused.
        Field("ip6tun-flags", .array(.enumeration([
            "ign-encap-limit", "use-orig-tclass", "use-orig-flowlabel", "mip6-dev", "rcv-dscp-copy",
            "use-orig-fw-mark", "allow-local-remote", "cap-xmit", "cap-rcv", "cap-per-packet",
        ], aliases: ["cap-perpacket": "cap-per-packet"]))),
        Field("pmtu-disc", .boolStrict),
        Field("encap-limit", .u8Strict),
        Field("fwmark", .u32Strict),
    ])
}
