import NMStateSchema
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
/// by label), each node's current network state, and the stored policies
/// (indexed by interface, port and address).
///
/// An immutable value: full mode updates it from the watch caches and
/// publishes snapshots; admission reads a snapshot without locking. Lint
/// builds one from `--nodes`, `--states` and its inputs.
///
/// Nodes live in slots that keep their number for as long as the node
/// exists (a removed node's slot is reused later), so every node event is
/// a constant amount of index work: filling a cluster of N nodes is linear
/// in N. ``NodeSet`` bitsets are over slots.
public struct ClusterView: Sendable {
    /// Per slot: the node (nil for a free slot), its state, and the
    /// interfaces that keep it reachable (default route, InternalIP). Three
    /// arrays rather than one of records: a check reads one of them for
    /// thousands of nodes and copies only what it reads.
    var slotNodes: [ClusterNode?] = []
    var slotStates: [NodeNetworkState?] = []
    var slotCritical: [[NodeSafety.CriticalInterface]] = []
    var freeSlots: [Int] = []
    var nodeIndex: [String: Int] = [:]
    /// Slots in use.
    var live = NodeSet(capacity: 0)
    /// "key=value" → nodes carrying that label.
    var labelIndex: [String: NodeSet] = [:]
    /// States of nodes not (yet) known: a NodeNetworkState can arrive
    /// before its Node.
    var unplacedStates: [String: NodeNetworkState] = [:]
    /// Interface name → nodes on which it is critical, so node-safety
    /// checks only visit nodes where the policy touches such an interface.
    var criticalIndex: [String: NodeSet] = [:]
    public private(set) var nodeCount = 0
    public private(set) var stateCount = 0
    /// Where this view's node states are kept (shared by its copies).
    public let store: StateNodeStore

    public private(set) var policies: [String: IndexedPolicy] = [:]
    /// Claim key (interface/port name or address) → pinned host (the
    /// policy's `kubernetes.io/hostname`, or "" when unpinned) → policies.
    /// Per-node policies reuse names like `bond0` on every host; looking up
    /// only the new policy's host keeps admission cost flat.
    var byInterface: [String: [String: Set<String>]] = [:]
    var byPort: [String: [String: Set<String>]] = [:]
    var byAddress: [String: [String: Set<String>]] = [:]
    /// Stored policies whose desired state depends on the node (captures):
    /// what they claim is known only per node.
    var perNodePolicies: Set<String> = []

    /// Whether node data is present (without it, overlap falls back to
    /// comparing selectors, as lint does).
    public var hasNodes: Bool { nodeCount > 0 }
    /// Whether any node has a NodeNetworkState.
    public var hasStates: Bool { stateCount > 0 }

    public init(store: StateNodeStore = StateNodeStore()) {
        self.store = store
    }

    public init(nodes: [ClusterNode], policies: [PolicyEntry] = [], states: [String: Value] = [:]) {
        self.store = StateNodeStore()
        for n in nodes { upsertNode(n) }
        for (name, state) in states.sorted(by: { $0.key < $1.key }) { setState(node: name, currentState: state) }
        for p in policies { upsert(p) }
    }

    // MARK: Nodes

    /// Nodes sorted by name (for tools and tests; the rules use slots).
    public var nodes: [ClusterNode] {
        slotNodes.compactMap { $0 }.sorted { $0.name < $1.name }
    }

    public func node(named name: String) -> ClusterNode? { nodeIndex[name].flatMap { slotNodes[$0] } }

    /// The slot of node `name`.
    public func slot(ofNode name: String) -> Int? { nodeIndex[name] }

    /// The node in `slot`.
    public func node(at slot: Int) -> ClusterNode { slotNodes[slot]! }

    /// The current network state of the node in `slot`, if it has one.
    public func nodeState(_ slot: Int) -> NodeNetworkState? { slotStates[slot] }

    /// The NodeNetworkState of node `name`.
    public func state(ofNode name: String) -> NodeNetworkState? {
        if let slot = nodeIndex[name] { return slotStates[slot] }
        return unplacedStates[name]
    }

    /// Names of the nodes that have a state.
    public var stateNames: [String] {
        (slotNodes.indices.compactMap { slotStates[$0] != nil ? slotNodes[$0]?.name : nil } + unplacedStates.keys).sorted()
    }

    /// Adds or replaces a node. Only its labels and InternalIPs matter.
    public mutating func upsertNode(_ node: ClusterNode) {
        if let slot = nodeIndex[node.name], let old = slotNodes[slot] {
            guard old != node else { return }
            unindexLabels(old, slot)
            slotNodes[slot] = node
            indexLabels(node, slot)
            if old.internalIPs != node.internalIPs { refreshCritical(slot) }
            return
        }
        let slot: Int
        if let free = freeSlots.popLast() {
            slot = free
        } else {
            slot = slotNodes.count
            slotNodes.append(nil)
            slotStates.append(nil)
            slotCritical.append([])
        }
        slotNodes[slot] = node
        slotStates[slot] = unplacedStates.removeValue(forKey: node.name)
        nodeIndex[node.name] = slot
        live.insert(slot)
        nodeCount += 1
        indexLabels(node, slot)
        refreshCritical(slot)
    }

    public mutating func removeNode(named name: String) {
        guard let slot = nodeIndex.removeValue(forKey: name), let old = slotNodes[slot] else { return }
        unindexLabels(old, slot)
        dropCritical(slot)
        // The state stays known: the NodeNetworkState has its own lifecycle.
        if let state = slotStates[slot] { unplacedStates[name] = state }
        slotNodes[slot] = nil
        slotStates[slot] = nil
        live.remove(slot)
        freeSlots.append(slot)
        nodeCount -= 1
    }

    /// Replaces every node (lint builds a view once).
    public mutating func setNodes(_ newNodes: [ClusterNode]) {
        let keep = Set(newNodes.map(\.name))
        for name in nodeIndex.keys where !keep.contains(name) { removeNode(named: name) }
        for n in newNodes { upsertNode(n) }
    }

    private mutating func indexLabels(_ node: ClusterNode, _ slot: Int) {
        for (k, v) in node.labels { labelIndex["\(k)=\(v)", default: NodeSet(capacity: 0)].insert(slot) }
    }

    private mutating func unindexLabels(_ node: ClusterNode, _ slot: Int) {
        for (k, v) in node.labels {
            let key = "\(k)=\(v)"
            labelIndex[key]?.remove(slot)
            if labelIndex[key]?.isEmpty == true { labelIndex[key] = nil }
        }
    }

    /// Nodes a selector matches.
    public func matching(_ selector: NodeSelector) -> NodeSet {
        var result = live
        for (k, v) in selector.labels {
            guard let set = labelIndex["\(k)=\(v)"] else { return NodeSet(capacity: 0) }
            result = result.intersection(set)
        }
        return result
    }

    /// Names of the nodes in `set`, sorted, at most `limit` of them.
    public func names(_ set: NodeSet, limit: Int = .max) -> [String] {
        names(set.members(), limit: limit)
    }

    /// Names of the nodes in `slots`, sorted, at most `limit` of them.
    public func names(_ slots: [Int], limit: Int = .max) -> [String] {
        let all = slots.compactMap { slotNodes.indices.contains($0) ? slotNodes[$0]?.name : nil }
        if limit >= all.count { return all.sorted() }
        // Smallest `limit` names without sorting thousands.
        var picked: [String] = []
        for name in all {
            if picked.count < limit {
                picked.append(name)
                picked.sort()
            } else if name < picked[limit - 1] {
                picked[limit - 1] = name
                picked.sort()
            }
        }
        return picked
    }

    // MARK: States

    /// Sets (or with nil removes) the current state of node `name`.
    public mutating func setState(node name: String, currentState: Value?) {
        setState(node: name, currentState.map { NodeNetworkState(currentState: $0, store: store) })
    }

    /// Sets an already built state (full mode builds it outside the view's lock).
    public mutating func setState(node name: String, _ state: NodeNetworkState?) {
        guard let slot = nodeIndex[name] else {
            let had = unplacedStates[name] != nil
            unplacedStates[name] = state
            stateCount += (state != nil ? 1 : 0) - (had ? 1 : 0)
            return
        }
        let had = slotStates[slot] != nil
        slotStates[slot] = state
        stateCount += (state != nil ? 1 : 0) - (had ? 1 : 0)
        refreshCritical(slot)
    }

    /// Reads a NodeNetworkState object (`metadata.name` is the node).
    public mutating func setState(object: Value) {
        guard let name = object.at("metadata", "name")?.string else { return }
        setState(node: name, currentState: object.at("status", "currentState"))
    }

    private mutating func dropCritical(_ slot: Int) {
        for c in slotCritical[slot] {
            criticalIndex[c.name]?.remove(slot)
            if criticalIndex[c.name]?.isEmpty == true { criticalIndex[c.name] = nil }
        }
        slotCritical[slot] = []
    }

    private mutating func refreshCritical(_ slot: Int) {
        dropCritical(slot)
        guard let node = slotNodes[slot], let state = slotStates[slot] else { return }
        let list = NodeSafety.critical(node: node, state: state)
        slotCritical[slot] = list
        for c in list { criticalIndex[c.name, default: NodeSet(capacity: 0)].insert(slot) }
    }

    func critical(_ slot: Int) -> [NodeSafety.CriticalInterface] { slotCritical.indices.contains(slot) ? slotCritical[slot] : [] }

    // MARK: Policies

    /// A stored policy and its precomputed facts.
    public struct IndexedPolicy: Sendable {
        public var entry: PolicyEntry
        /// What the text claims (templates claim nothing).
        public var facts: PolicyFacts
        /// Ready for per-node evaluation.
        public var prepared: PreparedPolicy
    }

    public mutating func upsert(_ entry: PolicyEntry) {
        remove(policy: entry.name)
        let prepared = PreparedPolicy(name: entry.name, object: entry.object)
        let facts = prepared.textFacts
        policies[entry.name] = IndexedPolicy(entry: entry, facts: facts, prepared: prepared)
        if prepared.isPerNode && prepared.isEvaluable { perNodePolicies.insert(entry.name) }
        let host = facts.selector.labels["kubernetes.io/hostname"] ?? ""
        for c in facts.interfaces { byInterface[c.name, default: [:]][host, default: []].insert(entry.name) }
        for c in facts.ports { byPort[c.port, default: [:]][host, default: []].insert(entry.name) }
        for c in facts.addresses { byAddress[c.address, default: [:]][host, default: []].insert(entry.name) }
    }

    public mutating func remove(policy name: String) {
        guard let old = policies.removeValue(forKey: name) else { return }
        perNodePolicies.remove(name)
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

    /// Stored policies that may share an interface, port or address with a
    /// policy claiming `facts` (one set of claims per group of nodes) on a
    /// common node: those whose text claims one of the same names (a policy
    /// pinned to a host only meets policies pinned to that host and unpinned
    /// ones), and every policy whose claims depend on the node.
    func candidates(for claims: [PolicyFacts], selector: NodeSelector) -> Set<String> {
        let host = selector.labels["kubernetes.io/hostname"]
        var out = perNodePolicies
        func collect(_ byHost: [String: Set<String>]?) {
            guard let byHost else { return }
            if let host {
                out.formUnion(byHost[host] ?? [])
                out.formUnion(byHost[""] ?? [])
            } else {
                for set in byHost.values { out.formUnion(set) }
            }
        }
        // Parts resolved per node repeat the same names: look each up once.
        var names = Set<String>()
        var addresses = Set<String>()
        for facts in claims {
            names.formUnion(facts.nameSet)
            addresses.formUnion(facts.addressSet)
        }
        for name in names {
            collect(byInterface[name])
            collect(byPort[name])
        }
        for address in addresses { collect(byAddress[address]) }
        return out
    }
}
