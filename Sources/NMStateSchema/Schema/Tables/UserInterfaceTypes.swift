/// Interface types defined by the user rather than by nmstate: the
/// top-level `dispatch` section with `type: dispatch` interfaces, and the
/// top-level `user-defined` section with interfaces of the types it names.
///
/// Both designs come from the nmstate change that lets NetworkManager create
/// an interface through a handler script (`dispatch.rs`,
/// `ifaces/dispatch.rs`, `user_defined.rs`, `ifaces/user_defined.rs` and
/// the `dispatch_iface*.yml` / `user_defined_iface.yml` examples). No
/// release notes name a release carrying either, so both are marked as
/// merged after 2.2.59: `latest` accepts them (a valid configuration must
/// never be refused), the 2.2.38 profile refuses them.
extension NMStateSchema {
    /// `dispatch` at top level (`DispatchGlobalConfig`, deny).
    static let dispatchGlobal = SchemaNode.object("DispatchGlobalConfig", doc: "Interface types created by dispatch scripts, for `type: dispatch` interfaces.", [
        Field("interfaces", .array(dispatchInterfaceType), doc: "Dispatch interface types; an empty list removes every type the node has."),
    ])

    /// One entry of `dispatch.interfaces` (`DispatchInterfaceType`, deny).
    static let dispatchInterfaceType = SchemaNode.object("DispatchInterfaceType", doc: "One interface type created by dispatch scripts.", [
        Field("type", .string, required: true, doc: "Name of the dispatch interface type, referred to by an interface's `dispatch.type`; unique within the list."),
        Field("activation", .string, doc: "Script that creates the interface; `$name` is the interface name, the interface's `dispatch.variables` are `$<variable>`."),
        Field("deactivation", .string, doc: "Script that removes the interface."),
        Field("kernel-index-getter", .string, doc: "Script printing the kernel interface index; leave out for a user-space interface."),
        Field("allowed-variable-names", .stringList, doc: "Variable names an interface of this type may set in `dispatch.variables`."),
        Field("state", .enumeration(["absent"]), doc: "`absent` removes the type."),
    ])

    /// `user-defined` at top level (`UserDefinedData`, unknown keys ignored).
    static let userDefinedGlobal = SchemaNode.object("UserDefinedData", .lenient, doc: "Interface types defined by handler scripts; an interface uses one by naming it in `type`.", [
        Field("interface-types", .array(userDefinedInterfaceType), doc: "User-defined interface types; an empty list removes every type the node has."),
    ])

    /// One entry of `user-defined.interface-types` (`UserDefinedInterfaceType`, deny).
    static let userDefinedInterfaceType = SchemaNode.object("UserDefinedInterfaceType", doc: "One user-defined interface type.", [
        Field("name", .string, required: true, doc: "Type name an interface gives in `type`; must not be a type nmstate knows."),
        Field("handler-script", .string, doc: "NetworkManager device handler script (called with `device-add` and `device-delete`); an empty string removes the type."),
        Field("state", .enumeration(["absent"]), doc: "`absent` removes the type."),
    ])

    /// The interface-level section of a user-defined type: variables handed
    /// to its handler script.
    static let userDefinedSection = Field("user-defined", .map(.string), since: .afterV2_2_59, doc: "Variables for the handler script of a user-defined interface type.")

    /// The interface table of a user-defined type: the base fields plus
    /// the `user-defined` section (`UserDefinedInterface`).
    static let userDefinedInterfaceSpec = InterfaceTypeSpec("user-defined type", since: .afterV2_2_59, doc: "Interface of a type named in `user-defined.interface-types`.", [userDefinedSection])
}
