import NMPolicy
import NMStateSchema
import SourceModel
import StateStore
import Synchronization

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
///
/// An immutable class: a check reads the states of thousands of nodes, and
/// copying a struct of this many reference-counted fields cost a retain and
/// a release per field per node.
public final class NodeNetworkState: Sendable {
    /// The state, interfaces in nmstate's order (sorted by name).
    public let source: StateNode
    /// Identifies this state among all states of its store.
    public let version: UInt64
    /// `source["interfaces"]`.
    let interfaceList: StateNode?
    public let interfaceCount: Int
    /// Which interfaces list which ports (bond, bridges, VRF), by port name
    /// hash, sorted: "who lists this port" is a binary search. A hash match
    /// of another name only adds a controller to a closure, which never
    /// changes a verdict.
    let portOwners: [(port: UInt64, controller: Int32)]
    /// Per interface, the fingerprint of its canonical form
    /// (``NodeNetworkState/canonical(_:)``), computed when first asked:
    /// closures reach a handful of a node's interfaces, and fingerprinting
    /// all of them was most of the cost of taking in a state.
    private let fingerprints: FingerprintCache
    /// Interfaces that carry a default route, with the route's destination.
    let defaultRoutes: [(interface: String, destination: String)]
    /// Global addresses and the interfaces that hold them (node safety
    /// looks up the node's InternalIPs here).
    let addresses: [(ip: String, interface: String)]

    /// - Parameter store: where the state's compact form is kept.
    public init(currentState: Value, store: StateNodeStore = StateNodeStore()) {
        let ordered = PolicyResolver.nmstateOrder(currentState)
        let interfaces = (ordered["interfaces"]?.sequence ?? []).filter(\.isMapping)
        var portOwners: [(port: UInt64, controller: Int32)] = []
        var addresses: [(ip: String, interface: String)] = []
        for (i, iface) in interfaces.enumerated() {
            for port in Self.portNames(iface) { portOwners.append((Self.nameHash(port), Int32(i))) }
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
        if let all = ordered["interfaces"]?.sequence, all.count != interfaces.count { kept.set("interfaces", .sequence(interfaces)) }
        source = store.store(kept)
        version = store.nextVersion()
        interfaceList = source["interfaces"]
        interfaceCount = interfaces.count
        self.portOwners = portOwners.sorted { $0.port < $1.port }
        self.fingerprints = FingerprintCache()
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
        while let name = queue.popLast() {
            for i in indices(named: name) where included.insert(i).inserted {
                for linked in Self.links(interface(i)) { visit(linked) }
            }
            for c in controllers(listing: name) {
                let index = Int(c)
                guard !included.contains(index), Self.portNames(interface(index)).contains(name) else { continue }
                included.insert(index)
                if let own = self.name(index)?.string { visit(own) }
                for linked in Self.links(interface(index)) { visit(linked) }
            }
        }
        return included.sorted()
    }

    /// The fingerprint of interface `index`'s canonical form.
    func fingerprint(_ index: Int) -> UInt64 {
        fingerprints.value(index) { Self.canonicalFingerprint(interface(index).materialize()) }
    }

    /// Interfaces whose port lists may hold `name` (by hash).
    func controllers(listing name: String) -> [Int32] {
        let hash = Self.nameHash(name)
        var low = 0, high = portOwners.count
        while low < high {
            let mid = (low + high) / 2
            if portOwners[mid].port < hash { low = mid + 1 } else { high = mid }
        }
        var end = low
        while end < portOwners.count, portOwners[end].port == hash { end += 1 }
        return portOwners[low..<end].map(\.controller)
    }

    static func nameHash(_ name: String) -> UInt64 { Fingerprint.string(name) }

    /// Identifies what the rules see of `closure`: equal keys, equal
    /// findings for any desired state.
    func projectionKey(_ closure: [Int]) -> UInt64 {
        var key = Fingerprint.empty
        for i in closure { key.combine(fingerprint(i)) }
        key.combine(UInt64(closure.count))
        return key
    }

    /// The current state the rules are run against for `closure`:
    /// `{interfaces: [canonical forms]}`. Canonical forms are shared by the
    /// nodes that have them (`canonicals`, by fingerprint): alike NICs are
    /// decoded once, not once per node.
    func projection(_ closure: [Int], canonicals: CanonicalForms? = nil) -> Value {
        .mapping(["interfaces": .sequence(closure.map { i in
            if let canonicals { return canonicals.form(fingerprint(i)) { Self.canonical(interface(i).materialize()) } }
            return Self.canonical(interface(i).materialize())
        })])
    }

    // MARK: - Interface facts

    /// Port names an interface lists (bond, Linux and OVS bridge, VRF).
    static func portNames<T: StateTree>(_ iface: T) -> [String] {
        var out: [String] = []
        // `bond` is newer nmstate's alias of `link-aggregation`.
        if let la = iface["link-aggregation"] ?? iface["bond"] {
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

    /// `Fingerprint.hash(canonical(value))`, without building the
    /// canonical form: every state that arrives is fingerprinted.
    static func canonicalFingerprint(_ value: Value, inIPSection: Bool = false) -> UInt64 {
        switch value.content {
        case .mapping(let members):
            var sum: UInt64 = 0
            var count = 0
            for m in members {
                let hash: UInt64
                switch m.key {
                case "mac-address", "permanent-mac-address":
                    let known = !(m.value.string ?? "").isEmpty
                    hash = Fingerprint.hash(known ? .string(macPlaceholder) : m.value)
                case "neighbors":
                    continue
                case "address" where inIPSection:
                    continue
                default:
                    hash = canonicalFingerprint(m.value, inIPSection: m.key == "ipv4" || m.key == "ipv6")
                }
                sum &+= Fingerprint.member(m.key, hash)
                count += 1
            }
            return Fingerprint.mapping(count: count, sum: sum)
        case .sequence(let items):
            return Fingerprint.sequence(items.map { canonicalFingerprint($0) })
        default:
            return Fingerprint.hash(value)
        }
    }
}

/// A tree the per-node code can read: a ``Value`` or a stored state node.
/// Its metatype is sendable so that the generic readers below can be passed
/// as plain functions (`.map(strings)`) under strict concurrency checking.
protocol StateTree: SendableMetatype {
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
/// taken to mean equal content. They are 64-bit values of a fast
/// splitmix-style hash: every interface of every state that arrives is
/// fingerprinted, and SipHash (Swift's `Hasher`) made that the largest cost
/// of taking in a state. Among the few million interfaces of a large
/// cluster an accidental match is about as likely as a hardware bit flip;
/// NodeNetworkStates are written by the nodes' handlers, not by whoever
/// submits a policy.
enum Fingerprint {
    static let empty: UInt64 = 0x9E37_79B9_7F4A_7C15

    /// Equal for values equal under `Value ==` (mapping key order does not
    /// matter).
    static func hash(_ value: Value) -> UInt64 {
        switch value.content {
        case .null: return mix(0x11, 0)
        case .bool(let b): return mix(0x12, b ? 1 : 0)
        case .int(let i): return mix(0x13, UInt64(bitPattern: i))
        case .uint(let u): return mix(0x14, u)
        case .float(let d): return mix(0x15, d.bitPattern)
        case .string(let s): return string(s)
        case .sequence(let items):
            return sequence(items.map(hash))
        case .mapping(let members):
            // Order-independent, as `Value ==` is: a sum of member hashes.
            var sum: UInt64 = 0
            for m in members { sum &+= member(m.key, hash(m.value)) }
            return mapping(count: members.count, sum: sum)
        }
    }

    static func string(_ s: String) -> UInt64 {
        if let h = s.utf8.withContiguousStorageIfAvailable(bytes) { return h }
        return bytes(UnsafeBufferPointer(start: nil, count: 0), fallback: Array(s.utf8))
    }

    /// Eight bytes at a time; the tail is zero-padded (the length is mixed
    /// in first, so padding cannot make two strings equal).
    private static func bytes(_ buffer: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h = mix(0x16, UInt64(buffer.count))
        guard let base = buffer.baseAddress else { return h }
        let raw = UnsafeRawPointer(base)
        var i = 0
        while i + 8 <= buffer.count {
            h = mix(h, UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)))
            i += 8
        }
        if i < buffer.count {
            var word: UInt64 = 0
            var shift: UInt64 = 0
            while i < buffer.count {
                word |= UInt64(buffer[i]) << shift
                shift += 8
                i += 1
            }
            h = mix(h, word)
        }
        return h
    }

    private static func bytes(_ empty: UnsafeBufferPointer<UInt8>, fallback: [UInt8]) -> UInt64 {
        fallback.withUnsafeBufferPointer(bytes)
    }

    static func member(_ key: String, _ valueHash: UInt64) -> UInt64 {
        mix(string(key), valueHash)
    }

    static func mapping(count: Int, sum: UInt64) -> UInt64 {
        mix(mix(0x17, UInt64(count)), sum)
    }

    static func sequence(_ hashes: [UInt64]) -> UInt64 {
        var h = mix(0x18, UInt64(hashes.count))
        for x in hashes { h = mix(h, x) }
        return h
    }

    /// splitmix64's finaliser over `h` and `x`.
    @inline(__always)
    static func mix(_ h: UInt64, _ x: UInt64) -> UInt64 {
        var z = h &+ x &* 0x9E37_79B9_7F4A_7C15 &+ 0x632B_E59B_D9B4_E019
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension UInt64 {
    /// Folds `other` into a running fingerprint (order-sensitive).
    mutating func combine(_ other: UInt64) {
        self = Fingerprint.mix(self, other)
    }
}

/// Fingerprints of one state's interfaces, filled in as they are asked for.
final class FingerprintCache: Sendable {
    private let known = Mutex<[Int: UInt64]>([:])

    func value(_ index: Int, compute: () -> UInt64) -> UInt64 {
        if let hit = known.withLock({ $0[index] }) { return hit }
        let fresh = compute()
        known.withLock { $0[index] = fresh }
        return fresh
    }
}

/// Canonical interface forms by fingerprint, shared between the nodes that
/// have them; bounded (when full, it starts over).
public final class CanonicalForms: Sendable {
    private let forms = Mutex<[UInt64: Value]>([:])
    public let capacity: Int

    public init(capacity: Int = 4096) {
        self.capacity = capacity
    }

    func form(_ fingerprint: UInt64, make: () -> Value) -> Value {
        if let known = forms.withLock({ $0[fingerprint] }) { return known }
        let made = make()
        forms.withLock { f in
            if f.count >= capacity { f.removeAll(keepingCapacity: true) }
            f[fingerprint] = made
        }
        return made
    }
}
