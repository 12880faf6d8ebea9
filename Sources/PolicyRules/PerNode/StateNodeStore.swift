import SourceModel
import Synchronization

/// How node states are stored: a tree the per-node code navigates.
public typealias StateNode = Value

/// Keeps node states; one per cluster view, shared by its copies.
public final class StateNodeStore: Sendable {
    private let versions = Atomic<UInt64>(0)

    public init() {}

    /// A number no other state of this store has: caches keyed by it stay
    /// valid exactly as long as a node keeps the same state.
    func nextVersion() -> UInt64 {
        versions.add(1, ordering: .relaxed).newValue
    }

    func store(_ value: Value) -> StateNode { value }
}
