import SourceModel

/// Interface entries as JSON Schema: `name`/`state` always, then dispatch
/// on `type` with `if`/`then`, mirroring how nmstate reads an entry
/// (reference 3.4): an absent interface keeps only name, type and state; a
/// known type gets its own closed object; an unknown type is left open under
/// `latest` (it must exist on the node) and read as ethernet under 2.2.38,
/// as generate-configuration mode does.
extension JSONSchemaRenderer {
    mutating func interfaceDef() -> Value {
        sharedDef("Interface") { r in r.interfaceEntry() }
    }

    var knownTypes: [InterfaceTypeSpec] {
        schema.interfaceTypes.filter { profile.accepts(since: $0.since) }
    }

    mutating func interfaceEntry() -> Value {
        var dispatch: [Value] = []
        for spec in knownTypes {
            dispatch.append(JS.object([
                ("if", Self.typeIs(JS.object([("const", .string(spec.type))]))),
                ("then", interfaceType(spec)),
            ]))
        }
        let known = JS.object([("enum", JS.strings(knownTypes.map(\.type)))])
        switch profile {
        case .v2_2_38:
            if let ethernet = schema.interfaceType("ethernet") {
                dispatch.append(JS.object([
                    ("if", JS.object([("not", Self.typeIs(known))])),
                    ("then", interfaceType(ethernet)),
                ]))
            }
        case .latest:
            break
        }
        let stateValues = JS.object([("enum", JS.strings(schema.interfaceStates))])
        let typeDoc = "Interface type. Known types: \(knownTypes.map(\.type).joined(separator: ", ")). "
            + (profile == .latest
               ? "Other types are accepted only for interfaces that already exist on the node."
               : "Other types are read as ethernet, as nmstate 2.2.38 does when generating configuration.")
        return JS.object([
            ("description", .string("One interface. `state: absent` ignores every key but name, type and state.")),
            ("type", .string("object")),
            ("properties", JS.object([
                ("name", JS.object([("type", .string("string")), ("description", .string("Interface name."))])),
                ("type", JS.object([("type", .string("string")), ("description", .string(typeDoc)), ("examples", JS.strings(knownTypes.map(\.type)))])),
                ("state", stateValues),
            ])),
            ("required", JS.strings(["name"])),
            ("if", JS.object([
                ("properties", JS.object([("state", JS.object([("const", .string("absent"))]))])),
                ("required", JS.strings(["state"])),
            ])),
            ("else", JS.object([("allOf", .sequence(dispatch))])),
        ])
    }

    /// `{"properties": {"type": <test>}, "required": ["type"]}`.
    static func typeIs(_ test: Value) -> Value {
        JS.object([("properties", JS.object([("type", test)])), ("required", JS.strings(["type"]))])
    }

    /// The closed object of one type: base fields plus its sections.
    mutating func interfaceType(_ spec: InterfaceTypeSpec) -> Value {
        sharedDef("interface-" + spec.type) { r in
            let doc = [spec.doc, spec.since.map(Self.releaseNote)].compactMap { $0 }.joined(separator: " ")
            return r.members(r.schema.baseInterfaceFields + spec.sections, unknownKeys: .denyWithoutList, doc: doc.isEmpty ? nil : doc)
        }
    }
}
