import SourceModel

/// The declarative description of an nmstate desired state.
///
/// One tree of these values is the whole schema: the validator walks it, the
/// JSON Schema exporter renders it, and nothing else encodes field names or
/// types. Facts come from nmstate 2.2.38 (`rust/src/lib`) plus the fields
/// newer releases document, each marked with the release that added it.
public indirect enum SchemaNode: Sendable {
    /// A scalar of the given kind.
    case scalar(ScalarKind)
    /// A mapping with known fields.
    case object(ObjectSchema)
    /// A list whose items all follow one schema.
    case array(SchemaNode)
    /// A free-form mapping: any key, values of one schema (ethtool features,
    /// ovs-db `external_ids`).
    case map(SchemaNode)
    /// The `interfaces` list, whose entries dispatch on `type`.
    case interfaces
    /// The first alternative the value validates against without findings
    /// is used; if none does, `message` is reported (OVS `stp`, trunk tags).
    case oneOf([SchemaNode], message: String)
    /// Anything (read-only or opaque data).
    case any
}

/// How an object treats keys it does not know, per serde attribute.
public enum UnknownKeyPolicy: Sendable {
    /// `deny_unknown_fields`: ``unknown field `x`, expected one of `a`, `b` ``.
    case deny
    /// Denied, but serde gives no list (the flattened interface level).
    case denyWithoutList
    /// Unknown keys are ignored.
    case lenient
}

public struct ObjectSchema: Sendable {
    /// The tables are immutable once built and the validator passes an
    /// object schema down on every nested value; one reference to share
    /// keeps that a single retain instead of one per stored property.
    private final class Storage: Sendable {
        let name: String
        let fields: [Field]
        let unknownKeys: UnknownKeyPolicy
        let doc: String?
        let unknownKeyMessage: String?
        let keyIndex: FieldKeyIndex
        let source: String

        init(name: String, fields: [Field], unknownKeys: UnknownKeyPolicy, doc: String?, unknownKeyMessage: String?, source: String) {
            self.name = name
            self.fields = fields
            self.unknownKeys = unknownKeys
            self.doc = doc
            self.unknownKeyMessage = unknownKeyMessage
            self.keyIndex = FieldKeyIndex(fields)
            self.source = source
        }
    }
    private let storage: Storage

    /// Name used in messages and as the JSON Schema `$defs` key.
    public var name: String { storage.name }
    public var fields: [Field] { storage.fields }
    public var unknownKeys: UnknownKeyPolicy { storage.unknownKeys }
    public var doc: String? { storage.doc }
    /// A hand-written parser's own wording for an unknown key, with `{key}`
    /// standing for the key (interface-level `ovs-db` has one). nil: serde's.
    public var unknownKeyMessage: String? { storage.unknownKeyMessage }
    /// Key (primary name or alias) → index in `fields`, built once so the
    /// validator finds a member's field with one table probe.
    public var keyIndex: FieldKeyIndex { storage.keyIndex }
    /// The table file that declares the object, captured where it is built
    /// so the coverage document points at the declaration without a
    /// hand-kept list (only the part from `Sources/` on is ever shown).
    public var source: String { storage.source }

    public init(_ name: String, _ unknownKeys: UnknownKeyPolicy, doc: String? = nil, unknownKeyMessage: String? = nil, _ fields: [Field], source: String = #filePath) {
        storage = Storage(name: name, fields: fields, unknownKeys: unknownKeys, doc: doc, unknownKeyMessage: unknownKeyMessage, source: source)
    }

    /// The field a key names, by primary name or alias.
    public func field(named key: String) -> Field? {
        keyIndex[key].map { fields[$0] }
    }
}

/// Maps every accepted key of a field list (names and aliases) to the
/// field's position.
///
/// An open-addressing table over an FNV-1a hash of the key's bytes rather
/// than a `[String: Int]`: the schema walk looks up every member of every
/// object, and SipHash plus `String` hashing cost more than the rest of a
/// member's check. Keys are short and come from the tables, not from
/// requests, so flooding the table is not a concern; a request's key only
/// probes it.
public struct FieldKeyIndex: Sendable {
    private let keys: [String]
    private let positions: [Int]
    /// Slot → entry in `keys`, -1 when empty; a power of two at least twice
    /// the number of keys, so probes stay short.
    private let slots: [Int32]

    public init(_ fields: [Field]) {
        var keys: [String] = [], positions: [Int] = []
        for (i, f) in fields.enumerated() {
            for key in [f.name] + f.aliases where !keys.contains(key) {
                keys.append(key)
                positions.append(i)
            }
        }
        var capacity = 8
        while capacity < keys.count * 2 { capacity *= 2 }
        var slots = [Int32](repeating: -1, count: capacity)
        for (entry, key) in keys.enumerated() {
            var slot = Self.hash(key) & (capacity - 1)
            while slots[slot] >= 0 { slot = (slot + 1) & (capacity - 1) }
            slots[slot] = Int32(entry)
        }
        self.keys = keys
        self.positions = positions
        self.slots = slots
    }

    public subscript(key: String) -> Int? {
        let mask = slots.count - 1
        var slot = Self.hash(key) & mask
        while true {
            let entry = Int(slots[slot])
            if entry < 0 { return nil }
            if keys[entry].utf8.count == key.utf8.count && keys[entry] == key { return positions[entry] }
            slot = (slot + 1) & mask
        }
    }

    @inline(__always)
    private static func hash(_ key: String) -> Int {
        func fnv(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
            var h: UInt32 = 2_166_136_261
            for b in bytes { h = (h ^ UInt32(b)) &* 16_777_619 }
            return Int(h)
        }
        // Native and small strings always have contiguous UTF-8.
        return key.utf8.withContiguousStorageIfAvailable(fnv) ?? fnv(UnsafeBufferPointer(start: nil, count: 0))
    }
}

public struct Field: Sendable {
    public var name: String
    public var aliases: [String]
    /// Aliases accepted only from a given release (`bond` for
    /// `link-aggregation`); an alias not listed here is as old as the field.
    public var aliasesSince: [String: NMStateVersion]
    public var schema: SchemaNode
    public var required: Bool
    /// First nmstate release that accepts the field (nil: 2.2.38 or older).
    public var since: NMStateVersion?
    /// Accepted in input but only meaningful in reported state (dropped on apply).
    public var queryOnly: Bool
    public var doc: String?
    /// When set, the key is a known field that this section refuses outright
    /// with this message (ipv4 `autoconf`). It still counts in serde's
    /// "expected one of" list, because the shared struct declares it.
    public var rejection: String?
    /// The table file that declares the field, captured where it is written
    /// so the coverage document cannot point elsewhere.
    public var source: String

    public init(_ name: String, _ schema: SchemaNode, required: Bool = false, aliases: [String] = [], aliasesSince: [String: NMStateVersion] = [:], since: NMStateVersion? = nil, queryOnly: Bool = false, rejection: String? = nil, doc: String? = nil, source: String = #filePath) {
        self.name = name
        self.schema = schema
        self.required = required
        self.aliases = aliases + aliasesSince.keys.sorted().filter { !aliases.contains($0) }
        self.aliasesSince = aliasesSince
        self.since = since
        self.queryOnly = queryOnly
        self.rejection = rejection
        self.doc = doc
        self.source = source
    }
}

/// Scalar kinds, named after the parser nmstate uses for them.
public enum ScalarKind: Sendable {
    /// Any string. (A YAML/JSON number or bool is a type error, as in serde.)
    case string
    /// A string or null.
    case optionalString
    /// `bool` (strict) or `bool_or_string` (lenient: 0/1, yes/no/on/off/y/n).
    case bool(lenient: Bool)
    /// `uN` (strict) or `uN_or_string` (lenient: decimal or `0x` hex strings).
    case unsigned(bits: Int, lenient: Bool)
    /// `iN` (strict) or `iN_or_string` (lenient: decimal strings).
    case signed(bits: Int, lenient: Bool)
    /// A string from a fixed list (with optional numeric and case variants).
    case enumeration(EnumSpec)
    /// A scalar with a hand-written rule; see ``CustomScalar``.
    case custom(CustomScalar)
}

public struct EnumSpec: Sendable {
    public var values: [String]
    /// Values accepted only from a given release (e.g. `pci-address`).
    public var valuesSince: [String: NMStateVersion]
    /// Integer aliases: `numeric[i]` is the value integer `i` (or the string
    /// `"i"`) stands for (bond modes and options use this).
    public var numeric: [String]
    public var caseInsensitive: Bool
    /// Extra spellings accepted and mapped to a value (e.g. `LL` for `ll`).
    public var aliases: [String: String]
    /// Spellings accepted only from a given release (`lacp` for `802.3ad`).
    public var aliasesSince: [String: NMStateVersion]
    /// Open enumerations name the values nmstate treats specially but take
    /// any other string as-is (DHCP client id, DUID, `addr-gen-mode`).
    public var open: Bool

    public init(_ values: [String], numeric: [String] = [], caseInsensitive: Bool = false, aliases: [String: String] = [:], aliasesSince: [String: NMStateVersion] = [:], valuesSince: [String: NMStateVersion] = [:], open: Bool = false) {
        self.values = values
        self.numeric = numeric
        self.caseInsensitive = caseInsensitive
        self.aliases = aliases
        self.aliasesSince = aliasesSince
        self.valuesSince = valuesSince
        self.open = open
    }

    /// The values a profile accepts, in declaration order.
    public func values(for profile: Profile) -> [String] {
        values.filter { valuesSince[$0].map { profile.accepts(since: $0) } ?? true }
    }

    /// The aliases a profile accepts, sorted.
    public func aliases(for profile: Profile) -> [String] {
        aliases.keys.sorted().filter { aliasesSince[$0].map { profile.accepts(since: $0) } ?? true }
    }

    /// The release that added `spelling`, when it is a value or alias newer
    /// than the oldest profile.
    public func since(of spelling: String) -> NMStateVersion? {
        valuesSince[spelling] ?? aliasesSince[spelling]
            ?? valuesSince.first { $0.key.lowercased() == spelling.lowercased() }?.value
    }

    /// The canonical value `v` stands for, or nil.
    public func canonical(_ v: Value, profile: Profile) -> String? {
        switch v.content {
        case .int(let i):
            guard !numeric.isEmpty, i >= 0, i < numeric.count else { return nil }
            return numeric[Int(i)]
        case .string(let s):
            if let n = Int(s), !numeric.isEmpty, n >= 0, n < numeric.count { return numeric[n] }
            if let a = aliases[s] {
                if let since = aliasesSince[s], !profile.accepts(since: since) { return nil }
                return a
            }
            let match = values.first { caseInsensitive ? $0.lowercased() == s.lowercased() : $0 == s }
            guard let match else { return nil }
            if let since = valuesSince[match], !profile.accepts(since: since) { return nil }
            return match
        default:
            return nil
        }
    }
}

/// Scalars whose rule is not a plain type: each has one implementation in
/// ``SchemaValidator`` and one rendering in the JSON Schema exporter.
public enum CustomScalar: String, Sendable {
    /// libreswan `ipsec-interface`: unsigned integer, `yes`, `no`, or digits.
    case ipsecInterface
    /// linux-bridge `multicast-router`: auto/disabled/enabled (any case) or 1/0/2.
    case multicastRouter
    /// ethtool feature value: bool or "true"/"false"/"1"/"0".
    case ethtoolFeature
    /// InfiniBand `pkey`: u16 as integer, decimal or `0x` hex string, or null.
    case infinibandPkey
    /// Interface-level `ovs-db` values: strings; numbers and bools are converted; null removes.
    case ovsDbValue
    /// Global `ovs-db` values: as ``ovsDbValue`` under `latest`; a string or
    /// null under the 2.2.38 profile, which reads a state as the already
    /// parsed value the corpus verdicts use (serde then refuses a number).
    case ovsDbGlobalValue
    /// OVS bond mode: active-backup, balance-slb, balance-tcp, lacp.
    case ovsBondMode
}

// MARK: - Builder helpers, so the schema tables read like the reference.

extension SchemaNode {
    public static let string = SchemaNode.scalar(.string)
    public static let optionalString = SchemaNode.scalar(.optionalString)
    /// `bool_or_string`.
    public static let boolLenient = SchemaNode.scalar(.bool(lenient: true))
    /// Plain serde `bool`.
    public static let boolStrict = SchemaNode.scalar(.bool(lenient: false))
    public static let u8 = SchemaNode.scalar(.unsigned(bits: 8, lenient: true))
    public static let u16 = SchemaNode.scalar(.unsigned(bits: 16, lenient: true))
    public static let u32 = SchemaNode.scalar(.unsigned(bits: 32, lenient: true))
    public static let u64 = SchemaNode.scalar(.unsigned(bits: 64, lenient: true))
    public static let i32 = SchemaNode.scalar(.signed(bits: 32, lenient: true))
    public static let i64 = SchemaNode.scalar(.signed(bits: 64, lenient: true))
    public static let u8Strict = SchemaNode.scalar(.unsigned(bits: 8, lenient: false))
    public static let u16Strict = SchemaNode.scalar(.unsigned(bits: 16, lenient: false))
    public static let u32Strict = SchemaNode.scalar(.unsigned(bits: 32, lenient: false))
    public static let u64Strict = SchemaNode.scalar(.unsigned(bits: 64, lenient: false))
    public static let stringList = SchemaNode.array(.string)

    public static func enumeration(_ values: [String], numeric: [String] = [], caseInsensitive: Bool = false, aliases: [String: String] = [:], aliasesSince: [String: NMStateVersion] = [:], valuesSince: [String: NMStateVersion] = [:]) -> SchemaNode {
        .scalar(.enumeration(EnumSpec(values, numeric: numeric, caseInsensitive: caseInsensitive, aliases: aliases, aliasesSince: aliasesSince, valuesSince: valuesSince)))
    }

    /// Any string, with `values` (and their `aliases`) treated specially.
    public static func openEnumeration(_ values: [String], aliases: [String: String] = [:]) -> SchemaNode {
        .scalar(.enumeration(EnumSpec(values, aliases: aliases, open: true)))
    }

    /// A `deny_unknown_fields` object whose parser words unknown keys itself.
    public static func object(_ name: String, unknownKeyMessage: String, doc: String? = nil, _ fields: [Field], source: String = #filePath) -> SchemaNode {
        .object(ObjectSchema(name, .deny, doc: doc, unknownKeyMessage: unknownKeyMessage, fields, source: source))
    }

    /// A `deny_unknown_fields` object.
    public static func object(_ name: String, doc: String? = nil, _ fields: [Field], source: String = #filePath) -> SchemaNode {
        .object(ObjectSchema(name, .deny, doc: doc, fields, source: source))
    }

    public static func object(_ name: String, _ policy: UnknownKeyPolicy, doc: String? = nil, _ fields: [Field], source: String = #filePath) -> SchemaNode {
        .object(ObjectSchema(name, policy, doc: doc, fields, source: source))
    }

    public static func custom(_ c: CustomScalar) -> SchemaNode { .scalar(.custom(c)) }
}
