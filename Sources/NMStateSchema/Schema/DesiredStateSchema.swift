import SourceModel

/// One interface `type` and the sections it accepts besides the base fields.
public struct InterfaceTypeSpec: Sendable {
    public var type: String
    /// Type-specific keys at interface level (`link-aggregation`, `vlan`, …).
    public var sections: [Field]
    /// User-space interfaces (`ovs-bridge`, `ipsec`) are keyed by name and
    /// type, so they may share a name with a kernel interface.
    public var userSpace: Bool
    /// First nmstate release that parses this type (nil: 2.2.38 or older).
    public var since: NMStateVersion?
    public var doc: String?
    /// The table file that declares the type.
    public var source: String

    public init(_ type: String, userSpace: Bool = false, since: NMStateVersion? = nil, doc: String? = nil, _ sections: [Field] = [], source: String = #filePath) {
        self.type = type
        self.sections = sections
        self.userSpace = userSpace
        self.since = since
        self.doc = doc
        self.source = source
    }
}

/// The whole desired-state schema: top level, base interface fields, and
/// the interface types. ``NMStateSchema/desiredState`` is the one instance.
public struct DesiredStateSchema: Sendable {
    public var topLevel: ObjectSchema
    public var baseInterfaceFields: [Field] { didSet { rebuildInterfaceTables() } }
    public var interfaceTypes: [InterfaceTypeSpec] { didSet { rebuildInterfaceTables() } }
    /// Interface states (`state:`).
    public var interfaceStates: [String]
    /// Per interface type (its first spec): when it was added, and its
    /// table of base fields plus the type's sections, with the dispatch keys
    /// (`name`, `state`, `type`) neutralised because they are checked before
    /// dispatch. Built once, so the schema walk dispatches an interface with
    /// one lookup.
    var interfaceTables: [String: (since: NMStateVersion?, table: ObjectSchema)] = [:]
    /// An interface without `type`: the base fields plus every section any
    /// type accepts (contents unchecked, as the type is the node's). nmstate
    /// re-reads such an entry as the type the node reports, so a key that
    /// no type knows (`tyep`) fails on every node.
    var typelessTable = ObjectSchema("interface", .denyWithoutList, [])
    /// An interface whose `type` the same state defines in
    /// `user-defined.interface-types`: the base fields plus the
    /// `user-defined` variables (`UserDefinedInterface`).
    var userDefinedTable = ObjectSchema("interface", .denyWithoutList, [])

    public init(topLevel: ObjectSchema, baseInterfaceFields: [Field], interfaceTypes: [InterfaceTypeSpec], interfaceStates: [String]) {
        self.topLevel = topLevel
        self.baseInterfaceFields = baseInterfaceFields
        self.interfaceTypes = interfaceTypes
        self.interfaceStates = interfaceStates
        rebuildInterfaceTables()
    }

    mutating func rebuildInterfaceTables() {
        let base = SchemaValidator.dispatchKeysChecked(baseInterfaceFields)
        var tables: [String: (since: NMStateVersion?, table: ObjectSchema)] = [:]
        for spec in interfaceTypes where tables[spec.type] == nil {
            tables[spec.type] = (spec.since, ObjectSchema("interface", .denyWithoutList, base + spec.sections))
        }
        interfaceTables = tables
        var sections: [Field] = []
        for spec in interfaceTypes {
            for section in spec.sections where !sections.contains(where: { $0.name == section.name }) {
                var any = section
                any.schema = .any
                any.required = false
                any.since = section.since ?? spec.since
                sections.append(any)
            }
        }
        // The section of user-defined interface types, whose type names are
        // the user's: a node may report such an interface, and a typeless
        // entry for it may carry the section.
        var userDefined = NMStateSchema.userDefinedSection
        if !sections.contains(where: { $0.name == userDefined.name }) {
            userDefined.schema = .any
            sections.append(userDefined)
        }
        typelessTable = ObjectSchema("interface", .denyWithoutList, base + sections)
        userDefinedTable = ObjectSchema("interface", .denyWithoutList, base + [NMStateSchema.userDefinedSection])
    }

    public func interfaceType(_ name: String) -> InterfaceTypeSpec? {
        interfaceTypes.first { $0.type == name }
    }

    public func baseField(_ key: String) -> Field? {
        baseInterfaceFields.first { $0.name == key || $0.aliases.contains(key) }
    }
}

/// Namespace for the embedded schema tables (see the `Schema/Tables` files).
public enum NMStateSchema {}
