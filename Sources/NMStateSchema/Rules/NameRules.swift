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
}
