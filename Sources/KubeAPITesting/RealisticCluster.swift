import SourceModel

/// Nodes and NodeNetworkStates shaped like a real cluster's, for memory and
/// speed measurements and for tests that need states of a realistic size.
///
/// Hand-written fixtures hold a handful of interfaces; a real node reports
/// every NIC with its full ethtool feature map, a CNI bridge with dozens of
/// veth ports and a routing table, and a telco node adds a thousand VLANs.
/// Structures that exploit the repetition across nodes (or suffer from its
/// absence) only show their real cost on data like this. Most of a state is
/// identical across nodes (feature maps, bridge options, DNS), the rest is
/// small unique data (names, MACs, addresses), as in a real cluster.
///
/// Everything is derived from `seed` and the node index with a fixed
/// mixing function, never from the system, so a node's objects are the same
/// in every run and do not depend on which other nodes were generated.
///
/// Layout: node `i` sits in rack `i / 40` (racks share a gateway and a
/// hardware model), zones follow racks; addresses stay unique up to 10,240
/// nodes. A normal node's current state is about 95 KB of compact JSON
/// (40 veths with 60-feature maps are most of it), a telco node's about
/// 650 KB.
public struct RealisticCluster: Sendable {
    /// Feeds every derived name and address.
    public let seed: UInt64

    /// Nodes per rack: nodes of one rack share a gateway, a /16 and a NIC model.
    public static let nodesPerRack = 40
    /// veth interfaces (pods) per node.
    public static let vethsPerNode = 40
    /// VLAN interfaces on a telco node's spare NIC (ids 100…1099).
    public static let telcoVLANs = 1000

    public init(seed: UInt64 = 1) {
        self.seed = seed
    }

    /// Node name for index i: "worker-00042" style (control-plane nodes "master-0".."master-2" for i < 3).
    public func nodeName(_ i: Int) -> String {
        if i < 3 { return "master-\(i)" }
        let digits = String(i)
        return "worker-" + String(repeating: "0", count: max(0, 5 - digits.count)) + digits
    }

    /// Whether node i is a telco node (1,000 VLANs on its spare NIC): every tenth node.
    public func isTelco(_ i: Int) -> Bool { i % 10 == 9 }

    /// The node's InternalIP, which is also ens33's address.
    public func internalIP(_ i: Int) -> String {
        let j = i % Self.nodesPerRack
        return "10.\(rack(i) & 255).1.\(10 + j)"
    }

    /// A v1 Node: hostname, OS, role, zone and rack labels, and
    /// status.addresses (InternalIP and Hostname) as the kubelet reports them.
    public func node(_ i: Int) -> Value {
        let name = nodeName(i)
        let role = i < 3 ? "node-role.kubernetes.io/control-plane" : "node-role.kubernetes.io/worker"
        return .mapping([
            "apiVersion": .string("v1"),
            "kind": .string("Node"),
            "metadata": .mapping([
                "name": .string(name),
                "uid": .string(uid(i)),
                "labels": .mapping([
                    "beta.kubernetes.io/arch": .string("amd64"),
                    "beta.kubernetes.io/os": .string("linux"),
                    "kubernetes.io/arch": .string("amd64"),
                    "kubernetes.io/hostname": .string(name),
                    "kubernetes.io/os": .string("linux"),
                    role: .string(""),
                    "topology.kubernetes.io/rack": .string("rack-\(rack(i))"),
                    "topology.kubernetes.io/zone": .string(zone(i)),
                ]),
            ]),
            "status": .mapping([
                "addresses": .sequence([
                    .mapping(["type": .string("InternalIP"), "address": .string(internalIP(i))]),
                    .mapping(["type": .string("Hostname"), "address": .string(name)]),
                ]),
            ]),
        ])
    }

    /// A NodeNetworkState as kubernetes-nmstate's handler writes it: owned
    /// by the Node, with the node's current state in status.
    public func nodeNetworkState(_ i: Int, revision: Int = 0) -> Value {
        let name = nodeName(i)
        return .mapping([
            "apiVersion": .string("nmstate.io/v1beta1"),
            "kind": .string("NodeNetworkState"),
            "metadata": .mapping([
                "name": .string(name),
                "ownerReferences": .sequence([.mapping([
                    "apiVersion": .string("v1"),
                    "kind": .string("Node"),
                    "name": .string(name),
                    "uid": .string(uid(i)),
                ])]),
            ]),
            "status": .mapping([
                "currentState": currentState(i, revision: revision),
                "handlerNmstateVersion": .string("2.2.38"),
                "hostNetworkManagerVersion": .string("1.46.0"),
                "lastSuccessfulUpdateTime": .string(timestamp(minutes: revision)),
            ]),
        ])
    }

    /// status.currentState only: an nmstate state document (interfaces
    /// sorted by name as nmstate reports them, running and configured
    /// routes, route rules, DNS, hostname).
    ///
    /// `revision` is pod churn: each revision replaces one more pod's veth
    /// (round robin over the slots) and moves the bridge's garbage
    /// collection timer, so consecutive revisions differ the way a real
    /// node's reports do.
    public func currentState(_ i: Int, revision: Int = 0) -> Value {
        let model = nicModel(i)
        let veths = vethNames(i, revision: revision)
        var interfaces: [Value] = []
        interfaces.reserveCapacity(4 + veths.count + (isTelco(i) ? Self.telcoVLANs : 0))
        interfaces.append(ens33(i, model: model))
        interfaces.append(ens35(i, model: model))
        interfaces.append(loopback())
        interfaces.append(cni0(i, veths: veths, revision: revision))
        for name in veths {
            interfaces.append(veth(name, mac: vethMAC(i, name: name)))
        }
        if isTelco(i) {
            let mac = Self.mac(prefix: 0x52_54_01, i)
            for id in 100..<(100 + Self.telcoVLANs) {
                interfaces.append(vlan(id: id, mac: mac))
            }
        }
        // By name in byte order, as nmstate sorts them (names read once, not per comparison).
        interfaces = interfaces.map { ($0["name"]?.string ?? "", $0) }
            .sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }
            .map(\.1)
        return .mapping([
            "dns-resolver": dnsResolver(i),
            "hostname": .mapping(["config": .string(nodeName(i)), "running": .string(nodeName(i))]),
            "interfaces": .sequence(interfaces),
            "ovs-db": .mapping([]),
            "route-rules": .mapping(["config": .sequence([])]),
            "routes": routes(i, veths: veths),
        ])
    }

    // MARK: - Topology

    func rack(_ i: Int) -> Int { i / Self.nodesPerRack }

    func zone(_ i: Int) -> String { ["zone-a", "zone-b", "zone-c"][rack(i) % 3] }

    func gateway(_ i: Int) -> String { "10.\(rack(i) & 255).0.1" }

    /// The node's pod /24, unique per node as a real cluster's pod CIDRs are.
    func podSubnet(_ i: Int) -> (network: String, gateway: String) {
        let a = 128 + (i / 256) % 128, b = i % 256
        return ("10.\(a).\(b).0/24", "10.\(a).\(b).1")
    }

    func uid(_ i: Int) -> String {
        var g = SplitMix(seed, UInt64(i), 0x75_69_64)
        let a = g.next(), b = g.next()
        return Self.hex(a >> 32, 8) + "-" + Self.hex((a >> 16) & 0xffff, 4) + "-4" + Self.hex(a & 0xfff, 3)
            + "-a" + Self.hex((b >> 48) & 0xfff, 3) + "-" + Self.hex(b & 0xffff_ffff_ffff, 12)
    }

    func timestamp(minutes: Int) -> String {
        let m = minutes % 60, h = (minutes / 60) % 24, d = 1 + (minutes / 1440) % 28
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "2025-03-\(two(d))T\(two(h)):\(two(m)):00Z"
    }

    // MARK: - Interfaces

    /// Two NIC generations: every fourth rack has the newer model, with a
    /// different driver and a few features switched differently.
    struct NICModel {
        var driver: String
        var speed: Int64
        var features: Value
        var ring: Int64
    }

    func nicModel(_ i: Int) -> NICModel {
        if rack(i) % 4 == 3 {
            return NICModel(driver: "ice", speed: 25000, features: Self.newerNICFeatures, ring: 8160)
        }
        return NICModel(driver: "i40e", speed: 10000, features: Self.olderNICFeatures, ring: 4096)
    }

    func nicEthtool(_ model: NICModel) -> Value {
        .mapping([
            "coalesce": .mapping([
                "adaptive-rx": .bool(true), "adaptive-tx": .bool(true),
                "rx-frames": .int(0), "rx-usecs": .int(50), "rx-usecs-high": .int(0),
                "tx-frames": .int(0), "tx-frames-irq": .int(256), "tx-usecs": .int(50),
            ]),
            "feature": model.features,
            "fec": .mapping(["auto": .bool(true), "mode": .string("off")]),
            "pause": .mapping(["autoneg": .bool(false), "rx": .bool(true), "tx": .bool(true)]),
            "ring": .mapping([
                "rx": .int(model.ring / 2), "rx-max": .int(model.ring),
                "tx": .int(model.ring / 2), "tx-max": .int(model.ring),
            ]),
        ])
    }

    func ethernet(_ model: NICModel) -> Value {
        .mapping([
            "auto-negotiation": .bool(false),
            "duplex": .string("full"),
            "speed": .int(model.speed),
            "sr-iov": .mapping(["total-vfs": .int(0), "vfs": .sequence([])]),
        ])
    }

    func ens33(_ i: Int, model: NICModel) -> Value {
        let mac = Self.mac(prefix: 0x52_54_00, i)
        let address: Value = .sequence([.mapping(["ip": .string(internalIP(i)), "prefix-length": .int(16)])])
        // Half the racks take their address from DHCP (with a reservation).
        let ipv4: Value = rack(i) % 2 == 0
            ? .mapping(["enabled": .bool(true), "address": address, "dhcp": .bool(false)])
            : .mapping([
                "enabled": .bool(true), "address": address,
                "auto-dns": .bool(true), "auto-gateway": .bool(true), "auto-route-table-id": .int(0),
                "auto-routes": .bool(true), "dhcp": .bool(true), "dhcp-client-id": .string("mac"),
            ])
        return nic(name: "ens33", mac: mac, model: model, ipv4: ipv4, ipv6: linkLocal(mac))
    }

    func ens35(_ i: Int, model: NICModel) -> Value {
        let mac = Self.mac(prefix: 0x52_54_01, i)
        return nic(name: "ens35", mac: mac, model: model,
                   ipv4: .mapping(["enabled": .bool(false)]),
                   ipv6: i % 2 == 0 ? .mapping(["enabled": .bool(false)]) : linkLocal(mac))
    }

    func nic(name: String, mac: String, model: NICModel, ipv4: Value, ipv6: Value) -> Value {
        .mapping([
            "name": .string(name),
            "type": .string("ethernet"),
            "state": .string("up"),
            "accept-all-mac-addresses": .bool(false),
            "driver": .string(model.driver),
            "ethernet": ethernet(model),
            "ethtool": nicEthtool(model),
            "ipv4": ipv4,
            "ipv6": ipv6,
            "lldp": .mapping(["enabled": .bool(false)]),
            "mac-address": .string(mac),
            "max-mtu": .int(9216),
            "min-mtu": .int(68),
            "mtu": .int(1500),
            "permanent-mac-address": .string(mac),
            "wait-ip": .string("any"),
        ])
    }

    func linkLocal(_ mac: String) -> Value {
        .mapping([
            "enabled": .bool(true),
            "address": .sequence([.mapping(["ip": .string(Self.eui64LinkLocal(mac)), "prefix-length": .int(64)])]),
            "addr-gen-mode": .string("eui64"),
            "autoconf": .bool(false),
            "dhcp": .bool(false),
        ])
    }

    func loopback() -> Value {
        .mapping([
            "name": .string("lo"),
            "type": .string("loopback"),
            "state": .string("up"),
            "accept-all-mac-addresses": .bool(false),
            "ethtool": .mapping(["feature": Self.loopbackFeatures]),
            "ipv4": .mapping([
                "enabled": .bool(true),
                "address": .sequence([.mapping(["ip": .string("127.0.0.1"), "prefix-length": .int(8)])]),
            ]),
            "ipv6": .mapping([
                "enabled": .bool(true),
                "address": .sequence([.mapping(["ip": .string("::1"), "prefix-length": .int(128)])]),
            ]),
            "mac-address": .string("00:00:00:00:00:00"),
            "mtu": .int(65536),
        ])
    }

    func cni0(_ i: Int, veths: [String], revision: Int) -> Value {
        let mac = Self.mac(prefix: 0x0a_58_0a, i)
        let ports: [Value] = veths.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.map { name in
            .mapping([
                "name": .string(name),
                "stp-hairpin-mode": .bool(true),
                "stp-path-cost": .int(2),
                "stp-priority": .int(32),
                "vlan": .mapping([]),
            ])
        }
        return .mapping([
            "name": .string("cni0"),
            "type": .string("linux-bridge"),
            "state": .string("up"),
            "accept-all-mac-addresses": .bool(false),
            "bridge": .mapping([
                "options": .mapping([
                    "gc-timer": .int(Int64((revision * 3001) % 30000)),
                    "group-addr": .string("01:80:C2:00:00:00"),
                    "group-forward-mask": .int(0),
                    "group-fwd-mask": .int(0),
                    "hash-elasticity": .int(16),
                    "hash-max": .int(4096),
                    "hello-timer": .int(0),
                    "mac-ageing-time": .int(300),
                    "multicast-last-member-count": .int(2),
                    "multicast-last-member-interval": .int(100),
                    "multicast-membership-interval": .int(26000),
                    "multicast-querier": .bool(false),
                    "multicast-querier-interval": .int(25500),
                    "multicast-query-interval": .int(12500),
                    "multicast-query-response-interval": .int(1000),
                    "multicast-query-use-ifaddr": .bool(false),
                    "multicast-router": .string("auto"),
                    "multicast-snooping": .bool(true),
                    "multicast-startup-query-count": .int(2),
                    "multicast-startup-query-interval": .int(3125),
                    "stp": .mapping([
                        "enabled": .bool(false), "forward-delay": .int(15), "hello-time": .int(2),
                        "max-age": .int(20), "priority": .int(32768),
                    ]),
                    "vlan-protocol": .string("802.1q"),
                ]),
                "port": .sequence(ports),
            ]),
            "ethtool": .mapping(["feature": Self.bridgeFeatures]),
            "ipv4": .mapping([
                "enabled": .bool(true),
                "address": .sequence([.mapping(["ip": .string(podSubnet(i).gateway), "prefix-length": .int(24)])]),
                "dhcp": .bool(false),
            ]),
            "ipv6": linkLocal(mac),
            "lldp": .mapping(["enabled": .bool(false)]),
            "mac-address": .string(mac),
            "max-mtu": .int(65535),
            "min-mtu": .int(68),
            "mtu": .int(1450),
            "wait-ip": .string("any"),
        ])
    }

    func veth(_ name: String, mac: String) -> Value {
        .mapping([
            "name": .string(name),
            "type": .string("veth"),
            "state": .string("up"),
            "accept-all-mac-addresses": .bool(false),
            "controller": .string("cni0"),
            "ethtool": .mapping(["feature": Self.vethFeatures]),
            "ipv4": .mapping(["enabled": .bool(false)]),
            "ipv6": linkLocal(mac),
            "lldp": .mapping(["enabled": .bool(false)]),
            "mac-address": .string(mac),
            "max-mtu": .int(65535),
            "min-mtu": .int(68),
            "mtu": .int(1450),
            "veth": .mapping(["peer": .string("eth0")]),
        ])
    }

    func vlan(id: Int, mac: String) -> Value {
        .mapping([
            "name": .string("ens35.\(id)"),
            "type": .string("vlan"),
            "state": .string("up"),
            "accept-all-mac-addresses": .bool(false),
            "ethtool": .mapping(["feature": Self.vlanFeatures]),
            "ipv4": .mapping(["enabled": .bool(false)]),
            "ipv6": .mapping(["enabled": .bool(false)]),
            "lldp": .mapping(["enabled": .bool(false)]),
            "mac-address": .string(mac),
            "max-mtu": .int(65535),
            "min-mtu": .int(0),
            "mtu": .int(1500),
            "vlan": .mapping([
                "base-iface": .string("ens35"),
                "id": .int(id),
                "protocol": .string("802.1q"),
            ]),
        ])
    }

    /// The node's veth names after `revision` rounds of pod churn: slot `s`
    /// has been replaced `revision / 40` times, plus once more when `s` is
    /// among the first `revision % 40` slots.
    func vethNames(_ i: Int, revision: Int) -> [String] {
        var names: [String] = []
        names.reserveCapacity(Self.vethsPerNode)
        var seen = Set<String>()
        for slot in 0..<Self.vethsPerNode {
            let generation = revision / Self.vethsPerNode + (slot < revision % Self.vethsPerNode ? 1 : 0)
            var g = SplitMix(seed, UInt64(i), UInt64(slot) << 32 | UInt64(generation))
            var name = "veth" + Self.hex(g.next() & 0xffff_ffff, 8)
            while !seen.insert(name).inserted { name = "veth" + Self.hex(g.next() & 0xffff_ffff, 8) }
            names.append(name)
        }
        return names
    }

    func vethMAC(_ i: Int, name: String) -> String {
        var g = SplitMix(seed, UInt64(i), 0x6d_61_63 ^ stableHash(name))
        // Locally administered unicast, as the kernel picks for veths.
        let bits = (g.next() & 0xfcff_ffff_ffff) | 0x0200_0000_0000
        return Self.macString(bits)
    }

    // MARK: - Routes, DNS

    func routes(_ i: Int, veths: [String]) -> Value {
        let gw = gateway(i)
        func route(_ destination: String, _ hop: String, _ interface: String, metric: Int64, table: Int64 = 254) -> Value {
            .mapping([
                "destination": .string(destination),
                "metric": .int(metric),
                "next-hop-address": .string(hop),
                "next-hop-interface": .string(interface),
                "table-id": .int(table),
            ])
        }
        var running: [Value] = [
            route("0.0.0.0/0", gw, "ens33", metric: 100),
            route("10.\(rack(i) & 255).0.0/16", "0.0.0.0", "ens33", metric: 100),
            route(podSubnet(i).network, "0.0.0.0", "cni0", metric: 0),
            route("169.254.169.254/32", gw, "ens33", metric: 100),
            route("172.30.0.0/16", gw, "ens33", metric: 100),
            route("10.255.0.0/16", gw, "ens33", metric: 100),
            route("fe80::/64", "::", "cni0", metric: 256),
            route("fe80::/64", "::", "ens33", metric: 1024),
            route("fe80::/64", "::", "ens35", metric: 1024),
        ]
        for name in veths.prefix(12) {
            running.append(route("fe80::/64", "::", name, metric: 256))
        }
        return .mapping([
            "config": .sequence([.mapping([
                "destination": .string("0.0.0.0/0"),
                "metric": .int(100),
                "next-hop-address": .string(gw),
                "next-hop-interface": .string("ens33"),
                "table-id": .int(254),
            ])]),
            "running": .sequence(running),
        ])
    }

    func dnsResolver(_ i: Int) -> Value {
        let zoneIndex = rack(i) % 3
        let servers: Value = .sequence([.string("10.0.\(zoneIndex).53"), .string("10.0.\(zoneIndex).54"), .string("1.1.1.1")])
        let search: Value = .sequence([.string("cluster.example.com"), .string("example.com")])
        return .mapping([
            "config": .mapping(["search": search, "server": servers]),
            "running": .mapping(["search": search, "server": servers]),
        ])
    }

    // MARK: - Ethtool feature maps

    /// The kernel's netdev feature strings and the ethtool aliases nmstate
    /// reports for a physical NIC: about 150 entries.
    static let nicFeatureNames: [String] = {
        let base = [
            "esp-hw-offload", "esp-tx-csum-hw-offload", "fcoe-mtu", "highdma", "hsr-dup-offload",
            "hsr-fwd-offload", "hsr-tag-ins-offload", "hsr-tag-rm-offload", "hw-tc-offload", "l2-fwd-offload",
            "loopback", "macsec-hw-offload", "netns-local", "rx-all", "rx-checksum", "rx-fcs", "rx-gro",
            "rx-gro-hw", "rx-gro-list", "rx-hashing", "rx-lro", "rx-ntuple-filter", "rx-stag-filter",
            "rx-stag-hw-parse", "rx-udp-gro-forwarding", "rx-udp_tunnel-port-offload", "rx-vlan-filter",
            "rx-vlan-hw-parse", "rx-vlan-stag-filter", "rx-vlan-stag-hw-parse", "tls-hw-record",
            "tls-hw-rx-offload", "tls-hw-tx-offload", "tx-checksum-fcoe-crc", "tx-checksum-ip-generic",
            "tx-checksum-ipv4", "tx-checksum-ipv6", "tx-checksum-sctp", "tx-esp-segmentation",
            "tx-fcoe-segmentation", "tx-generic-segmentation", "tx-gre-csum-segmentation",
            "tx-gre-segmentation", "tx-gso-list", "tx-gso-partial", "tx-gso-robust", "tx-ipxip4-segmentation",
            "tx-ipxip6-segmentation", "tx-lockless", "tx-nocache-copy", "tx-scatter-gather",
            "tx-scatter-gather-fraglist", "tx-sctp-segmentation", "tx-stag-hw-insert", "tx-tcp-ecn-segmentation",
            "tx-tcp-mangleid-segmentation", "tx-tcp-segmentation", "tx-tcp6-segmentation",
            "tx-tunnel-remcsum-segmentation", "tx-udp-segmentation", "tx-udp_tnl-csum-segmentation",
            "tx-udp_tnl-segmentation", "tx-vlan-hw-insert", "tx-vlan-stag-hw-insert", "vlan-challenged",
        ]
        let aliases = [
            "generic-receive-offload", "generic-segmentation-offload", "large-receive-offload",
            "ntuple-filters", "receive-hashing", "rx-checksumming", "rx-vlan-offload", "scatter-gather",
            "tcp-segmentation-offload", "tx-checksumming", "tx-vlan-offload", "udp-fragmentation-offload",
            "rx-vlan-filter-offload", "tx-udp-fragmentation", "tx-gre-offload",
        ]
        // Per-encapsulation and per-direction variants the drivers expose.
        var variants: [String] = []
        for tunnel in ["geneve", "gre", "gtp", "ipip", "mpls", "nvgre", "sit", "vxlan", "vxlan-gpe"] {
            variants.append("rx-\(tunnel)-checksum-offload")
            variants.append("tx-\(tunnel)-checksum-offload")
            variants.append("tx-\(tunnel)-segmentation-offload")
            variants.append("rx-\(tunnel)-gro-offload")
        }
        for queue in ["rx-queue-steering", "tx-queue-steering", "rx-flow-steering", "tx-flow-steering"] {
            variants.append("\(queue)-ipv4")
            variants.append("\(queue)-ipv6")
        }
        variants += [
            "rx-timestamp-all", "tx-timestamp-hw", "rx-timestamp-hw", "ptp-hw-clock", "rx-xdp-native",
            "rx-xdp-zerocopy", "tx-xdp-zerocopy", "rx-busy-poll", "tx-busy-poll", "rx-header-split",
            "rx-buffer-recycle", "tx-buffer-recycle", "rx-striding-rq", "rx-cqe-compress", "rx-cqe-moder",
            "tx-cqe-moder", "tx-mpwqe", "link-down-on-close", "fw-lldp-agent", "vf-true-promisc-support",
            "mdd-auto-reset-vf", "vf-vlan-pruning", "legacy-rx", "total-port-shutdown", "disable-fw-lldp",
            "channel-inline-flow-director", "flow-director-atr", "hw-tc-offload-mqprio", "dcb-app-offload",
            "rx-vlan-stripping-outer", "tx-vlan-insertion-outer", "macvlan-offload", "rx-ipsec-offload",
            "tx-ipsec-offload", "rx-tls-device-offload", "tx-tls-device-offload",
        ]
        return base + aliases + variants
    }()

    static let olderNICFeatures = nicFeatures(newer: false)
    static let newerNICFeatures = nicFeatures(newer: true)

    static func nicFeatures(newer: Bool) -> Value {
        var members: [Value.Member] = []
        for (k, name) in nicFeatureNames.sorted().enumerated() {
            // A fixed pattern of on/off, changed for a few features on the newer model.
            var on = (k * 7 + name.utf8.count) % 3 != 0
            if newer, k % 11 == 0 { on.toggle() }
            members.append(Value.Member(key: name, value: .bool(on)))
        }
        return .mapping(members)
    }

    static let vethFeatures: Value = {
        let names = [
            "highdma", "loopback", "netns-local", "rx-all", "rx-checksum", "rx-fcs", "rx-gro", "rx-gro-hw",
            "rx-gro-list", "rx-hashing", "rx-lro", "rx-ntuple-filter", "rx-udp-gro-forwarding",
            "rx-udp_tunnel-port-offload", "rx-vlan-filter", "rx-vlan-hw-parse", "rx-vlan-stag-filter",
            "rx-vlan-stag-hw-parse", "tls-hw-record", "tls-hw-rx-offload", "tls-hw-tx-offload",
            "tx-checksum-fcoe-crc", "tx-checksum-ip-generic", "tx-checksum-ipv4", "tx-checksum-ipv6",
            "tx-checksum-sctp", "tx-esp-segmentation", "tx-fcoe-segmentation", "tx-generic-segmentation",
            "tx-gre-csum-segmentation", "tx-gre-segmentation", "tx-gso-list", "tx-gso-partial",
            "tx-gso-robust", "tx-ipxip4-segmentation", "tx-ipxip6-segmentation", "tx-lockless",
            "tx-nocache-copy", "tx-scatter-gather", "tx-scatter-gather-fraglist", "tx-sctp-segmentation",
            "tx-stag-hw-insert", "tx-tcp-ecn-segmentation", "tx-tcp-mangleid-segmentation",
            "tx-tcp-segmentation", "tx-tcp6-segmentation", "tx-tunnel-remcsum-segmentation",
            "tx-udp-segmentation", "tx-udp_tnl-csum-segmentation", "tx-udp_tnl-segmentation",
            "tx-vlan-hw-insert", "tx-vlan-stag-hw-insert", "vlan-challenged", "hw-tc-offload",
            "l2-fwd-offload", "macsec-hw-offload", "esp-hw-offload", "esp-tx-csum-hw-offload",
            "fcoe-mtu", "hsr-tag-ins-offload",
        ]
        return .mapping(names.sorted().enumerated().map { k, name in
            Value.Member(key: name, value: .bool(k % 4 != 1))
        })
    }()

    static let bridgeFeatures: Value = .mapping([
        "highdma": .bool(true), "rx-gro": .bool(true), "rx-vlan-filter": .bool(false),
        "tx-checksum-ip-generic": .bool(true), "tx-generic-segmentation": .bool(true),
        "tx-gso-robust": .bool(false), "tx-lockless": .bool(true), "tx-scatter-gather": .bool(true),
        "tx-tcp-segmentation": .bool(true), "tx-tcp6-segmentation": .bool(true),
        "tx-udp-segmentation": .bool(true), "tx-vlan-hw-insert": .bool(true),
    ])

    static let loopbackFeatures: Value = .mapping([
        "highdma": .bool(true), "loopback": .bool(true), "netns-local": .bool(true),
        "rx-checksum": .bool(true), "rx-gro": .bool(true), "tx-checksum-ip-generic": .bool(true),
        "tx-generic-segmentation": .bool(true), "tx-gso-list": .bool(true), "tx-lockless": .bool(true),
        "tx-scatter-gather": .bool(true), "tx-scatter-gather-fraglist": .bool(true),
        "tx-sctp-segmentation": .bool(true), "tx-tcp-segmentation": .bool(true),
        "tx-tcp6-segmentation": .bool(true), "tx-udp-segmentation": .bool(true),
    ])

    static let vlanFeatures: Value = .mapping([
        "highdma": .bool(true), "rx-gro": .bool(true), "rx-vlan-filter": .bool(false),
        "tx-checksum-ip-generic": .bool(true), "tx-generic-segmentation": .bool(true),
        "tx-lockless": .bool(true), "tx-scatter-gather": .bool(true), "tx-tcp-segmentation": .bool(true),
        "tx-tcp6-segmentation": .bool(true), "tx-udp-segmentation": .bool(false),
    ])

    // MARK: - Formatting

    static func hex(_ value: UInt64, _ digits: Int) -> String {
        let s = String(value, radix: 16)
        return String(repeating: "0", count: max(0, digits - s.count)) + s
    }

    /// A MAC with a fixed 24-bit prefix and the node index below it, so
    /// MACs are unique per node and NIC.
    static func mac(prefix: UInt64, _ i: Int) -> String {
        macString(prefix << 24 | UInt64(i & 0xff_ffff))
    }

    /// Upper-case colon form, as nmstate reports MACs.
    static func macString(_ bits: UInt64) -> String {
        var parts: [String] = []
        for shift in stride(from: 40, through: 0, by: -8) {
            parts.append(hex((bits >> UInt64(shift)) & 0xff, 2).uppercased())
        }
        return parts.joined(separator: ":")
    }

    /// The EUI-64 link-local address the kernel derives from a MAC.
    static func eui64LinkLocal(_ mac: String) -> String {
        let b = mac.split(separator: ":").map { UInt16($0, radix: 16) ?? 0 }
        let groups = [(b[0] ^ 0x02) << 8 | b[1], b[2] << 8 | 0xff, 0xfe00 | b[3], b[4] << 8 | b[5]]
        return "fe80::" + groups.map { String($0, radix: 16) }.joined(separator: ":")
    }
}

/// SplitMix64 over a mix of the cluster seed and per-object salts: every
/// derived value depends only on (seed, node, purpose), never on call order.
private struct SplitMix {
    private var state: UInt64

    init(_ seed: UInt64, _ a: UInt64, _ b: UInt64) {
        state = seed &* 0x9E37_79B9_7F4A_7C15 ^ a &* 0xC2B2_AE3D_27D4_EB4F ^ b &* 0x1656_67B1_9E37_79F9
        _ = next()
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// FNV-1a over the UTF-8 bytes: stable across runs, unlike `hashValue`.
private func stableHash(_ s: String) -> UInt64 {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in s.utf8 { h = (h ^ UInt64(byte)) &* 0x1_0000_0001_b3 }
    return h
}
