import RuleCatalog
import SourceModel

/// Open vSwitch rules (`ifaces/ovs.rs`, `ovs.rs`, `ovn.rs`).
enum OVSRules {
    /// `nmstate.ovs.bridge-mac`: an OVS bridge is not a kernel device, so a
    /// MAC address belongs on its internal interface.
    static let bridgeMAC: SemanticRules.Rule = { ctx in
        for entry in ctx.interfaces where !entry.isAbsent && entry.type == "ovs-bridge" && entry.value["mac-address"] != nil {
            ctx.error(.nmstateOvsBridgeMac, "OVS Bridge \(entry.name) can not hold MAC address, please set the MAC address on its OVS internal interface instead", at: entry.at("mac-address"))
        }
    }

    /// `nmstate.ovs.patch-mtu` / `nmstate.ovs.patch-ip`: a patch port only
    /// links two bridges; it has no MTU or IP of its own.
    static let patch: SemanticRules.Rule = { ctx in
        for entry in ctx.interfaces where !entry.isAbsent && entry.value["patch"] != nil {
            guard let node = ctx.node(entry), node.type == "ovs-interface" else { continue }
            if entry.value["mtu"] != nil {
                ctx.error(.nmstateOvsPatchMtu, "OVS patch interface is not allowed to hold MTU configuration, interface name \(entry.name)", at: entry.at("mtu"))
            }
            for family in IPRules.families where node.ipEnabled(family, forApply: true, mode: ctx.mode) == true {
                ctx.error(.nmstateOvsPatchIp, "OVS patch interface is not allowed to hold IP configuration, interface name \(entry.name)", at: entry.at(.key(family)))
                break
            }
        }
    }

    /// `nmstate.ovs.dpdk-queue-desc`: DPDK ring sizes are powers of two up
    /// to 4096; 0 removes the setting.
    static let dpdk: SemanticRules.Rule = { ctx in
        for entry in ctx.interfaces where !entry.isAbsent {
            guard let dpdk = entry.value["dpdk"], dpdk.isMapping else { continue }
            for key in ["n_rxq_desc", "n_txq_desc"] {
                guard let n = dpdk[key]?.int64 else { continue }
                let ok = n == 0 || (n > 0 && n <= 4096 && n & (n - 1) == 0)
                if !ok {
                    ctx.error(.nmstateOvsDpdkQueueDesc, "OVS DPDK \(key) must power of 2 within range of 1 to 4096. Setting to 0 if you want to remove this setting from OVS database. But got \(n)", at: entry.at("dpdk", .key(key)))
                }
            }
        }
    }

    /// `nmstate.ovs-db.reserved-key`: nmstate owns
    /// `external_ids.ovn-bridge-mappings` through the `ovn` section.
    static let globalOvsDB: SemanticRules.Rule = { ctx in
        if ctx.state["ovs-db"]?["external_ids"]?["ovn-bridge-mappings"] != nil {
            ctx.error(.nmstateOvsDbReservedKey, "The `ovn-bridge-mappings` is reserved for OVN mapping, please use `ovn` section instead of `ovs-db` section", at: DocumentPath("ovs-db", "external_ids", "ovn-bridge-mappings"))
        }
    }

    /// `nmstate.ovn.duplicate-localnet`: one `localnet` may appear once per
    /// state. `nmstate.ovn.missing-bridge`: a mapping that is not removed
    /// needs its bridge.
    static let ovn: SemanticRules.Rule = { ctx in
        guard let mappings = ctx.state["ovn"]?["bridge-mappings"]?.sequence else { return }
        var seen: Set<String> = []
        for (i, m) in mappings.enumerated() {
            guard let localnet = m["localnet"]?.string else { continue }
            let path = DocumentPath("ovn", "bridge-mappings", .index(i))
            if !seen.insert(localnet).inserted {
                ctx.error(.nmstateOvnDuplicateLocalnet, "Found duplicate `localnet` key \(localnet)", at: path.appending("localnet"))
            }
            if m["state"]?.string != "absent" && m["bridge"] == nil {
                ctx.error(.nmstateOvnMissingBridge, "mapping for `localnet` key \(localnet) missing the `bridge` attribute", at: path)
            }
        }
    }
}
