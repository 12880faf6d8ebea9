import NMStateSchema
import SourceModel

/// What one policy's desired state claims, extracted once and indexed:
/// the interfaces it configures or removes, the ports it attaches, and the
/// static addresses it assigns. Cross-policy checks compare these facts
/// instead of re-walking whole documents.
public struct PolicyFacts: Sendable {
    public struct InterfaceClaim: Sendable {
        public var name: String
        public var type: String
        public var state: String
        public var value: Value
        public var path: DocumentPath
        public var isAbsent: Bool { state == "absent" }
    }

    public struct PortClaim: Sendable {
        public var port: String
        public var controller: String
        public var path: DocumentPath
    }

    public struct AddressClaim: Sendable {
        /// The address without prefix length, as written (lower-cased).
        public var address: String
        public var interface: String
        public var path: DocumentPath
    }

    public var selector: NodeSelector
    public var interfaces: [InterfaceClaim] = []
    public var ports: [PortClaim] = []
    public var addresses: [AddressClaim] = []

    static let portListKeys: [(section: String, key: [String])] = [
        ("link-aggregation", ["port", "ports"]),
        ("bridge", ["port", "ports"]),
        ("vrf", ["port", "ports"]),
    ]

    public init(object: Value) {
        let spec = object["spec"]
        self.init(selector: NodeSelector(spec: spec), desired: spec?["desiredState"])
    }

    /// The claims of `desired` (a policy's desired state, as written or
    /// resolved for one node). A `{{ capture.… }}` template stands for a
    /// value known only on the node: an interface, port or address written
    /// as one claims nothing here (per-node evaluation claims the resolved
    /// value instead).
    public init(selector: NodeSelector, desired: Value?) {
        self.selector = selector
        let base: DocumentPath = ["spec", "desiredState", "interfaces"]
        for (i, iface) in (desired?["interfaces"]?.sequence ?? []).enumerated() {
            guard let name = iface["name"]?.string, !Self.isTemplate(name) else { continue }
            let path = base.appending(i)
            let claim = InterfaceClaim(name: name, type: iface["type"]?.string ?? "unknown", state: iface["state"]?.string ?? "up", value: iface, path: path)
            interfaces.append(claim)
            if claim.isAbsent { continue }
            // Ports listed by this controller.
            for (section, keys) in Self.portListKeys {
                guard let sec = iface[section] else { continue }
                for key in keys {
                    guard let list = sec[key]?.sequence else { continue }
                    for (j, entry) in list.enumerated() {
                        let portName = entry.string ?? entry["name"]?.string
                        if let portName, !Self.isTemplate(portName) {
                            ports.append(PortClaim(port: portName, controller: name, path: path.appending(section).appending(key).appending(j)))
                        }
                    }
                }
            }
            // `controller:` set on the port itself.
            if let c = iface["controller"]?.string, !c.isEmpty, !Self.isTemplate(c) {
                ports.append(PortClaim(port: name, controller: c, path: path.appending("controller")))
            }
            for family in ["ipv4", "ipv6"] {
                guard let ip = iface[family], Lenient.flag(ip["enabled"]) != false else { continue }
                for (j, addr) in (ip["address"]?.sequence ?? []).enumerated() {
                    guard let text = addr["ip"]?.string, !Self.isTemplate(text) else { continue }
                    addresses.append(AddressClaim(address: text.lowercased(), interface: name, path: path.appending(family).appending("address").appending(j).appending("ip")))
                }
            }
        }
    }

    /// Whether `text` is (or contains) a capture template.
    static func isTemplate(_ text: String) -> Bool { text.utf8.containsDoubleBrace }

    /// Every interface, port and address name the claims mention.
    var claimKeys: Set<String> {
        var keys = Set<String>()
        for c in interfaces { keys.insert(c.name) }
        for c in ports { keys.insert(c.port) }
        return keys
    }
}
