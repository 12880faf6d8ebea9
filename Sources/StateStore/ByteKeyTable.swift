#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A map from byte strings to integers, for the encoder's per-blob tables
/// (keys and strings seen, small subtrees seen).
///
/// The encoder looks up every key and string of a state, so this replaces
/// `Dictionary`, whose SipHash seeding and finalization cost more than the
/// rest of writing a member. Keys are copied into one arena (no allocation
/// per key), hashed with a fast multiplicative hash seeded once per
/// process (so inputs cannot be crafted offline to collide), and compared
/// byte for byte: "é" precomposed and decomposed are different keys,
/// because the encoding must keep every string's bytes.
struct ByteKeyTable {
    private var slots: [Int32] = Array(repeating: -1, count: 64)
    private var hashes: [UInt64] = []
    private var starts: [Int32] = []
    private var lengths: [Int32] = []
    private var slotOf: [Int32] = []
    private(set) var values: [Int] = []
    private var arena: [UInt8] = []
    /// ``seed``, copied so that hashing does not check a lazy global.
    private let seed = ByteKeyTable.seed

    /// The per-process seed.
    static let seed: UInt64 = {
        var h = Hasher()
        h.combine(0x5EED)
        return UInt64(bitPattern: Int64(h.finalize())) | 1
    }()

    var count: Int { values.count }

    /// Empties the table, keeping its capacity (clearing only used slots).
    mutating func reset() {
        for s in slotOf { slots[Int(s)] = -1 }
        hashes.removeAll(keepingCapacity: true)
        starts.removeAll(keepingCapacity: true)
        lengths.removeAll(keepingCapacity: true)
        slotOf.removeAll(keepingCapacity: true)
        values.removeAll(keepingCapacity: true)
        arena.removeAll(keepingCapacity: true)
    }

    static func hash(_ key: UnsafeRawBufferPointer, seed: UInt64 = ByteKeyTable.seed) -> UInt64 {
        let n = key.count
        var h = seed ^ (UInt64(n) &* 0x9E37_79B9_7F4A_7C15)
        @inline(__always) func mix(_ w: UInt64) {
            h = (h ^ w) &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 31
        }
        if n >= 8 {
            var i = 0
            while i + 8 <= n {
                mix(key.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                i += 8
            }
            // The last (overlapping) eight bytes cover the tail in one load.
            if i < n { mix(key.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)) }
        } else if n >= 4 {
            let first = UInt64(key.loadUnaligned(fromByteOffset: 0, as: UInt32.self))
            let last = UInt64(key.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self))
            mix(first << 32 | last)
        } else if n > 0 {
            mix(UInt64(key[0]) << 16 | UInt64(key[n / 2]) << 8 | UInt64(key[n - 1]))
        }
        h ^= h >> 32
        h &*= 0x94D0_49BB_1331_11EB
        return h ^ (h >> 29)
    }

    /// The entry holding `key`, if any, and the slot where it would go.
    private func probe(_ key: UnsafeRawBufferPointer, _ hash: UInt64) -> (entry: Int?, slot: Int) {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let e = Int(slots[slot])
            if e < 0 { return (nil, slot) }
            if hashes[e] == hash, Int(lengths[e]) == key.count {
                let same = arena.withUnsafeBytes { a in
                    key.count == 0 || memcmp(a.baseAddress! + Int(starts[e]), key.baseAddress!, key.count) == 0
                }
                if same { return (e, slot) }
            }
            slot = (slot + 1) & mask
        }
    }

    /// The entry of `key`, inserted (with value `initial`) if new.
    mutating func entry(_ key: UnsafeRawBufferPointer, initial: Int) -> (entry: Int, isNew: Bool) {
        let hash = Self.hash(key, seed: seed)
        let (found, slot) = probe(key, hash)
        if let found { return (found, false) }
        let entry = values.count
        slots[slot] = Int32(entry)
        slotOf.append(Int32(slot))
        hashes.append(hash)
        starts.append(Int32(arena.count))
        lengths.append(Int32(key.count))
        values.append(initial)
        arena.append(contentsOf: key)
        if values.count * 2 > slots.count { grow() }
        return (entry, true)
    }

    /// Replaces an entry's value.
    mutating func setValue(_ value: Int, at entry: Int) {
        values[entry] = value
    }

    private mutating func grow() {
        slots = Array(repeating: -1, count: slots.count * 2)
        let mask = slots.count - 1
        for e in 0..<values.count {
            var slot = Int(truncatingIfNeeded: hashes[e]) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(e)
            slotOf[e] = Int32(slot)
        }
    }
}
