extension NMStateSchema {
    /// The embedded desired-state schema.
    public static let desiredState = DesiredStateSchema(
        topLevel: topLevel,
        baseInterfaceFields: baseInterfaceFields,
        interfaceTypes: interfaceTypes,
        interfaceStates: ["up", "down", "absent", "ignore", "unknown"]
    )

    /// `NetworkState` (deny). The field order is serde's, which is the order
    /// of its "expected one of" list.
    static let topLevel = ObjectSchema("NetworkState", .deny, doc: "An nmstate network state: the desired state to apply, or a state reported by a host.", [
        Field("description", .string, doc: "Free text describing the state; ignored when applying."),
        Field("hostname", hostname),
        Field("dns-resolver", dnsResolver),
        Field("route-rules", routeRules),
        Field("routes", routes),
        Field("interfaces", .interfaces, doc: "Interfaces to configure; interfaces not listed keep their configuration."),
        Field("ovs-db", globalOvsDb),
        Field("ovn", ovn),
        Field("dispatch", dispatchGlobal, since: .afterV2_2_59),
        Field("user-defined", userDefinedGlobal, since: .afterV2_2_59),
    ])
}
