/// The byte format of a blob.
///
/// A blob's byte region is `[root node][string data][string table]`. A node
/// is a tag byte and a payload; numbers are unsigned LEB128 ("varint")
/// unless said otherwise:
///
/// | tag | payload |
/// |---|---|
/// | `null`, `false`, `true` | none |
/// | `int` | zigzag varint (so small negative numbers stay short) |
/// | `uint` | varint |
/// | `float` | 8 bytes, little-endian bit pattern |
/// | `string` | varint length, UTF-8 |
/// | `tableString` | varint index into the blob's string table |
/// | `mapping` | varint count, varint length of the rest, then per member a varint key index into the string table and the value node |
/// | `sequence` | varint count, varint length of the rest, elements |
/// | `indexedSequence2`, `indexedSequence4` | as `sequence`, with an offset table of 2- or 4-byte offsets (relative to the first element) of every ``Format/indexStride``-th element before the elements |
/// | `hashedMapping` | as `mapping`, with an index before the members: ``slotCount(_:)`` 2-byte slots, each 0 or 1 + the offset of a member (relative to the first), placed by ``ByteKeyTable/hash(_:seed:)`` of its key with linear probing |
/// | `ref` | varint index of a child blob, whose root node stands here |
/// | `tableNode` | varint index into the string table, whose entry is a (small) container node stored once for all its occurrences in the blob |
///
/// Containers carry their byte length so a lookup skips a member's value
/// without reading it. Keys always go through the table (a key is stored
/// once per blob however many mappings use it); a string value goes
/// through it from its second occurrence in the blob, so unique values
/// (MACs, addresses, names) cost their bytes and nothing more. Small
/// containers (below the sharing threshold, so not blobs of their own)
/// that repeat within a blob go through the same table from their second
/// occurrence: a telco node's thousand VLANs carry one copy of their
/// common settings. Table entries are 2-byte offsets of a length-prefixed
/// string or of a node, or 4-byte when the blob is 64 KiB or larger.
enum Format {
    static let null: UInt8 = 0
    static let falseValue: UInt8 = 1
    static let trueValue: UInt8 = 2
    static let int: UInt8 = 3
    static let uint: UInt8 = 4
    static let float: UInt8 = 5
    static let string: UInt8 = 6
    static let tableString: UInt8 = 7
    static let mapping: UInt8 = 8
    static let sequence: UInt8 = 9
    static let indexedSequence2: UInt8 = 10
    static let indexedSequence4: UInt8 = 11
    static let ref: UInt8 = 12
    static let tableNode: UInt8 = 13
    static let hashedMapping: UInt8 = 14

    /// Mappings with at least this many members get a hash index: a key
    /// lookup in a 150-feature ethtool map probes one or two slots instead
    /// of comparing half the keys. Smaller mappings are scanned (their
    /// keys compare by length first, which rejects most in one step).
    static let hashedMinimum = 24

    /// Index slots of a hashed mapping: a power of two, at most half full.
    @inline(__always) static func slotCount(_ members: Int) -> Int {
        var n = 1
        while n < members * 2 { n <<= 1 }
        return n
    }

    /// Sequences longer than this get an offset table: below it, skipping
    /// to an element is as fast as one table read.
    static let indexedMinimum = 16
    /// One offset per this many elements: element `i` is found by reading
    /// one offset and skipping at most `indexStride - 1` elements, at an
    /// eighth of the table bytes of one offset per element.
    static let indexStride = 8

    @inline(__always) static func zigzag(_ v: Int64) -> UInt64 {
        UInt64(bitPattern: (v << 1) ^ (v >> 63))
    }

    @inline(__always) static func unzigzag(_ v: UInt64) -> Int64 {
        Int64(bitPattern: v >> 1) ^ -Int64(bitPattern: v & 1)
    }

    @inline(__always) static func varintSize(_ v: UInt64) -> Int {
        var n = 1, v = v
        while v >= 0x80 { v >>= 7; n += 1 }
        return n
    }
}
