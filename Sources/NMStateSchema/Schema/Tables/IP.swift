/// `ipv4` / `ipv6` (`ip.rs`). Both families parse through one private
/// struct (deny), so they accept the same keys and serde lists the same
/// "expected one of" names; the family guards run before it.
extension NMStateSchema {
    static let ipv4 = SchemaNode.object(ObjectSchema("InterfaceIpv4", .deny, doc: "IPv4 configuration.", ipFields(ipv4: true)))
    static let ipv6 = SchemaNode.object(ObjectSchema("InterfaceIpv6", .deny, doc: "IPv6 configuration.", ipFields(ipv4: false)))

    /// The shared field list, in serde's order. The order matters: 2.2.38's
    /// message for an unknown key lists these names in this order.
    static func ipFields(ipv4: Bool) -> [Field] {
        [
            Field("enabled", .boolLenient, doc: "Whether the IP stack is enabled."),
            Field("dhcp", .boolLenient, doc: "DHCP (DHCPv6 for ipv6)."),
            // The ipv4 guard looks for the key before the struct is parsed.
            Field("autoconf", .boolLenient, rejection: ipv4 ? "autoconf is not allowed for IPv4" : nil,
                  doc: ipv4 ? "Not allowed for IPv4." : "IPv6 router-advertisement autoconfiguration."),
            // Each guard tests the underscore spelling, so the hyphenated key
            // in the wrong family is accepted and dropped (reference 8).
            Field("dhcp-client-id", .openEnumeration(["ll", "iaid+duid"], aliases: ["LL": "ll", "IAID+DUID": "iaid+duid"]),
                  doc: "DHCPv4 client id: `ll`, `iaid+duid` (either case) or any other string."),
            Field("dhcp-duid", .openEnumeration(["llt", "en", "ll", "uuid"], aliases: ["LLT": "llt", "EN": "en", "LL": "ll", "UUID": "uuid"]),
                  doc: "DHCPv6 DUID: `llt`, `en`, `ll`, `uuid` (either case) or any other string."),
            Field("address", .array(ipAddress), doc: "Static addresses, applied in order."),
            Field("auto-dns", .boolLenient, doc: "Use DNS servers learned dynamically."),
            Field("auto-gateway", .boolLenient, doc: "Use the default gateway learned dynamically."),
            Field("auto-routes", .boolLenient, doc: "Use routes learned dynamically."),
            Field("auto-route-table-id", .u32, doc: "Route table for dynamic routes; 0 or unset is the main table 254."),
            Field("auto-route-metric", .u32, doc: "Metric of dynamic routes."),
            Field("addr-gen-mode", .openEnumeration(["eui64", "stable-privacy"], aliases: ["EUI64": "eui64", "STABLE-PRIVACY": "stable-privacy"]),
                  doc: "IPv6 address generation mode; dropped for IPv4."),
            Field("allow-extra-address", .boolStrict, doc: "Let verification accept addresses beyond the desired ones."),
            Field("token", .string, doc: "IPv6 interface identifier token; dropped for IPv4."),
            Field("dhcp-send-hostname", .boolStrict, doc: "Send the hostname in DHCP requests."),
            Field("dhcp-custom-hostname", .string, doc: "Hostname to send instead of the system one."),
            // Per-device sysctl forwarding; the release notes name IPv4,
            // and the shared struct accepts the key in both families.
            Field("forwarding", .boolLenient, since: .v2_2_47, doc: "Per-interface IP forwarding."),
        ]
    }

    /// One `address` entry (deny).
    static let ipAddress = SchemaNode.object("InterfaceIpAddr", doc: "A static IP address.", [
        Field("ip", .string, required: true, doc: "Address literal of the section's family."),
        Field("prefix-length", .u8, required: true),
        Field("mptcp-flags", .array(mptcpFlag), queryOnly: true, doc: "MPTCP flags of this address; query only."),
        Field("valid-life-time", .string, aliases: ["valid-left", "valid-lft"], doc: "`forever`, or a lifetime that marks the address dynamic (ignored)."),
        Field("preferred-life-time", .string, aliases: ["preferred-left", "preferred-lft"]),
    ])
}
