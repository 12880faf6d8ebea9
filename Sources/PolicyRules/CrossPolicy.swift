import SourceModel

/// One NNCP among a set checked together (the linter's inputs, or the
/// cluster's cached policies plus the one being admitted).
public struct PolicyEntry: Sendable {
    /// `metadata.name`.
    public var name: String
    /// The whole object.
    public var object: Value
    /// Where it came from (a file path for lint); used only for messages.
    public var origin: String?

    public init(name: String, object: Value, origin: String? = nil) {
        self.name = name
        self.object = object
        self.origin = origin
    }
}

/// A finding that concerns one policy of a set because of another.
public struct CrossPolicyFinding: Sendable {
    /// Index (in the input array) of the policy the diagnostic is about.
    public var policyIndex: Int
    /// Index of the other policy involved, if any.
    public var otherIndex: Int?
    /// Path and location refer to the object at `policyIndex`.
    public var diagnostic: Diagnostic
}

/// Checks a set of policies against each other: conflicting interface
/// definitions on overlapping node selectors, ports claimed by two
/// controllers, duplicate static addresses, absent-vs-configured, and
/// static addresses on selectors that match several nodes.
public enum CrossPolicyChecker {
    /// - Parameter view: the cluster's nodes (and states), when known; with
    ///   nodes, overlap is decided on real nodes and findings name them,
    ///   without, on whether the selectors could match one node.
    public static func check(_ policies: [PolicyEntry], view: ClusterView? = nil) -> [CrossPolicyFinding] {
        ConflictDetector(policies: policies, view: view).run()
    }
}
