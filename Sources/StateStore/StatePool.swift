import SourceModel
import Synchronization

/// Encodes `Value` trees into compact immutable storage, and stores every
/// subtree that many states have in common (feature maps, IP settings,
/// bridge options, DNS) once for all of them.
///
/// **What is shared.** Every mapping or sequence whose encoding reaches
/// ``sharingThreshold`` bytes becomes a blob of its own, looked up by its
/// bytes in the pool's intern table: an equal subtree encoded later, in any
/// state, points at the same blob. A hash match is always confirmed byte
/// for byte (and child for child), so different content is never merged.
/// Exception: sequence elements that are mappings with a `name` key
/// (nmstate interfaces, bridge ports), and the containers that hold them,
/// stay inline in their parent. They are unique to their node, so a shared
/// object per interface would cost its overhead and save nothing; their
/// children (ethtool maps, IP settings) are still shared. Smaller subtrees
/// stay inline too, where a reference would save less than a blob's
/// bookkeeping costs (repeats within one state are still stored once,
/// see ``Format``).
///
/// **Freeing.** Blobs are reference counted by the pool, not by Swift:
/// a blob counts the blobs that point at it plus the states whose root it
/// is. Each encoded state owns one small Swift object (its handle) whose
/// deinitializer releases the root; a count that drops to zero frees the
/// blob, removes it from the intern table and releases its children, so
/// memory follows the live states exactly, with no collection pass and no
/// dead table entries. Counts change only under the pool's lock (when an
/// encode finds or creates a blob, and when a state goes away), so an
/// encode can never pick up a blob that is being freed. Navigation never
/// touches counts: a node keeps its state's handle, which keeps every blob
/// reachable from the root alive.
///
/// **Concurrency.** Encoded storage is immutable, so any number of threads
/// navigate and decode states with no lock. The lock is held for one
/// lookup (or insertion, or check of a recently written subtree) per
/// shared subtree of an encode and for the release of a dropped state;
/// encodes may run on several threads at once.
public final class StatePool: Sendable {
    /// Containers estimated at this many encoded bytes or more are stored
    /// as shared blobs; smaller ones are copied inline into their parent.
    public let sharingThreshold: Int

    let core = PoolCore()
    /// An encoder kept between encodes so its scratch buffers and hash
    /// tables are reused; an encode that finds it busy builds its own.
    private let scratch: Mutex<Encoder>

    /// The default threshold: below it a subtree is mostly small scalars
    /// whose inline copy costs about as much as a reference and the blob's
    /// bookkeeping; above it sharing wins.
    public static let defaultSharingThreshold = 64

    /// A pool with no states. Pools share nothing with each other.
    public init(sharingThreshold: Int = StatePool.defaultSharingThreshold) {
        self.sharingThreshold = max(1, sharingThreshold)
        self.scratch = Mutex(Encoder(threshold: self.sharingThreshold))
    }

    /// Encodes `value` (locations are dropped). Identical values (same
    /// member order) encoded in one pool share all their storage, including
    /// the root, for as long as one of them is alive.
    public func encode(_ value: Value) -> EncodedState {
        let core = self.core
        let root = scratch.withLockIfAvailable { $0.encode(value, core: core) }
            ?? Encoder(threshold: sharingThreshold).encode(value, core: core)
        return EncodedState(handle: StateHandle(root: root, core: core))
    }

    /// Live storage and cumulative counters.
    public var statistics: StatePoolStatistics {
        core.table.withLock { $0.statistics }
    }
}

/// What a pool holds now, and what it has done since it was created.
public struct StatePoolStatistics: Sendable, Equatable {
    /// Blobs referenced by some live state: shared subtrees and state
    /// roots (identical states share their root too).
    public var liveBlobs = 0
    /// Heap bytes of the live blobs.
    public var liveBytes = 0
    /// States encoded so far.
    public var encodedStates = 0
    /// Blobs created because no live blob had their content.
    public var createdBlobs = 0
    /// Subtrees (or roots) found already stored and shared instead of stored again.
    public var reusedBlobs = 0
    /// Blobs freed because no live state used them any more.
    public var freedBlobs = 0

    /// All zero.
    public init() {}
}

/// The intern table and the reference counts, shared by a pool and the
/// handles of its states (which may outlive the pool object).
final class PoolCore: Sendable {
    let table = Mutex(InternTable())

    /// The stored blob with exactly these bytes and children (one more
    /// reference to it), created if no live blob has them. Takes over the
    /// caller's references to `children`, and releases `surplus` (extra
    /// references an encode took to children it lists once).
    func intern(_ bytes: UnsafeRawBufferPointer, _ stringTable: (start: Int, count: Int, width: Int),
                _ children: [Blob], surplus: [Blob], root: Bool, strings: [String?]?) -> Blob {
        var hash = ByteKeyTable.hash(bytes) ^ UInt64(stringTable.start)
        for child in children {
            hash = (hash ^ UInt64(UInt(bitPattern: child.base))) &* 0x9E37_79B9_7F4A_7C15
            hash ^= hash >> 29
        }
        return table.withLock { t in
            if root { t.statistics.encodedStates += 1 }
            for blob in surplus { t.release(blob) }
            if let found = t.find(hash: Int(truncatingIfNeeded: hash), bytes: bytes, table: stringTable, children: children) {
                // The found blob already holds these children.
                for child in children { t.release(child) }
                found.referenceCount += 1
                t.statistics.reusedBlobs += 1
                return found
            }
            let blob = Blob.make(bytes: bytes, table: stringTable, children: children, hash: Int(truncatingIfNeeded: hash), strings: strings)
            t.insert(blob)
            return blob
        }
    }

    /// One more reference to `blob` if it is still stored and holds
    /// exactly `value` (checked under the lock: the blob may have been
    /// freed since the caller saw it).
    func reuse(_ blob: Blob, hash: Int, ifItHolds value: Value) -> Bool {
        table.withLock { t in
            guard t.contains(blob, hash: hash), EncodedNode.matches(value, blob, 0) else { return false }
            blob.referenceCount += 1
            t.statistics.reusedBlobs += 1
            return true
        }
    }

    /// Drops references an encode took and did not hand to a blob.
    func release(_ blobs: [Blob]) {
        guard !blobs.isEmpty else { return }
        table.withLock { t in
            for blob in blobs { t.release(blob) }
        }
    }
}

/// Hash → blobs with that hash (nearly always one; different content with
/// an equal hash gets its own slot in the bucket).
struct InternTable: Sendable {
    private var buckets: [Int: Bucket] = [:]
    var statistics = StatePoolStatistics()

    enum Bucket: Sendable {
        case one(Blob)
        case many([Blob])
    }

    /// Stored blobs (for tests: must equal the live count).
    var entryCount: Int {
        buckets.values.reduce(0) { n, bucket in
            if case .many(let blobs) = bucket { return n + blobs.count }
            return n + 1
        }
    }

    func contains(_ blob: Blob, hash: Int) -> Bool {
        switch buckets[hash] {
        case nil: return false
        case .one(let stored): return stored === blob
        case .many(let stored): return stored.contains { $0 === blob }
        }
    }

    func find(hash: Int, bytes: UnsafeRawBufferPointer, table: (start: Int, count: Int, width: Int), children: [Blob]) -> Blob? {
        switch buckets[hash] {
        case nil:
            return nil
        case .one(let blob):
            return blob.holds(bytes, table: table, children: children) ? blob : nil
        case .many(let blobs):
            return blobs.first { $0.holds(bytes, table: table, children: children) }
        }
    }

    mutating func insert(_ blob: Blob) {
        statistics.createdBlobs += 1
        statistics.liveBlobs += 1
        statistics.liveBytes += blob.allocatedBytes
        switch buckets[blob.hash] {
        case nil: buckets[blob.hash] = .one(blob)
        case .one(let other): buckets[blob.hash] = .many([other, blob])
        case .many(let blobs): buckets[blob.hash] = .many(blobs + [blob])
        }
    }

    /// One reference less; at zero the blob is freed, with the references
    /// it held to its children (iteratively: no recursion however deep the
    /// tree).
    mutating func release(_ blob: Blob) {
        var pending = [blob]
        while let blob = pending.popLast() {
            let count = blob.referenceCount - 1
            blob.referenceCount = count
            guard count == 0 else { continue }
            remove(blob)
            for i in 0..<blob.childCount { pending.append(blob.child(i)) }
            statistics.liveBlobs -= 1
            statistics.liveBytes -= blob.allocatedBytes
            statistics.freedBlobs += 1
            blob.deallocate()
        }
    }

    private mutating func remove(_ blob: Blob) {
        switch buckets[blob.hash] {
        case .one: buckets[blob.hash] = nil
        case .many(var blobs):
            blobs.removeAll { $0 === blob }
            buckets[blob.hash] = blobs.count == 1 ? .one(blobs[0]) : .many(blobs)
        case nil: break
        }
    }
}

/// Owns one reference to a state's root blob, for as long as any copy of
/// the state or any node navigated from it exists. The only reference
/// counted (Swift) object per state: blobs themselves are counted by the
/// pool.
final class StateHandle: Sendable {
    let root: Blob
    let core: PoolCore

    init(root: Blob, core: PoolCore) {
        self.root = root
        self.core = core
    }

    deinit {
        core.release([root])
    }
}
