import SourceModel

/// Renders the embedded schema tables as JSON Schema (draft 2020-12), for
/// editors, CI linters and anything else that speaks JSON Schema.
///
/// The export is derived from the same tables the validator walks, so the
/// two cannot drift apart. It is as strict as JSON Schema allows and no
/// stricter: what it cannot express (string-encoded number ranges, capture
/// templates, semantic rules) is left to the embedded validator.
public enum JSONSchemaExporter {
    public static let draft = "https://json-schema.org/draft/2020-12/schema"

    /// The schema of an nmstate desired state (`NetworkState`) for `profile`.
    public static func desiredState(profile: Profile, schema: DesiredStateSchema = NMStateSchema.desiredState) -> Value {
        var renderer = JSONSchemaRenderer(schema: schema, profile: profile)
        let root = renderer.object(schema.topLevel)
        return JS.object([
            ("$schema", .string(draft)),
            ("$id", .string("https://nncp-guard.local/schemas/nmstate-desired-state-\(profile.rawValue).json")),
            ("title", .string("nmstate desired state (profile \(profile.rawValue))")),
            ("description", .string(profileDescription(profile))),
            ("$ref", root["$ref"] ?? .null),
            ("$defs", renderer.definitions),
        ])
    }

    /// The schema of a NodeNetworkConfigurationPolicy whose
    /// `spec.desiredState` follows ``desiredState(profile:schema:)``.
    public static func nncp(profile: Profile, schema: DesiredStateSchema = NMStateSchema.desiredState) -> Value {
        var renderer = JSONSchemaRenderer(schema: schema, profile: profile)
        let state = renderer.object(schema.topLevel)
        let policy = NNCPSchema.policy(desiredState: state)
        var pairs: [(String, Value)] = [
            ("$schema", .string(draft)),
            ("$id", .string("https://nncp-guard.local/schemas/nncp-\(profile.rawValue).json")),
            ("title", .string("NodeNetworkConfigurationPolicy (nmstate profile \(profile.rawValue))")),
        ]
        for m in policy.members ?? [] { pairs.append((m.key, m.value)) }
        pairs.append(("$defs", renderer.definitions))
        return JS.object(pairs)
    }

    static func profileDescription(_ profile: Profile) -> String {
        switch profile {
        case .latest: return "Accepts every field the nmstate documentation describes, including those added after 2.2.38."
        case .v2_2_38: return "Accepts exactly the fields nmstate 2.2.38 parses; newer fields are unknown."
        }
    }
}

/// Walks the schema tree once, collecting one `$defs` entry per object.
struct JSONSchemaRenderer {
    let schema: DesiredStateSchema
    let profile: Profile
    private var defs: [(String, Value)] = []
    private var defined: Set<String> = []

    init(schema: DesiredStateSchema, profile: Profile) {
        self.schema = schema
        self.profile = profile
    }

    var definitions: Value { JS.object(defs) }

    /// Registers `name` once; `build` runs only the first time, and the
    /// slot is reserved before it runs so recursive shapes terminate.
    mutating func sharedDef(_ name: String, _ build: @autoclosure () -> Value) -> Value {
        if !defined.contains(name) {
            defined.insert(name)
            defs.append((name, .null))
            let value = build()
            if let i = defs.firstIndex(where: { $0.0 == name }) { defs[i].1 = value }
        }
        return JS.ref(name)
    }

    mutating func sharedDef(_ name: String, building build: (inout JSONSchemaRenderer) -> Value) -> Value {
        if !defined.contains(name) {
            defined.insert(name)
            defs.append((name, .null))
            let value = build(&self)
            if let i = defs.firstIndex(where: { $0.0 == name }) { defs[i].1 = value }
        }
        return JS.ref(name)
    }

    mutating func node(_ node: SchemaNode) -> Value {
        switch node {
        case .any:
            return JS.object([])
        case .scalar(let kind):
            return scalar(kind)
        case .object(let object):
            return self.object(object)
        case .array(let item):
            return JS.object([("type", .string("array")), ("items", self.node(item))])
        case .map(let value):
            return JS.object([("type", .string("object")), ("additionalProperties", self.node(value))])
        case .interfaces:
            return JS.object([("type", .string("array")), ("items", interfaceDef())])
        case .oneOf(let alternatives, let message):
            return JS.object([("description", .string(message)), ("anyOf", .sequence(alternatives.map { self.node($0) }))])
        }
    }

    mutating func object(_ object: ObjectSchema) -> Value {
        sharedDef(object.name) { r in
            r.members(object.fields, unknownKeys: object.unknownKeys, doc: object.doc)
        }
    }

    /// An object schema for `fields`: properties (aliases included),
    /// required names, and `additionalProperties: false` unless lenient.
    mutating func members(_ fields: [Field], unknownKeys: UnknownKeyPolicy, doc: String?) -> Value {
        var properties: [(String, Value)] = []
        var required: [Value] = []
        var exclusive: [Value] = []
        for field in fields where profile.accepts(since: field.since) {
            let schema = field.rejection == nil ? property(field) : .bool(false)
            properties.append((field.name, schema))
            let aliases = field.aliases.filter { profile.accepts(since: field.aliasesSince[$0]) }
            for alias in aliases { properties.append((alias, schema)) }
            if !aliases.isEmpty {
                // serde refuses the same field under two spellings.
                for alias in aliases {
                    exclusive.append(JS.object([("not", JS.object([("required", JS.strings([field.name, alias]))]))]))
                }
            }
            if field.required { required.append(.string(field.name)) }
        }
        var pairs: [(String, Value)] = []
        if let doc { pairs.append(("description", .string(doc))) }
        pairs.append(("type", .string("object")))
        pairs.append(("properties", JS.object(properties)))
        if !required.isEmpty { pairs.append(("required", .sequence(required))) }
        if unknownKeys != .lenient { pairs.append(("additionalProperties", .bool(false))) }
        if !exclusive.isEmpty { pairs.append(("allOf", .sequence(exclusive))) }
        return JS.object(pairs)
    }

    /// Where a field or type came from, for descriptions.
    static func releaseNote(_ since: NMStateVersion) -> String {
        since == .unstated || since == .afterV2_2_59 ? "Newer than nmstate \(since.releaseLabel.dropFirst("after ".count)) (release not stated)." : "Added in nmstate \(since)."
    }

    /// A field's schema with its description (and release) attached.
    mutating func property(_ field: Field) -> Value {
        var schema = node(field.schema)
        var notes: [String] = []
        if let doc = field.doc { notes.append(doc) }
        if field.queryOnly, !(field.doc ?? "").contains("query only") { notes.append("Query only; ignored when applying.") }
        if let since = field.since { notes.append(Self.releaseNote(since)) }
        if !notes.isEmpty, schema.isMapping {
            let existing = schema["description"]?.string
            schema.set("description", .string((notes + (existing.map { [$0] } ?? [])).joined(separator: " ")))
        }
        return schema
    }
}
