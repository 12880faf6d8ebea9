import NMStateSchema
import SourceModel

/// What one policy's desired state claims, extracted once and indexed:
/// the interfaces it configures or removes, the ports it attaches, and the
/// static addresses it assigns. Cross-policy checks compare these facts
/// instead of re-walking whole documents.
///
/// An immutable class: per-node evaluation hands the same facts to many
/// groups, parts and pairs on every check, and copying a struct of this
/// many arrays cost a retain per array each time.
public final class PolicyFacts: Sendable {
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

    public let selector: NodeSelector
    public let interfaces: [InterfaceClaim]
    public let ports: [PortClaim]
    public let addresses: [AddressClaim]
    /// Interface and port names claimed, sorted and unique: what node
    /// safety and the conflict pre-check look at. Kept with the facts, which
    /// per-node evaluation remembers between checks.
    let touchedNames: [String]
    let nameSet: Set<String>
    let addressSet: Set<String>

    static let portListKeys: [(section: String, key: [String])] = [
        ("link-aggregation", ["port", "ports"]),
        // Newer nmstate's alias of `link-aggregation`.
        ("bond", ["port", "ports"]),
        ("bridge", ["port", "ports"]),
        ("vrf", ["port", "ports"]),
    ]

    public convenience init(object: Value) {
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
        var interfaces: [InterfaceClaim] = []
        var ports: [PortClaim] = []
        var addresses: [AddressClaim] = []
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
        self.interfaces = interfaces
        self.ports = ports
        self.addresses = addresses
        nameSet = Set(interfaces.map(\.name) + ports.map(\.port))
        touchedNames = nameSet.sorted()
        addressSet = Set(addresses.map(\.address))
    }

    /// Whether `text` is (or contains) a capture template.
    static func isTemplate(_ text: String) -> Bool { text.utf8.containsDoubleBrace }

    /// Whether `other` claims any interface, port or address these facts
    /// do (a port may be claimed as an interface by the other side).
    func mayConflict(with other: PolicyFacts) -> Bool {
        let (small, large) = touchedNames.count <= other.touchedNames.count ? (self, other) : (other, self)
        if small.touchedNames.contains(where: large.nameSet.contains) { return true }
        return addresses.contains { other.addressSet.contains($0.address) }
    }

    /// Every interface, port and address name the claims mention.
    var claimKeys: Set<String> {
        var keys = Set<String>()
        for c in interfaces { keys.insert(c.name) }
        for c in ports { keys.insert(c.port) }
        return keys
    }
}
