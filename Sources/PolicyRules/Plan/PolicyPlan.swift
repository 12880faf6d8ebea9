import SourceModel

/// What applying one policy would do, per group of nodes that would do the
/// same thing: the dry run `nncp-guard plan` prints.
public struct PolicyPlan: Sendable {
    /// Nodes that would apply the same desired state, see the same
    /// changes and get the same findings.
    ///
    /// Values that are each node's own (interface IP addresses and MAC
    /// addresses, which captures copy from the node) do not split a group:
    /// ``desired`` and ``changes`` show the first node's, and ``varying``
    /// lists them per node. Otherwise a fleet that copies every node's
    /// address onto a bridge would plan as one group per node.
    public struct Group: Sendable {
        /// Node names, sorted.
        public var nodes: [String]
        /// The resolved desired state (the first node's values).
        public var desired: Value
        /// What changes on each of these nodes (the first node's values).
        public var changes: [StateChange]
        /// nmstate's verdicts on these nodes (paths and locations in the
        /// policy object). Findings about the text alone are in
        /// ``PolicyPlan/findings``.
        public var findings: [Diagnostic]
        /// Node-own values that differ within the group.
        public var varying: [Varying]
    }

    /// One node-own value and what it is on each node of its group.
    public struct Varying: Sendable, Hashable {
        /// Where it appears: `br-ex ipv4 address`, `eth1 mac-address`.
        public var label: String
        /// `values[i]` is the value on `nodes[i]` of the group.
        public var values: [String]
    }

    /// Nodes on which the policy's captures do not resolve: their handler
    /// fails, nothing is applied there.
    public struct Failure: Sendable {
        /// Node names, sorted.
        public var nodes: [String]
        /// Rule `capture.resolve`, placed at the capture or template that fails.
        public var finding: Diagnostic
    }

    public var name: String
    /// Where the policy came from: a file path, or nil for a cluster's.
    public var origin: String?
    /// Every node the policy selects, sorted.
    public var selected: [String]
    /// Largest group first, then by first node name.
    public var groups: [Group]
    /// Selected nodes without a NodeNetworkState: what the policy does
    /// there is unknown.
    public var notPlanned: [String]
    public var failures: [Failure]
    /// Findings about the policy as a whole: the stateless rules on its
    /// text, conflicts with the other planned policies, static addresses,
    /// selectors, node safety (`node.disruptive-change` names its nodes).
    public var findings: [Diagnostic]
    /// The policy's desired state or captures are broken in a way the
    /// findings describe: it was not resolved on any node.
    public var isSkipped: Bool

    public init(name: String, origin: String? = nil, selected: [String] = [], groups: [Group] = [], notPlanned: [String] = [],
                failures: [Failure] = [], findings: [Diagnostic] = [], isSkipped: Bool = false) {
        self.name = name
        self.origin = origin
        self.selected = selected
        self.groups = groups
        self.notPlanned = notPlanned
        self.failures = failures
        self.findings = findings
        self.isSkipped = isSkipped
    }

    /// Every finding of the plan, each once: the policy's, the groups',
    /// and the capture failures'.
    public var allFindings: [Diagnostic] {
        findings + groups.flatMap(\.findings) + failures.map(\.finding)
    }
}
