extension NMStateSchema {
    /// The embedded desired-state schema.
    public static let desiredState = DesiredStateSchema(
        topLevel: topLevel,
        baseInterfaceFields: baseInterfaceFields,
        interfaceTypes: interfaceTypes,
        interfaceStates: ["up", "down", "absent", "ignore", "unknown"]
    )

    static let topLevel = ObjectSchema("NetworkState", .deny, [
        Field("description", .string),
        Field("hostname", .object("hostname", [Field("running", .string), Field("config", .string)])),
        Field("dns-resolver", dnsResolver),
        Field("route-rules", .object("route-rules", [Field("config", .array(routeRule))])),
        Field("routes", .object("routes", [Field("running", .array(route)), Field("config", .array(route))])),
        Field("interfaces", .interfaces),
        Field("ovs-db", globalOvsDb),
        Field("ovn", ovn),
    ])

    // Placeholders until the tables are written (see the Tables folder).
    static let baseInterfaceFields: [Field] = []
    static let interfaceTypes: [InterfaceTypeSpec] = []
    static let dnsResolver = SchemaNode.any
    static let routeRule = SchemaNode.any
    static let route = SchemaNode.any
    static let globalOvsDb = SchemaNode.any
    static let ovn = SchemaNode.any
}
