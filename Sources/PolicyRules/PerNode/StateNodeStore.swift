import SourceModel

/// How node states are stored: a tree the per-node code navigates.
public typealias StateNode = Value

/// Keeps node states; one per cluster view, shared by its copies.
public final class StateNodeStore: Sendable {
    public init() {}

    func store(_ value: Value) -> StateNode { value }
}
