import NMPolicy
import NMStateSchema
import SourceModel

/// One node's current network state (`status.currentState` of its
/// NodeNetworkState), kept the way per-node evaluation reads it.
///
/// Three things are asked of it, per policy and node, on the admission
/// path: run the policy's captures against it (``source``), find the
/// current interfaces a resolved desired state can touch (``closure(of:)``),
/// and tell whether two nodes look alike to the rules for those interfaces
/// (``projectionKey(_:)``). Everything that makes those cheap is computed
/// once here, when a state arrives: interfaces sorted in nmstate's order,
/// the controllers, and a fingerprint of each interface as the rules see it.
public struct NodeNetworkState: Sendable {
    /// The state, interfaces in nmstate's order (sorted by name).
    public let source: Value
    /// `source["interfaces"]` elements, in the same order.
    let interfaces: [Value]
    /// Interface names, same order (sorted: binary search by name).
    let names: [String]
    /// Indices of interfaces that list ports (bond, bridges, VRF).
    let controllers: [Int32]
    /// Per interface, the fingerprint of its canonical form
    /// (``NodeNetworkState/canonical(_:)``).
    let fingerprints: [Fingerprint]

    public init(currentState: Value) {
        let ordered = PolicyResolver.nmstateOrder(currentState)
        source = ordered
        interfaces = (ordered["interfaces"]?.sequence ?? []).filter(\.isMapping)
        names = interfaces.map { $0["name"]?.scalarText ?? "" }
        var controllers: [Int32] = []
        var fingerprints: [Fingerprint] = []
        fingerprints.reserveCapacity(interfaces.count)
        for (i, iface) in interfaces.enumerated() {
            if !Self.portNames(iface).isEmpty { controllers.append(Int32(i)) }
            fingerprints.append(Fingerprint(Self.canonical(iface)))
        }
        self.controllers = controllers
        self.fingerprints = fingerprints
    }

    public var interfaceCount: Int { interfaces.count }

    /// The whole state as a value tree (for tools such as `plan`; the rules
    /// read it through ``source`` and the closure).
    public func materialize() -> Value { source }

    /// The current interfaces named `name` (kernel and user-space), as value trees.
    public func interfaces(named name: String) -> [Value] {
        indices(named: name).map { interfaces[$0] }
    }

    /// Indices of the interfaces named `name` (a kernel and a user-space
    /// interface may share one).
    func indices(named name: String) -> Range<Int> {
        var low = 0, high = names.count
        while low < high {
            let mid = (low + high) / 2
            if names[mid].utf8.lexicographicallyPrecedes(name.utf8) { low = mid + 1 } else { high = mid }
        }
        var end = low
        while end < names.count, names[end] == name { end += 1 }
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
        while let name = queue.popLast() {
            for i in indices(named: name) where included.insert(i).inserted {
                for linked in Self.links(interfaces[i]) { visit(linked) }
            }
            for c in controllers {
                let index = Int(c)
                guard !included.contains(index), Self.portNames(interfaces[index]).contains(name) else { continue }
                included.insert(index)
                visit(self.names[index])
                for linked in Self.links(interfaces[index]) { visit(linked) }
            }
        }
        return included.sorted()
    }

    /// Identifies what the rules see of `closure`: equal keys, equal
    /// findings for any desired state.
    func projectionKey(_ closure: [Int]) -> Fingerprint {
        var key = Fingerprint.empty
        for i in closure { key.combine(fingerprints[i]) }
        key.combine(count: closure.count)
        return key
    }

    /// The current state the rules are run against for `closure`:
    /// `{interfaces: [canonical forms]}`.
    func projection(_ closure: [Int]) -> Value {
        .mapping(["interfaces": .sequence(closure.map { Self.canonical(interfaces[$0]) })])
    }

    // MARK: - Interface facts

    /// Port names an interface lists (bond, Linux and OVS bridge, VRF).
    static func portNames(_ iface: Value) -> [String] {
        var out: [String] = []
        if let la = iface["link-aggregation"] {
            for key in ["port", "ports"] { out += (la[key]?.sequence ?? []).compactMap(\.string) }
            out += (la["ports-config"]?.sequence ?? []).compactMap { $0["name"]?.string }
        }
        if let bridge = iface["bridge"] {
            for key in ["port", "ports"] {
                for p in bridge[key]?.sequence ?? [] {
                    if let n = p["name"]?.string { out.append(n) }
                    for k in ["port", "ports"] { out += (p["link-aggregation"]?[k]?.sequence ?? []).compactMap { $0["name"]?.string } }
                }
            }
        }
        if let vrf = iface["vrf"] {
            for key in ["port", "ports"] { out += (vrf[key]?.sequence ?? []).compactMap(\.string) }
        }
        return out
    }

    /// Every interface name an interface refers to.
    static func links(_ iface: Value) -> [String] {
        var out = portNames(iface)
        if let c = iface["controller"]?.string, !c.isEmpty { out.append(c) }
        for section in ["vlan", "vxlan", "mac-vlan", "mac-vtap", "infiniband", "macsec", "ipvlan"] {
            if let base = iface[section]?["base-iface"]?.string { out.append(base) }
        }
        if let peer = iface["veth"]?["peer"]?.string { out.append(peer) }
        if let peer = iface["patch"]?["peer"]?.string { out.append(peer) }
        for vf in iface["ethernet"]?["sr-iov"]?["vfs"]?.sequence ?? [] {
            if let name = vf["iface-name"]?.string { out.append(name) }
        }
        return out
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

/// A 128-bit content fingerprint (two differently seeded hashes), so that
/// grouping nodes by what they have in common never merges two different
/// inputs in practice.
struct Fingerprint: Sendable, Hashable {
    var a: UInt64
    var b: UInt64

    static let empty = Fingerprint(a: 0x9E37_79B9_7F4A_7C15, b: 0xC2B2_AE3D_27D4_EB4F)

    init(a: UInt64, b: UInt64) {
        self.a = a
        self.b = b
    }

    /// Equal for values equal under `Value ==` (mapping key order does not
    /// matter). The two halves are computed independently at every level.
    init(_ value: Value) {
        self.init(a: Self.hash(value, seed: 0x51), b: Self.hash(value, seed: 0xA7))
    }

    private static func hash(_ value: Value, seed: UInt8) -> UInt64 {
        var h = Hasher()
        h.combine(seed)
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
            for item in items { h.combine(hash(item, seed: seed)) }
        case .mapping(let members):
            // Order-independent, as `Value ==` is: a sum of member hashes.
            var sum: UInt64 = 0
            for m in members {
                var mh = Hasher()
                mh.combine(seed)
                mh.combine(m.key)
                mh.combine(hash(m.value, seed: seed))
                sum &+= UInt64(bitPattern: Int64(mh.finalize()))
            }
            h.combine(7 as UInt8)
            h.combine(members.count)
            h.combine(sum)
        }
        return UInt64(bitPattern: Int64(h.finalize()))
    }

    mutating func combine(_ other: Fingerprint) {
        a = (a ^ other.a) &* 0x100_0000_01B3 &+ 0x9E37_79B9
        b = (b &+ other.b) &* 0xFF51_AFD7_ED55_8CCD ^ (b >> 29)
    }

    mutating func combine(count: Int) {
        combine(Fingerprint(a: UInt64(count), b: UInt64(count) &* 31))
    }
}
