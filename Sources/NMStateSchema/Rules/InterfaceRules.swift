import RuleCatalog
import SourceModel

/// Rules every interface type shares (`ifaces/base.rs`, `mptcp.rs`,
/// `ifaces/sriov.rs`).
enum InterfaceRules {
    /// `nmstate.mptcp.signal-fullmesh`: the kernel refuses an endpoint that
    /// both announces itself and builds a full mesh.
    static let mptcp: SemanticRules.Rule = { ctx in
        for entry in ctx.interfaces where !entry.isAbsent {
            guard let flags = entry.value["mptcp"]?["address-flags"]?.sequence?.compactMap(\.string) else { continue }
            if flags.contains("signal") && flags.contains("fullmesh") {
                ctx.error(.nmstateMptcpSignalFullmesh, "MPTCP flags mustn't have both signal and fullmesh", at: entry.at("mptcp", "address-flags"))
            }
        }
    }

    /// `nmstate.iface.mtu-range` (apply mode): the desired MTU must fit the
    /// device's `min-mtu`/`max-mtu` reported in the current state.
    static let mtuRange: SemanticRules.Rule = { ctx in
        guard ctx.mode == .apply else { return }
        for entry in ctx.interfaces where !entry.isAbsent {
            guard let mtu = Lenient.uint(entry.value["mtu"]), let node = ctx.node(entry),
                  let minMTU = node.current?["min-mtu"]?.int64, let maxMTU = node.current?["max-mtu"]?.int64 else { continue }
            if mtu > UInt64(max(0, maxMTU)) {
                ctx.error(.nmstateIfaceMtuRange, "Desired MTU \(mtu) for interface \(entry.name) is bigger than maximum allowed MTU \(maxMTU)", at: entry.at("mtu"))
            } else if mtu < UInt64(max(0, minMTU)) {
                ctx.error(.nmstateIfaceMtuRange, "Desired MTU \(mtu) for interface \(entry.name) is smaller than minimum allowed MTU \(minMTU)", at: entry.at("mtu"))
            }
        }
    }

    /// `nmstate.iface.ip-on-port`: a port of a bond, linux bridge or OVS
    /// bridge carries no IP of its own (VRF ports and OVS internal
    /// interfaces may).
    static let ipOnPort: SemanticRules.Rule = { ctx in
        let ownership = PortGraph.Ownership(ctx.model)
        for entry in ctx.interfaces where !entry.isAbsent {
            guard let node = ctx.node(entry), !node.isUserSpace else { continue }
            let attachment = PortGraph.attachment(of: node, in: ctx.model, ownership)
            guard !PortGraph.canHaveIP(node, attachment) else { continue }
            for family in IPRules.families where node.ipEnabled(family, forApply: true, mode: ctx.mode) == true {
                ctx.error(.nmstateIfaceIpOnPort, "Interface \(entry.name) cannot have IP enabled as it is attached to a controller where IP is not allowed", at: entry.at(.key(family)))
                break
            }
        }
    }

    /// `nmstate.iface.mtu-ipv6`: IPv6 needs an MTU of at least 1280 (RFC 8200).
    static let mtuIPv6: SemanticRules.Rule = { ctx in
        for entry in ctx.interfaces where !entry.isAbsent {
            guard let mtu = Lenient.uint(entry.value["mtu"]), mtu < 1280, let node = ctx.node(entry) else { continue }
            switch node.ipEnabled("ipv6", forApply: true, mode: ctx.mode) {
            case true?:
                ctx.error(.nmstateIfaceMtuIpv6, "MTU should be >= 1280 when IPv6 is enabled on interface \(entry.name), but got mtu: \(mtu)", at: entry.at("mtu"))
            default: break
            }
        }
    }

    /// `nmstate.iface.dispatch-userspace`: dispatch scripts run on a
    /// NetworkManager device; OVS bridges and IPsec connections have none.
    static let dispatchOnUserSpace: SemanticRules.Rule = { ctx in
        for entry in ctx.interfaces where !entry.isAbsent && NetworkModel.isUserSpace(type: entry.type) {
            if entry.value["dispatch"] != nil {
                ctx.error(.nmstateIfaceDispatchUserspace, "User space interface \(entry.name)/\(entry.type) is not allow to hold dispatch configurations", at: entry.at("dispatch"))
            }
        }
    }

    /// `nmstate.sriov.vlan-proto`: 802.1ad (QinQ) on a VF needs a VLAN ID or
    /// QoS to tag with.
    static let sriovVlanProto: SemanticRules.Rule = { ctx in
        for entry in ctx.interfaces where !entry.isAbsent {
            guard let vfs = entry.value["ethernet"]?["sr-iov"]?["vfs"]?.sequence else { continue }
            for (i, vf) in vfs.enumerated() where vf["vlan-proto"]?.string == "802.1ad" {
                if (Lenient.uint(vf["vlan-id"]) ?? 0) == 0 && (Lenient.uint(vf["qos"]) ?? 0) == 0 {
                    ctx.error(.nmstateSriovVlanProto, "VLAN protocol 802.1ad is not allowed when both VLAN ID and VLAN QoS are zero or unset", at: entry.at("ethernet", "sr-iov", "vfs", .index(i), "vlan-proto"))
                }
            }
        }
    }
}

/// `ifaces/loopback.rs`: the loopback device always keeps both IP stacks,
/// statically.
enum LoopbackRules {
    /// `nmstate.loopback.ipv4-disabled`, `nmstate.loopback.ipv6-disabled`,
    /// `nmstate.loopback.ipv4-dhcp`, `nmstate.loopback.ipv6-auto`.
    static let rules: SemanticRules.Rule = { ctx in
        for entry in ctx.interfaces where !entry.isAbsent {
            guard let node = ctx.node(entry), node.type == "loopback" else { continue }
            if let v4 = entry.value["ipv4"] {
                if node.ipEnabled("ipv4", forApply: true, mode: ctx.mode) == false {
                    ctx.error(.nmstateLoopbackIpv4Disabled, "Loopback interface cannot have IPv4 disabled", at: entry.at("ipv4"))
                } else if Lenient.flag(v4["dhcp"]) == true {
                    ctx.error(.nmstateLoopbackIpv4Dhcp, "Loopback interface cannot have IPv4 DHCP enabled", at: entry.at("ipv4", "dhcp"))
                }
            }
            if let v6 = entry.value["ipv6"] {
                if node.ipEnabled("ipv6", forApply: true, mode: ctx.mode) == false {
                    ipv6Disabled(&ctx, entry)
                } else if Lenient.flag(v6["dhcp"]) == true || Lenient.flag(v6["autoconf"]) == true {
                    ctx.error(.nmstateLoopbackIpv6Auto, "Loopback interface cannot have IPv6 autoconf/DHCPv6 enabled", at: entry.at("ipv6"))
                }
            }
        }
    }

    /// Newer nmstate lets a loopback keep IPv6 disabled when the node's
    /// kernel has it off (booted with `ipv6.disable=1`, where a query
    /// reports `enabled: false` and applying that report must work); it
    /// refuses only when the current state has IPv6 on or does not say.
    /// 2.2.38 refuses it whatever the node has.
    static func ipv6Disabled(_ ctx: inout SemanticContext, _ entry: InterfaceEntry) {
        let rule = RuleID.nmstateLoopbackIpv6Disabled
        let message = "Loopback interface cannot have IPv6 disabled"
        guard ctx.profile == .latest else {
            ctx.error(rule, message, at: entry.at("ipv6"))
            return
        }
        if !ctx.hasCurrent {
            ctx.report(rule, .warning, message + " (fine on a node whose kernel has IPv6 disabled)", at: entry.at("ipv6"), dependsOnNode: true)
        } else if Lenient.flag(ctx.current(entry.name)?["ipv6"]?["enabled"]) != false {
            ctx.error(rule, message, at: entry.at("ipv6"))
        }
    }
}
