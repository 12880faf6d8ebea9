import SourceModel
import StateStore
import Synchronization

/// How node states are stored: compactly encoded, navigated in place (see
/// ``StatePool``). Thousands of nodes' states share most of their content
/// (feature maps, IP settings, routes); only what is unique to a node costs
/// memory of its own.
public typealias StateNode = EncodedNode

/// Keeps node states; one per cluster view, shared by its copies.
public final class StateNodeStore: Sendable {
    private let pool = StatePool()
    private let versions = Atomic<UInt64>(0)
    /// Canonical interface forms of this store's states, by fingerprint.
    let canonicals = CanonicalForms()

    public init() {}

    func store(_ value: Value) -> StateNode { pool.encode(value).root }

    /// A number no other state of this store has: caches keyed by it stay
    /// valid exactly as long as a node keeps the same state.
    func nextVersion() -> UInt64 {
        versions.add(1, ordering: .relaxed).newValue
    }

    /// Shared storage of the states kept here.
    public var statistics: StatePoolStatistics { pool.statistics }
}
