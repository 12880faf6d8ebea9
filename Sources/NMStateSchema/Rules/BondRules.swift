import RuleCatalog
import SourceModel

/// Linux bond rules (`ifaces/bond.rs`). Mode and options are read from the
/// merged view where nmstate does (an existing bond keeps its mode).
enum BondRules {
    static let xmitHashPolicies = ["layer2", "layer3+4", "layer2+3", "encap2+3", "encap3+4", "vlan+srcmac"]

    static func bonds(_ ctx: SemanticContext) -> [(InterfaceEntry, NodeInterface)] {
        ctx.interfaces.compactMap { e in
            guard !e.isAbsent, let n = ctx.node(e), n.type == "bond" else { return nil }
            return (e, n)
        }
    }

    /// `nmstate.bond.mode-required`: the kernel cannot create a bond without
    /// a mode; an existing bond keeps its own.
    static let modeRequired: SemanticRules.Rule = { ctx in
        for (entry, node) in bonds(ctx) where node.current == nil && entry.value["link-aggregation"]?["mode"] == nil {
            ctx.needsNewInterface(.nmstateBondModeRequired, "Bond mode is mandatory for new bond interface: \(entry.name)", at: entry.value["link-aggregation"] != nil ? entry.at("link-aggregation") : entry.path)
        }
    }

    /// `nmstate.bond.fail-over-mac-with-mac`: with `fail_over_mac: active` an
    /// active-backup bond takes the active port's MAC, so a fixed MAC
    /// contradicts it.
    static let failOverMac: SemanticRules.Rule = { ctx in
        for (entry, node) in bonds(ctx) where entry.value["mac-address"] != nil {
            let la = node.merged["link-aggregation"]
            let fom = la?["options"]?["fail_over_mac"]
            let active = fom?.string == "active" || fom?.string == "1" || fom?.int64 == 1
            if bondModeName(la?["mode"]) == "active-backup" && active {
                ctx.error(.nmstateBondFailOverMacWithMac, "MAC address cannot be specified in bond interface along with fail_over_mac active on active backup mode", at: entry.at("mac-address"))
            }
        }
    }

    /// `nmstate.bond.ports-config-conflict`: `port` and `ports-config` must
    /// name the same ports when both are given.
    static let portsConfig: SemanticRules.Rule = { ctx in
        for (entry, _) in bonds(ctx) {
            let la = entry.value["link-aggregation"]
            let key = writtenKey(la, "port", "ports")
            guard let ports = la?[key]?.sequence?.compactMap(\.string),
                  let conf = la?["ports-config"]?.sequence?.compactMap({ $0["name"]?.string }) else { continue }
            if Set(ports) != Set(conf) {
                ctx.error(.nmstateBondPortsConfigConflict, "The port names specified in `port` conflict with the port names specified in `ports-config` for bond interface: \(entry.name)", at: entry.at("link-aggregation", "ports-config"))
            }
        }
    }

    /// `nmstate.bond.ad-actor-system-multicast`, `nmstate.bond.miimon-arp-interval`,
    /// `nmstate.bond.balance-slb`: option combinations the kernel refuses.
    static let options: SemanticRules.Rule = { ctx in
        for (entry, node) in bonds(ctx) {
            let opts = entry.value["link-aggregation"]?["options"]
            let optsPath = entry.at("link-aggregation", "options")
            if let system = opts?["ad_actor_system"]?.string, system.uppercased().hasPrefix("01:00:5E") {
                ctx.error(.nmstateBondAdActorSystemMulticast, "The ad_actor_system bond option cannot be an IANA multicast address(prefix with 01:00:5E)", at: optsPath.appending("ad_actor_system"))
            }
            if let miimon = Lenient.uint(opts?["miimon"]), miimon > 0, let arp = Lenient.uint(opts?["arp_interval"]), arp > 0 {
                ctx.error(.nmstateBondMiimonArpInterval, "Bond miimon and arp interval are not compatible options.", at: optsPath.appending("arp_interval"))
            }
            let merged = node.merged["link-aggregation"]
            guard Lenient.flag(merged?["options"]?["balance_slb"]) == true else { continue }
            let slbKey = writtenKey(opts, "balance_slb", "balance-slb")
            let path = opts?[slbKey] != nil ? optsPath.appending(slbKey) : optsPath
            let message = "To enable balance-slb, bond mode should be balance-xor and xmit_hash_policy: 'vlan+srcmac'"
            let mode = bondModeName(merged?["mode"])
            let policyValue = merged?["options"]?["xmit_hash_policy"]
            let policy = policyValue?.string.flatMap { s in Int(s).map { xmitHashPolicies.indices.contains($0) ? xmitHashPolicies[$0] : s } ?? s }
                ?? policyValue?.int64.flatMap { xmitHashPolicies.indices.contains(Int($0)) ? xmitHashPolicies[Int($0)] : nil }
            if (mode != nil && mode != "balance-xor") || (policy != nil && policy != "vlan+srcmac") {
                ctx.error(.nmstateBondBalanceSlb, message, at: path)
            } else if mode == nil || policy == nil {
                ctx.dependsOnNode(.nmstateBondBalanceSlb, message, at: path, note: "fine if the node's bond already has them")
            }
        }
    }

    /// `nmstate.bond.queue-id-overlap`: the kernel cannot give two ports the
    /// same non-zero queue id.
    static let queueID: SemanticRules.Rule = { ctx in
        for (entry, _) in bonds(ctx) {
            guard let conf = entry.value["link-aggregation"]?["ports-config"]?.sequence else { continue }
            var seen: [UInt64: String] = [:]
            for (i, p) in conf.enumerated() {
                guard let name = p["name"]?.string, let q = Lenient.uint(p["queue-id"], bits: 16), q != 0 else { continue }
                if let other = seen[q] {
                    ctx.error(.nmstateBondQueueIdOverlap, "Port \(other) and \(name) of Bond \(entry.name) are sharing the same queue-id which is not supported by linux kernel yet", at: entry.at("link-aggregation", "ports-config", .index(i), "queue-id"))
                } else {
                    seen[q] = name
                }
            }
        }
    }
}
