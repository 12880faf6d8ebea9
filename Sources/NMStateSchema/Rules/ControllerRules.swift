import RuleCatalog
import SourceModel

/// Who controls a port after the merge, the way nmstate's
/// `handle_changed_ports` / `preserve_current_controller_info` decide it.
enum PortGraph {
    struct Attachment {
        /// Empty when the interface is being detached.
        var controller: String
        var controllerType: String?
    }

    /// Port ownership of one model, computed once: which desired controller
    /// newly attaches or drops each port, and who lists it in the merge.
    struct Ownership {
        var attached: [String: Attachment] = [:]
        var detached: Set<String> = []
        var listedBy: [String: Attachment] = [:]

        init(_ model: NetworkModel) {
            for c in model.interfaces where c.isController {
                if c.desired != nil, let wanted = c.desiredPorts {
                    let now = c.current?["state"]?.string == "ignore" ? [] : (c.currentPorts ?? [])
                    for p in wanted where !now.contains(p) { attached[p] = Attachment(controller: c.name, controllerType: c.type) }
                    for p in now where !wanted.contains(p) { detached.insert(p) }
                }
                if c.isUp {
                    for p in c.ports ?? [] where listedBy[p] == nil { listedBy[p] = Attachment(controller: c.name, controllerType: c.type) }
                }
            }
        }
    }

    /// The controller an interface ends up with: its own `controller`
    /// property, else a desired controller that newly lists it, else none if
    /// a desired controller drops it, else the controller it has now.
    static func attachment(of node: NodeInterface, in model: NetworkModel, _ ownership: Ownership) -> Attachment? {
        if let own = node.desiredValue?["controller"]?.string {
            return Attachment(controller: own, controllerType: own.isEmpty ? nil : model.controller(own)?.type)
        }
        if let a = ownership.attached[node.name] { return a }
        if ownership.detached.contains(node.name) { return Attachment(controller: "", controllerType: nil) }
        if let cur = node.current?["controller"]?.string, !cur.isEmpty {
            return Attachment(controller: cur, controllerType: model.controller(cur)?.type)
        }
        return ownership.listedBy[node.name]
    }

    /// `BaseInterface::can_have_ip`: no controller, an OVS internal
    /// interface, or a VRF port.
    static func canHaveIP(_ node: NodeInterface, _ attachment: Attachment?) -> Bool {
        guard let a = attachment, !a.controller.isEmpty else { return true }
        return node.type == "ovs-interface" || a.controllerType == "vrf"
    }

    /// Path of `port` inside a controller's desired port list, for pointing
    /// at the offending name.
    static func portPath(_ port: String, in c: NodeInterface) -> DocumentPath? {
        guard let entry = c.desired else { return nil }
        let v = entry.value
        switch c.type {
        case "bond":
            let la = v["link-aggregation"]
            let key = writtenKey(la, "port", "ports")
            if let i = la?[key]?.sequence?.firstIndex(where: { $0.string == port }) { return entry.at("link-aggregation", .key(key), .index(i)) }
            if let i = la?["ports-config"]?.sequence?.firstIndex(where: { $0["name"]?.string == port }) { return entry.at("link-aggregation", "ports-config", .index(i), "name") }
        case "linux-bridge", "ovs-bridge":
            let br = v["bridge"]
            let key = writtenKey(br, "port", "ports")
            for (i, p) in (br?[key]?.sequence ?? []).enumerated() {
                if p["name"]?.string == port { return entry.at("bridge", .key(key), .index(i), "name") }
                let la = p["link-aggregation"]
                let bk = writtenKey(la, "port", "ports")
                if let j = la?[bk]?.sequence?.firstIndex(where: { $0["name"]?.string == port }) {
                    return entry.at("bridge", .key(key), .index(i), "link-aggregation", .key(bk), .index(j), "name")
                }
            }
        case "vrf":
            let vrf = v["vrf"]
            let key = writtenKey(vrf, "port", "ports")
            if let i = vrf?[key]?.sequence?.firstIndex(where: { $0.string == port }) { return entry.at("vrf", .key(key), .index(i)) }
        default: break
        }
        return entry.path
    }
}

/// Rules on the controller / port graph (`inter_ifaces_controller.rs`,
/// `inter_ifaces.rs`), decided on the merged interfaces.
enum ControllerRules {
    static let copyMacTypes: Set<String> = ["bond", "linux-bridge", "ovs-interface"]

    /// `nmstate.iface.copy-mac-from-missing` / `nmstate.iface.copy-mac-from-no-mac`:
    /// `copy-mac-from` (honoured on bond, linux-bridge, ovs-interface) must
    /// name an interface whose MAC address nmstate knows. Without a current
    /// state only the desired state is known, so under 2.2.38 a port that is
    /// merely listed has no MAC (upstream's own bond example fails this way).
    static let copyMacFrom: SemanticRules.Rule = { ctx in
        for entry in ctx.interfaces where !entry.isAbsent {
            guard let node = ctx.node(entry), copyMacTypes.contains(node.type),
                  let source = entry.value["copy-mac-from"]?.string else { continue }
            let path = entry.at("copy-mac-from")
            guard let src = ctx.model.kernel(source) else {
                ctx.dependsOnNode(.nmstateIfaceCopyMacFromMissing, "Failed to find interface \(source) for copy-mac-from of iface \(node.name)", at: path, note: "fine if \(source) exists on the node")
                continue
            }
            let mac = [src.merged["permanent-mac-address"]?.string, src.merged["mac-address"]?.string].compactMap { $0 }.first { !$0.isEmpty }
            if mac == nil {
                ctx.dependsOnNode(.nmstateIfaceCopyMacFromNoMac, "Failed to find mac address of interface \(source) for copy-mac-from of iface \(node.name)", at: path, note: "fine if the node knows the MAC address of \(source)")
            }
        }
    }

    /// `nmstate.controller.not-in-port-list`: a port names a desired
    /// controller whose own port list leaves it out.
    /// `nmstate.controller.not-found`: the named controller is nowhere.
    /// `nmstate.controller.conflict` / `nmstate.controller.detach-while-listed`:
    /// the port's `controller` disagrees with the port list that holds it.
    static let portListConflicts: SemanticRules.Rule = { ctx in
        let model = ctx.model
        for node in model.interfaces where !node.isUserSpace && node.isUp {
            guard let entry = node.desired, let wanted = entry.value["controller"]?.string, !wanted.isEmpty else { continue }
            let path = entry.at("controller")
            guard let ctrl = model.controller(wanted) else {
                ctx.dependsOnNode(.nmstateControllerNotFound, "Interface \(node.name) desired controller \(wanted) not found", at: path, note: "fine if \(wanted) exists on the node")
                continue
            }
            if ctrl.desired != nil, let ports = ctrl.desiredPorts, !ports.contains(node.name) {
                ctx.error(.nmstateControllerNotInPortList, "Interface \(node.name) has controller \(wanted) but not listed in port list of controller interface", at: path)
            }
        }
        var portToController: [String: String] = [:]
        for c in model.interfaces where c.isDesired && c.isUp {
            for p in c.ports ?? [] { portToController[p] = c.name }
        }
        for node in model.interfaces where !node.isUserSpace && node.isUp {
            guard let entry = node.desired, let wanted = entry.value["controller"]?.string,
                  let listedBy = portToController[node.name], listedBy != wanted else { continue }
            if wanted.isEmpty {
                ctx.error(.nmstateControllerDetachWhileListed, "Interface \(node.name) desired to detach controller via controller property set to '', but still been listed as port of controller \(listedBy)", at: entry.at("controller"))
            } else {
                ctx.error(.nmstateControllerConflict, "Interface \(node.name) has controller property set to \(wanted), but been listed as port of controller \(listedBy)", at: entry.at("controller"))
            }
        }
    }

    /// `nmstate.controller.unknown-port` (apply mode): a desired controller
    /// newly lists a port that neither state has. OVS bridges may, because
    /// they create internal interfaces for such ports; gen_conf mode turns
    /// such ports into ethernet instead.
    static let unknownPorts: SemanticRules.Rule = { ctx in
        guard ctx.mode == .apply else { return }
        for c in ctx.model.interfaces where c.desired != nil && c.isController && c.type != "ovs-bridge" && !c.isAbsent {
            guard let wanted = c.desiredPorts else { continue }
            let now = c.current?["state"]?.string == "ignore" ? [] : (c.currentPorts ?? [])
            for p in wanted where !now.contains(p) && ctx.model.kernel(p) == nil && !ctx.model.ignored.contains(p) {
                ctx.error(.nmstateControllerUnknownPort, "Controller interface \(c.name) is holding unknown port \(p)", at: PortGraph.portPath(p, in: c) ?? c.desired!.path)
            }
        }
    }

    /// `nmstate.controller.port-overbooked`: two desired, up controllers
    /// list the same port (their merged lists, so a controller that keeps
    /// its current list counts too).
    static let overbooked: SemanticRules.Rule = { ctx in
        var owner: [String: String] = [:]
        for c in ctx.model.interfaces where c.isController && c.isUp && c.desired != nil {
            for p in c.ports ?? [] {
                if let first = owner[p] {
                    ctx.error(.nmstateControllerPortOverbooked, "Port \(p) is overbooked by two controller: \(c.name), \(first)", at: PortGraph.portPath(p, in: c) ?? c.desired!.path)
                } else {
                    owner[p] = c.name
                }
            }
        }
    }

    /// `nmstate.infiniband.port`: IP-over-InfiniBand is layer 3, so it can
    /// only be a port of an active-backup bond.
    static let infinibandPorts: SemanticRules.Rule = { ctx in
        let ib = Set(ctx.model.interfaces.filter { $0.type == "infiniband" && !$0.isUserSpace }.map(\.name))
        guard !ib.isEmpty else { return }
        for c in ctx.model.interfaces where c.desired != nil && c.isController {
            let hits = (c.ports ?? []).filter { ib.contains($0) }
            guard !hits.isEmpty else { continue }
            let message = "InfiniBand interface [\(hits.map { "\"\($0)\"" }.joined(separator: ", "))] cannot use as port of \(c.name). Only active-backup bond allowed."
            let path = PortGraph.portPath(hits[0], in: c) ?? c.desired!.path
            if c.type == "bond" {
                let mode = bondModeName(c.merged["link-aggregation"]?["mode"])
                if mode == "active-backup" { continue }
                if mode == nil {
                    ctx.dependsOnNode(.nmstateInfinibandPort, message, at: path, note: "fine if the bond is active-backup on the node")
                    continue
                }
            }
            ctx.error(.nmstateInfinibandPort, message, at: path)
        }
    }

    /// `nmstate.iface.parent-absent`: a desired child (VLAN, VXLAN, MACVLAN,
    /// MACVTAP, InfiniBand partition, MACsec) kept up while its parent is
    /// removed. An ethernet parent is exempt: removing it only drops its
    /// profile, the device stays.
    static let orphans: SemanticRules.Rule = { ctx in
        let gone = Set(ctx.model.interfaces.filter { $0.isDesired && $0.isAbsent && $0.kind != "ethernet" && $0.type != "unknown" && !$0.isUserSpace }.map(\.name))
        guard !gone.isEmpty else { return }
        for node in ctx.model.interfaces where node.isUp && !node.isUserSpace && node.type != "ovs-interface" {
            guard let entry = node.desired, let parent = node.parent, gone.contains(parent) else { continue }
            ctx.error(.nmstateIfaceParentAbsent, "Interface \(node.name) cannot be in up state as its parent \(parent) has been marked as absent", at: entry.value["state"] != nil ? entry.at("state") : entry.path)
        }
    }

    /// `nmstate.iface.count-limit`: nmstate warns above 1000 interfaces.
    static let countLimit: SemanticRules.Rule = { ctx in
        if ctx.interfaces.count > 1000 {
            ctx.warning(.nmstateIfaceCountLimit, "Interfaces count exceeds the support limit 1000 in desired state", at: DocumentPath("interfaces"))
        }
    }
}
