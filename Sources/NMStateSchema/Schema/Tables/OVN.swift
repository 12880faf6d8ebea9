/// Global `ovs-db` and `ovn` (`ovs.rs` `OvsDbGlobalConfig`, `ovn.rs`).
extension NMStateSchema {
    /// kubernetes-nmstate hands the desired state to nmstate as YAML, where
    /// a plain `1000` or `true` reads as the string the map holds, so
    /// `latest` takes numbers and booleans as the interface-level parser
    /// does; see ``CustomScalar/ovsDbGlobalValue`` for the 2.2.38 profile.
    static let globalOvsDb = SchemaNode.object("OvsDbGlobalConfig", doc: "Open vSwitch database settings; a null value removes a key, `{}` purges.", [
        Field("external_ids", .map(.custom(.ovsDbGlobalValue))),
        Field("other_config", .map(.custom(.ovsDbGlobalValue))),
    ])

    static let ovn = SchemaNode.object("OvnConfiguration", doc: "OVN settings.", [
        Field("bridge-mappings", .array(ovnBridgeMapping)),
    ])

    /// Mapping entries are lenient; `bridge` is required unless absent (a
    /// semantic rule).
    static let ovnBridgeMapping = SchemaNode.object("OvnBridgeMapping", .lenient, doc: "Maps an OVN localnet to an OVS bridge.", [
        Field("localnet", .string, required: true),
        Field("state", .enumeration(["present", "absent"]), doc: "`present` is deprecated since 2.2.17."),
        Field("bridge", .string),
    ])
}
