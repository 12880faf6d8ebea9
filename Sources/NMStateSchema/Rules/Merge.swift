import RuleCatalog
import SourceModel

/// How the rules learn what already exists on the node (reference §16).
public enum CheckMode: Sendable, Hashable {
    /// Profile 2.2.38 without a current state: `nmstatectl gc`. Every
    /// interface is new, unknown types become ethernet, undefined ports
    /// become ethernet, the NetworkManager keyfile checks run.
    case generate
    /// A current state was given: `nmstatectl apply` merges with it.
    case apply
    /// Profile `latest` without a current state: the node is unknown, so
    /// anything that depends on it is a warning, never an error.
    case stateless
}

/// One interface after nmstate's merge of desired with current state
/// (`MergedInterface`): desired keys override current ones, recursively for
/// mappings; lists are replaced whole.
///
/// A class, immutable after construction: every rule walks these, and
/// passing a reference costs one retain where copying the struct's six
/// reference-counted fields cost six (it showed up in admission profiles).
public final class NodeInterface: Sendable {
    public let name: String
    /// Resolved type: an `unknown` type takes the current interface's type
    /// (apply), becomes `ethernet` (generate) or stays `unknown` (stateless).
    public let type: String
    public let desired: InterfaceEntry?
    /// The desired value with aliases normalised (`ports` → `port`, …) and,
    /// for `state: absent`, only `name`/`type`/`state` kept, as nmstate does.
    public let desiredValue: Value?
    public let current: Value?
    public let merged: Value
    /// A port that gen_conf mode invented as ethernet (`set_missing_port_to_eth`).
    public let synthetic: Bool

    init(name: String, type: String, desired: InterfaceEntry?, desiredValue: Value?, current: Value?, merged: Value, synthetic: Bool = false) {
        self.name = name
        self.type = type
        self.desired = desired
        self.desiredValue = desiredValue
        self.current = current
        self.merged = merged
        self.synthetic = synthetic
    }

    public var isDesired: Bool { desired != nil || synthetic }
    public var state: String { merged["state"]?.string ?? "up" }
    public var isUp: Bool { state == "up" }
    public var isAbsent: Bool { state == "absent" }
    /// veth is an ethernet for every cross-interface rule (`unify_veth_and_eth`).
    public var kind: String { type == "veth" ? "ethernet" : type }
    public var isUserSpace: Bool { NetworkModel.isUserSpace(type: type) }
    public var isController: Bool { NetworkModel.isController(type: type) }

    /// The parent a child cannot outlive (`Interface::parent`).
    public var parent: String? {
        let section: String
        switch kind {
        case "vlan": section = "vlan"
        case "vxlan": section = "vxlan"
        case "mac-vlan": section = "mac-vlan"
        case "mac-vtap": section = "mac-vtap"
        case "infiniband": section = "infiniband"
        case "macsec": section = "macsec"
        default: return nil
        }
        guard let base = merged[section]?["base-iface"]?.string, !base.isEmpty else { return nil }
        return base
    }

    /// Port names of a controller in the merged view (`Interface::ports`):
    /// an absent controller has none; `nil` when no list is known.
    public var ports: [String]? { Self.ports(of: merged, type: type) }

    /// Port names the desired state lists (`nil` when it lists none).
    public var desiredPorts: [String]? { desiredValue.flatMap { Self.ports(of: $0, type: type) } }

    public var currentPorts: [String]? { current.flatMap { Self.ports(of: $0, type: type) } }

    static func ports(of value: Value, type: String) -> [String]? {
        let absent = value["state"]?.string == "absent"
        switch type {
        case "bond":
            if absent { return [] }
            let la = value["link-aggregation"]
            if let list = la?["port"]?.sequence { return list.compactMap(\.string) }
            if let conf = la?["ports-config"]?.sequence { return conf.compactMap { $0["name"]?.string } }
            return nil
        case "linux-bridge":
            if absent { return [] }
            return value["bridge"]?["port"]?.sequence.map { $0.compactMap { $0["name"]?.string }.filter { !$0.isEmpty } }
        case "ovs-bridge":
            if absent { return [] }
            guard let list = value["bridge"]?["port"]?.sequence else { return nil }
            var names: [String] = []
            for p in list {
                if let bondPorts = p["link-aggregation"]?["port"]?.sequence {
                    names += bondPorts.compactMap { $0["name"]?.string }
                } else if let n = p["name"]?.string {
                    names.append(n)
                }
            }
            return names
        case "vrf":
            if absent { return [] }
            return value["vrf"]?["port"]?.sequence.map { $0.compactMap(\.string) }
        default:
            return nil
        }
    }

    /// Whether the IP family is enabled, as nmstate's `enabled` /
    /// `enabled_defined` pair resolves it. `forApply` reads the desired
    /// section only (a missing section means "not enabled" there), otherwise
    /// the merged view. `nil` when it depends on a node we do not know.
    public func ipEnabled(_ family: String, forApply: Bool, mode: CheckMode) -> Bool? {
        let d = desiredValue?[family]
        let c = current?[family]
        if let d, d.isMapping {
            if let explicit = d["enabled"] { return Lenient.flag(explicit) ?? false }
            if let c { return Lenient.flag(c["enabled"]) ?? false }
            return mode == .stateless && !synthetic ? nil : false
        }
        if forApply && desiredValue != nil { return false }
        if let c { return Lenient.flag(c["enabled"]) ?? false }
        return mode == .stateless ? nil : false
    }
}

/// The merged interfaces of one check, built once per validation.
public struct NetworkModel: Sendable {
    public static let userSpaceTypes: Set<String> = ["ovs-bridge", "ipsec"]

    /// `controllerTypes.contains(type)` without hashing.
    @inline(__always)
    public static func isController(type: String) -> Bool {
        switch type.utf8.count {
        case 3: return type == "vrf"
        case 4: return type == "bond"
        case 10: return type == "ovs-bridge"
        case 12: return type == "linux-bridge"
        default: return false
        }
    }

    /// `userSpaceTypes.contains(type)` without hashing: the merge asks it
    /// several times per interface on every request.
    @inline(__always)
    public static func isUserSpace(type: String) -> Bool {
        switch type.utf8.count {
        case 5: return type == "ipsec"
        case 10: return type == "ovs-bridge"
        default: return false
        }
    }
    public static let controllerTypes: Set<String> = ["bond", "linux-bridge", "ovs-bridge", "vrf"]
    /// Types nmstate 2.2.38 parses into their own struct; anything else is
    /// an `UnknownInterface`.
    public static let knownTypes: Set<String> = [
        "ethernet", "veth", "bond", "linux-bridge", "dummy", "ovs-bridge", "ovs-interface", "vlan", "vxlan",
        "mac-vlan", "mac-vtap", "vrf", "hsr", "infiniband", "loopback", "macsec", "ipsec", "xfrm", "ipvlan",
    ]

    public let mode: CheckMode
    /// Merged interfaces: desired ones in document order, then current-only.
    public private(set) var interfaces: [NodeInterface] = []
    /// Names of kernel interfaces nmstate ignores (`state: ignore`).
    public private(set) var ignored: Set<String> = []
    /// Problems found while resolving names (SR-IOV, unknown types); the
    /// resolution rules report them.
    public private(set) var resolutionIssues: [(rule: RuleID, message: String, path: DocumentPath)] = []
    /// Lookups every rule makes per interface; indexed so a 1000-interface
    /// state stays linear.
    private var kernelIndex: [String: Int] = [:]
    private var ovsBridgeIndex: [String: Int] = [:]
    /// Desired entry position (`interfaces[n]`) → merged interface, -1 for
    /// none. An array indexed by the position: rules ask it for every
    /// interface, and hashing (paths first, then positions) was a
    /// measurable share of every admission request.
    private var entryIndex: [Int] = []

    /// The loopback interface gen_conf mode merges with (reference §16).
    static let genConfLoopback: Value = .mapping([
        "name": .string("lo"), "type": .string("loopback"), "state": .string("up"),
        "ipv4": .mapping(["enabled": .bool(true), "address": .sequence([.mapping(["ip": .string("127.0.0.1"), "prefix-length": .int(8)])])]),
        "ipv6": .mapping(["enabled": .bool(true), "address": .sequence([.mapping(["ip": .string("::1"), "prefix-length": .int(128)])])]),
    ])

    init(desired entries: [InterfaceEntry], current: Value?, mode: CheckMode) {
        self.mode = mode
        var currentList: [Value] = []
        switch mode {
        case .apply: currentList = (current?["interfaces"]?.sequence ?? []).filter { $0.isMapping && $0["name"]?.string != nil }
        case .generate: currentList = [Self.genConfLoopback]
        case .stateless: break
        }
        func isUserSpace(_ v: Value) -> Bool { Self.isUserSpace(type: v["type"]?.string ?? "") }
        func currentKernel(_ name: String) -> Value? {
            currentList.last { $0["name"]?.string == name && !isUserSpace($0) }
        }
        func currentAny(_ name: String) -> [Value] { currentList.filter { $0["name"]?.string == name } }

        // 1. Name resolution: SR-IOV VF names and unknown types (apply only).
        var entries = entries
        if mode == .apply {
            let desiredNames = Set(entries.map(\.name))
            for i in entries.indices where entries[i].name.hasPrefix("sriov:") {
                let name = entries[i].name
                let path = entries[i].path.appending("name")
                let parts = name.split(separator: ":", omittingEmptySubsequences: false)
                guard parts.count == 3, let vf = UInt32(parts[2]) else {
                    resolutionIssues.append((.nmstateSriovNameFormat, "Invalid SR-IOV VF name \(name), correct format is 'sriov:<pf_name>:<vf_id>'", path))
                    continue
                }
                let pf = String(parts[1])
                let vfs = currentKernel(pf)?["ethernet"]?["sr-iov"]?["vfs"]?.sequence ?? []
                guard let resolved = vfs.first(where: { Lenient.uint($0["id"]) == UInt64(vf) })?["iface-name"]?.string, !resolved.isEmpty else {
                    resolutionIssues.append((.nmstateSriovNameNotFound, "Failed to find SR-IOV VF interface name for \(name)", path))
                    continue
                }
                if desiredNames.contains(resolved) {
                    resolutionIssues.append((.nmstateSriovNameDuplicate, "SR-IOV VF name \(name) has been resolved as interface \(resolved), but it is already defined in desire state", path))
                    continue
                }
                entries[i] = entries[i].renamed(resolved)
            }
        }

        // Later entries replace earlier ones with the same key (reference §3.3).
        var seen: Set<String> = []
        var unique: [InterfaceEntry] = []
        for e in entries.reversed() {
            let key = Self.isUserSpace(type: e.type) ? e.name + "\u{0}" + e.type : e.name
            if seen.insert(key).inserted { unique.append(e) }
        }
        unique.reverse()

        // 2. Ignored interfaces leave both sides (`get_ignored_ifaces`).
        let desiredActive = Set(unique.filter { $0.state != "ignore" && !Self.isUserSpace(type: $0.type) }.map(\.name))
        var ignored = Set(unique.filter { $0.state == "ignore" && !Self.isUserSpace(type: $0.type) }.map(\.name))
        for c in currentList where c["state"]?.string == "ignore" && !isUserSpace(c) {
            if let n = c["name"]?.string, !desiredActive.contains(n) { ignored.insert(n) }
        }
        self.ignored = ignored

        // 3. Merge each desired interface with its current counterpart.
        var usedCurrent: Set<Int> = []
        for e in unique where e.state != "ignore" && (Self.isUserSpace(type: e.type) || !ignored.contains(e.name)) {
            var type = Self.knownTypes.contains(e.type) ? e.type : "unknown"
            let userSpace = Self.isUserSpace(type: type)
            var currentIndex: Int?
            if userSpace {
                currentIndex = currentList.lastIndex { $0["name"]?.string == e.name && $0["type"]?.string == type }
            } else {
                currentIndex = currentList.lastIndex { $0["name"]?.string == e.name && !isUserSpace($0) }
            }
            if type == "unknown" {
                switch mode {
                case .generate: type = "ethernet"
                case .stateless: break
                case .apply:
                    let matches = currentAny(e.name)
                    if let only = matches.first, matches.count == 1, let t = only["type"]?.string {
                        type = t
                        currentIndex = currentList.lastIndex { $0["name"]?.string == e.name }
                    } else if matches.isEmpty {
                        if !e.isAbsent {
                            resolutionIssues.append((.nmstateIfaceUnknownTypeNotFound, "Failed to find unknown type interface \(e.name) in current state", e.path))
                        }
                    } else if !e.isAbsent {
                        resolutionIssues.append((.nmstateIfaceUnknownTypeAmbiguous, "Found 2+ interface matching desired unknown type interface \(e.name): \(matches.count) matches", e.path))
                    }
                }
            }
            if let i = currentIndex { usedCurrent.insert(i) }
            let cur = currentIndex.map { Self.normalized(currentList[$0]) }
            var d = Self.normalized(e.value)
            if e.isAbsent {
                d = .mapping(["name": .string(e.name), "state": .string("absent")])
            }
            // Usually already so; setting them anyway would copy the entry.
            if d["name"]?.string != e.name { d.set("name", .string(e.name)) }
            if d["type"]?.string != type { d.set("type", .string(type)) }
            let merged = cur.map { Self.deepMerge(d, over: $0) } ?? d
            interfaces.append(NodeInterface(name: e.name, type: type, desired: e, desiredValue: d, current: cur, merged: merged))
        }
        for (i, c) in currentList.enumerated() where !usedCurrent.contains(i) {
            guard let name = c["name"]?.string, c["state"]?.string != "ignore", !ignored.contains(name) || isUserSpace(c) else { continue }
            let t = c["type"]?.string ?? "unknown"
            if interfaces.contains(where: { $0.name == name && (isUserSpace(c) ? $0.type == t : !$0.isUserSpace) }) { continue }
            let n = Self.normalized(c)
            interfaces.append(NodeInterface(name: name, type: t, desired: nil, desiredValue: nil, current: n, merged: n))
        }

        // 4. gen_conf: ports nobody defined are ethernet (`set_missing_port_to_eth`).
        if mode == .generate {
            var added: [NodeInterface] = []
            for iface in interfaces where iface.desired != nil {
                for port in iface.desiredPorts ?? [] where kernel(port) == nil && !added.contains(where: { $0.name == port }) {
                    let v: Value = .mapping(["name": .string(port), "type": .string("ethernet"), "state": .string("up")])
                    let n = NodeInterface(name: port, type: "ethernet", desired: nil, desiredValue: v, current: nil, merged: v, synthetic: true)
                    added.append(n)
                }
            }
            interfaces += added
        }
        for (i, n) in interfaces.enumerated() {
            if n.type == "ovs-bridge", ovsBridgeIndex[n.name] == nil { ovsBridgeIndex[n.name] = i }
            if !n.isUserSpace, kernelIndex[n.name] == nil { kernelIndex[n.name] = i }
            if let p = n.desired?.path, let e = Self.entryPosition(p), e >= 0 {
                if e >= entryIndex.count { entryIndex += repeatElement(-1, count: e + 1 - entryIndex.count) }
                entryIndex[e] = i
            }
        }
    }

    /// The kernel interface named `name` (user-space ones are separate).
    public func kernel(_ name: String) -> NodeInterface? {
        if let i = kernelIndex[name] { return interfaces[i] }
        return interfaces.first { $0.name == name && !$0.isUserSpace }
    }

    /// A controller by name: an OVS bridge first, then a kernel interface
    /// (the lookup `validate_controller_not_in_port_list` does).
    public func controller(_ name: String) -> NodeInterface? {
        ovsBridgeIndex[name].map { interfaces[$0] } ?? kernel(name)
    }

    /// The merged interface for a desired entry.
    public func merged(for entry: InterfaceEntry) -> NodeInterface? {
        guard let e = Self.entryPosition(entry.path), e >= 0, e < entryIndex.count, entryIndex[e] >= 0 else { return nil }
        return interfaces[entryIndex[e]]
    }

    static func entryPosition(_ path: DocumentPath) -> Int? {
        guard path.components.count == 2, case .index(let i) = path.components[1] else { return nil }
        return i
    }

    // MARK: - Value helpers

    /// Renames input aliases to their primary keys so desired and current
    /// merge key by key (`ports` → `port`, `n_rxq` → `rx-queue`, …).
    static func normalized(_ v: Value) -> Value {
        var out = v
        /// Renames `from` to `to` in `section`; true when it did.
        func rename(_ section: inout Value, _ from: String, _ to: String) -> Bool {
            guard let x = section[from], section[to] == nil else { return false }
            section.remove(from)
            section.set(to, x)
            return true
        }
        // Most interfaces use primary keys only; sections are written back
        // only when something was renamed, so those share the input's storage.
        for key in ["link-aggregation", "bridge", "vrf"] {
            guard var s = out[key], s.isMapping else { continue }
            var changed = rename(&s, "ports", "port")
            if key == "link-aggregation", var o = s["options"], o.isMapping, rename(&o, "balance-slb", "balance_slb") {
                s.set("options", o)
                changed = true
            }
            if key == "bridge", let ports = s["port"]?.sequence {
                var portsChanged = false
                let renamed: [Value] = ports.map { p in
                    guard var la = p["link-aggregation"], la.isMapping, rename(&la, "ports", "port") else { return p }
                    portsChanged = true
                    var q = p
                    q.set("link-aggregation", la)
                    return q
                }
                if portsChanged {
                    s.set("port", .sequence(renamed))
                    changed = true
                }
            }
            if changed { out.set(key, s) }
        }
        for key in ["mac-vlan", "mac-vtap"] {
            if var s = out[key], s.isMapping, rename(&s, "accept-all-mac", "promiscuous") { out.set(key, s) }
        }
        if var s = out["dpdk"], s.isMapping, rename(&s, "n_rxq", "rx-queue") { out.set("dpdk", s) }
        return out
    }

    /// nmstate's `merge_json_value`: mappings merge recursively, desired
    /// wins; anything else in desired replaces current.
    static func deepMerge(_ desired: Value, over current: Value) -> Value {
        guard case .mapping(let dm) = desired.content, case .mapping(var cm) = current.content else { return desired }
        for m in dm {
            if let i = cm.lastIndex(where: { $0.key == m.key }) {
                cm[i].value = deepMerge(m.value, over: cm[i].value)
            } else {
                cm.append(m)
            }
        }
        return Value(.mapping(cm), at: desired.location)
    }
}

/// Bond `mode` as a name, accepting nmstate's numeric forms 0–6.
func bondModeName(_ v: Value?) -> String? {
    guard let v else { return nil }
    let names = ["balance-rr", "active-backup", "balance-xor", "broadcast", "802.3ad", "balance-tlb", "balance-alb"]
    if let s = v.string {
        if names.contains(s) || s == "unknown" { return s }
        if s == "lacp" { return "802.3ad" }
        if let n = Int(s), names.indices.contains(n) { return names[n] }
        return nil
    }
    if let n = v.int64, n >= 0, n < Int64(names.count) { return names[Int(n)] }
    return nil
}

/// The key actually written in `value` among a primary name and its aliases,
/// so diagnostics point at what the user typed.
func writtenKey(_ value: Value?, _ keys: String...) -> String {
    for k in keys where value?[k] != nil { return k }
    return keys[0]
}
