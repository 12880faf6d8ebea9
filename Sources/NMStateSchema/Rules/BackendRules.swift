import RuleCatalog
import SourceModel

/// Checks that only nmstate's NetworkManager keyfile generation makes
/// (`nmstatectl gc`; reference §14.5 and §16). They reproduce 2.2.38's
/// generate-configuration verdicts; applying on a node does not run them,
/// so under `latest` they are warnings (see ``SemanticContext/backend``).
enum BackendRules {
    /// ethtool command-line names nmstate rewrites first (reference §10.1).
    static let featureAliases: [String: String] = [
        "rx": "rx-checksum", "rx-checksumming": "rx-checksum", "ufo": "tx-udp-fragmentation",
        "gso": "tx-generic-segmentation", "generic-segmentation-offload": "tx-generic-segmentation",
        "gro": "rx-gro", "generic-receive-offload": "rx-gro", "lro": "rx-lro", "large-receive-offload": "rx-lro",
        "rxvlan": "rx-vlan-hw-parse", "rx-vlan-offload": "rx-vlan-hw-parse",
        "txvlan": "tx-vlan-hw-insert", "tx-vlan-offload": "tx-vlan-hw-insert",
        "ntuple": "rx-ntuple-filter", "ntuple-filters": "rx-ntuple-filter",
        "rxhash": "rx-hashing", "receive-hashing": "rx-hashing",
    ]
    /// Kernel feature names NetworkManager stores under a short name.
    static let kernelToNM: [String: String] = [
        "rx-checksum": "feature-rx", "tx-scatter-gather": "feature-sg", "tx-tcp-segmentation": "feature-tso",
        "rx-gro": "feature-gro", "tx-generic-segmentation": "feature-gso", "rx-hashing": "feature-rxhash",
        "rx-lro": "feature-lro", "rx-ntuple-filter": "feature-ntuple", "rx-vlan-hw-parse": "feature-rxvlan",
        "tx-vlan-hw-insert": "feature-txvlan",
    ]
    /// The ethtool features NetworkManager's keyfile accepts.
    static let nmFeatures: Set<String> = [
        "feature-esp-hw-offload", "feature-esp-tx-csum-hw-offload", "feature-fcoe-mtu", "feature-gro", "feature-gso",
        "feature-highdma", "feature-hw-tc-offload", "feature-l2-fwd-offload", "feature-loopback", "feature-lro",
        "feature-macsec-hw-offload", "feature-ntuple", "feature-rx", "feature-rxhash", "feature-rxvlan", "feature-rx-all",
        "feature-rx-fcs", "feature-rx-gro-hw", "feature-rx-gro-list", "feature-rx-udp-gro-forwarding",
        "feature-rx-udp_tunnel-port-offload", "feature-rx-vlan-filter", "feature-rx-vlan-stag-filter",
        "feature-rx-vlan-stag-hw-parse", "feature-sg", "feature-tls-hw-record", "feature-tls-hw-rx-offload",
        "feature-tls-hw-tx-offload", "feature-tso", "feature-tx", "feature-txvlan", "feature-tx-checksum-fcoe-crc",
        "feature-tx-checksum-ipv4", "feature-tx-checksum-ipv6", "feature-tx-checksum-ip-generic",
        "feature-tx-checksum-sctp", "feature-tx-esp-segmentation", "feature-tx-fcoe-segmentation",
        "feature-tx-gre-csum-segmentation", "feature-tx-gre-segmentation", "feature-tx-gso-list",
        "feature-tx-gso-partial", "feature-tx-gso-robust", "feature-tx-ipxip4-segmentation",
        "feature-tx-ipxip6-segmentation", "feature-tx-nocache-copy", "feature-tx-scatter-gather",
        "feature-tx-scatter-gather-fraglist", "feature-tx-sctp-segmentation", "feature-tx-tcp6-segmentation",
        "feature-tx-tcp-ecn-segmentation", "feature-tx-tcp-mangleid-segmentation", "feature-tx-tcp-segmentation",
        "feature-tx-tunnel-remcsum-segmentation", "feature-tx-udp-segmentation", "feature-tx-udp_tnl-csum-segmentation",
        "feature-tx-udp_tnl-segmentation", "feature-tx-vlan-stag-hw-insert",
    ]

    /// `nmstate.backend.dispatch-gen-conf`: keyfile generation has nowhere to
    /// put dispatch scripts.
    static let dispatch: SemanticRules.Rule = { ctx in
        for entry in ctx.interfaces where !entry.isAbsent && entry.value["dispatch"] != nil {
            ctx.backend(.nmstateBackendDispatchGenConf, "Dispatch script is not supported in gc(gen_conf) mode", at: entry.at("dispatch"))
        }
    }

    /// `nmstate.backend.ethtool-feature`: a feature name NetworkManager does
    /// not know.
    static let ethtoolFeatures: SemanticRules.Rule = { ctx in
        for entry in ctx.interfaces where !entry.isAbsent {
            guard let members = entry.value["ethtool"]?["feature"]?.members else { continue }
            for m in members {
                let kernel = featureAliases[m.key] ?? m.key
                let nm = kernelToNM[kernel] ?? "feature-\(kernel)"
                if !nmFeatures.contains(nm) {
                    ctx.backend(.nmstateBackendEthtoolFeature, "Unsupported ethtool feature \(nm)", at: entry.at("ethtool", "feature", .key(m.key)))
                }
            }
        }
    }

    /// `nmstate.backend.ipv6-autoconf-without-dhcp`: NetworkManager has no
    /// IPv6 method for SLAAC without DHCPv6 in 2.2.38's mapping.
    static let autoconfWithoutDHCP: SemanticRules.Rule = { ctx in
        for entry in ctx.interfaces where !entry.isAbsent {
            guard let v6 = entry.value["ipv6"], Lenient.flag(v6["autoconf"]) == true, Lenient.flag(v6["dhcp"]) != true,
                  let node = ctx.node(entry), node.ipEnabled("ipv6", forApply: true, mode: ctx.mode) != false else { continue }
            ctx.backend(.nmstateBackendIpv6AutoconfWithoutDhcp, "Autoconf without DHCP is not supported yet", at: entry.at("ipv6", "autoconf"))
        }
    }

    /// `nmstate.backend.dns-mixed-order` and `nmstate.backend.dns-interface`:
    /// keyfiles store DNS per interface and family, so the servers need an
    /// interface with that family enabled, and the order of servers must not
    /// interleave families.
    static let dns: SemanticRules.Rule = { ctx in
        guard ctx.mode != .apply, let conf = DNSRules.config(ctx), conf.isMapping else { return }
        let servers = (conf["server"]?.sequence ?? []).compactMap(\.string)
        let base = DocumentPath("dns-resolver", "config")
        if servers.count > 2 {
            var pattern = ""
            for s in servers {
                let c: Character = looksLikeIPv6(s) ? "6" : "4"
                if pattern.last != c { pattern.append(c) }
            }
            if pattern.contains("464") || pattern.contains("646") {
                ctx.backend(.nmstateBackendDnsMixedOrder, "Placing IPv4/IPv6 nameserver in the middle of IPv6/IPv4 nameservers is not supported yet", at: base.appending("server"))
                return
            }
        }
        let candidates = ctx.model.interfaces.filter { $0.isDesired && !$0.isUserSpace && $0.type != "loopback" && !$0.isAbsent }
        func hasInterface(_ family: String) -> Bool {
            candidates.contains { $0.ipEnabled(family, forApply: true, mode: ctx.mode) != false }
        }
        let v6 = servers.filter(looksLikeIPv6)
        let v4 = servers.filter { !looksLikeIPv6($0) }
        let linkLocal = v6.contains { DNSRules.parseServer($0)?.iface != nil }
        for (family, list) in [("ipv6", v6), ("ipv4", v4)] where !list.isEmpty {
            if family == "ipv6" && linkLocal { continue }
            if !hasInterface(family) {
                let shown = list.map { s in "\"\(DNSRules.parseServer(s).map { "\($0.ip)" } ?? s)\"" }.joined(separator: ", ")
                ctx.backend(.nmstateBackendDnsInterface, "Failed to find suitable(IP enabled) interface for DNS server [\(shown)]", at: base.appending("server"))
                return
            }
        }
        if servers.isEmpty {
            let searches = (conf["search"]?.sequence ?? []).compactMap(\.string)
            let options = (conf["options"]?.sequence ?? []).compactMap(\.string)
            if (!searches.isEmpty || !options.isEmpty) && !hasInterface("ipv6") && !hasInterface("ipv4") {
                ctx.backend(.nmstateBackendDnsInterface, "Failed to find suitable(IP enabled) interface for DNS searches '\(searches.joined(separator: " "))'", at: base.appending(searches.isEmpty ? "options" : "search"))
            }
        }
    }
}
