import RuleCatalog
import SourceModel

/// Values nmstate's own validation accepts but the kernel or
/// NetworkManager refuses when the node applies them, so the policy fails
/// on every node after the rollout has started.
///
/// Each rule encodes a limit that holds on every node, whatever its kernel
/// version or hardware: a fixed field width or a constant of the kernel's
/// netlink API. Limits that vary per device (MTU) are left to the rules
/// that read the node's state; a rule here must never block what works.
/// The same verdict under both profiles: these are not nmstate's rules.
enum NodeLimitRules {
    /// 802.1Q: VLAN ids are 12 bits and 4095 is reserved (`VLAN_VID_MASK`).
    static let vlanIDs: ClosedRange<UInt64> = 0...4094
    /// A Linux bridge port VLAN must be 1-4094 (`br_vlan_valid_id`).
    static let bridgeVLANIDs: ClosedRange<UInt64> = 1...4094
    /// VXLAN network identifiers are 24 bits (`VXLAN_N_VID`).
    static let vxlanIDs: ClosedRange<UInt64> = 0...16_777_215
    /// `IFNAMSIZ` is 16 bytes including the terminating NUL.
    static let interfaceNameBytes = 15
    /// `HOST_NAME_MAX`.
    static let hostnameBytes = 64

    /// `node.limit.vlan-id`: nmstate reads a VLAN id as any u16.
    static let vlanID: SemanticRules.Rule = { ctx in
        for entry in ctx.interfaces where entry.type == "vlan" && !entry.isAbsent {
            guard let value = entry.value["vlan"]?["id"], let id = Lenient.uint(value, bits: 16), !vlanIDs.contains(id) else { continue }
            ctx.error(.nodeLimitVlanId, "VLAN id \(id) of interface \(entry.name) is not in 0..4094: the kernel refuses it (802.1Q ids are 12 bits and 4095 is reserved), although nmstate accepts any 16-bit number", at: entry.at("vlan", "id"))
        }
    }

    /// `node.limit.bridge-vlan-id`: Linux bridge port VLANs (access tag,
    /// trunk ids and ranges) outside 1..4094.
    static let bridgeVLANID: SemanticRules.Rule = { ctx in
        for entry in ctx.interfaces where entry.type == "linux-bridge" && !entry.isAbsent {
            guard let ports = entry.value["bridge"]?["port"]?.sequence ?? entry.value["bridge"]?["ports"]?.sequence else { continue }
            let portsKey = entry.value["bridge"]?["port"] != nil ? "port" : "ports"
            for (p, port) in ports.enumerated() {
                guard let vlan = port["vlan"], vlan.isMapping else { continue }
                let base = entry.at("bridge", .key(portsKey), .index(p), "vlan")
                var found: [(UInt64, DocumentPath)] = []
                if let tag = Lenient.uint(vlan["tag"], bits: 16) { found.append((tag, base.appending("tag"))) }
                for (t, trunk) in (vlan["trunk-tags"]?.sequence ?? []).enumerated() {
                    let at = base.appending("trunk-tags").appending(t)
                    if let id = Lenient.uint(trunk["id"], bits: 16) { found.append((id, at.appending("id"))) }
                    for bound in ["min", "max"] {
                        if let id = Lenient.uint(trunk["id-range"]?[bound], bits: 16) { found.append((id, at.appending("id-range").appending(bound))) }
                    }
                }
                let portName = port["name"]?.string ?? "?"
                for (id, path) in found where !bridgeVLANIDs.contains(id) {
                    ctx.error(.nodeLimitBridgeVlanId, "VLAN id \(id) on port \(portName) of Linux bridge \(entry.name) is not in 1..4094: the kernel bridge refuses it", at: path)
                }
            }
        }
    }

    /// `node.limit.vxlan-id`: nmstate reads a VNI as any u32.
    static let vxlanID: SemanticRules.Rule = { ctx in
        for entry in ctx.interfaces where entry.type == "vxlan" && !entry.isAbsent {
            guard let value = entry.value["vxlan"]?["id"], let id = Lenient.uint(value, bits: 32), !vxlanIDs.contains(id) else { continue }
            ctx.error(.nodeLimitVxlanId, "VXLAN id \(id) of interface \(entry.name) is not in 0..16777215: the kernel refuses it (a VNI is 24 bits), although nmstate accepts any 32-bit number", at: entry.at("vxlan", "id"))
        }
    }

    /// Why the kernel refuses `name` as an interface name, or nil.
    /// (`dev_valid_name`: not empty, at most 15 bytes, not `.` or `..`, no
    /// `/`, `:` or white space.)
    static func kernelNameProblem(_ name: String) -> String? {
        let bytes = name.utf8.count
        if bytes > interfaceNameBytes {
            return "is \(bytes) bytes long; the kernel refuses interface names longer than 15 bytes (IFNAMSIZ)"
        }
        if name == "." || name == ".." { return "is reserved; the kernel refuses it as an interface name" }
        if let bad = name.unicodeScalars.first(where: { $0 == "/" || $0 == ":" || $0.properties.isWhitespace }) {
            let shown = bad == "/" || bad == ":" ? "`\(bad)`" : "white space"
            return "contains \(shown); the kernel refuses it in an interface name"
        }
        return nil
    }

    /// `node.limit.interface-name`: the name of an interface nmstate
    /// creates or configures in the kernel. User-space interfaces (OVS
    /// bridges, IPsec connections), interfaces without a known type (they
    /// must already exist), OVS patch and DPDK ports, SR-IOV `sriov:`
    /// references and interfaces matched by MAC or PCI address (their
    /// `name` is a profile name) are not kernel names and are not checked.
    static let interfaceName: SemanticRules.Rule = { ctx in
        for entry in ctx.interfaces where !entry.isAbsent && entry.state != "ignore" {
            guard let spec = ctx.schema.interfaceType(entry.type), !spec.userSpace,
                  !entry.name.hasPrefix("sriov:"), !entry.name.utf8.containsDoubleBrace else { continue }
            if let identifier = entry.value["identifier"]?.string, identifier != "name" { continue }
            // OVS patch and DPDK ports live only in the OVS database.
            if entry.type == "ovs-interface", entry.value["patch"] != nil || entry.value["dpdk"] != nil { continue }
            guard let problem = kernelNameProblem(entry.name) else { continue }
            ctx.error(.nodeLimitInterfaceName, "interface name `\(entry.name)` \(problem), so the \(entry.type) interface cannot be created on any node", at: entry.at("name"))
        }
    }

    /// `node.limit.hostname`: `sethostname(2)` and systemd-hostnamed take at
    /// most 64 bytes.
    static let hostname: SemanticRules.Rule = { ctx in
        guard let section = ctx.state["hostname"], section.isMapping else { return }
        for key in ["config", "running"] {
            guard let name = section[key]?.string, name.utf8.count > hostnameBytes, !name.utf8.containsDoubleBrace else { continue }
            ctx.error(.nodeLimitHostname, "hostname is \(name.utf8.count) bytes long; the kernel and systemd-hostnamed refuse hostnames longer than 64 bytes (HOST_NAME_MAX)", at: DocumentPath("hostname", .key(key)))
        }
    }
}
