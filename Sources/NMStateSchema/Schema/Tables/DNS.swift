/// `dns-resolver` and `hostname` (`dns.rs`, `hostname.rs`), all deny.
/// Server literals and option names are semantic rules.
extension NMStateSchema {
    static let dnsResolver = SchemaNode.object("DnsState", doc: "DNS resolver settings.", [
        Field("running", dnsConfig, doc: "Resolver in effect; ignored when applying."),
        Field("config", dnsConfig, doc: "Static resolver; `{}` removes it."),
    ])

    static let dnsConfig = SchemaNode.object("DnsClientState", doc: "Name servers, search domains and resolver options.", [
        Field("server", .stringList, doc: "IPv4/IPv6 addresses, or `fe80::x%iface`."),
        Field("search", .stringList),
        Field("options", .stringList, doc: "resolv.conf options, e.g. `rotate` or `ndots:2`."),
    ])

    static let hostname = SchemaNode.object("HostNameState", doc: "Host name.", [
        Field("running", .string, doc: "Runtime host name."),
        Field("config", .string, doc: "Static host name; an empty string removes it."),
    ])
}
