import RuleCatalog
import SourceModel

/// Linux bridge rules (`ifaces/linux_bridge.rs`) and the port VLAN rules
/// shared with OVS bridges (`ifaces/bridge_vlan.rs`).
enum BridgeRules {
    static func bridges(_ ctx: SemanticContext, _ type: String) -> [InterfaceEntry] {
        ctx.interfaces.filter { e in !e.isAbsent && ctx.node(e)?.type == type }
    }

    /// `nmstate.linux-bridge.vlan-default-pvid`: a default PVID only means
    /// something once some port filters VLANs.
    static let defaultPVID: SemanticRules.Rule = { ctx in
        for entry in bridges(ctx, "linux-bridge") {
            let br = entry.value["bridge"]
            guard let pvid = br?["options"]?["vlan-default-pvid"]?.int64, pvid != 1 else { continue }
            let ports = br?[writtenKey(br, "port", "ports")]?.sequence ?? []
            let filtering = ports.contains { p in
                guard let vlan = p["vlan"], let members = vlan.members else { return false }
                return !members.isEmpty
            }
            if !filtering {
                ctx.error(.nmstateLinuxBridgeVlanDefaultPvid, "Linux bridge \(entry.name) has vlan-default-pvid different than 1 but VLAN filtering is not enabled.", at: entry.at("bridge", "options", "vlan-default-pvid"))
            }
        }
    }

    /// `nmstate.linux-bridge.group-forward-mask-conflict`: both spellings set
    /// the same kernel value, so they must agree.
    static let groupForwardMask: SemanticRules.Rule = { ctx in
        for entry in bridges(ctx, "linux-bridge") {
            let opts = entry.value["bridge"]?["options"]
            guard let a = Lenient.uint(opts?["group-forward-mask"], bits: 16), let b = Lenient.uint(opts?["group-fwd-mask"], bits: 16), a != b else { continue }
            ctx.error(.nmstateLinuxBridgeGroupForwardMaskConflict, "Linux bridge \(entry.name) has different group_forward_mask: \(a), group_fwd_mask: \(b), these two property is the same, hence conflicting", at: entry.at("bridge", "options", "group-fwd-mask"))
        }
    }

    /// `nmstate.linux-bridge.stp-hello-time`, `nmstate.linux-bridge.stp-max-age`,
    /// `nmstate.linux-bridge.stp-forward-delay`: the kernel's STP timer ranges.
    static let stp: SemanticRules.Rule = { ctx in
        let limits: [(key: String, rule: RuleID, label: String, range: ClosedRange<UInt64>)] = [
            ("hello-time", .nmstateLinuxBridgeStpHelloTime, "hello time", 1...10),
            ("max-age", .nmstateLinuxBridgeStpMaxAge, "max age", 6...40),
            ("forward-delay", .nmstateLinuxBridgeStpForwardDelay, "forward delay", 2...30),
        ]
        for entry in bridges(ctx, "linux-bridge") {
            guard let stp = entry.value["bridge"]?["options"]?["stp"], stp.isMapping else { continue }
            for l in limits {
                guard let v = Lenient.uint(stp[l.key], bits: 8), !l.range.contains(v) else { continue }
                ctx.error(l.rule, "Desired STP \(l.label) \(v) is not in the range of [\(l.range.lowerBound),\(l.range.upperBound)]", at: entry.at("bridge", "options", "stp", .key(l.key)))
            }
        }
    }

    /// A trunk tag: a single VLAN id or an inclusive range.
    enum TrunkTag: CustomStringConvertible {
        case id(UInt64)
        case range(UInt64, UInt64)

        var description: String {
            switch self {
            case .id(let d): return "id=\(d)"
            case .range(let a, let b): return "id-range=[\(a),\(b)]"
            }
        }

        var ids: ClosedRange<UInt64>? {
            switch self {
            case .id(let d): return d...d
            case .range(let a, let b): return a <= b ? a...b : nil
            }
        }
    }

    /// Port `vlan` rules on linux and OVS bridges:
    /// `nmstate.bridge-vlan.trunk-tag-without-native`,
    /// `nmstate.bridge-vlan.access-native`, `nmstate.bridge-vlan.access-trunk-tags`,
    /// `nmstate.bridge-vlan.trunk-empty`, `nmstate.bridge-vlan.trunk-tag-overlap`.
    /// A linux bridge flattens ranges into single ids and sorts them before
    /// the overlap check, so its messages name single ids.
    static let portVLAN: SemanticRules.Rule = { ctx in
        for type in ["linux-bridge", "ovs-bridge"] {
            for entry in bridges(ctx, type) {
                let br = entry.value["bridge"]
                let key = writtenKey(br, "port", "ports")
                for (i, port) in (br?[key]?.sequence ?? []).enumerated() {
                    guard let vlan = port["vlan"], vlan.isMapping else { continue }
                    check(&ctx, vlan, at: entry.at("bridge", .key(key), .index(i), "vlan"), flatten: type == "linux-bridge")
                }
            }
        }
    }

    static func check(_ ctx: inout SemanticContext, _ vlan: Value, at path: DocumentPath, flatten: Bool) {
        let mode = vlan["mode"]?.string
        let tag = Lenient.uint(vlan["tag"], bits: 16)
        let native = Lenient.flag(vlan["enable-native"])
        let tags = vlan["trunk-tags"]?.sequence
        if mode == "trunk", let tag, tag != 0, native != true {
            ctx.error(.nmstateBridgeVlanTrunkTagWithoutNative, "Bridge VLAN filtering `tag` cannot be use in trunk mode without `enable-native`", at: path.appending("tag"))
        }
        if mode == "access", native == true {
            ctx.error(.nmstateBridgeVlanAccessNative, "Bridge VLAN filtering `enable-native: true` cannot be set in access mode", at: path.appending("enable-native"))
        }
        if mode == "access", let tags, !tags.isEmpty {
            ctx.error(.nmstateBridgeVlanAccessTrunkTags, "Bridge VLAN filtering access mode cannot have trunk-tags defined", at: path.appending("trunk-tags"))
        }
        if mode == "trunk", tags == nil {
            ctx.error(.nmstateBridgeVlanTrunkEmpty, "Bridge VLAN filtering trunk mode cannot have empty trunk-tags", at: path)
        }
        guard let tags else { return }
        var parsed: [(tag: TrunkTag, index: Int)] = []
        for (i, item) in tags.enumerated() {
            if let id = Lenient.uint(item["id"], bits: 16) {
                parsed.append((.id(id), i))
            } else if let r = item["id-range"], let lo = Lenient.uint(r["min"], bits: 16), let hi = Lenient.uint(r["max"], bits: 16) {
                if lo > hi {
                    // nmstate's inclusive range is then empty: the tag adds no VLAN at all.
                    ctx.warning(.nmstateBridgeVlanTrunkRangeInverted, "Bridge VLAN trunk tag id-range=[\(lo),\(hi)] has min greater than max, so it allows no VLAN", at: path.appending("trunk-tags").appending(i).appending("id-range"))
                    continue
                }
                parsed.append((.range(lo, hi), i))
            }
        }
        if flatten {
            parsed = parsed.flatMap { p in (p.tag.ids.map(Array.init) ?? []).map { (TrunkTag.id($0), p.index) } }
            parsed.sort { a, b in (a.tag.ids?.lowerBound ?? 0) < (b.tag.ids?.lowerBound ?? 0) }
        }
        var owner: [UInt64: TrunkTag] = [:]
        for p in parsed {
            guard let ids = p.tag.ids else { continue }
            if let clash = ids.first(where: { owner[$0] != nil }), let existing = owner[clash] {
                ctx.error(.nmstateBridgeVlanTrunkTagOverlap, "Bridge VLAN trunk tag \(p.tag) is overlapping with other tag \(existing)", at: path.appending("trunk-tags").appending(p.index))
                return
            }
            for id in ids { owner[id] = p.tag }
        }
    }
}
