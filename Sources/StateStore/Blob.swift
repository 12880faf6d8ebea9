#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One immutable unit of encoded storage: the bytes of one subtree (in the
/// format of ``Format``), its string table, and the shared subtrees
/// (blobs) it points at.
///
/// This is the only type of the module that touches raw memory, and the
/// only `@unchecked Sendable` one. A blob is one raw allocation, not a
/// Swift object:
///
///     [header: 48 bytes][bytes: node, string data, string table][padding to 8][child pointers]
///
/// so reading it costs no reference counting, no exclusivity checks and no
/// bounds checks: navigation is pointer arithmetic on immutable memory. The
/// bytes and children are written completely in ``make(bytes:table:children:hash:strings:)``,
/// before any other thread can see the blob, and never change. Only the
/// header's reference count changes, and only under the owning pool's
/// lock (``PoolCore``); readers never read it. A blob is freed when that
/// count drops to zero, which happens only once no state can reach it (see
/// ``StatePool`` for the ownership rules), so a reader holding a state
/// never sees freed memory.
struct Blob: @unchecked Sendable {
    /// The first byte of the byte region (the root node).
    let base: UnsafePointer<UInt8>

    private static let headerSize = 48
    private static let countOffset = 0
    private static let hashOffset = 8
    private static let byteCountOffset = 16
    private static let childCountOffset = 20
    private static let tableStartOffset = 24
    private static let tableCountOffset = 28
    private static let tableWidthOffset = 32
    private static let stringsOffset = 40

    private init(base: UnsafePointer<UInt8>) {
        self.base = base
    }

    @inline(__always) private var header: UnsafeRawPointer { UnsafeRawPointer(base) - Self.headerSize }

    @inline(__always) private func field(_ offset: Int) -> Int {
        Int(header.load(fromByteOffset: offset, as: UInt32.self))
    }

    // MARK: - Life cycle (only under the pool's lock)

    /// Allocates a blob with a reference count of one, taking over one
    /// reference to each child. `strings`, when given, are the table's
    /// entries as `String`s (nil for node entries), kept so that decoding
    /// the blob makes no string copies: worth it for the few large shared
    /// blobs (feature maps) whose keys are decoded over and over.
    static func make(bytes: UnsafeRawBufferPointer, table: (start: Int, count: Int, width: Int), children: [Blob], hash: Int, strings: [String?]?) -> Blob {
        let childStart = headerSize + ((bytes.count + 7) & ~7)
        let raw = UnsafeMutableRawPointer.allocate(byteCount: childStart + children.count * 8, alignment: 8)
        raw.storeBytes(of: 1, toByteOffset: countOffset, as: Int.self)
        raw.storeBytes(of: hash, toByteOffset: hashOffset, as: Int.self)
        raw.storeBytes(of: UInt32(bytes.count), toByteOffset: byteCountOffset, as: UInt32.self)
        raw.storeBytes(of: UInt32(children.count), toByteOffset: childCountOffset, as: UInt32.self)
        raw.storeBytes(of: UInt32(table.start), toByteOffset: tableStartOffset, as: UInt32.self)
        raw.storeBytes(of: UInt32(table.count), toByteOffset: tableCountOffset, as: UInt32.self)
        raw.storeBytes(of: UInt32(table.width), toByteOffset: tableWidthOffset, as: UInt32.self)
        raw.storeBytes(of: 0, toByteOffset: tableWidthOffset + 4, as: UInt32.self)
        let cache = strings.map { Unmanaged.passRetained(StringCache($0)).toOpaque() }
        raw.storeBytes(of: UnsafeRawPointer(cache), toByteOffset: stringsOffset, as: UnsafeRawPointer?.self)
        if let source = bytes.baseAddress, bytes.count > 0 {
            (raw + headerSize).copyMemory(from: source, byteCount: bytes.count)
        }
        for (i, child) in children.enumerated() {
            raw.storeBytes(of: UnsafeRawPointer(child.base), toByteOffset: childStart + i * 8, as: UnsafeRawPointer.self)
        }
        return Blob(base: (raw + headerSize).assumingMemoryBound(to: UInt8.self))
    }

    /// The reference count: references from parent blobs and from states.
    var referenceCount: Int {
        get { header.load(fromByteOffset: Self.countOffset, as: Int.self) }
        nonmutating set { UnsafeMutableRawPointer(mutating: header).storeBytes(of: newValue, toByteOffset: Self.countOffset, as: Int.self) }
    }

    /// Frees the memory (the caller has released the children).
    func deallocate() {
        if let cache = header.load(fromByteOffset: Self.stringsOffset, as: UnsafeRawPointer?.self) {
            Unmanaged<StringCache>.fromOpaque(cache).release()
        }
        UnsafeMutableRawPointer(mutating: header).deallocate()
    }

    /// Table entry `index` as a ready `String`, when the blob keeps them.
    @inline(__always) func cachedString(_ index: Int) -> String? {
        guard let cache = header.load(fromByteOffset: Self.stringsOffset, as: UnsafeRawPointer?.self) else { return nil }
        return Unmanaged<StringCache>.fromOpaque(cache).takeUnretainedValue().strings[index]
    }

    /// Table entry `index` (a string) as a `String`.
    @inline(__always) func tableString(_ index: Int) -> String {
        if let s = cachedString(index) { return s }
        let (length, at) = int(tableEntry(index))
        return string(at, count: length)
    }

    // MARK: - Reading

    @inline(__always) var hash: Int { header.load(fromByteOffset: Self.hashOffset, as: Int.self) }
    @inline(__always) var byteCount: Int { field(Self.byteCountOffset) }
    @inline(__always) var childCount: Int { field(Self.childCountOffset) }

    /// Heap bytes of this blob, rounded up as malloc does.
    var allocatedBytes: Int {
        let payload = Self.headerSize + ((byteCount + 7) & ~7) + childCount * 8
        return (payload + 15) & ~15
    }

    static func === (a: Blob, b: Blob) -> Bool { a.base == b.base }
    static func !== (a: Blob, b: Blob) -> Bool { a.base != b.base }

    @inline(__always) func byte(_ offset: Int) -> UInt8 {
        base[offset]
    }

    /// An unsigned LEB128 number at `offset` and the offset after it.
    @inline(__always) func varint(_ offset: Int) -> (value: UInt64, next: Int) {
        var b = base[offset]
        if b < 0x80 { return (UInt64(b), offset + 1) }
        var result = UInt64(b & 0x7f), shift: UInt64 = 7, at = offset + 1
        repeat {
            b = base[at]
            result |= UInt64(b & 0x7f) << shift
            shift += 7
            at += 1
        } while b >= 0x80
        return (result, at)
    }

    @inline(__always) func int(_ offset: Int) -> (value: Int, next: Int) {
        let (v, next) = varint(offset)
        return (Int(truncatingIfNeeded: v), next)
    }

    func double(_ offset: Int) -> Double {
        Double(bitPattern: UInt64(littleEndian: UnsafeRawPointer(base + offset).loadUnaligned(as: UInt64.self)))
    }

    /// A fixed-width little-endian offset (2 or 4 bytes) at `offset`.
    @inline(__always) func fixed(_ offset: Int, width: Int) -> Int {
        let raw = UnsafeRawPointer(base + offset)
        return width == 2 ? Int(UInt16(littleEndian: raw.loadUnaligned(as: UInt16.self)))
                          : Int(UInt32(littleEndian: raw.loadUnaligned(as: UInt32.self)))
    }

    /// Where entry `index` of the string table starts (a string's length
    /// varint, or a node's tag).
    @inline(__always) func tableEntry(_ index: Int) -> Int {
        let width = field(Self.tableWidthOffset)
        return fixed(field(Self.tableStartOffset) + index * width, width: width)
    }

    @inline(__always) func child(_ index: Int) -> Blob {
        let childStart = (byteCount + 7) & ~7
        let pointer = UnsafeRawPointer(base + childStart).load(fromByteOffset: index * 8, as: UnsafeRawPointer.self)
        return Blob(base: pointer.assumingMemoryBound(to: UInt8.self))
    }

    func string(_ offset: Int, count: Int) -> String {
        String(decoding: UnsafeBufferPointer(start: base + offset, count: count), as: UTF8.self)
    }

    /// Whether `count` bytes at `offset` are the UTF-8 of `s`; no allocation
    /// for native strings.
    @inline(__always) func bytesEqual(_ offset: Int, count: Int, _ s: String) -> Bool {
        var s = s
        return s.withUTF8 { utf8 in
            utf8.count == count && (count == 0 || memcmp(base + offset, utf8.baseAddress!, count) == 0)
        }
    }

    /// Whether the bytes at `offset` start with `utf8` (the caller has
    /// checked the length).
    @inline(__always) func bytesEqual(_ offset: Int, _ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        utf8.count == 0 || memcmp(base + offset, utf8.baseAddress!, utf8.count) == 0
    }

    /// Whether the byte ranges are equal (between this blob and another).
    @inline(__always) func bytesEqual(_ offset: Int, _ other: Blob, _ otherOffset: Int, count: Int) -> Bool {
        count == 0 || memcmp(base + offset, other.base + otherOffset, count) == 0
    }

    /// Whether `count` bytes at `offset` are all ASCII.
    func isASCII(_ offset: Int, count: Int) -> Bool {
        var i = 0
        while i < count {
            if base[offset + i] >= 0x80 { return false }
            i += 1
        }
        return true
    }

    /// Whether this blob holds exactly these bytes, table and children (the
    /// intern table's collision check: equal hashes never merge different
    /// content).
    func holds(_ bytes: UnsafeRawBufferPointer, table: (start: Int, count: Int, width: Int), children: [Blob]) -> Bool {
        guard byteCount == bytes.count, childCount == children.count,
              field(Self.tableStartOffset) == table.start, field(Self.tableCountOffset) == table.count else { return false }
        for (i, c) in children.enumerated() where child(i) !== c { return false }
        return bytes.count == 0 || memcmp(base, bytes.baseAddress!, bytes.count) == 0
    }
}

/// The decoded strings of a blob's table (immutable once made).
final class StringCache: Sendable {
    let strings: [String?]

    init(_ strings: [String?]) {
        self.strings = strings
    }
}
