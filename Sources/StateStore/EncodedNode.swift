import SourceModel

/// One encoded state, as ``StatePool/encode(_:)`` returns it.
///
/// A value type holding its storage strongly: the storage lives exactly as
/// long as some copy of the state (or a node navigated from it) does.
public struct EncodedState: Sendable, Hashable {
    let handle: StateHandle

    init(handle: StateHandle) {
        self.handle = handle
    }

    var blob: Blob { handle.root }

    /// The top-level node.
    public var root: EncodedNode { EncodedNode(handle: handle, blob: handle.root, offset: 0) }

    /// Heap bytes of this state's own storage: its root blob, which holds
    /// everything unique to the state that is not a shared subtree (the
    /// named interfaces and ports inline, with their string table and
    /// references to shared subtrees). Shared subtrees are accounted for in
    /// ``StatePool/statistics`` instead, even while only this state uses
    /// them. For memory accounting per state.
    public var ownBytes: Int { handle.root.allocatedBytes }

    /// Whether both states use the same storage (equal content encoded in
    /// one pool does): an O(1) "unchanged" check that can answer false
    /// for equal content encoded in different pools or in another order.
    public func sharesStorage(with other: EncodedState) -> Bool { handle.root === other.handle.root }

    /// Content equality, as `Value`'s: immediate when the storage is shared.
    public static func == (lhs: EncodedState, rhs: EncodedState) -> Bool {
        lhs.handle.root === rhs.handle.root || lhs.root == rhs.root
    }

    /// Hashes the content, consistently with `==`.
    public func hash(into hasher: inout Hasher) { root.hash(into: &hasher) }
}

/// A position in an encoded state: navigated without decoding, decoded on
/// demand.
///
/// Lookups read the encoding in place: a mapping lookup compares keys by
/// their bytes and skips the values it passes by their stored lengths (a
/// large mapping has a hash index instead), so finding
/// `interfaces[3].ipv4.address` allocates nothing and touches only the
/// bytes on the way. Nodes are cheap to copy (the state's handle, a
/// pointer and an offset) and keep their state's storage alive.
public struct EncodedNode: Sendable {
    /// Keeps the state's storage (every blob reachable from its root) alive.
    let handle: StateHandle
    let blob: Blob
    /// Offset of the node's tag in the blob; never a reference (those are
    /// followed when the node is made).
    let offset: Int

    /// A node at `offset`, following a reference to a shared blob's root
    /// or to a subtree stored once in the blob's table.
    @inline(__always) init(handle: StateHandle, blob: Blob, offset: Int) {
        self.handle = handle
        (self.blob, self.offset) = Self.resolve(blob, offset)
    }

    /// The blob and offset of the node at `offset`, references followed.
    @inline(__always) static func resolve(_ blob: Blob, _ offset: Int) -> (Blob, Int) {
        switch blob.byte(offset) {
        case Format.ref: return (blob.child(blob.int(offset + 1).value), 0)
        case Format.tableNode: return (blob, blob.tableEntry(blob.int(offset + 1).value))
        default: return (blob, offset)
        }
    }

    /// A node of the same state.
    @inline(__always) func node(_ blob: Blob, _ offset: Int) -> EncodedNode {
        EncodedNode(handle: handle, blob: blob, offset: offset)
    }

    /// The node types of `Value.Content`.
    public enum Kind: Sendable, Equatable {
        case null, bool, int, uint, float, string, sequence, mapping
    }

    @inline(__always) var tag: UInt8 { blob.byte(offset) }

    /// What the node is, without reading its payload.
    public var kind: Kind {
        switch tag {
        case Format.null: return .null
        case Format.falseValue, Format.trueValue: return .bool
        case Format.int: return .int
        case Format.uint: return .uint
        case Format.float: return .float
        case Format.string, Format.tableString: return .string
        case Format.mapping, Format.hashedMapping: return .mapping
        default: return .sequence
        }
    }

    /// Kind tests for the common checks, one byte read each.
    public var isNull: Bool { tag == Format.null }
    /// Whether ``subscript(key:)`` and ``members`` apply.
    public var isMapping: Bool { Self.isMappingTag(tag) }
    /// Whether ``element(_:)`` and ``elements`` apply.
    public var isSequence: Bool { Self.isSequenceTag(tag) }

    @inline(__always) static func isSequenceTag(_ tag: UInt8) -> Bool {
        tag == Format.sequence || tag == Format.indexedSequence2 || tag == Format.indexedSequence4
    }

    @inline(__always) static func isMappingTag(_ tag: UInt8) -> Bool {
        tag == Format.mapping || tag == Format.hashedMapping
    }

    /// Member count of the mapping at `p`, and where its first member starts.
    @inline(__always) static func firstMember(_ blob: Blob, _ p: Int) -> (count: Int, start: Int) {
        let (count, afterCount) = blob.int(p + 1)
        let start = blob.int(afterCount).next
        return blob.byte(p) == Format.mapping ? (count, start) : (count, start + Format.slotCount(count) * 2)
    }

    // MARK: - Containers

    /// Members of a mapping or elements of a sequence; 0 for scalars.
    public var count: Int {
        let t = tag
        guard Self.isMappingTag(t) || Self.isSequenceTag(t) else { return 0 }
        return blob.int(offset + 1).value
    }

    /// Count, and where the elements (or the offset table) start.
    @inline(__always) private var contents: (count: Int, start: Int) {
        let (count, afterCount) = blob.int(offset + 1)
        return (count, blob.int(afterCount).next)
    }

    /// The value of the first member named `key`; nil when there is none
    /// or this is not a mapping. Keys compare by their UTF-8 bytes.
    public subscript(key: String) -> EncodedNode? {
        let t = tag
        guard Self.isMappingTag(t) else { return nil }
        var key = key
        return key.withUTF8 { k -> EncodedNode? in
            let blob = self.blob
            if t == Format.hashedMapping {
                guard let valueStart = Self.hashedLookup(blob, offset, k) else { return nil }
                return node(blob, valueStart)
            }
            var (count, p) = contents
            while count > 0 {
                let (index, valueStart) = blob.int(p)
                let (length, at) = blob.int(blob.tableEntry(index))
                if length == k.count, blob.bytesEqual(at, k) { return node(blob, valueStart) }
                p = Self.skip(blob, valueStart)
                count -= 1
            }
            return nil
        }
    }

    /// Where the value of member `key` of the hashed mapping at `p` starts.
    private static func hashedLookup(_ blob: Blob, _ p: Int, _ key: UnsafeBufferPointer<UInt8>) -> Int? {
        let (count, afterCount) = blob.int(p + 1)
        let slots = blob.int(afterCount).next
        let slotCount = Format.slotCount(count)
        let members = slots + slotCount * 2
        let mask = slotCount - 1
        var slot = Int(truncatingIfNeeded: ByteKeyTable.hash(UnsafeRawBufferPointer(key))) & mask
        while true {
            let entry = blob.fixed(slots + slot * 2, width: 2)
            if entry == 0 { return nil }
            let (index, valueStart) = blob.int(members + entry - 1)
            let (length, at) = blob.int(blob.tableEntry(index))
            if length == key.count, blob.bytesEqual(at, key) {
                return valueStart
            }
            slot = (slot + 1) & mask
        }
    }

    /// Walks a chain of mapping keys; nil as soon as one is missing.
    public func at(_ keys: String...) -> EncodedNode? {
        var current = self
        for k in keys {
            guard let next = current[k] else { return nil }
            current = next
        }
        return current
    }

    /// Element `i` of a sequence; nil out of range or for other kinds.
    /// Constant time: long sequences keep the offset of every eighth
    /// element.
    public func element(_ i: Int) -> EncodedNode? {
        let t = tag
        guard Self.isSequenceTag(t), i >= 0 else { return nil }
        let (count, start) = contents
        guard i < count else { return nil }
        var p: Int
        var skips: Int
        if t == Format.sequence {
            p = start
            skips = i
        } else {
            let width = t == Format.indexedSequence2 ? 2 : 4
            let entries = (count + Format.indexStride - 1) / Format.indexStride
            let elements = start + entries * width
            p = elements + blob.fixed(start + (i / Format.indexStride) * width, width: width)
            skips = i % Format.indexStride
        }
        while skips > 0 {
            p = Self.skip(blob, p)
            skips -= 1
        }
        return node(blob, p)
    }

    /// Where the first element of a sequence starts (after any offset table).
    @inline(__always) var firstElement: (count: Int, start: Int) { Self.firstElement(blob, offset) }

    @inline(__always) static func firstElement(_ blob: Blob, _ p: Int) -> (count: Int, start: Int) {
        let t = blob.byte(p)
        let (count, afterCount) = blob.int(p + 1)
        let start = blob.int(afterCount).next
        if t == Format.sequence { return (count, start) }
        let width = t == Format.indexedSequence2 ? 2 : 4
        return (count, start + (count + Format.indexStride - 1) / Format.indexStride * width)
    }

    /// The key of member `i` of a mapping (linear in `i`: iterate
    /// ``members`` to visit them all).
    public func key(at i: Int) -> String {
        member(at: i).key
    }

    /// The value of member `i` of a mapping (linear in `i`).
    public func value(at i: Int) -> EncodedNode {
        member(at: i).value
    }

    private func member(at i: Int) -> Member {
        precondition(isMapping && i >= 0 && i < count, "member index out of range")
        var p = Self.firstMember(blob, offset).start
        for _ in 0..<i { p = Self.skip(blob, blob.int(p).next) }
        return Member(node: self, at: p)
    }

    /// The members of a mapping in order (empty for other kinds).
    public var members: Members { Members(self) }

    /// The elements of a sequence in order (empty for other kinds).
    public var elements: Elements { Elements(self) }

    /// A mapping member: its key is read from the string table on demand.
    public struct Member: Sendable {
        /// The mapping's blob (the value may live in another).
        let blob: Blob
        let keyIndex: Int
        public let value: EncodedNode

        init(node: EncodedNode, at p: Int) {
            let (index, valueStart) = node.blob.int(p)
            self.blob = node.blob
            self.keyIndex = index
            self.value = node.node(node.blob, valueStart)
        }

        /// The key as a `String` (allocates for keys over 15 bytes; use
        /// ``keyEquals(_:)`` to test it).
        public var key: String { blob.tableString(keyIndex) }

        /// Whether the key is `s`, byte for byte, without allocating.
        public func keyEquals(_ s: String) -> Bool {
            let (length, at) = blob.int(blob.tableEntry(keyIndex))
            return blob.bytesEqual(at, count: length, s)
        }

        /// Byte range of the key's UTF-8 in `blob`.
        var keyBytes: (offset: Int, count: Int) {
            let (length, at) = blob.int(blob.tableEntry(keyIndex))
            return (at, length)
        }
    }

    /// A mapping's members, read one after the other (each in constant
    /// time, as the iterator keeps its position).
    public struct Members: Sequence, Sendable {
        let node: EncodedNode

        init(_ node: EncodedNode) { self.node = node }

        public var underestimatedCount: Int { node.isMapping ? node.count : 0 }

        public func makeIterator() -> Iterator {
            guard node.isMapping else { return Iterator(node: node, p: 0, remaining: 0) }
            let (count, start) = EncodedNode.firstMember(node.blob, node.offset)
            return Iterator(node: node, p: start, remaining: count)
        }

        /// The position of the next member.
        public struct Iterator: IteratorProtocol {
            let node: EncodedNode
            var p: Int
            var remaining: Int

            public mutating func next() -> Member? {
                guard remaining > 0 else { return nil }
                remaining -= 1
                let member = Member(node: node, at: p)
                p = EncodedNode.skip(node.blob, node.blob.int(p).next)
                return member
            }
        }
    }

    /// A sequence's elements, read one after the other.
    public struct Elements: Sequence, Sendable {
        let node: EncodedNode

        init(_ node: EncodedNode) { self.node = node }

        public var underestimatedCount: Int { node.isSequence ? node.count : 0 }

        public func makeIterator() -> Iterator {
            guard node.isSequence else { return Iterator(node: node, p: 0, remaining: 0) }
            let (count, start) = node.firstElement
            return Iterator(node: node, p: start, remaining: count)
        }

        /// The position of the next element.
        public struct Iterator: IteratorProtocol {
            let node: EncodedNode
            var p: Int
            var remaining: Int

            public mutating func next() -> EncodedNode? {
                guard remaining > 0 else { return nil }
                remaining -= 1
                let element = node.node(node.blob, p)
                p = EncodedNode.skip(node.blob, p)
                return element
            }
        }
    }

    /// The offset after the node at `p` (whose bytes are not read beyond
    /// its header).
    @inline(__always) static func skip(_ blob: Blob, _ p: Int) -> Int {
        switch blob.byte(p) {
        case Format.null, Format.falseValue, Format.trueValue: return p + 1
        case Format.int, Format.uint, Format.tableString, Format.ref, Format.tableNode: return blob.int(p + 1).next
        case Format.float: return p + 9
        case Format.string:
            let (length, at) = blob.int(p + 1)
            return at + length
        default:
            let afterCount = blob.int(p + 1).next
            let (length, at) = blob.int(afterCount)
            return at + length
        }
    }

    // MARK: - Scalars

    /// The UTF-8 bytes of a string node.
    @inline(__always) private var stringBytes: (offset: Int, count: Int)? { Self.stringBytes(blob, offset) }

    @inline(__always) static func stringBytes(_ blob: Blob, _ p: Int) -> (offset: Int, count: Int)? {
        switch blob.byte(p) {
        case Format.string:
            let (length, at) = blob.int(p + 1)
            return (at, length)
        case Format.tableString:
            let (length, at) = blob.int(blob.tableEntry(blob.int(p + 1).value))
            return (at, length)
        default:
            return nil
        }
    }

    /// The string value (allocates for strings over 15 bytes; use
    /// ``stringEquals(_:)`` to test it).
    public var string: String? {
        switch tag {
        case Format.string:
            let (length, at) = blob.int(offset + 1)
            return blob.string(at, count: length)
        case Format.tableString:
            return blob.tableString(blob.int(offset + 1).value)
        default:
            return nil
        }
    }

    /// Whether this is a string equal to `s` (as `String` compares);
    /// allocation-free when the bytes are equal or either side is ASCII.
    public func stringEquals(_ s: String) -> Bool {
        guard let (at, length) = stringBytes.map({ ($0.offset, $0.count) }) else { return false }
        if blob.bytesEqual(at, count: length, s) { return true }
        // Different bytes can still be canonically equivalent Unicode.
        if blob.isASCII(at, count: length) && s.utf8.allSatisfy({ $0 < 0x80 }) { return false }
        return blob.string(at, count: length) == s
    }

    /// The boolean value.
    public var bool: Bool? {
        switch tag {
        case Format.trueValue: return true
        case Format.falseValue: return false
        default: return nil
        }
    }

    /// The integer value, for `int` and for `uint` that fits (as `Value.int64`).
    public var int64: Int64? {
        switch tag {
        case Format.int: return Format.unzigzag(blob.varint(offset + 1).value)
        case Format.uint:
            let u = blob.varint(offset + 1).value
            return u <= UInt64(Int64.max) ? Int64(u) : nil
        default: return nil
        }
    }

    /// The integer value, for `uint` and for non-negative `int`.
    public var uint64: UInt64? {
        switch tag {
        case Format.uint: return blob.varint(offset + 1).value
        case Format.int:
            let i = Format.unzigzag(blob.varint(offset + 1).value)
            return i >= 0 ? UInt64(i) : nil
        default: return nil
        }
    }

    /// The value of a `float` node (integers are not converted, as
    /// `Value` keeps the two apart).
    public var double: Double? {
        tag == Format.float ? blob.double(offset + 1) : nil
    }

    /// Whether both nodes are the same stored bytes (shared subtrees of one
    /// pool are): O(1), false does not mean different content.
    public func sharesStorage(with other: EncodedNode) -> Bool {
        blob === other.blob && offset == other.offset
    }
}

// MARK: - Decoding

extension EncodedNode {
    /// The full `Value` (locations `.unknown`), equal (`==`) to the encoded
    /// one with the same member order.
    public func decode() -> Value {
        // `.unknown` is a global of another module, behind a lazy-initialization
        // check on every access: read it once, not once per node.
        Self.decode(blob, offset, SourceLocation.unknown)
    }

    static func decode(_ blob: Blob, _ p: Int, _ unknown: SourceLocation) -> Value {
        switch blob.byte(p) {
        case Format.null: return Value(.null, at: unknown)
        case Format.falseValue: return Value(.bool(false), at: unknown)
        case Format.trueValue: return Value(.bool(true), at: unknown)
        case Format.int: return Value(.int(Format.unzigzag(blob.varint(p + 1).value)), at: unknown)
        case Format.uint: return Value(.uint(blob.varint(p + 1).value), at: unknown)
        case Format.float: return Value(.float(blob.double(p + 1)), at: unknown)
        case Format.string:
            let (length, at) = blob.int(p + 1)
            return Value(.string(blob.string(at, count: length)), at: unknown)
        case Format.tableString:
            return Value(.string(blob.tableString(blob.int(p + 1).value)), at: unknown)
        case Format.ref, Format.tableNode:
            let (target, offset) = resolve(blob, p)
            return decode(target, offset, unknown)
        case Format.mapping, Format.hashedMapping:
            let (count, start) = firstMember(blob, p)
            var q = start
            var members: [Value.Member] = []
            members.reserveCapacity(count)
            for _ in 0..<count {
                let (index, valueStart) = blob.int(q)
                members.append(Value.Member(key: blob.tableString(index), keyLocation: unknown, value: decode(blob, valueStart, unknown)))
                q = skip(blob, valueStart)
            }
            return Value(.mapping(members), at: unknown)
        default:
            let (count, start) = firstElement(blob, p)
            var items: [Value] = []
            items.reserveCapacity(count)
            var q = start
            for _ in 0..<count {
                items.append(decode(blob, q, unknown))
                q = skip(blob, q)
            }
            return Value(.sequence(items), at: unknown)
        }
    }
}

// MARK: - Exact matching

extension EncodedNode {
    /// Whether the node at `p` decodes to exactly `value`: same kinds
    /// (`int` vs `uint`, float bit patterns), same member order, same
    /// string bytes. Then encoding `value` would produce exactly this
    /// storage, so the encoder may reuse it instead.
    static func matches(_ value: Value, _ blob: Blob, _ p: Int) -> Bool {
        let (blob, p) = resolve(blob, p)
        let tag = blob.byte(p)
        switch value.content {
        case .null: return tag == Format.null
        case .bool(let b): return tag == (b ? Format.trueValue : Format.falseValue)
        case .int(let i): return tag == Format.int && blob.varint(p + 1).value == Format.zigzag(i)
        case .uint(let u): return tag == Format.uint && blob.varint(p + 1).value == u
        case .float(let d): return tag == Format.float && blob.double(p + 1).bitPattern == d.bitPattern
        case .string(let s):
            guard let (at, count) = stringBytes(blob, p).map({ ($0.offset, $0.count) }) else { return false }
            return blob.bytesEqual(at, count: count, s)
        case .sequence(let items):
            guard isSequenceTag(tag) else { return false }
            let (count, start) = firstElement(blob, p)
            guard count == items.count else { return false }
            var q = start
            for item in items {
                guard matches(item, blob, q) else { return false }
                q = skip(blob, q)
            }
            return true
        case .mapping(let members):
            guard isMappingTag(tag) else { return false }
            let (count, start) = firstMember(blob, p)
            guard count == members.count else { return false }
            var q = start
            for m in members {
                let (index, valueStart) = blob.int(q)
                let (length, at) = blob.int(blob.tableEntry(index))
                guard blob.bytesEqual(at, count: length, m.key), matches(m.value, blob, valueStart) else { return false }
                q = skip(blob, valueStart)
            }
            return true
        }
    }
}

// MARK: - Equality and hashing

extension EncodedNode: Hashable {
    /// Content equality with `Value`'s semantics: mapping key order is
    /// ignored, `int` and `uint` differ, strings compare as `String` does.
    /// Shared storage answers at once.
    public static func == (lhs: EncodedNode, rhs: EncodedNode) -> Bool {
        if lhs.sharesStorage(with: rhs) { return true }
        let a = lhs.tag, b = rhs.tag
        switch (lhs.kind, rhs.kind) {
        case (.null, .null): return true
        case (.bool, .bool): return a == b
        case (.int, .int), (.uint, .uint): return lhs.blob.varint(lhs.offset + 1).value == rhs.blob.varint(rhs.offset + 1).value
        case (.float, .float): return lhs.double == rhs.double
        case (.string, .string):
            let (x, n) = lhs.stringBytes!, (y, m) = rhs.stringBytes!
            return sameString(lhs.blob, x, n, rhs.blob, y, m)
        case (.sequence, .sequence):
            guard lhs.count == rhs.count else { return false }
            var i = lhs.elements.makeIterator(), j = rhs.elements.makeIterator()
            while let x = i.next(), let y = j.next() {
                guard x == y else { return false }
            }
            return true
        case (.mapping, .mapping):
            return sameMembers(lhs, rhs)
        default:
            return false
        }
    }

    static func sameString(_ a: Blob, _ x: Int, _ n: Int, _ b: Blob, _ y: Int, _ m: Int) -> Bool {
        if n == m, a.bytesEqual(x, b, y, count: n) { return true }
        if a.isASCII(x, count: n) && b.isASCII(y, count: m) { return false }
        return a.string(x, count: n) == b.string(y, count: m)
    }

    /// Members pair by pair while the keys line up (the common case: one
    /// encoder wrote both), then by key lookup as `Value ==` does.
    private static func sameMembers(_ lhs: EncodedNode, _ rhs: EncodedNode) -> Bool {
        let count = lhs.count
        guard count == rhs.count else { return false }
        var i = lhs.members.makeIterator(), j = rhs.members.makeIterator()
        var same = 0
        while let x = i.next(), let y = j.next() {
            let (p, n) = x.keyBytes, (q, m) = y.keyBytes
            guard n == m, x.blob.bytesEqual(p, y.blob, q, count: n) else { break }
            guard x.value == y.value else { return false }
            same += 1
        }
        if same == count { return true }
        let left = Array(lhs.members), right = Array(rhs.members)
        if count <= 8 {
            for m in left {
                let key = m.key
                guard let other = right.first(where: { $0.key == key }), other.value == m.value else { return false }
            }
            return true
        }
        var index: [String: EncodedNode] = [:]
        for m in right { index[m.key] = m.value }
        for m in left {
            guard let other = index[m.key], other == m.value else { return false }
        }
        return true
    }

    /// Feeds exactly what `Value.hash(into:)` feeds for the decoded value,
    /// so a node and its decoded `Value` hash alike.
    public func hash(into hasher: inout Hasher) {
        switch tag {
        case Format.null: hasher.combine(0)
        case Format.falseValue: hasher.combine(false)
        case Format.trueValue: hasher.combine(true)
        case Format.int: hasher.combine(int64!)
        case Format.uint: hasher.combine(blob.varint(offset + 1).value)
        case Format.float: hasher.combine(double!)
        case Format.string, Format.tableString: hasher.combine(string!)
        case Format.mapping, Format.hashedMapping:
            var acc = 0
            for member in members {
                var h = Hasher()
                h.combine(member.key)
                member.value.hash(into: &h)
                acc ^= h.finalize()
            }
            hasher.combine(count)
            hasher.combine(acc)
        default:
            hasher.combine(count)
            for element in elements { element.hash(into: &hasher) }
        }
    }

    /// Equal for equal content within a process (consistent with `==`),
    /// and equal to the decoded `Value`'s `hashValue`.
    public var contentHash: Int { hashValue }
}
