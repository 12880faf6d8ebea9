import SourceModel

/// The bytes of one blob while it is being written.
///
/// A struct passed `inout` down the encoder's recursion (a class would pay
/// a dynamic exclusivity check on every byte appended); the encoder keeps
/// spare builders so their buffers are reused across encodes.
struct BlobBuilder {
    var bytes: [UInt8] = []
    /// Key strings and repeated value strings, each as varint length + UTF-8.
    var data: [UInt8] = []
    /// Offsets in `data` of the string table entries.
    var table: [Int] = []
    /// The table's string entries as `String`s (nil for node entries), for
    /// the blobs that keep them (``Blob/make(bytes:table:children:hash:strings:)``).
    var tableStrings: [String?] = []
    /// String → table index, or -1 for a value string seen once (stored
    /// inline, promoted to the table at its second occurrence).
    var strings = ByteKeyTable()
    /// Bytes of a small inline container → table index, or -1 when seen
    /// once: repeated small subtrees (`{enabled: false}`, a VLAN's feature
    /// map) are stored once per blob, like repeated strings.
    var subtrees = ByteKeyTable()
    /// Child blobs, each holding one reference taken for this builder.
    var children: [Blob] = []
    var childIndex: [UnsafePointer<UInt8>: Int] = [:]
    /// Extra references taken to children listed once (to be released).
    var surplus: [Blob] = []
    /// Whether a named sequence element (or a container holding one) was
    /// written inline here: such a subtree is unique to its state, so it
    /// must not become a shared blob.
    var holdsNamed = false
    /// Header bytes of the container being closed (reused).
    var header: [UInt8] = []

    /// Empties the builder, keeping its capacity. The caller has handed
    /// `children` and `surplus` to the pool or released them.
    mutating func reset() {
        bytes.removeAll(keepingCapacity: true)
        data.removeAll(keepingCapacity: true)
        table.removeAll(keepingCapacity: true)
        tableStrings.removeAll(keepingCapacity: true)
        strings.reset()
        subtrees.reset()
        children.removeAll(keepingCapacity: true)
        childIndex.removeAll(keepingCapacity: true)
        surplus.removeAll(keepingCapacity: true)
        holdsNamed = false
    }

    @inline(__always) mutating func writeVarint(_ v: UInt64) {
        var v = v
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(truncatingIfNeeded: v))
    }

    /// Appends a table entry for `utf8` (a length-prefixed string in `data`).
    private mutating func appendData(_ utf8: UnsafeRawBufferPointer, _ string: String) -> Int {
        let index = table.count
        table.append(data.count)
        tableStrings.append(string)
        var v = UInt64(utf8.count)
        while v >= 0x80 {
            data.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        data.append(UInt8(truncatingIfNeeded: v))
        data.append(contentsOf: utf8)
        return index
    }

    mutating func keyIndex(_ key: String) -> Int {
        var source = key
        return source.withUTF8 { utf8 in
            let raw = UnsafeRawBufferPointer(utf8)
            let (entry, isNew) = strings.entry(raw, initial: -1)
            let known = strings.values[entry]
            if !isNew, known >= 0 { return known }
            let index = appendData(raw, key)
            strings.setValue(index, at: entry)
            return index
        }
    }

    mutating func writeString(_ s: String) {
        var source = s
        source.withUTF8 { utf8 in
            let raw = UnsafeRawBufferPointer(utf8)
            // One- and zero-byte strings cost no more inline than as a reference.
            if utf8.count > 1 {
                let (entry, isNew) = strings.entry(raw, initial: -1)
                if !isNew {
                    var index = strings.values[entry]
                    if index < 0 {
                        index = appendData(raw, s)
                        strings.setValue(index, at: entry)
                    }
                    bytes.append(Format.tableString)
                    writeVarint(UInt64(index))
                    return
                }
            }
            bytes.append(Format.string)
            writeVarint(UInt64(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }

    /// Replaces the container just written from `start` by a table
    /// reference when an identical one was written before in this blob.
    mutating func shareTail(from start: Int) {
        // Below four bytes a reference (up to three) saves nothing.
        guard bytes.count - start >= 4 else { return }
        let (entry, isNew) = bytes[start...].withUnsafeBytes { subtrees.entry($0, initial: -1) }
        guard !isNew else { return }
        var index = subtrees.values[entry]
        if index < 0 {
            index = table.count
            table.append(data.count)
            tableStrings.append(nil)
            data.append(contentsOf: bytes[start...])
            subtrees.setValue(index, at: entry)
        }
        bytes.removeSubrange(start...)
        bytes.append(Format.tableNode)
        writeVarint(UInt64(index))
    }

    /// Writes a reference to `blob`, whose reference the builder now holds.
    mutating func writeRef(_ blob: Blob) {
        let id = blob.base
        let index: Int
        if let i = childIndex[id] {
            index = i
            surplus.append(blob)
        } else {
            index = children.count
            children.append(blob)
            childIndex[id] = index
        }
        bytes.append(Format.ref)
        writeVarint(UInt64(index))
    }

    /// Reserves a three-byte container header (tag, one-byte count and
    /// length) to be fixed by ``closeContainer(at:tag:count:offsets:)``.
    @inline(__always) mutating func openContainer() -> Int {
        let start = bytes.count
        bytes.append(0); bytes.append(0); bytes.append(0)
        return start
    }

    /// Writes the real header of the container opened at `start`; contents
    /// move only when the header needs more than the reserved three bytes
    /// (containers of 128 members or bytes or more, indexed sequences and
    /// hashed mappings). `offsets` (every eighth element's) make an
    /// indexed sequence, `index` (every member's offset and key hash) a
    /// hashed mapping.
    mutating func closeContainer(at start: Int, tag: UInt8, count: Int, offsets: [Int]? = nil,
                                 index: [(offset: Int, hash: UInt64)]? = nil) {
        let contentLength = bytes.count - start - 3
        header.removeAll(keepingCapacity: true)
        var tag = tag
        var tableLength = 0
        var width = 0
        if let offsets {
            width = contentLength <= Int(UInt16.max) ? 2 : 4
            tag = width == 2 ? Format.indexedSequence2 : Format.indexedSequence4
            tableLength = offsets.count * width
        }
        // A hashed mapping's slots hold 2-byte offsets: larger mappings stay plain.
        var slots: [UInt16] = []
        if let index, contentLength < Int(UInt16.max) {
            tag = Format.hashedMapping
            slots = [UInt16](repeating: 0, count: Format.slotCount(count))
            let mask = slots.count - 1
            for member in index {
                var slot = Int(truncatingIfNeeded: member.hash) & mask
                while slots[slot] != 0 { slot = (slot + 1) & mask }
                slots[slot] = UInt16(member.offset + 1)
            }
            tableLength = slots.count * 2
        }
        header.append(tag)
        appendVarint(UInt64(count), to: &header)
        appendVarint(UInt64(contentLength + tableLength), to: &header)
        if let offsets {
            for o in offsets {
                header.append(UInt8(truncatingIfNeeded: o))
                header.append(UInt8(truncatingIfNeeded: o >> 8))
                if width == 4 {
                    header.append(UInt8(truncatingIfNeeded: o >> 16))
                    header.append(UInt8(truncatingIfNeeded: o >> 24))
                }
            }
        }
        for slot in slots {
            header.append(UInt8(truncatingIfNeeded: slot))
            header.append(UInt8(truncatingIfNeeded: slot >> 8))
        }
        if header.count == 3 {
            bytes[start] = header[0]; bytes[start + 1] = header[1]; bytes[start + 2] = header[2]
        } else {
            bytes.replaceSubrange(start..<(start + 3), with: header)
        }
    }

    /// Lays the blob out as `bytes + data + table` into `out`; returns the
    /// table's position, count and entry width.
    func layOut(into out: inout [UInt8]) -> (start: Int, count: Int, width: Int) {
        out.removeAll(keepingCapacity: true)
        out.append(contentsOf: bytes)
        out.append(contentsOf: data)
        let dataStart = bytes.count
        let tableStart = out.count
        let width = tableStart <= Int(UInt16.max) ? 2 : 4
        for entry in table {
            let o = dataStart + entry
            out.append(UInt8(truncatingIfNeeded: o))
            out.append(UInt8(truncatingIfNeeded: o >> 8))
            if width == 4 {
                out.append(UInt8(truncatingIfNeeded: o >> 16))
                out.append(UInt8(truncatingIfNeeded: o >> 24))
            }
        }
        return (tableStart, table.count, width)
    }
}

@inline(__always) private func appendVarint(_ v: UInt64, to out: inout [UInt8]) {
    var v = v
    while v >= 0x80 {
        out.append(UInt8(truncatingIfNeeded: v) | 0x80)
        v >>= 7
    }
    out.append(UInt8(truncatingIfNeeded: v))
}

/// Turns one `Value` tree into blobs, asking the pool for the storage of
/// every shared subtree. Which subtrees become blobs depends only on the
/// subtree itself, never on what was encoded before, so equal subtrees
/// always encode to equal bytes and meet in the intern table.
final class Encoder {
    private var spares: [BlobBuilder] = []
    private var out: [UInt8] = []
    let threshold: Int
    /// Blobs written recently, by a fingerprint of their value (size and
    /// first and last key). A state repeats its large subtrees (forty veths
    /// with one feature map) and so do states of one cluster: checking a
    /// candidate against the value costs a fraction of encoding it. The
    /// entries hold no references; the pool checks under its lock that a
    /// blob is still stored before comparing it.
    private var recent = [Recent?](repeating: nil, count: 256)

    struct Recent {
        var fingerprint: UInt64
        var blob: Blob
        var hash: Int
    }
    /// The pool being encoded into, for the duration of one encode.
    private var core: PoolCore?

    init(threshold: Int) {
        self.threshold = threshold
    }

    /// The root blob of `value`, holding one reference for the caller.
    func encode(_ value: Value, core: PoolCore) -> Blob {
        self.core = core
        defer { self.core = nil }
        var root = takeBuilder()
        write(value, into: &root, element: false, inline: true)
        let blob = finish(&root, root: true)
        giveBack(&root)
        return blob
    }

    private func takeBuilder() -> BlobBuilder {
        spares.popLast() ?? BlobBuilder()
    }

    private func giveBack(_ b: inout BlobBuilder) {
        b.reset()
        spares.append(b)
        b = BlobBuilder()
    }

    /// Interns the builder's blob (handing over its child references).
    private func finish(_ b: inout BlobBuilder, root: Bool = false) -> Blob {
        let table = b.layOut(into: &out)
        let core = self.core!
        let children = b.children, surplus = b.surplus
        // Large shared tables (feature maps) keep their strings decoded.
        let strings = !root && table.count >= 16 ? b.tableStrings : nil
        let blob = out.withUnsafeBytes { core.intern($0, table, children, surplus: surplus, root: root, strings: strings) }
        b.children.removeAll(keepingCapacity: true)
        b.childIndex.removeAll(keepingCapacity: true)
        b.surplus.removeAll(keepingCapacity: true)
        return blob
    }

    /// Drops a builder's content without storing it, releasing its child references.
    private func discard(_ b: inout BlobBuilder) {
        core!.release(b.children + b.surplus)
        b.children.removeAll(keepingCapacity: true)
        b.surplus.removeAll(keepingCapacity: true)
        giveBack(&b)
    }

    /// Writes `value` into `b`. `element` says it is an element of a
    /// sequence; `inline` forces a container to be written here rather
    /// than considered for a blob of its own.
    /// `small` says an enclosing container was estimated below the
    /// threshold, so no container inside it needs estimating again.
    private func write(_ value: Value, into b: inout BlobBuilder, element: Bool, inline: Bool, small: Bool = false) {
        switch value.content {
        case .null: b.bytes.append(Format.null)
        case .bool(let v): b.bytes.append(v ? Format.trueValue : Format.falseValue)
        case .int(let v):
            b.bytes.append(Format.int)
            b.writeVarint(Format.zigzag(v))
        case .uint(let v):
            b.bytes.append(Format.uint)
            b.writeVarint(v)
        case .float(let v):
            b.bytes.append(Format.float)
            var bits = v.bitPattern.littleEndian
            withUnsafeBytes(of: &bits) { b.bytes.append(contentsOf: $0) }
        case .string(let s): b.writeString(s)
        case .mapping(let members):
            if inline {
                writeMapping(members, into: &b, small: small)
            } else if element && Self.isNamed(members) {
                // An nmstate interface or bridge port: unique to its state,
                // so a blob of its own would only add overhead. Its
                // children are still considered for sharing.
                b.holdsNamed = true
                writeMapping(members, into: &b, small: small)
            } else {
                writeCandidate(value, into: &b, small: small)
            }
        case .sequence(let items):
            if inline {
                writeSequence(items, into: &b, small: small)
            } else if let first = items.first, case .mapping(let members) = first.content, Self.isNamed(members) {
                // A list of named entries is as unique as they are.
                b.holdsNamed = true
                writeSequence(items, into: &b, small: small)
            } else {
                writeCandidate(value, into: &b, small: small)
            }
        }
    }

    @inline(__always) static func isNamed(_ members: [Value.Member]) -> Bool {
        members.contains { $0.key.utf8.count == 4 && $0.key == "name" }
    }

    /// A container that may be shared: inline when small, else a blob of
    /// its own unless it turns out to hold named entries.
    private func writeCandidate(_ value: Value, into b: inout BlobBuilder, small: Bool) {
        var budget = threshold
        guard !small, Self.exceeds(value, budget: &budget) else {
            let start = b.bytes.count
            write(value, into: &b, element: false, inline: true, small: true)
            b.shareTail(from: start)
            return
        }
        let fingerprint = Self.fingerprint(value)
        let slot = Int(truncatingIfNeeded: fingerprint) & (recent.count - 1)
        if let hit = recent[slot], hit.fingerprint == fingerprint, core!.reuse(hit.blob, hash: hit.hash, ifItHolds: value) {
            b.writeRef(hit.blob)
            return
        }
        var child = takeBuilder()
        write(value, into: &child, element: false, inline: true)
        if child.holdsNamed {
            discard(&child)
            b.holdsNamed = true
            write(value, into: &b, element: false, inline: true)
        } else {
            let blob = finish(&child)
            recent[slot] = Recent(fingerprint: fingerprint, blob: blob, hash: blob.hash)
            b.writeRef(blob)
            giveBack(&child)
        }
    }

    /// Size and first and last keys (or element count) of a container.
    static func fingerprint(_ value: Value) -> UInt64 {
        func hash(_ s: String) -> UInt64 {
            var s = s
            return s.withUTF8 { ByteKeyTable.hash(UnsafeRawBufferPointer($0)) }
        }
        switch value.content {
        case .mapping(let members):
            var h = UInt64(members.count) &* 0x9E37_79B9_7F4A_7C15
            if let first = members.first { h ^= hash(first.key) }
            if let last = members.last { h = (h &* 0xBF58_476D_1CE4_E5B9) ^ hash(last.key) }
            return h
        case .sequence(let items):
            return UInt64(items.count) &* 0xC2B2_AE3D_27D4_EB4F
        default:
            return 0
        }
    }

    private func writeMapping(_ members: [Value.Member], into b: inout BlobBuilder, small: Bool) {
        let start = b.openContainer()
        guard members.count >= Format.hashedMinimum else {
            for m in members {
                b.writeVarint(UInt64(b.keyIndex(m.key)))
                write(m.value, into: &b, element: false, inline: false, small: small)
            }
            b.closeContainer(at: start, tag: Format.mapping, count: members.count)
            return
        }
        var placed: [(offset: Int, hash: UInt64)] = []
        placed.reserveCapacity(members.count)
        for m in members {
            var key = m.key
            let hash = key.withUTF8 { ByteKeyTable.hash(UnsafeRawBufferPointer($0)) }
            placed.append((b.bytes.count - start - 3, hash))
            b.writeVarint(UInt64(b.keyIndex(m.key)))
            write(m.value, into: &b, element: false, inline: false, small: small)
        }
        b.closeContainer(at: start, tag: Format.mapping, count: members.count, index: placed)
    }

    private func writeSequence(_ items: [Value], into b: inout BlobBuilder, small: Bool) {
        let start = b.openContainer()
        if items.count > Format.indexedMinimum {
            var offsets: [Int] = []
            offsets.reserveCapacity((items.count + Format.indexStride - 1) / Format.indexStride)
            for (i, item) in items.enumerated() {
                if i % Format.indexStride == 0 { offsets.append(b.bytes.count - start - 3) }
                write(item, into: &b, element: true, inline: false, small: small)
            }
            b.closeContainer(at: start, tag: Format.sequence, count: items.count, offsets: offsets)
        } else {
            for item in items { write(item, into: &b, element: true, inline: false, small: small) }
            b.closeContainer(at: start, tag: Format.sequence, count: items.count)
        }
    }

    /// Whether the encoded size of `value` reaches the budget, estimated
    /// from the value alone (keys as one byte, strings inline) and stopping
    /// as soon as it does. Only the sharing granularity depends on it.
    static func exceeds(_ value: Value, budget: inout Int) -> Bool {
        switch value.content {
        case .null, .bool: budget -= 1
        case .int(let v): budget -= 1 + Format.varintSize(Format.zigzag(v))
        case .uint(let v): budget -= 1 + Format.varintSize(v)
        case .float: budget -= 9
        case .string(let s): budget -= 2 + s.utf8.count
        case .sequence(let items):
            budget -= 3
            for item in items where budget > 0 {
                if exceeds(item, budget: &budget) { return true }
            }
        case .mapping(let members):
            budget -= 3
            for m in members where budget > 0 {
                budget -= 1
                if exceeds(m.value, budget: &budget) { return true }
            }
        }
        return budget <= 0
    }
}
