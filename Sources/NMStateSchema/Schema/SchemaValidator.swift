import RuleCatalog
import SourceModel

/// A desired-state string that holds a `{{ capture.name.path }}` template,
/// and where it is. (NMPolicy's `TemplateReference` is the parsed reference
/// inside such a string.)
public struct TemplatedValue: Sendable, Hashable {
    /// The whole string value, e.g. `{{ capture.base-iface.interfaces.0.name }}`.
    public var text: String
    public var path: DocumentPath
    public var location: SourceLocation
}

/// Walks a value against the schema tree and reports every mismatch.
///
/// Unlike serde it does not stop at the first error: a linter should show
/// all of them at once. The words follow serde's messages so users can match
/// them with what nmstate prints on the node.
struct SchemaValidator {
    let schema: DesiredStateSchema
    let profile: Profile
    let allowTemplates: Bool
    var diagnostics: [Diagnostic] = []
    var templates: [TemplatedValue] = []
    /// Path of the value being checked, as a stack: pushing and popping a
    /// component is free, whereas building a `DocumentPath` per node was
    /// most of the walk's cost. Paths are materialised only for reports.
    var stack: [DocumentPath.Component] = []
    /// Type names the state itself defines in `user-defined.interface-types`
    /// (not removed), so interfaces of those types are checked against the
    /// user-defined interface table rather than reported as unknown types.
    var userDefinedTypes: Set<String> = []

    init(schema: DesiredStateSchema, profile: Profile, allowTemplates: Bool) {
        self.schema = schema
        self.profile = profile
        self.allowTemplates = allowTemplates
        stack.reserveCapacity(16)
    }

    var currentPath: DocumentPath { DocumentPath(stack) }

    /// Reports at the current path, or at a child key of it.
    mutating func report(_ rule: RuleID, _ message: String, child: String? = nil, _ location: SourceLocation, severity: Diagnostic.Severity = .error) {
        var path = currentPath
        if let child { path = path.appending(child) }
        diagnostics.append(Diagnostic(rule: rule, severity: severity, message: message, path: path, location: location))
    }

    /// True when `value` is a capture template that stands for any value.
    mutating func isTemplate(_ value: Value, child: String? = nil) -> Bool {
        guard allowTemplates, case .string(let s) = value.content, s.utf8.containsDoubleBrace else { return false }
        var path = currentPath
        if let child { path = path.appending(child) }
        templates.append(TemplatedValue(text: s, path: path, location: value.location))
        return true
    }

    mutating func validate(_ value: Value, _ node: SchemaNode) {
        if isTemplate(value) { return }
        switch node {
        case .any:
            return
        case .scalar(let kind):
            checkScalar(value, kind)
        case .object(let object):
            validateObject(value, object)
        case .array(let item):
            guard !value.isNull else { return }
            guard let items = value.sequence else {
                report(.schemaInvalidType, "invalid type: \(value.typeDescription), expected a sequence", value.location)
                return
            }
            for (i, v) in items.enumerated() {
                stack.append(.index(i))
                validate(v, item)
                stack.removeLast()
            }
        case .map(let valueNode):
            guard !value.isNull else { return }
            guard let members = value.members else {
                report(.schemaInvalidType, "invalid type: \(value.typeDescription), expected a map", value.location)
                return
            }
            for m in members {
                stack.append(.key(m.key))
                validate(m.value, valueNode)
                stack.removeLast()
            }
        case .interfaces:
            // Not an `Option` in nmstate: a missing list is empty, but
            // `interfaces: null` (or a bare `interfaces:`) fails to parse.
            guard !value.isNull else {
                report(.schemaInvalidType, "invalid type: null, expected a sequence of interfaces (write `interfaces: []` or leave the key out)", value.location)
                return
            }
            guard let items = value.sequence else {
                report(.schemaInvalidType, "invalid type: \(value.typeDescription), expected a sequence of interfaces", value.location)
                return
            }
            for (i, v) in items.enumerated() {
                stack.append(.index(i))
                validateInterface(v)
                stack.removeLast()
            }
        case .oneOf(let alternatives, let message):
            for alt in alternatives {
                var probe = SchemaValidator(schema: schema, profile: profile, allowTemplates: allowTemplates)
                probe.stack = stack
                probe.validate(value, alt)
                if probe.diagnostics.isEmpty {
                    templates += probe.templates
                    return
                }
            }
            report(.schemaInvalidValue, "\(message), but got \(JSONWriter.string(value))", value.location)
        }
    }

    mutating func validateObject(_ value: Value, _ object: ObjectSchema) {
        guard !value.isNull else { return }
        guard let members = value.members else {
            report(.schemaInvalidType, "invalid type: \(value.typeDescription), expected struct \(object.name)", value.location)
            return
        }
        validateMembers(members, object, objectLocation: value.location)
    }

    /// Checks members against an object's fields: unknown keys, aliases used
    /// twice, missing required fields, then each value.
    mutating func validateMembers(_ members: [Value.Member], _ object: ObjectSchema, objectLocation: SourceLocation, unknownPrefix: String = "") {
        let fields = object.fields
        let keyIndex = object.keyIndex
        let policy = object.unknownKeys
        var seen = SeenFields(count: fields.count)
        // Indexes, not `for m in members` / `let field = fields[index]`:
        // copying a member or a field retains every reference it holds,
        // and this loop runs for every key of the document.
        for m in members.indices {
            let key = members[m].key
            guard let index = keyIndex[key] else {
                if let custom = object.unknownKeyMessage, policy != .lenient {
                    report(.schemaUnknownField, unknownPrefix + custom.replacing("{key}", with: key), child: key, members[m].keyLocation)
                } else {
                    reportUnknown(members[m], fields: fields, policy: policy, prefix: unknownPrefix)
                }
                continue
            }
            if let since = fields[index].since ?? fields[index].aliasesSince[key], !profile.accepts(since: since) {
                // An older release ignores a key its lenient struct does
                // not know, so the older profile must accept it too.
                if policy == .lenient { continue }
                let list = policy == .deny ? ", expected one of \(expectedList(fields))" : ""
                report(.schemaUnsupportedInProfile, "\(unknownPrefix)unknown field `\(key)`\(list) (\(since.addedPhrase); not accepted by profile \(profile.rawValue))", child: key, members[m].keyLocation)
                continue
            }
            if seen.contains(index) {
                let prior = members.first { keyIndex[$0.key] == index }?.key ?? fields[index].name
                report(.schemaDuplicateField, "duplicate field `\(fields[index].name)` (given as `\(prior)` and `\(key)`)", child: key, members[m].keyLocation)
                continue
            }
            seen.insert(index)
            if let rejection = fields[index].rejection {
                report(.schemaFieldNotAllowed, unknownPrefix + rejection, child: key, members[m].keyLocation)
                continue
            }
            if fields[index].required, members[m].value.isNull, !Self.acceptsNull(fields[index].schema) {
                // A required field is not an `Option` in nmstate: null is
                // a type error (`ip: null`, `prefix-length: ~`).
                report(.schemaInvalidType, "invalid type: null, expected \(Self.expectation(fields[index].schema)) (`\(fields[index].name)` is required)", child: key, members[m].value.location)
                continue
            }
            stack.append(.key(key))
            validate(members[m].value, fields[index].schema)
            stack.removeLast()
        }
        for i in fields.indices where fields[i].required && !seen.contains(i) && profile.accepts(since: fields[i].since) {
            report(.schemaMissingField, "\(unknownPrefix)missing field `\(fields[i].name)`", objectLocation)
        }
    }

    /// Hand-written parsers of required fields that read null themselves
    /// (an InfiniBand `pkey: null` is the base interface).
    static func acceptsNull(_ node: SchemaNode) -> Bool {
        if case .scalar(.custom) = node { return true }
        return false
    }

    /// What a value of `node` is called in a type error.
    static func expectation(_ node: SchemaNode) -> String {
        switch node {
        case .scalar(.string), .scalar(.optionalString): return "a string"
        case .scalar(.bool): return "a boolean"
        case .scalar(.unsigned(_, let lenient)): return lenient ? "an unsigned integer or string" : "an unsigned integer"
        case .scalar(.signed(_, let lenient)): return lenient ? "a signed integer or string" : "a signed integer"
        case .scalar(.enumeration): return "one of its values"
        case .object(let object): return "struct \(object.name)"
        case .array, .interfaces: return "a sequence"
        case .map: return "a map"
        default: return "a value"
        }
    }

    func expectedList(_ fields: [Field]) -> String {
        fields.filter { profile.accepts(since: $0.since) }.map { "`\($0.name)`" }.joined(separator: ", ")
    }

    mutating func reportUnknown(_ m: Value.Member, fields: [Field], policy: UnknownKeyPolicy, prefix: String) {
        switch policy {
        case .lenient:
            return
        case .deny:
            report(.schemaUnknownField, "\(prefix)unknown field `\(m.key)`, expected one of \(expectedList(fields))\(suggestion(m.key, fields))", child: m.key, m.keyLocation)
        case .denyWithoutList:
            report(.schemaUnknownField, "\(prefix)unknown field `\(m.key)`\(suggestion(m.key, fields))", child: m.key, m.keyLocation)
        }
    }

    /// Keys older nmstate releases (and the documents written for them)
    /// spell differently, with what to write instead. Only offered where
    /// the object has the new field, so `slaves` elsewhere stays a plain
    /// unknown field.
    static let renamedKeys: [String: (field: String, note: String)] = [
        "slaves": ("port", "`slaves` was renamed to `port`, the only spelling nmstate 2 reads besides `ports`"),
    ]

    /// "did you mean" for near misses (one edit, two neighbours swapped, or
    /// `_`/`-` swapped), and the new name of a renamed key.
    func suggestion(_ key: String, _ fields: [Field]) -> String {
        let names = fields.filter { profile.accepts(since: $0.since) }.map(\.name)
        if let renamed = Self.renamedKeys[key], names.contains(renamed.field) { return " (\(renamed.note))" }
        let normal = key.lowercased().replacingUnderscores()
        if let hit = names.first(where: { $0.lowercased().replacingUnderscores() == normal }) { return " (did you mean `\(hit)`?)" }
        if let hit = names.first(where: { editDistanceAtMostOne(key, $0) }) { return " (did you mean `\(hit)`?)" }
        return ""
    }

    // MARK: Interfaces

    mutating func validateInterface(_ value: Value) {
        guard let members = value.members else {
            report(.schemaInvalidType, "invalid type: \(value.typeDescription), expected an interface mapping", value.location)
            return
        }
        if value["name"] == nil {
            report(.schemaMissingField, "missing field `name`", value.location)
        } else if let name = value["name"], !isTemplate(name, child: "name"), name.string == nil {
            report(.schemaInvalidType, "invalid type: \(name.typeDescription), expected a string", child: "name", name.location)
        }
        let state = value["state"]
        if let state, !isTemplate(state, child: "state") {
            stack.append(.key("state"))
            checkScalar(state, .enumeration(EnumSpec(schema.interfaceStates)))
            stack.removeLast()
        }
        if state?.string == "absent" {
            // nmstate drops every other key of an absent interface before parsing.
            return
        }
        let typeValue = value["type"]
        var typeName = "unknown"
        if let typeValue {
            if isTemplate(typeValue, child: "type") { return }
            guard let t = typeValue.string else {
                report(.schemaInvalidType, "invalid type: \(typeValue.typeDescription), expected a string", child: "type", typeValue.location)
                return
            }
            typeName = t
        }
        guard let (since, table) = schema.interfaceTables[typeName], profile.accepts(since: since) else {
            validateUnknownTypeInterface(value, members, typeName: typeName, typeLocation: typeValue?.location ?? value.location)
            return
        }
        validateMembers(members, table, objectLocation: value.location)
    }

    /// `name`, `state` and `type` are checked before dispatch (as nmstate
    /// reads them first); the member walk must not report them a second time.
    static func dispatchKeysChecked(_ fields: [Field]) -> [Field] {
        fields.map { field in
            guard ["name", "state", "type"].contains(field.name) else { return field }
            var copy = field
            copy.schema = .any
            copy.required = false
            return copy
        }
    }

    /// nmstate keeps unknown-type interfaces unparsed; generate-configuration
    /// mode (2.2.38 profile) then turns them into ethernet interfaces.
    mutating func validateUnknownTypeInterface(_ value: Value, _ members: [Value.Member], typeName: String, typeLocation: SourceLocation) {
        let name = value["name"]?.string ?? "?"
        switch profile {
        case .v2_2_38:
            guard let eth = schema.interfaceTables["ethernet"]?.table else { return }
            validateMembers(members, eth, objectLocation: value.location, unknownPrefix: "Invalid property for ethernet interface: ")
        case .latest:
            if userDefinedTypes.contains(typeName) {
                validateMembers(members, schema.userDefinedTable, objectLocation: value.location)
            } else if typeName == "unknown" {
                // nmstate leaves an ignored interface unresolved, keys and all.
                guard value["state"]?.string != "ignore" else { return }
                validateMembers(members, schema.typelessTable, objectLocation: value.location)
            } else if typeName == "team", value["state"]?.string != "ignore" {
                report(.nmstateIfaceTeamUnsupported, "interface \(name) has type `team`, which nmstate 2 cannot create or configure (team support was removed; use `type: bond`)", child: "type", typeLocation)
            } else {
                let known = schema.interfaceTypes.filter { profile.accepts(since: $0.since) }.map(\.type)
                let hint = Self.typeHint(typeName, known: known).map { " (did you mean `\($0)`?)" } ?? ""
                report(.schemaUnknownInterfaceType, "interface \(name) has type `\(typeName)`, which nmstate does not support\(hint); it must already exist on the node and only its name and state are applied (known types: \(known.joined(separator: ", ")))", child: "type", typeLocation, severity: .warning)
            }
        }
    }

    /// The type names `state` defines in `user-defined.interface-types`,
    /// leaving out those removed (`state: absent` or an empty
    /// `handler-script`, as `UserDefinedInterfaceType::is_absent` does).
    static func userDefinedTypes(in state: Value) -> Set<String> {
        guard let entries = state["user-defined"]?["interface-types"]?.sequence else { return [] }
        var names: Set<String> = []
        for entry in entries {
            guard let name = entry["name"]?.string else { continue }
            if entry["state"]?.string == "absent" || entry["handler-script"]?.string == "" { continue }
            names.insert(name)
        }
        return names
    }

    /// The accepted value a mistyped enumeration value most likely means:
    /// the same word in another case, or one edit away.
    static func valueHint(_ value: String, accepted: [String]) -> String? {
        accepted.first { $0.lowercased() == value.lowercased() } ?? accepted.first { editDistanceAtMostOne(value, $0) }
    }

    /// Type names people write for a type nmstate spells otherwise
    /// (`bridge` is iproute2's and NetworkManager's word for a Linux bridge).
    static let typeAliases: [String: String] = [
        "bridge": "linux-bridge",
        "macvlan": "mac-vlan",
        "macvtap": "mac-vtap",
        "ipoib": "infiniband",
    ]

    /// The known type an unknown `type` most likely means, if any.
    static func typeHint(_ type: String, known: [String]) -> String? {
        if let alias = typeAliases[type.lowercased()], known.contains(alias) { return alias }
        return known.first { $0 == type.lowercased() || editDistanceAtMostOne(type, $0) }
    }

    // MARK: Scalars

    mutating func checkScalar(_ value: Value, _ kind: ScalarKind) {
        func invalid(_ message: String, rule: RuleID = .schemaInvalidType) {
            report(rule, message, value.location)
        }
        switch kind {
        case .string:
            if value.string == nil && !value.isNull { invalid("invalid type: \(value.typeDescription), expected a string") }
        case .optionalString:
            if value.string == nil && !value.isNull { invalid("invalid type: \(value.typeDescription), expected a string or null") }
        case .bool(let lenient):
            if value.isNull { return }
            if case .invalid(let m) = Lenient.bool(value, lenient: lenient) { invalid(m) }
        case .unsigned(let bits, let lenient):
            if value.isNull { return }
            if case .invalid(let m) = Lenient.unsigned(value, bits: bits, lenient: lenient) {
                invalid(m, rule: value.int64.map { $0 >= 0 } == true || value.string != nil ? .schemaInvalidValue : .schemaInvalidType)
            }
        case .signed(let bits, let lenient):
            if value.isNull { return }
            if case .invalid(let m) = Lenient.signed(value, bits: bits, lenient: lenient) { invalid(m) }
        case .enumeration(let spec):
            if value.isNull { return }
            guard spec.canonical(value, profile: profile) == nil else { return }
            if spec.open, value.string != nil { return }
            switch value.content {
            case .string, .int:
                let accepted = spec.values(for: profile)
                let shown = value.string ?? value.scalarText ?? ""
                var message = "unknown variant `\(shown)`, expected one of \(accepted.map { "`\($0)`" }.joined(separator: ", "))"
                if let s = value.string, let since = spec.since(of: s) {
                    let instead = spec.aliases[s].map { ": write `\($0)`" } ?? ""
                    message += " (`\(s)` was \(since.addedPhrase); not accepted by profile \(profile.rawValue)\(instead))"
                } else if let s = value.string, let hint = Self.valueHint(s, accepted: accepted) {
                    message += " (did you mean `\(hint)`?)"
                }
                invalid(message, rule: .schemaInvalidValue)
            default:
                invalid(spec.numeric.isEmpty
                        ? "invalid type: \(value.typeDescription), expected a string"
                        : "Invalid data type: \(JSONWriter.string(value)), should be integer or string")
            }
        case .custom(.ovsDbGlobalValue) where profile == .v2_2_38:
            checkScalar(value, .optionalString)
        case .custom(let custom):
            if value.isNull && custom != .infinibandPkey { return }
            if let message = CustomScalarCheck.check(custom, value) { invalid(message, rule: .schemaInvalidValue) }
        }
    }
}

/// The hand-written scalar rules behind ``CustomScalar``.
enum CustomScalarCheck {
    /// nil when valid, else the message.
    static func check(_ kind: CustomScalar, _ v: Value) -> String? {
        switch kind {
        case .ipsecInterface:
            switch v.content {
            case .int(let i) where i >= 0: return nil
            case .uint: return nil
            case .string(let s) where s == "yes" || s == "no" || (!s.isEmpty && s.allSatisfy { $0.isASCII && $0.isNumber }): return nil
            default: return "Invalid ipsec-interface value, should be unsigned integer, string 'yes' or 'no'"
            }
        case .multicastRouter:
            switch v.content {
            case .int(let i) where (0...2).contains(i): return nil
            case .string(let s) where ["auto", "disabled", "enabled", "0", "1", "2"].contains(s.lowercased()): return nil
            default: return "Invalid linux bridge multicast_router type \(v.scalarText ?? JSONWriter.string(v)), expecting 0|1|2 or auto|disabled|enabled"
            }
        case .ethtoolFeature:
            switch v.content {
            case .bool: return nil
            case .string(let s) where ["true", "false", "1", "0"].contains(s): return nil
            default: return "Invalid feature value, should be boolean"
            }
        case .infinibandPkey:
            if v.isNull { return nil }
            if case .invalid(let m) = Lenient.unsigned(v, bits: 16) { return m }
            return nil
        case .ovsDbValue, .ovsDbGlobalValue:
            switch v.content {
            case .sequence, .mapping: return "invalid type: \(v.typeDescription), expected a string, number, boolean or null"
            default: return nil
            }
        case .ovsBondMode:
            guard let s = v.string else { return "invalid type: \(v.typeDescription), expected a string" }
            return ["active-backup", "balance-slb", "balance-tcp", "lacp"].contains(s) ? nil : "Unsupported OVS Bond mode \(s)"
        }
    }
}

extension String {
    func replacingUnderscores() -> String { String(map { $0 == "_" ? "-" : $0 }) }
}

/// True when `a` and `b` differ by at most one insertion, deletion,
/// substitution or swap of two neighbouring characters (`tyep` for `type`).
func editDistanceAtMostOne(_ a: String, _ b: String) -> Bool {
    let x = Array(a), y = Array(b)
    if abs(x.count - y.count) > 1 || x == y { return false }
    if x.count == y.count, let i = x.indices.first(where: { x[$0] != y[$0] }), i + 1 < x.count,
       x[i] == y[i + 1], x[i + 1] == y[i], x[(i + 2)...] == y[(i + 2)...] {
        return true
    }
    var i = 0, j = 0, edits = 0
    while i < x.count && j < y.count {
        if x[i] == y[j] { i += 1; j += 1; continue }
        edits += 1
        if edits > 1 { return false }
        if x.count > y.count { i += 1 } else if x.count < y.count { j += 1 } else { i += 1; j += 1 }
    }
    return edits + (x.count - i) + (y.count - j) <= 1
}

/// Which fields of an object were given; a bitmask for the usual object
/// of up to 128 fields, so the walk allocates nothing per object.
struct SeenFields {
    var low: UInt64 = 0
    var high: UInt64 = 0
    var overflow: Set<Int>? = nil

    init(count: Int) {
        if count > 128 { overflow = [] }
    }

    func contains(_ i: Int) -> Bool {
        if let overflow { return overflow.contains(i) }
        return i < 64 ? low & (1 << UInt64(i)) != 0 : high & (1 << UInt64(i - 64)) != 0
    }

    mutating func insert(_ i: Int) {
        if overflow != nil { overflow!.insert(i); return }
        if i < 64 { low |= 1 << UInt64(i) } else { high |= 1 << UInt64(i - 64) }
    }
}

extension String.UTF8View {
    /// Whether the text contains `{{` (a template marker); a byte scan,
    /// much cheaper than `String.contains(_:)`.
    public var containsDoubleBrace: Bool {
        // Every string of every desired state comes through here; most are
        // short and native, so scan their storage directly.
        if count < 2 { return false }
        if let found = withContiguousStorageIfAvailable({ Self.hasDoubleBrace($0) }) { return found }
        var previous: UInt8 = 0
        for b in self {
            if b == UInt8(ascii: "{") && previous == UInt8(ascii: "{") { return true }
            previous = b
        }
        return false
    }

    private static func hasDoubleBrace(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 1
        while i < bytes.count {
            // Step two at a time: a `{{` pair always has a brace at an odd
            // offset or right after one.
            if bytes[i] == UInt8(ascii: "{") {
                if bytes[i - 1] == UInt8(ascii: "{") || (i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "{")) { return true }
            }
            i += 2
        }
        return false
    }
}
