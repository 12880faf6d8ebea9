/// Global `ovs-db` and `ovn` (`ovs.rs` `OvsDbGlobalConfig`, `ovn.rs`).
extension NMStateSchema {
    /// Values are `String` or null; an integer is rejected when the state
    /// arrives as JSON (an NNCP), which is the path this tool guards.
    static let globalOvsDb = SchemaNode.object("OvsDbGlobalConfig", doc: "Open vSwitch database settings; a null value removes a key, `{}` purges.", [
        Field("external_ids", .map(.optionalString)),
        Field("other_config", .map(.optionalString)),
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
