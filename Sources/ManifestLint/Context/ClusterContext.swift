import SourceModel

/// An object read from a context file (`--nodes`, `--states`, `--previous`),
/// with where it came from so that a rule can point at it.
public struct ContextObject: Sendable {
    public var value: Value
    public var file: String
    /// Document index in `file`; items of a `List` share it.
    public var documentIndex: Int

    public init(value: Value, file: String, documentIndex: Int) {
        self.value = value
        self.file = file
        self.documentIndex = documentIndex
    }

    public var name: String? { value.at("metadata", "name")?.string }
}

/// What lint knows about a cluster beyond the manifests themselves.
///
/// Loaded from `--nodes` (Node objects, e.g. `kubectl get nodes -o yaml`),
/// `--states` (NodeNetworkStates, `kubectl get nns -o yaml`) and
/// `--previous` (the NNCPs as they are applied now, e.g. the manifests of
/// the target branch). Cluster-aware rules read it through a
/// ``RunWideCheck`` added to ``LintOptions/runChecks``; the built-in checks
/// do not depend on it, so an empty context changes nothing.
public struct ClusterContext: Sendable {
    public var nodes: [ContextObject]
    public var states: [ContextObject]
    public var previous: [ContextObject]

    public init(nodes: [ContextObject] = [], states: [ContextObject] = [], previous: [ContextObject] = []) {
        self.nodes = nodes
        self.states = states
        self.previous = previous
    }

    public var isEmpty: Bool { nodes.isEmpty && states.isEmpty && previous.isEmpty }

    /// The NodeNetworkState of node `name` (states are named after their node).
    public func state(ofNode name: String) -> ContextObject? {
        states.first { $0.name == name }
    }

    /// The previously applied NNCP named `name`.
    public func previousPolicy(named name: String) -> ContextObject? {
        previous.first { $0.name == name }
    }
}
