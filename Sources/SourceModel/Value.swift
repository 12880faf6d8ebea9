/// A position in a source text. Lines and columns are 1-based; `0:0` means
/// "not known" (a value built in code rather than read from text).
public struct SourceLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
    // Stored as 32-bit numbers: every value and mapping key of a document
    // carries one, and at 8 bytes instead of 16 a tree is a fifth smaller
    // and cheaper to build, copy and free. Inputs are capped far below 2^31
    // lines or columns (see `LoadLimits`); larger numbers are clamped.
    private var storedLine: Int32
    private var storedColumn: Int32

    public var line: Int {
        get { Int(storedLine) }
        set { storedLine = Int32(clamping: newValue) }
    }

    public var column: Int {
        get { Int(storedColumn) }
        set { storedColumn = Int32(clamping: newValue) }
    }

    public init(line: Int, column: Int) {
        self.storedLine = Int32(clamping: line)
        self.storedColumn = Int32(clamping: column)
    }

    public static let unknown = SourceLocation(line: 0, column: 0)

    public var isKnown: Bool { line > 0 }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.storedLine, lhs.storedColumn) < (rhs.storedLine, rhs.storedColumn)
    }

    public var description: String { "\(line):\(column)" }
}

/// One value of a YAML or JSON document, with the place it was read from.
///
/// Both front ends (admission JSON and manifest YAML) produce this one type,
/// so every rule is written once and every diagnostic can point back at the
/// text the user wrote. Mapping key order is kept because users read
/// diagnostics in document order.
public struct Value: Sendable {
    public var content: Content
    public var location: SourceLocation

    public init(_ content: Content, at location: SourceLocation = .unknown) {
        self.content = content
        self.location = location
    }

    public enum Content: Sendable {
        case null
        case bool(Bool)
        /// An integer that fits in `Int64`.
        case int(Int64)
        /// An integer above `Int64.max` (JSON allows them; nmstate has u64 fields).
        case uint(UInt64)
        case float(Double)
        case string(String)
        case sequence([Value])
        case mapping([Member])
    }

    /// A mapping entry. Keys are strings because Kubernetes objects and
    /// nmstate states only have string keys; a YAML key of another type is
    /// kept as its source text.
    public struct Member: Sendable {
        public var key: String
        public var keyLocation: SourceLocation
        public var value: Value

        public init(key: String, keyLocation: SourceLocation = .unknown, value: Value) {
            self.key = key
            self.keyLocation = keyLocation
            self.value = value
        }
    }
}

// MARK: - Convenience constructors

extension Value {
    public static let null = Value(.null)
    public static func string(_ s: String) -> Value { Value(.string(s)) }
    public static func bool(_ b: Bool) -> Value { Value(.bool(b)) }
    public static func int(_ i: Int64) -> Value { Value(.int(i)) }
    public static func int(_ i: Int) -> Value { Value(.int(Int64(i))) }
    public static func float(_ d: Double) -> Value { Value(.float(d)) }
    public static func sequence(_ items: [Value]) -> Value { Value(.sequence(items)) }
    public static func mapping(_ pairs: KeyValuePairs<String, Value>) -> Value {
        Value(.mapping(pairs.map { Member(key: $0.key, value: $0.value) }))
    }
    public static func mapping(_ members: [Member]) -> Value { Value(.mapping(members)) }
}

// MARK: - Accessors

extension Value {
    public var isNull: Bool { if case .null = content { return true } else { return false } }

    public var string: String? { if case .string(let s) = content { return s } else { return nil } }

    public var bool: Bool? { if case .bool(let b) = content { return b } else { return nil } }

    /// The integer value, for `.int` and for `.uint` that fits.
    public var int64: Int64? {
        switch content {
        case .int(let i): return i
        case .uint(let u): return u <= UInt64(Int64.max) ? Int64(u) : nil
        default: return nil
        }
    }

    public var sequence: [Value]? { if case .sequence(let a) = content { return a } else { return nil } }

    public var members: [Member]? { if case .mapping(let m) = content { return m } else { return nil } }

    public var isMapping: Bool { if case .mapping = content { return true } else { return false } }

    public var isSequence: Bool { if case .sequence = content { return true } else { return false } }

    public var isScalar: Bool {
        switch content {
        case .sequence, .mapping: return false
        default: return true
        }
    }

    /// The member named `key` of a mapping (the first one, should a
    /// hand-built mapping repeat a key; loaders reject duplicates and
    /// ``set(_:_:)`` replaces).
    ///
    /// The rules look up a few keys per object on every request, so this
    /// scans by index and copies only the value it returns (a `for m in
    /// members` loop copies, retains and releases every member). It scans
    /// from the front: the keys looked up most (`name`, `type`, `state`,
    /// `spec`) come first in Kubernetes objects and nmstate states.
    public subscript(key: String) -> Value? {
        guard case .mapping(let members) = content else { return nil }
        var i = members.startIndex
        while i < members.endIndex {
            if sameKey(members[i].key, key) { return members[i].value }
            i += 1
        }
        return nil
    }

    public func member(_ key: String) -> Member? {
        guard case .mapping(let members) = content else { return nil }
        var i = members.startIndex
        while i < members.endIndex {
            if sameKey(members[i].key, key) { return members[i] }
            i += 1
        }
        return nil
    }

    public subscript(index: Int) -> Value? {
        guard case .sequence(let items) = content, items.indices.contains(index) else { return nil }
        return items[index]
    }

    /// Walks a chain of mapping keys; `nil` as soon as one is missing.
    public func at(_ keys: String...) -> Value? {
        var current: Value? = self
        for k in keys { current = current?[k] }
        return current
    }

    /// Scalar text as a user would have written it (for messages and for
    /// lenient parsing of numbers written as strings).
    public var scalarText: String? {
        switch content {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .uint(let u): return String(u)
        case .float(let d): return Self.formatFloat(d)
        case .string(let s): return s
        case .sequence, .mapping: return nil
        }
    }

    /// A short description of the value's type in the words serde uses
    /// (`integer \`-20\``, `string "x"`, `a sequence`), for type errors.
    public var typeDescription: String {
        switch content {
        case .null: return "null"
        case .bool(let b): return "boolean `\(b)`"
        case .int(let i): return "integer `\(i)`"
        case .uint(let u): return "integer `\(u)`"
        case .float(let d): return "floating point `\(Self.formatFloat(d))`"
        case .string(let s): return "string \"\(s)\""
        case .sequence: return "sequence"
        case .mapping: return "map"
        }
    }

    /// The JSON type name, for JSON-Schema-like messages.
    public var kindName: String {
        switch content {
        case .null: return "null"
        case .bool: return "boolean"
        case .int, .uint: return "integer"
        case .float: return "number"
        case .string: return "string"
        case .sequence: return "array"
        case .mapping: return "object"
        }
    }

    static func formatFloat(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d < 0 ? "-inf" : "inf" }
        if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) + ".0" }
        return String(d)
    }
}

// MARK: - Equality (semantic: ignores locations)

extension Value: Equatable {
    /// Two values are equal when their content is, wherever they were read.
    /// Integers compare by value across `.int` / `.uint`; mappings compare
    /// as unordered key sets, the way Kubernetes compares objects.
    public static func == (lhs: Value, rhs: Value) -> Bool {
        switch (lhs.content, rhs.content) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.int(let a), .int(let b)): return a == b
        case (.uint(let a), .uint(let b)): return a == b
        case (.int, .uint), (.uint, .int): return false
        case (.float(let a), .float(let b)): return a == b
        case (.string(let a), .string(let b)): return a == b
        case (.sequence(let a), .sequence(let b)): return a == b
        case (.mapping(let a), .mapping(let b)):
            guard a.count == b.count else { return false }
            // Two serialisations by one encoder (an object and its oldObject
            // from the API server) list keys in the same order: compare pair
            // by pair, and look keys up only from the first reordering on.
            var same = 0
            while same < a.count, sameKey(a[same].key, b[same].key) {
                guard a[same].value == b[same].value else { return false }
                same += 1
            }
            if same == a.count { return true }
            if a.count <= 8 {
                for m in a {
                    guard let other = b.first(where: { $0.key == m.key }), other.value == m.value else { return false }
                }
                return true
            }
            var index: [String: Value] = [:]
            for m in b { index[m.key] = m.value }
            for m in a {
                guard let other = index[m.key], other == m.value else { return false }
            }
            return true
        default: return false
        }
    }
}

extension Value: Hashable {
    public func hash(into hasher: inout Hasher) {
        switch content {
        case .null: hasher.combine(0)
        case .bool(let b): hasher.combine(b)
        case .int(let i): hasher.combine(i)
        case .uint(let u): hasher.combine(u)
        case .float(let d): hasher.combine(d)
        case .string(let s): hasher.combine(s)
        case .sequence(let a): hasher.combine(a.count); for v in a { v.hash(into: &hasher) }
        case .mapping(let m):
            // Order-independent, to agree with ==.
            var acc = 0
            for member in m {
                var h = Hasher()
                h.combine(member.key)
                member.value.hash(into: &h)
                acc ^= h.finalize()
            }
            hasher.combine(m.count)
            hasher.combine(acc)
        }
    }
}

// MARK: - Editing helpers

extension Value {
    /// Sets (or appends) a mapping member. No effect on non-mappings.
    public mutating func set(_ key: String, _ value: Value) {
        guard case .mapping(var members) = content else { return }
        // Drop this value's own reference first, so a uniquely held member
        // array is edited in place instead of copied.
        content = .null
        if let i = members.firstIndex(where: { sameKey($0.key, key) }) {
            members[i].value = value
        } else {
            members.append(Member(key: key, value: value))
        }
        content = .mapping(members)
    }

    /// Removes a mapping member. No effect on non-mappings.
    public mutating func remove(_ key: String) {
        guard case .mapping(var members) = content else { return }
        content = .null
        members.removeAll { sameKey($0.key, key) }
        content = .mapping(members)
    }

    /// Counts nodes in this subtree (the value itself included).
    public var nodeCount: Int {
        switch content {
        case .sequence(let a): return a.reduce(1) { $0 + $1.nodeCount }
        case .mapping(let m): return m.reduce(1) { $0 + $1.value.nodeCount }
        default: return 1
        }
    }
}

/// String equality for mapping keys, length first: `==` on two different
/// strings of which one is longer than 15 bytes compares bytes before it
/// compares lengths, and key lookups mostly compare different keys.
@inline(__always)
package func sameKey(_ a: String, _ b: String) -> Bool {
    a.utf8.count == b.utf8.count && a == b
}
