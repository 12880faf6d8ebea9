import RuleCatalog
import SourceModel

/// Rules on virtual interfaces stacked on a base interface or a table
/// (`ifaces/vlan.rs`, `mac_vlan.rs`, `ipvlan.rs`, `macsec.rs`, `vrf.rs`).
enum VirtualRules {
    /// `types` is a short list: comparing one or two names beats hashing.
    static func entries(_ ctx: SemanticContext, _ types: [String]) -> [(InterfaceEntry, NodeInterface)] {
        ctx.interfaces.compactMap { e in
            guard !e.isAbsent, let n = ctx.node(e), types.contains(n.type) else { return nil }
            return (e, n)
        }
    }

    /// `nmstate.vlan.base-iface-required`: a new VLAN needs the device it
    /// tags on; an existing one keeps its base interface.
    static let vlanBase: SemanticRules.Rule = { ctx in
        for (entry, node) in entries(ctx, ["vlan"]) {
            guard let vlan = node.merged["vlan"], vlan.isMapping else { continue }
            if (vlan["base-iface"]?.string ?? "").isEmpty {
                let message = "Missing 'vlan.base-iface' for interface '\(entry.name)'"
                let path = entry.value["vlan"] != nil ? entry.at("vlan") : entry.path
                if node.current == nil { ctx.needsNewInterface(.nmstateVlanBaseIfaceRequired, message, at: path) }
                else { ctx.error(.nmstateVlanBaseIfaceRequired, message, at: path) }
            }
        }
    }

    /// `nmstate.mac-vlan.promiscuous`: only passthru mode may turn off
    /// accepting all MAC addresses.
    static let macVlanPromiscuous: SemanticRules.Rule = { ctx in
        for (entry, node) in entries(ctx, ["mac-vlan", "mac-vtap"]) {
            let section = node.type
            let desired = entry.value[section]
            let key = writtenKey(desired, "promiscuous", "accept-all-mac")
            guard let flag = desired?[key], Lenient.flag(flag) == false else { continue }
            if node.merged[section]?["mode"]?.string != "passthru" {
                ctx.error(.nmstateMacVlanPromiscuous, "Disable accept-all-mac-addresses(promiscuous) is only allowed on passthru mode", at: entry.at(.key(section), .key(key)))
            }
        }
    }

    /// `nmstate.ipvlan.private-vepa`: the kernel takes one of the two flags.
    static let ipvlanFlags: SemanticRules.Rule = { ctx in
        for (entry, node) in entries(ctx, ["ipvlan"]) {
            let s = node.merged["ipvlan"]
            if Lenient.flag(s?["private"]) == true && Lenient.flag(s?["vepa"]) == true {
                ctx.error(.nmstateIpvlanPrivateVepa, "Both private and VEPA flags cannot be enabled at the same time", at: entry.at("ipvlan"))
            }
        }
    }

    /// `nmstate.macsec.mka-pair`, `nmstate.macsec.mka-cak-length`,
    /// `nmstate.macsec.mka-ckn-length`: MKA needs both keys, a 128-bit CAK
    /// in hex and a CKN of whole bytes up to 32.
    static let macsecKeys: SemanticRules.Rule = { ctx in
        for (entry, _) in entries(ctx, ["macsec"]) {
            guard let s = entry.value["macsec"], s.isMapping else { continue }
            let cak = s["mka-cak"]?.string, ckn = s["mka-ckn"]?.string
            let path = entry.at("macsec")
            if (cak == nil) != (ckn == nil) {
                ctx.error(.nmstateMacsecMkaPair, "The mka_cak and mka_cnk must be all missing or present.", at: path)
                continue
            }
            if let cak, cak.count != 32 {
                ctx.error(.nmstateMacsecMkaCakLength, "The mka_cak must be a string of 32 characters", at: path.appending("mka-cak"))
            }
            if let ckn, ckn.count < 2 || ckn.count > 64 || ckn.count % 2 != 0 {
                ctx.error(.nmstateMacsecMkaCknLength, "The mka_ckn must be a string of even size between 2 and 64 characters", at: path.appending("mka-ckn"))
            }
        }
    }

    /// `nmstate.vrf.table-id-required`: a new VRF needs a routing table other
    /// than 0; an existing one keeps its own.
    static let vrfTable: SemanticRules.Rule = { ctx in
        for (entry, node) in entries(ctx, ["vrf"]) where node.current == nil {
            if (Lenient.uint(node.merged["vrf"]?["route-table-id"]) ?? 0) == 0 {
                let path = entry.value["vrf"]?["route-table-id"] != nil ? entry.at("vrf", "route-table-id") : (entry.value["vrf"] != nil ? entry.at("vrf") : entry.path)
                ctx.needsNewInterface(.nmstateVrfTableIdRequired, "Route table ID undefined or 0 is not allowed for new VRF interface \(entry.name)", at: path)
            }
        }
    }
}
