import RuleCatalog
import SourceModel

/// Interface name resolution and veth pre-checks (apply mode; reference §3.4
/// and §14.3). The resolution itself happens while building the
/// ``NetworkModel``; these rules report what it could not resolve.
enum NameRules {
    /// `nmstate.sriov.name-format`, `nmstate.sriov.name-not-found`,
    /// `nmstate.sriov.name-duplicate`: a `sriov:<pf>:<vf>` name is looked up
    /// in the PF's current VF list. `nmstate.iface.unknown-type-not-found` /
    /// `nmstate.iface.unknown-type-ambiguous`: an interface without a known
    /// type must exist exactly once in the current state.
    static let resolution: SemanticRules.Rule = { ctx in
        for issue in ctx.model.resolutionIssues {
            ctx.error(issue.rule, issue.message, at: issue.path)
        }
    }

    /// `nmstate.veth.ignored-peer`: a veth whose current peer is ignored
    /// cannot switch to another peer; nmstate would have to touch the
    /// ignored one.
    static let vethIgnoredPeer: SemanticRules.Rule = { ctx in
        guard ctx.mode == .apply else { return }
        for entry in ctx.interfaces where !entry.isAbsent {
            guard let newPeer = entry.value["veth"]?["peer"]?.string,
                  let current = ctx.current(entry.name), let oldPeer = current["veth"]?["peer"]?.string,
                  oldPeer != newPeer, ctx.model.ignored.contains(oldPeer) else { continue }
            ctx.error(.nmstateVethIgnoredPeer, "Veth interface \(entry.name) is currently holding peer \(oldPeer) which is marked as ignored. Hence not allowing changing its peer to \(newPeer). Please remove this veth pair before changing veth peer", at: entry.at("veth", "peer"))
        }
    }

    /// The node's kernel interface of that name (user-space interfaces
    /// such as OVS bridges may share the name and do not count).
    static func currentKernel(_ ctx: SemanticContext, _ name: String) -> Value? {
        ctx.currentInterfaces[name]?.first { !["ovs-bridge", "ipsec"].contains($0["type"]?.string ?? "") }
    }

    /// `nmstate.veth.peer-required`: the kernel creates veths in pairs, so
    /// a veth the node does not have yet needs `veth.peer`. Applying checks
    /// it against the node; generating configuration (the 2.2.38 profile
    /// without a current state) does not, as the corpus verdicts show.
    static let vethPeerRequired: SemanticRules.Rule = { ctx in
        guard ctx.mode != .generate else { return }
        for entry in ctx.interfaces where entry.type == "veth" && entry.state == "up" && entry.value["veth"] == nil {
            let message = "Veth interface \(entry.name) does not exist, peer name is required for creating it"
            if ctx.hasCurrent {
                if currentKernel(ctx, entry.name) == nil { ctx.error(.nmstateVethPeerRequired, message, at: entry.path) }
            } else {
                ctx.needsNewInterface(.nmstateVethPeerRequired, message, at: entry.path)
            }
        }
    }

    /// `nmstate.veth.peer-on-ethernet`: nmstate compares a desired peer
    /// with the peer the node reports; a node interface reported without
    /// one (a NIC, or a veth whose peer lives in another namespace) cannot
    /// be given a peer, so nmstate refuses instead of deleting it.
    static let vethPeerOnEthernet: SemanticRules.Rule = { ctx in
        guard ctx.mode == .apply else { return }
        for entry in ctx.interfaces where !entry.isAbsent && ["ethernet", "veth"].contains(entry.type) {
            guard let peer = entry.value["veth"]?["peer"]?.string,
                  let current = currentKernel(ctx, entry.name),
                  ["ethernet", "veth"].contains(current["type"]?.string ?? ""),
                  current["veth"]?["peer"]?.string == nil else { continue }
            ctx.error(.nmstateVethPeerOnEthernet, "Veth interface \(entry.name) is currently holding peer assigned to other namespace: the node reports \(entry.name) without a veth peer (a physical NIC, or a veth whose peer is in another network namespace), so its peer cannot become \(peer). Remove this veth pair, or choose a name the node does not use", at: entry.at("veth", "peer"))
        }
    }
}
