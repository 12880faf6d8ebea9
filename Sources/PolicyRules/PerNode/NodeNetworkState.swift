import NMPolicy
import NMStateSchema
import SourceModel
import StateStore

/// One node's current network state (`status.currentState` of its
/// NodeNetworkState), kept the way per-node evaluation reads it.
///
/// Three things are asked of it, per policy and node, on the admission
/// path: run the policy's captures against it (``source``), find the
/// current interfaces a resolved desired state can touch (``closure(of:)``),
/// and tell whether two nodes look alike to the rules for those interfaces
/// (``projectionKey(_:)``). Everything that makes those cheap is computed
/// once here, when a state arrives: interfaces sorted in nmstate's order,
/// the controllers, a fingerprint of each interface as the rules see it,
/// and the few facts node safety needs.
public struct NodeNetworkState: Sendable {
    /// The state, interfaces in nmstate's order (sorted by name).
    public let source: StateNode
    /// Identifies this state among all states of its store.
    public let version: UInt64
    /// `source["interfaces"]`.
    let interfaceList: StateNode?
    public let interfaceCount: Int
    /// Indices of interfaces that list ports (bond, bridges, VRF).
    let controllers: [Int32]
    /// Per interface, the fingerprint of its canonical form
    /// (``NodeNetworkState/canonical(_:)``).
    let fingerprints: [UInt64]
    /// Interfaces that carry a default route, with the route's destination.
    let defaultRoutes: [(interface: String, destination: String)]
    /// Global addresses and the interfaces that hold them (node safety
    /// looks up the node's InternalIPs here).
    let addresses: [(ip: String, interface: String)]

    /// - Parameter store: where the state's compact form is kept.
    public init(currentState: Value, store: StateNodeStore = StateNodeStore()) {
        let ordered = PolicyResolver.nmstateOrder(currentState)
        let interfaces = (ordered["interfaces"]?.sequence ?? []).filter(\.isMapping)
        var controllers: [Int32] = []
        var fingerprints: [UInt64] = []
        var addresses: [(ip: String, interface: String)] = []
        fingerprints.reserveCapacity(interfaces.count)
        for (i, iface) in interfaces.enumerated() {
            if !Self.portNames(iface).isEmpty { controllers.append(Int32(i)) }
            fingerprints.append(Fingerprint.hash(Self.canonical(iface)))
            let name = iface["name"]?.string ?? ""
            for family in ["ipv4", "ipv6"] {
                for address in iface[family]?["address"]?.sequence ?? [] {
                    guard let ip = address["ip"]?.string, !ip.lowercased().hasPrefix("fe80:") else { continue }
                    addresses.append((ip, name))
                }
            }
        }
        var defaultRoutes: [(interface: String, destination: String)] = []
        for route in (ordered["routes"]?["running"]?.sequence ?? []) + (ordered["routes"]?["config"]?.sequence ?? []) {
            guard let destination = route["destination"]?.string, destination == "0.0.0.0/0" || destination == "::/0",
                  let iface = route["next-hop-interface"]?.string else { continue }
            defaultRoutes.append((iface, destination))
        }
        // Only mappings are interfaces (the schema rules report the rest).
        var kept = ordered
        if ordered["interfaces"]?.sequence != nil { kept.set("interfaces", .sequence(interfaces)) }
        source = store.store(kept)
        version = store.nextVersion()
        interfaceList = source["interfaces"]
        interfaceCount = interfaces.count
        self.controllers = controllers
        self.fingerprints = fingerprints
        self.defaultRoutes = defaultRoutes
        self.addresses = addresses
    }

    /// The interface at `index` (nmstate order).
    func interface(_ index: Int) -> StateNode { interfaceList!.element(index)! }

    func name(_ index: Int) -> StateNode? { interface(index)["name"] }

    /// The whole state as a value tree (for tools such as `plan`; the rules
    /// read it through ``source`` and the closure).
    public func materialize() -> Value { source.materialize() }

    /// The current interfaces named `name` (kernel and user-space), as value trees.
    public func interfaces(named name: String) -> [Value] {
        indices(named: name).map { interface($0).materialize() }
    }

    /// Indices of the interfaces named `name` (a kernel and a user-space
    /// interface may share one). Names are sorted: a binary search.
    func indices(named name: String) -> Range<Int> {
        var low = 0, high = interfaceCount
        while low < high {
            let mid = (low + high) / 2
            if (self.name(mid)?.compareString(name) ?? -1) < 0 { low = mid + 1 } else { high = mid }
        }
        var end = low
        while end < interfaceCount, self.name(end)?.compareString(name) == 0 { end += 1 }
        return low..<end
    }

    // MARK: - What the rules can reach

    /// The current interfaces a desired state naming `names` can involve,
    /// sorted: those named (an SR-IOV VF name `sriov:<pf>:<vf>` names its
    /// PF), and transitively the interfaces they point at (ports,
    /// controller, parent, veth peer, SR-IOV VFs) and the controllers that
    /// list any of them as a port.
    ///
    /// The rules only ever look up current interfaces by name, starting from
    /// names the desired state writes, or walk from a desired controller to
    /// its current ports, or from a port to the controller that lists it.
    /// Interfaces outside this set cannot change a verdict, so checking a
    /// desired state against the closure alone gives the same findings as
    /// against the whole state (`PerNodeProjectionTests` pins this).
    func closure(of names: Set<String>) -> [Int] {
        var included = Set<Int>()
        var queue: [String] = Array(names)
        var seenNames = names
        func visit(_ name: String) {
            if seenNames.insert(name).inserted { queue.append(name) }
        }
        // `sriov:<pf>:<vf>` names a VF through its physical function.
        for name in names where name.hasPrefix("sriov:") {
            let parts = name.split(separator: ":", omittingEmptySubsequences: false)
            if parts.count == 3 { visit(String(parts[1])) }
        }
        var controllerPorts: [Int32: [String]] = [:]
        while let name = queue.popLast() {
            for i in indices(named: name) where included.insert(i).inserted {
                for linked in Self.links(interface(i)) { visit(linked) }
            }
            for c in controllers {
                let index = Int(c)
                guard !included.contains(index) else { continue }
                let ports = controllerPorts[c] ?? Self.portNames(interface(index))
                controllerPorts[c] = ports
                guard ports.contains(name) else { continue }
                included.insert(index)
                if let own = self.name(index)?.string { visit(own) }
                for linked in Self.links(interface(index)) { visit(linked) }
            }
        }
        return included.sorted()
    }

    /// Identifies what the rules see of `closure`: equal keys, equal
    /// findings for any desired state.
    func projectionKey(_ closure: [Int]) -> UInt64 {
        var key = Fingerprint.empty
        for i in closure { key.combine(fingerprints[i]) }
        key.combine(UInt64(closure.count))
        return key
    }

    /// The current state the rules are run against for `closure`:
    /// `{interfaces: [canonical forms]}`.
    func projection(_ closure: [Int]) -> Value {
        .mapping(["interfaces": .sequence(closure.map { Self.canonical(interface($0).materialize()) })])
    }

    // MARK: - Interface facts

    /// Port names an interface lists (bond, Linux and OVS bridge, VRF).
    static func portNames<T: StateTree>(_ iface: T) -> [String] {
        var out: [String] = []
        if let la = iface["link-aggregation"] {
            for key in ["port", "ports"] { out += la[key].map(strings) ?? [] }
            for entry in la["ports-config"].map(elements) ?? [] { if let n = entry["name"]?.stringValue { out.append(n) } }
        }
        if let bridge = iface["bridge"] {
            for key in ["port", "ports"] {
                for p in bridge[key].map(elements) ?? [] {
                    if let n = p["name"]?.stringValue { out.append(n) }
                    guard let la = p["link-aggregation"] else { continue }
                    for k in ["port", "ports"] {
                        for entry in la[k].map(elements) ?? [] { if let n = entry["name"]?.stringValue { out.append(n) } }
                    }
                }
            }
        }
        if let vrf = iface["vrf"] {
            for key in ["port", "ports"] { out += vrf[key].map(strings) ?? [] }
        }
        return out
    }

    /// Every interface name an interface refers to.
    static func links<T: StateTree>(_ iface: T) -> [String] {
        var out = portNames(iface)
        if let c = iface["controller"]?.stringValue, !c.isEmpty { out.append(c) }
        for section in ["vlan", "vxlan", "mac-vlan", "mac-vtap", "infiniband", "macsec", "ipvlan"] {
            if let base = iface[section]?["base-iface"]?.stringValue { out.append(base) }
        }
        if let peer = iface["veth"]?["peer"]?.stringValue { out.append(peer) }
        if let peer = iface["patch"]?["peer"]?.stringValue { out.append(peer) }
        for vf in iface["ethernet"]?["sr-iov"]?["vfs"].map(elements) ?? [] {
            if let name = vf["iface-name"]?.stringValue { out.append(name) }
        }
        return out
    }

    private static func elements<T: StateTree>(_ list: T) -> [T] {
        (0..<(list.elementCount ?? 0)).compactMap(list.element)
    }

    private static func strings<T: StateTree>(_ list: T) -> [String] {
        elements(list).compactMap(\.stringValue)
    }

    /// An interface as the rules see it. Values that differ on every node
    /// but that no rule reads are replaced: MAC addresses (a rule asks only
    /// whether one is known) become one placeholder, the addresses of the
    /// current IP configuration (rules read the desired addresses, and only
    /// `enabled`, `dhcp` and `autoconf` of the current ones) and LLDP
    /// neighbours are dropped. Nodes whose NICs differ only there are then
    /// judged once.
    static func canonical(_ value: Value) -> Value {
        switch value.content {
        case .mapping(let members):
            var out: [Value.Member] = []
            out.reserveCapacity(members.count)
            for m in members {
                switch m.key {
                case "mac-address", "permanent-mac-address":
                    let known = !(m.value.string ?? "").isEmpty
                    out.append(Value.Member(key: m.key, value: known ? .string(macPlaceholder) : m.value))
                case "ipv4", "ipv6":
                    var section = canonical(m.value)
                    if section["address"] != nil { section.remove("address") }
                    out.append(Value.Member(key: m.key, value: section))
                case "neighbors":
                    continue
                default:
                    out.append(Value.Member(key: m.key, value: canonical(m.value)))
                }
            }
            return .mapping(out)
        case .sequence(let items):
            return .sequence(items.map(canonical))
        default:
            return Value(value.content)
        }
    }

    static let macPlaceholder = "00:00:00:00:00:00"
}

/// A tree the per-node code can read: a ``Value`` or a stored state node.
protocol StateTree {
    subscript(key: String) -> Self? { get }
    /// Number of elements of a sequence (nil when not a sequence).
    var elementCount: Int? { get }
    func element(_ index: Int) -> Self?
    var stringValue: String? { get }
    func materialize() -> Value
}

extension Value: StateTree {
    var elementCount: Int? { sequence?.count }
    func element(_ index: Int) -> Value? { self[index] }
    var stringValue: String? { string }
    func materialize() -> Value { self }
}

extension EncodedNode: StateTree {
    var elementCount: Int? { isSequence ? count : nil }
    var stringValue: String? { string }
    func materialize() -> Value { decode() }
}

extension StateTree {
    /// Byte-wise comparison with `other` for a string node (-1, 0, 1);
    /// nil when not a string.
    func compareString(_ other: String) -> Int? {
        guard let s = stringValue else { return nil }
        if s == other { return 0 }
        return s.utf8.lexicographicallyPrecedes(other.utf8) ? -1 : 1
    }
}

/// Content fingerprints. Grouping nodes trusts them: equal fingerprints are
/// taken to mean equal content. They are 64-bit keyed SipHash values
/// (Swift's `Hasher`), so among the few million interfaces of a large
/// cluster an accidental match is about as likely as a hardware bit flip.
enum Fingerprint {
    static let empty: UInt64 = 0x9E37_79B9_7F4A_7C15

    /// Equal for values equal under `Value ==` (mapping key order does not
    /// matter).
    static func hash(_ value: Value) -> UInt64 {
        var h = Hasher()
        switch value.content {
        case .null: h.combine(0 as UInt8)
        case .bool(let b): h.combine(1 as UInt8); h.combine(b)
        case .int(let i): h.combine(2 as UInt8); h.combine(i)
        case .uint(let u): h.combine(3 as UInt8); h.combine(u)
        case .float(let d): h.combine(4 as UInt8); h.combine(d)
        case .string(let s): h.combine(5 as UInt8); h.combine(s)
        case .sequence(let items):
            h.combine(6 as UInt8)
            h.combine(items.count)
            for item in items { h.combine(hash(item)) }
        case .mapping(let members):
            // Order-independent, as `Value ==` is: a sum of member hashes.
            var sum: UInt64 = 0
            for m in members {
                var mh = Hasher()
                mh.combine(m.key)
                mh.combine(hash(m.value))
                sum &+= UInt64(bitPattern: Int64(mh.finalize()))
            }
            h.combine(7 as UInt8)
            h.combine(members.count)
            h.combine(sum)
        }
        return UInt64(bitPattern: Int64(h.finalize()))
    }
}

extension UInt64 {
    /// Folds `other` into a running fingerprint (order-sensitive).
    mutating func combine(_ other: UInt64) {
        var h = Hasher()
        h.combine(self)
        h.combine(other)
        self = UInt64(bitPattern: Int64(h.finalize()))
    }
}
