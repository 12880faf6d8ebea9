import NMStateSchema
import RuleCatalog
import SourceModel

/// `node.disruptive-change`: would this policy cut a selected node off?
///
/// From each node's NodeNetworkState it finds the interfaces that carry the
/// default route and the node's InternalIP, then looks at what the policy
/// does to them: sets them down or absent, disables or changes their IP
/// configuration, or makes them a port of a controller that does not take
/// the address over.
enum NodeSafety {
    struct CriticalInterface {
        var name: String
        var reasons: [String]
        /// Node addresses (InternalIP) on it.
        var addresses: [String]
    }

    static func critical(node: ClusterNode, state: NodeNetworkState) -> [CriticalInterface] {
        var byName: [String: CriticalInterface] = [:]
        for (iface, destination) in state.defaultRoutes {
            var c = byName[iface] ?? CriticalInterface(name: iface, reasons: [], addresses: [])
            let reason = "its default route (\(destination))"
            if !c.reasons.contains(reason) { c.reasons.append(reason) }
            byName[iface] = c
        }
        for (ip, iface) in state.addresses where node.internalIPs.contains(ip) {
            var c = byName[iface] ?? CriticalInterface(name: iface, reasons: [], addresses: [])
            if !c.reasons.contains("its InternalIP") { c.reasons.append("its InternalIP") }
            c.addresses.append(ip)
            byName[iface] = c
        }
        return byName.values.sorted { $0.name < $1.name }
    }

    /// Node safety for every part of a policy's claims: the nodes of a part
    /// apply its facts. Findings are aggregated over nodes where the policy
    /// does the same thing to the same interface.
    static func check(object: Value, claims: PolicyClaims, view: ClusterView) -> [Diagnostic] {
        struct Hit {
            var path: DocumentPath
            var change: String
            var interface: String
            var reasons: [String]
            var nodes: [Int]
        }
        var hits: [String: Hit] = [:]
        var order: [String] = []
        // Where each touched name is critical, looked up once per name
        // (parts resolved per node repeat the same names).
        var criticalOn: [String: NodeSet] = [:]
        for part in claims.parts {
            for name in part.facts.touchedNames where criticalOn[name] == nil {
                criticalOn[name] = view.criticalIndex[name] ?? NodeSet(capacity: 0)
            }
        }
        for part in claims.parts {
            guard let nodes = part.nodes else { continue }
            let facts = part.facts
            // Only interfaces the policy touches (by name or as a port) can be disrupted.
            for name in facts.touchedNames {
                guard let onNodes = criticalOn[name], !onNodes.isEmpty else { continue }
                for slot in nodes where onNodes.contains(slot) {
                    guard let c = view.critical(slot).first(where: { $0.name == name }),
                          let (path, change) = disruptiveChange(to: c, facts: facts) else { continue }
                    let key = "\(c.name)\u{0}\(change)\u{0}\(path)"
                    if hits[key] == nil {
                        hits[key] = Hit(path: path, change: change, interface: c.name, reasons: c.reasons, nodes: [])
                        order.append(key)
                    }
                    hits[key]!.nodes.append(slot)
                    for r in c.reasons where !hits[key]!.reasons.contains(r) { hits[key]!.reasons.append(r) }
                }
            }
        }
        return order.map { key in
            let h = hits[key]!
            let shown = OverlapFinder.describe(view.names(h.nodes, limit: 3), total: h.nodes.count)
            return Diagnostic(rule: .nodeDisruptiveChange, message: "this policy \(h.change) interface \(h.interface), which carries \(h.reasons.joined(separator: " and ")) on \(shown); the node would lose connectivity. Set annotation \(ClusterPolicyRules.allowDisruptiveAnnotation): \"true\" if this is intended", path: h.path, location: object.location(of: h.path))
        }
    }

    /// What the policy does to the critical interface that would disconnect the node.
    static func disruptiveChange(to c: CriticalInterface, facts: PolicyFacts) -> (DocumentPath, String)? {
        for claim in facts.interfaces where claim.name == c.name {
            if claim.state == "absent" || claim.state == "down" {
                return (claim.path.appending("state"), "sets \(claim.state)")
            }
            for family in ["ipv4", "ipv6"] {
                guard let ip = claim.value[family] else { continue }
                if Lenient.flag(ip["enabled"]) == false {
                    return (claim.path.appending(family).appending("enabled"), "disables \(family) on")
                }
                let familyAddresses = c.addresses.filter { $0.contains(":") == (family == "ipv6") }
                guard !familyAddresses.isEmpty, Lenient.flag(ip["dhcp"]) != true, Lenient.flag(ip["autoconf"]) != true,
                      let list = ip["address"]?.sequence else { continue }
                let kept = Set(list.compactMap { $0["ip"]?.string })
                if familyAddresses.contains(where: { !kept.contains($0) }) {
                    return (claim.path.appending(family).appending("address"), "removes the node's address from")
                }
            }
        }
        // Made a port of a controller that does not take the address over.
        for port in facts.ports where port.port == c.name {
            let controller = facts.interfaces.first { $0.name == port.controller }
            if let controller, takesOverAddress(controller.value, addresses: c.addresses) { continue }
            return (port.path, "attaches to \(port.controller) (without moving its address there)")
        }
        return nil
    }

    static func takesOverAddress(_ iface: Value, addresses: [String]) -> Bool {
        for family in ["ipv4", "ipv6"] {
            guard let ip = iface[family], Lenient.flag(ip["enabled"]) != false else { continue }
            if Lenient.flag(ip["dhcp"]) == true || Lenient.flag(ip["autoconf"]) == true { return true }
            let listed = Set((ip["address"]?.sequence ?? []).compactMap { $0["ip"]?.string })
            if addresses.contains(where: listed.contains) { return true }
        }
        return addresses.isEmpty && iface["ipv4"] != nil
    }
}
