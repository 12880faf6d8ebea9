/// `routes` and `route-rules` (`route.rs`, `route_rule.rs`), all deny.
extension NMStateSchema {
    static let routes = SchemaNode.object("Routes", doc: "Static routes.", [
        Field("running", .array(route), doc: "Routes in effect; ignored when applying."),
        Field("config", .array(route), doc: "Routes to add, or to remove with `state: absent`."),
    ])

    static let routeTypes = SchemaNode.enumeration(["blackhole", "unreachable", "prohibit"])

    static let route = SchemaNode.object("RouteEntry", doc: "One route.", [
        // `ignore` is what a query reports for routes of ignored interfaces;
        // the website documents it, 2.2.38 only takes `absent`.
        Field("state", .enumeration(["absent", "ignore"], valuesSince: ["ignore": .unstated]),
              doc: "`absent` removes every matching route."),
        Field("destination", .string, doc: "Destination network; a bare address means /32 or /128."),
        Field("next-hop-interface", .string, doc: "Required for non-absent unicast routes."),
        Field("next-hop-address", .string),
        Field("metric", .i64, doc: "-1 lets the backend choose."),
        Field("table-id", .u32, doc: "0 means the main table 254."),
        Field("weight", .u16, doc: "ECMP weight, 1-256, IPv4 only."),
        Field("route-type", routeTypes),
        Field("cwnd", .u32Strict, doc: "Locked TCP congestion window; not 0."),
        Field("source", .string, doc: "Preferred source address."),
        Field("mtu", .u32, since: .v2_2_42, doc: "Route MTU."),
        Field("lock-mtu", .boolLenient, since: .v2_2_59, doc: "Keep path MTU discovery from changing `mtu`."),
        Field("vrf-name", .string, since: .v2_2_55, doc: "Put the route in the table of this VRF."),
        Field("advmss", .u32, since: .v2_2_47, doc: "Advertised TCP maximum segment size for this route."),
    ])

    static let routeRules = SchemaNode.object("RouteRules", doc: "Routing policy rules (no `running` section).", [
        Field("config", .array(routeRule)),
    ])

    static let routeRule = SchemaNode.object("RouteRuleEntry", doc: "One routing policy rule.", [
        Field("family", .enumeration(["ipv4", "ipv6"]), doc: "Only needed for from-any-to-any rules."),
        Field("state", .enumeration(["absent"])),
        Field("ip-from", .string),
        Field("ip-to", .string),
        Field("priority", .i64, doc: "Unset or -1: numbered automatically from 30000."),
        Field("route-table", .u32, doc: "Unset with no action, or 0: the main table 254."),
        Field("fwmark", .u32),
        Field("fwmask", .u32),
        Field("action", routeTypes),
        Field("iif", .string, doc: "Incoming interface."),
        Field("suppress-prefix-length", .u32Strict, aliases: ["suppress_prefixlength"]),
    ])
}
