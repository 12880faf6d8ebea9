import SourceModel

/// A node as the rules see it.
public struct ClusterNode: Sendable, Hashable {
    public var name: String
    public var labels: [String: String]
    /// `status.addresses` of type InternalIP.
    public var internalIPs: [String]

    public init(name: String, labels: [String: String] = [:], internalIPs: [String] = []) {
        self.name = name
        self.labels = labels
        self.internalIPs = internalIPs
    }

    /// Reads a `v1/Node` object.
    public init?(object: Value) {
        guard let name = object.at("metadata", "name")?.string else { return nil }
        var labels: [String: String] = [:]
        for m in object.at("metadata", "labels")?.members ?? [] {
            if let v = m.value.string { labels[m.key] = v }
        }
        var ips: [String] = []
        for a in object.at("status", "addresses")?.sequence ?? [] where a["type"]?.string == "InternalIP" {
            if let ip = a["address"]?.string { ips.append(ip) }
        }
        self.init(name: name, labels: labels, internalIPs: ips)
    }

    public var isControlPlane: Bool {
        labels["node-role.kubernetes.io/control-plane"] != nil || labels["node-role.kubernetes.io/master"] != nil
    }
}

/// Everything the cluster-aware rules know about a cluster: nodes (indexed
/// by label), the stored policies (indexed by interface, port and address),
/// and each node's current network state.
///
/// An immutable value: full mode rebuilds or updates it from the watch
/// caches and publishes snapshots; admission reads a snapshot without
/// locking. Lint builds one from `--nodes`, `--states` and its inputs.
public struct ClusterView: Sendable {
    public private(set) var nodes: [ClusterNode] = []
    var nodeIndex: [String: Int] = [:]
    /// "key=value" → nodes carrying that label.
    var labelIndex: [String: NodeSet] = [:]
    /// Label key → nodes carrying it (any value).
    var labelKeyIndex: [String: NodeSet] = [:]

    public private(set) var policies: [String: IndexedPolicy] = [:]
    /// Claim key (interface/port name or address) → pinned host (the
    /// policy's `kubernetes.io/hostname`, or "" when unpinned) → policies.
    /// Per-node policies reuse names like `bond0` on every host; looking up
    /// only the new policy's host keeps admission cost flat.
    var byInterface: [String: [String: Set<String>]] = [:]
    var byPort: [String: [String: Set<String>]] = [:]
    var byAddress: [String: [String: Set<String>]] = [:]

    /// Node name → `status.currentState` of its NodeNetworkState.
    public private(set) var states: [String: Value] = [:]
    /// Node name → the interfaces that keep it reachable (default route, InternalIP).
    var critical: [String: [NodeSafety.CriticalInterface]] = [:]
    /// Interface name → nodes on which it is critical, so node-safety
    /// checks only visit nodes where the policy touches such an interface.
    var criticalIndex: [String: NodeSet] = [:]

    /// Whether node data is present (without it, overlap falls back to
    /// comparing selectors, as lint does).
    public var hasNodes: Bool { !nodes.isEmpty }

    public init() {}

    public init(nodes: [ClusterNode], policies: [PolicyEntry] = [], states: [String: Value] = [:]) {
        self.states = states
        setNodes(nodes)
        for p in policies { upsert(p) }
    }

    // MARK: Nodes

    public mutating func setNodes(_ newNodes: [ClusterNode]) {
        nodes = newNodes.sorted { $0.name < $1.name }
        nodeIndex = [:]
        labelIndex = [:]
        labelKeyIndex = [:]
        for (i, n) in nodes.enumerated() {
            nodeIndex[n.name] = i
            for (k, v) in n.labels {
                labelIndex["\(k)=\(v)", default: NodeSet(capacity: nodes.count)].insert(i)
                labelKeyIndex[k, default: NodeSet(capacity: nodes.count)].insert(i)
            }
        }
        rebuildCritical()
    }

    mutating func rebuildCritical() {
        critical = [:]
        criticalIndex = [:]
        for (i, n) in nodes.enumerated() {
            guard let state = states[n.name] else { continue }
            let list = NodeSafety.critical(node: n, state: state)
            critical[n.name] = list
            for c in list { criticalIndex[c.name, default: NodeSet(capacity: nodes.count)].insert(i) }
        }
    }

    public func node(named name: String) -> ClusterNode? { nodeIndex[name].map { nodes[$0] } }

    /// Nodes a selector matches.
    public func matching(_ selector: NodeSelector) -> NodeSet {
        var result = NodeSet.all(nodes.count)
        for (k, v) in selector.labels {
            guard let set = labelIndex["\(k)=\(v)"] else { return NodeSet(capacity: nodes.count) }
            result = result.intersection(set)
        }
        return result
    }

    public func names(_ set: NodeSet, limit: Int = .max) -> [String] {
        set.members(limit: limit).map { nodes[$0].name }
    }

    // MARK: States

    public mutating func setState(node name: String, currentState: Value?) {
        states[name] = currentState
        if let old = critical.removeValue(forKey: name), let i = nodeIndex[name] {
            for c in old { criticalIndex[c.name]?.remove(i) }
        }
        guard let i = nodeIndex[name], let currentState else { return }
        let list = NodeSafety.critical(node: nodes[i], state: currentState)
        critical[name] = list
        for c in list { criticalIndex[c.name, default: NodeSet(capacity: nodes.count)].insert(i) }
    }

    /// Reads a NodeNetworkState object (`metadata.name` is the node).
    public mutating func setState(object: Value) {
        guard let name = object.at("metadata", "name")?.string else { return }
        setState(node: name, currentState: object.at("status", "currentState"))
    }

    // MARK: Policies

    /// A stored policy and its precomputed facts.
    public struct IndexedPolicy: Sendable {
        public var entry: PolicyEntry
        public var facts: PolicyFacts
    }

    public mutating func upsert(_ entry: PolicyEntry) {
        remove(policy: entry.name)
        let facts = PolicyFacts(object: entry.object)
        policies[entry.name] = IndexedPolicy(entry: entry, facts: facts)
        let host = facts.selector.labels["kubernetes.io/hostname"] ?? ""
        for c in facts.interfaces { byInterface[c.name, default: [:]][host, default: []].insert(entry.name) }
        for c in facts.ports { byPort[c.port, default: [:]][host, default: []].insert(entry.name) }
        for c in facts.addresses { byAddress[c.address, default: [:]][host, default: []].insert(entry.name) }
    }

    public mutating func remove(policy name: String) {
        guard let old = policies.removeValue(forKey: name) else { return }
        let host = old.facts.selector.labels["kubernetes.io/hostname"] ?? ""
        func drop(_ index: inout [String: [String: Set<String>]], _ key: String) {
            index[key]?[host]?.remove(name)
            if index[key]?[host]?.isEmpty == true { index[key]?[host] = nil }
            if index[key]?.isEmpty == true { index[key] = nil }
        }
        for c in old.facts.interfaces { drop(&byInterface, c.name) }
        for c in old.facts.ports { drop(&byPort, c.port) }
        for c in old.facts.addresses { drop(&byAddress, c.address) }
    }

    /// Stored policies that touch any interface, port or address `facts`
    /// does and could share a node with it: a policy pinned to a host only
    /// meets policies pinned to that host and unpinned ones.
    func candidates(for facts: PolicyFacts) -> Set<String> {
        let host = facts.selector.labels["kubernetes.io/hostname"]
        var out = Set<String>()
        func collect(_ byHost: [String: Set<String>]?) {
            guard let byHost else { return }
            if let host {
                out.formUnion(byHost[host] ?? [])
                out.formUnion(byHost[""] ?? [])
            } else {
                for set in byHost.values { out.formUnion(set) }
            }
        }
        for c in facts.interfaces { collect(byInterface[c.name]) }
        for c in facts.ports { collect(byPort[c.port]); collect(byInterface[c.port]) }
        for c in facts.addresses { collect(byAddress[c.address]) }
        return out
    }
}
