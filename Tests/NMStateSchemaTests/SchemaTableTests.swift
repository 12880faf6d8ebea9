import NMStateSchema
import SourceModel
import Testing

/// Checks states written as JSON: JSON keeps `"yes"` a string, which YAML
/// 1.1 would turn into a boolean, and strictness tests need that control.
enum Check {
    static func errors(_ json: String, _ profile: Profile = .latest) -> [Diagnostic] {
        guard let state = try? JSONReader().parse(json) else {
            Issue.record("bad test JSON: \(json)")
            return []
        }
        return DesiredStateValidator(options: ValidationOptions(profile: profile)).validate(state).diagnostics
            .filter { $0.rule.hasPrefix("schema.") && $0.severity == .error }
    }

    /// One interface with the given JSON members, e.g. `"mtu": "9000"`.
    static func iface(_ type: String, _ members: String, _ profile: Profile = .latest) -> [Diagnostic] {
        errors(#"{"interfaces": [{"name": "x0", "type": "\#(type)"\#(members.isEmpty ? "" : ", " + members)}]}"#, profile)
    }

    static func messages(_ d: [Diagnostic]) -> [String] { d.map(\.message) }
}

@Suite struct UnknownKeyPolicyTests {
    @Test func topLevelListsItsKeys() {
        let e = Check.errors(#"{"capabilities": {}}"#)
        #expect(Check.messages(e) == ["unknown field `capabilities`, expected one of `description`, `hostname`, `dns-resolver`, `route-rules`, `routes`, `interfaces`, `ovs-db`, `ovn`, `dispatch`, `user-defined`"])
        #expect(e.first?.rule == "schema.unknown-field")
        // The 2.2.38 list has only what that release parses.
        #expect(Check.messages(Check.errors(#"{"capabilities": {}}"#, .v2_2_38)) == ["unknown field `capabilities`, expected one of `description`, `hostname`, `dns-resolver`, `route-rules`, `routes`, `interfaces`, `ovs-db`, `ovn`"])
    }

    @Test func interfaceLevelHasNoList() {
        let e = Check.iface("ethernet", #""foo": "bar""#)
        #expect(Check.messages(e) == ["unknown field `foo`"])
        #expect(e.first?.path == DocumentPath("interfaces", 0, "foo"))
        // Old spellings are plain unknown fields.
        #expect(Check.messages(Check.iface("bond", #""master": "br0""#)) == ["unknown field `master`"])
        #expect(Check.messages(Check.iface("bond", #""link-aggregation": {"slaves": []}"#)).first?.hasPrefix("unknown field `slaves`, expected one of `mode`, `options`, `port`, `ports-config`") == true)
    }

    @Test func typeSectionsBelongToTheirType() {
        #expect(Check.messages(Check.iface("bond", #""bridge": {}"#)) == ["unknown field `bridge`"])
        #expect(Check.iface("ethernet", #""veth": {"peer": "p"}"#).isEmpty)  // one struct for both
        #expect(Check.iface("veth", #""ethernet": {"speed": 1000}, "veth": {"peer": "p"}"#).isEmpty)
        #expect(Check.iface("dummy", #""vlan": {"id": 1}"#).count == 1)
    }

    @Test func denySectionsListTheirFields() {
        let e = Check.iface("ethernet", #""ethtool": {"fec": {"auto": true}}"#, .v2_2_38)
        #expect(Check.messages(e).first?.hasPrefix("unknown field `fec`, expected one of `pause`, `feature`, `coalesce`, `ring`") == true)
        let vlan = Check.iface("vlan", #""vlan": {"id": 1, "vlan-filtering": true}"#)
        #expect(Check.messages(vlan).first?.hasPrefix("unknown field `vlan-filtering`, expected one of `base-iface`, `id`") == true)
        let rule = Check.errors(#"{"route-rules": {"config": [{"from": "192.0.2.0/24"}]}}"#)
        #expect(Check.messages(rule).first?.hasPrefix("unknown field `from`, expected one of `family`, `state`, `ip-from`") == true)
        #expect(Check.errors(#"{"route-rules": {"running": []}}"#).count == 1)
        #expect(Check.errors(#"{"hostname": {"static": "h"}}"#).count == 1)
        #expect(Check.errors(#"{"dns-resolver": {"config": {"servers": []}}}"#).count == 1)
        #expect(Check.errors(#"{"ovs-db": {"externalids": {}}}"#).count == 1)
        #expect(Check.errors(#"{"ovn": {"mappings": []}}"#).count == 1)
        #expect(Check.iface("ovs-bridge", #""bridge": {"port": [{"name": "p", "type": "system"}]}"#).count == 1)
        // nmpolicy's doc bug: `port` nested under linux-bridge `options`.
        let nested = Check.iface("linux-bridge", #""bridge": {"options": {"port": []}}"#)
        #expect(Check.messages(nested).first?.hasPrefix("unknown field `port`, expected one of `gc-timer`, `group-addr`, `group-forward-mask`, `group-fwd-mask`, `hash-max`") == true)
    }

    @Test func lenientSectionsIgnoreUnknownKeys() {
        #expect(Check.iface("veth", #""veth": {"peer": "p", "extra": 1}"#).isEmpty)
        #expect(Check.iface("hsr", #""hsr": {"port1": "a", "port2": "b", "multicast-spec": 40, "protocol": "prp", "x": 1}"#).isEmpty)
        #expect(Check.iface("macsec", #""macsec": {"encrypt": true, "base-iface": "e", "port": 1, "validation": "strict", "send-sci": true, "x": 1}"#).isEmpty)
        #expect(Check.iface("ethernet", #""802.1x": {"identity": "i", "domain-suffix-match": "x"}, "dispatch": {"pre-up": "x"}"#).isEmpty)
        #expect(Check.iface("bond", #""link-aggregation": {"mode": 1, "ports-config": [{"name": "e", "x": 1}]}"#).isEmpty)
        #expect(Check.iface("ovs-bridge", #""bridge": {"port": [{"name": "b", "link-aggregation": {"mode": "lacp", "port": [{"name": "e", "x": 1}]}}]}"#).isEmpty)
        #expect(Check.errors(#"{"ovn": {"bridge-mappings": [{"localnet": "n", "bridge": "b", "x": 1}]}}"#).isEmpty)
    }

    @Test func absentInterfacesDropEverythingElse() {
        #expect(Check.errors(#"{"interfaces": [{"name": "b", "type": "bond", "state": "absent", "junk": 1, "mtu": "x"}]}"#).isEmpty)
    }

    @Test func featureMapIsFree() {
        #expect(Check.iface("ethernet", #""ethtool": {"feature": {"anything-goes": true, "rx": "0", "gro": false}}"#).isEmpty)
        #expect(Check.messages(Check.iface("ethernet", #""ethtool": {"feature": {"rx": "yes"}}"#)) == ["Invalid feature value, should be boolean"])
    }

    @Test func interfaceOvsDbHasItsOwnWording() {
        let e = Check.iface("ethernet", #""ovs-db": {"external_ids": {"a": 1, "b": true, "c": null}, "foo": {}}"#)
        #expect(Check.messages(e) == ["Unsupported section names 'foo', only supports `external_ids` and `other_config`"])
    }

    @Test func unknownTypesAreOnlyNamedAndStated() {
        // latest: accepted (a warning says it must exist); 2.2.38 reads it as ethernet.
        #expect(Check.iface("tun", #""tun": {"mode": "tap"}"#).isEmpty)
        #expect(Check.messages(Check.iface("tun", #""tun": {"mode": "tap"}"#, .v2_2_38)) == ["Invalid property for ethernet interface: unknown field `tun`"])
        #expect(Check.errors(#"{"interfaces": [{"name": "eth1", "mtu": 1500}]}"#, .v2_2_38).isEmpty)
    }
}

@Suite struct ScalarStrictnessTests {
    @Test func lenientNumbersTakeStringsAndHex() {
        #expect(Check.iface("ethernet", #""mtu": "9000""#).isEmpty)
        #expect(Check.iface("vlan", #""vlan": {"id": "0x64", "base-iface": "e"}"#).isEmpty)
        #expect(Check.messages(Check.iface("ethernet", #""mtu": "abc""#)) == [#"invalid digit found in string: "abc" is not a number in 0..18446744073709551615"#])
        #expect(Check.messages(Check.iface("ethernet", #""mtu": -1"#)) == ["invalid type: integer `-1`, expected unsigned integer or string"])
        #expect(Check.messages(Check.iface("vlan", #""vlan": {"id": 70000}"#)) == ["out of range integral type conversion attempted: 70000 is not in 0..65535"])
        #expect(Check.messages(Check.iface("vlan", #""vlan": {"id": "70000"}"#)) == [#"number too large to fit in target type: "70000" is not in 0..65535"#])
        #expect(Check.errors(#"{"routes": {"config": [{"metric": "-1", "table-id": "0x10", "next-hop-interface": "e"}]}}"#).isEmpty)
    }

    @Test func lenientBooleansTakeWords() {
        #expect(Check.iface("ethernet", #""ipv4": {"enabled": "yes", "dhcp": 0, "auto-dns": "OFF"}"#).isEmpty)
        #expect(Check.messages(Check.iface("ethernet", #""ipv4": {"enabled": "maybe"}"#)) == ["Need to be boolean: 1|0|true|false|yes|no|on|off|y|n"])
    }

    /// Reference section 4's list of strict fields, one case each.
    static let strict: [(type: String, members: String, message: String)] = [
        ("ethernet", #""ipv4": {"allow-extra-address": "true"}"#, "invalid type: string \"true\", expected a boolean"),
        ("ethernet", #""ipv6": {"dhcp-send-hostname": 1}"#, "invalid type: integer `1`, expected a boolean"),
        ("vlan", #""vlan": {"id": 1, "reorder-headers": "yes"}"#, "invalid type: string \"yes\", expected a boolean"),
        ("vlan", #""vlan": {"id": 1, "loose-binding": 0}"#, "invalid type: integer `0`, expected a boolean"),
        ("vxlan", #""vxlan": {"id": 1, "learning": "no"}"#, "invalid type: string \"no\", expected a boolean"),
        ("ethernet", #""min-mtu": "68""#, "invalid type: string \"68\", expected u64"),
        ("ethernet", #""max-mtu": -1"#, "invalid value: integer `-1`, expected u64"),
        ("ovs-interface", #""dpdk": {"devargs": "d", "rx-queue": "10"}"#, "invalid type: string \"10\", expected u32"),
        ("ovs-interface", #""dpdk": {"devargs": "d", "n_rxq_desc": "1024"}"#, "invalid type: string \"1024\", expected u32"),
        ("ovs-interface", #""dpdk": {"devargs": "d", "n_txq_desc": "1024"}"#, "invalid type: string \"1024\", expected u32"),
        ("linux-bridge", #""bridge": {"options": {"gc-timer": "1"}}"#, "invalid type: string \"1\", expected u64"),
        ("linux-bridge", #""bridge": {"options": {"hello-timer": "1"}}"#, "invalid type: string \"1\", expected u64"),
        ("linux-bridge", #""bridge": {"options": {"vlan-default-pvid": "1"}}"#, "invalid type: string \"1\", expected u16"),
        ("ovs-bridge", #""bridge": {"allow-extra-patch-ports": "true"}"#, "invalid type: string \"true\", expected a boolean"),
        ("ipsec", #""libreswan": {"right": "r", "leftmodecfgclient": "no"}"#, "invalid type: string \"no\", expected a boolean"),
        ("ipsec", #""libreswan": {"right": "r", "require-id-on-certificate": 1}"#, "invalid type: integer `1`, expected a boolean"),
        ("hsr", #""hsr": {"port1": "a", "port2": "b", "multicast-spec": "40", "protocol": "hsr"}"#, "invalid type: string \"40\", expected u8"),
        ("macsec", #""macsec": {"encrypt": "true", "base-iface": "e", "port": 1, "validation": "strict", "send-sci": true}"#, "invalid type: string \"true\", expected a boolean"),
        ("macsec", #""macsec": {"encrypt": true, "base-iface": "e", "port": "1", "validation": "strict", "send-sci": true}"#, "invalid type: string \"1\", expected u32"),
        ("macsec", #""macsec": {"encrypt": true, "base-iface": "e", "port": 1, "validation": "strict", "send-sci": "y"}"#, "invalid type: string \"y\", expected a boolean"),
    ]

    @Test(arguments: strict.indices)
    func strictFieldsRefuseStrings(index: Int) {
        let c = Self.strict[index]
        #expect(Check.messages(Check.iface(c.type, c.members)) == [c.message], "\(c.members)")
    }

    @Test func strictTopLevelSections() {
        #expect(Check.messages(Check.errors(#"{"routes": {"config": [{"cwnd": -20}]}}"#)) == ["invalid value: integer `-20`, expected u32"])
        #expect(Check.messages(Check.errors(#"{"routes": {"config": [{"cwnd": "20"}]}}"#)) == ["invalid type: string \"20\", expected u32"])
        #expect(Check.messages(Check.errors(#"{"route-rules": {"config": [{"family": "ipv4", "suppress-prefix-length": "0"}]}}"#)) == ["invalid type: string \"0\", expected u32"])
        // Global ovs-db values are strings (or null) for the 2.2.38 profile;
        // `latest` takes numbers as the YAML the node reads does.
        #expect(Check.messages(Check.errors(#"{"ovs-db": {"other_config": {"k": 1000}}}"#, .v2_2_38)) == ["invalid type: integer `1000`, expected a string or null"])
        #expect(Check.errors(#"{"ovs-db": {"other_config": {"k": 1000}}}"#).isEmpty)
        #expect(Check.errors(#"{"ovs-db": {"other_config": {"k": "1000", "gone": null}}}"#).isEmpty)
    }

    @Test func customScalars() {
        #expect(Check.iface("linux-bridge", #""bridge": {"options": {"multicast-router": "Enabled"}}"#).isEmpty)
        #expect(Check.iface("linux-bridge", #""bridge": {"options": {"multicast-router": 2}}"#).isEmpty)
        #expect(Check.messages(Check.iface("linux-bridge", #""bridge": {"options": {"multicast-router": 3}}"#)) == ["Invalid linux bridge multicast_router type 3, expecting 0|1|2 or auto|disabled|enabled"])
        #expect(Check.iface("ipsec", #""libreswan": {"right": "r", "ipsec-interface": "10"}"#).isEmpty)
        #expect(Check.iface("ipsec", #""libreswan": {"right": "r", "ipsec-interface": 9}"#).isEmpty)
        #expect(Check.messages(Check.iface("ipsec", #""libreswan": {"right": "r", "ipsec-interface": "maybe"}"#)) == ["Invalid ipsec-interface value, should be unsigned integer, string 'yes' or 'no'"])
        #expect(Check.iface("infiniband", #""infiniband": {"mode": "datagram", "pkey": "0x8001"}"#).isEmpty)
        #expect(Check.iface("infiniband", #""infiniband": {"mode": "connected", "pkey": null}"#).isEmpty)
        #expect(Check.messages(Check.iface("ovs-bridge", #""bridge": {"port": [{"name": "b", "link-aggregation": {"mode": "balance-rr"}}]}"#)) == ["Unsupported OVS Bond mode balance-rr"])
    }

    @Test func ovsStpIsBoolOrOptions() {
        #expect(Check.iface("ovs-bridge", #""bridge": {"options": {"stp": "true"}}"#).isEmpty)
        #expect(Check.iface("ovs-bridge", #""bridge": {"options": {"stp": {"enabled": true, "hello-time": 2}}}"#).isEmpty)
        #expect(Check.iface("ovs-bridge", #""bridge": {"options": {"stp": [1]}}"#).count == 1)
    }

    @Test func trunkTagsAreIdOrRange() {
        #expect(Check.iface("linux-bridge", #""bridge": {"port": [{"name": "e", "vlan": {"mode": "trunk", "trunk-tags": [{"id": 101}, {"id-range": {"min": 500, "max": 599}}]}}]}"#).isEmpty)
        let e = Check.iface("linux-bridge", #""bridge": {"port": [{"name": "e", "vlan": {"trunk-tags": [{"vlan": 1}]}}]}"#)
        #expect(Check.messages(e).first?.hasPrefix("BridgePortTrunkTag only support 'id' or 'id-range', but got") == true)
    }
}

@Suite struct AliasAndEnumTests {
    @Test func fieldAliases() {
        #expect(Check.iface("bond", #""link-aggregation": {"mode": 1, "ports": ["a"], "options": {"balance-slb": "1"}}"#).isEmpty)
        #expect(Check.iface("ovs-interface", #""dpdk": {"devargs": "d", "n_rxq": 2}"#).isEmpty)
        #expect(Check.iface("mac-vlan", #""mac-vlan": {"base-iface": "e", "mode": "passthru", "accept-all-mac": true}"#).isEmpty)
        #expect(Check.iface("vrf", #""vrf": {"ports": ["e"], "route-table-id": 100}"#).isEmpty)
        #expect(Check.iface("ethernet", #""ipv4": {"address": [{"ip": "192.0.2.1", "prefix-length": 24, "valid-lft": "forever", "preferred-left": "forever"}]}"#).isEmpty)
        #expect(Check.errors(#"{"route-rules": {"config": [{"family": "ipv4", "suppress_prefixlength": 0}]}}"#).isEmpty)
    }

    @Test func aliasAndPrimaryTogetherIsADuplicate() {
        let e = Check.iface("bond", #""link-aggregation": {"port": ["a"], "ports": ["b"]}"#)
        #expect(e.map(\.rule) == ["schema.duplicate-field"])
    }

    @Test func bondModesByNameOrNumber() {
        for mode in ["0", "6", "802.3ad", "balance-alb"] {
            #expect(Check.iface("bond", #""link-aggregation": {"mode": "\#(mode)"}"#).isEmpty, "\(mode)")
        }
        #expect(Check.iface("bond", #""link-aggregation": {"mode": 4}"#).isEmpty)
        #expect(Check.messages(Check.iface("bond", #""link-aggregation": {"mode": 7}"#)).first?.hasPrefix("unknown variant `7`, expected one of `balance-rr`") == true)
        #expect(Check.iface("bond", #""link-aggregation": {"mode": "Balance-RR"}"#).count == 1)  // case-sensitive
        #expect(Check.messages(Check.iface("bond", #""link-aggregation": {"mode": true}"#)) == ["Invalid data type: true, should be integer or string"])
    }

    @Test func bondOptionEnumsTakeIndexes() {
        let options = #""xmit_hash_policy": 5, "arp_validate": "6", "ad_select": 2, "fail_over_mac": "follow", "lacp_rate": 1, "primary_reselect": "0", "all_slaves_active": 1, "arp_all_targets": "all""#
        #expect(Check.iface("bond", #""link-aggregation": {"mode": 4, "options": {\#(options)}}"#).isEmpty)
        #expect(Check.iface("bond", #""link-aggregation": {"mode": 4, "options": {"xmit_hash_policy": 6}}"#).count == 1)
        let modes = ["balance-rr", "active-backup", "balance-xor", "broadcast", "802.3ad", "balance-tlb", "balance-alb"]
        let spec = EnumSpec(modes, numeric: modes)
        #expect(spec.canonical(.int(4), profile: .latest) == "802.3ad")
        #expect(spec.canonical(.string("4"), profile: .latest) == "802.3ad")
    }

    @Test func valueAliases() {
        #expect(Check.iface("ethernet", #""ipv4": {"dhcp-client-id": "LL"}, "ipv6": {"dhcp-duid": "LLT", "addr-gen-mode": "EUI64"}"#).isEmpty)
        #expect(Check.iface("ethernet", #""ipv4": {"dhcp-client-id": "01:02:03"}, "ipv6": {"dhcp-duid": "00:04:ab", "addr-gen-mode": "other"}"#).isEmpty)
        #expect(Check.iface("ethernet", #""ipv4": {"dhcp-client-id": 1}"#).count == 1)
        let clientID = EnumSpec(["ll", "iaid+duid"], aliases: ["LL": "ll", "IAID+DUID": "iaid+duid"], open: true)
        #expect(clientID.canonical(.string("IAID+DUID"), profile: .latest) == "iaid+duid")
    }

    @Test func ipv4RefusesAutoconf() {
        let e = Check.iface("ethernet", #""ipv4": {"autoconf": false}"#)
        #expect(Check.messages(e) == ["autoconf is not allowed for IPv4"])
        #expect(Check.iface("ethernet", #""ipv6": {"autoconf": false}"#).isEmpty)
        // The hyphenated wrong-family keys are accepted (and dropped by nmstate).
        #expect(Check.iface("ethernet", #""ipv4": {"dhcp-duid": "ll"}, "ipv6": {"dhcp-client-id": "ll"}"#).isEmpty)
    }

    @Test func requiredFields() {
        #expect(Check.messages(Check.errors(#"{"interfaces": [{"type": "ethernet"}]}"#)) == ["missing field `name`"])
        #expect(Check.messages(Check.iface("vlan", #""vlan": {"base-iface": "e"}"#)) == ["missing field `id`"])
        #expect(Check.messages(Check.iface("veth", #""veth": {}"#)) == ["missing field `peer`"])
        #expect(Check.messages(Check.iface("infiniband", #""infiniband": {"mode": "datagram"}"#)) == ["missing field `pkey`"])
        #expect(Check.messages(Check.iface("ethernet", #""lldp": {}"#)) == ["missing field `enabled`"])
        #expect(Check.messages(Check.iface("ovs-interface", #""patch": {}"#)) == ["missing field `peer`"])
        #expect(Check.messages(Check.iface("ipsec", #""libreswan": {}"#)) == ["missing field `right`"])
        #expect(Check.iface("hsr", #""hsr": {}"#).count == 4)
        #expect(Check.iface("macsec", #""macsec": {}"#).count == 5)
        #expect(Check.iface("mac-vtap", #""mac-vtap": {}"#).count == 2)
        #expect(Check.messages(Check.errors(#"{"ovn": {"bridge-mappings": [{"bridge": "b"}]}}"#)) == ["missing field `localnet`"])
        #expect(Check.messages(Check.iface("ethernet", #""ethernet": {"sr-iov": {"vfs": [{"trust": true}]}}"#)) == ["missing field `id`"])
    }

    @Test func queryOnlyFieldsAreAccepted() {
        let reported = #""permanent-mac-address": "AA:BB:CC:DD:EE:FF", "min-mtu": 68, "max-mtu": 9000, "lldp": {"enabled": true, "neighbors": [[{"type": 1}]]}, "ipv4": {"address": [{"ip": "192.0.2.1", "prefix-length": 24, "mptcp-flags": ["signal"]}]}"#
        #expect(Check.iface("ethernet", reported, .v2_2_38).isEmpty)
        #expect(Check.iface("hsr", #""hsr": {"port1": "a", "port2": "b", "multicast-spec": 40, "protocol": "prp", "supervision-address": "01:15:4E:00:01:28"}"#).isEmpty)
        #expect(Check.iface("linux-bridge", #""bridge": {"options": {"gc-timer": 29657, "hello-timer": 0}}"#).isEmpty)
    }
}

@Suite struct ProfileDifferenceTests {
    @Test func forwardingIsNewerThan2_2_38() {
        #expect(Check.iface("ethernet", #""ipv4": {"enabled": true, "forwarding": true}, "ipv6": {"forwarding": "yes"}"#).isEmpty)
        let e = Check.iface("ethernet", #""ipv4": {"enabled": true, "forwarding": true}"#, .v2_2_38)
        #expect(e.count == 1)
        #expect(e.first?.rule == "schema.unsupported-in-profile")
        #expect(e.first?.message.hasPrefix("unknown field `forwarding`, expected one of `enabled`, `dhcp`, `autoconf`, `dhcp-client-id`, `dhcp-duid`, `address`, `auto-dns`, `auto-gateway`, `auto-routes`, `auto-route-table-id`, `auto-route-metric`, `addr-gen-mode`, `allow-extra-address`, `token`, `dhcp-send-hostname`, `dhcp-custom-hostname`") == true)
        #expect(e.first?.message.contains("`dhcp-custom-hostname` (added") == true)  // no newer names in the list
    }

    /// Newer documented things: (interface type, members, key 2.2.38 refuses).
    static let newer: [(type: String, members: String, key: String)] = [
        ("ethernet", #""pci-address": "0000:07:00.0""#, "pci-address"),
        ("ethernet", #""alt-names": [{"name": "port1"}, {"name": "old", "state": "absent"}]"#, "alt-names"),
        ("ethernet", #""ethtool": {"fec": {"auto": false, "mode": "llrs"}}"#, "fec"),
        ("ethernet", #""ethernet": {"sr-iov": {"total-vfs": 2, "max-vfs": 63}}"#, "max-vfs"),
        ("bond", #""link-aggregation": {"mode": 4, "options": {"lacp_active": "on", "ns_ip6_target": ["2001:db8::1"]}}"#, "lacp_active"),
        ("linux-bridge", #""bridge": {"options": {"allow-extra-ports": true}}"#, "allow-extra-ports"),
        ("ovs-bridge", #""bridge": {"options": {"allow-extra-ports": true}}"#, "allow-extra-ports"),
        ("ovs-bridge", #""bridge": {"options": {"allow-extra-patch-ports": true}}"#, "allow-extra-patch-ports"),
        ("ipsec", #""libreswan": {"right": "r", "nm-auto-defaults": false, "rightca": "%same"}"#, "nm-auto-defaults"),
        ("ipsec", #""libreswan": {"right": "r", "leftprotoport": "tcp", "rightprotoport": "tcp"}"#, "leftprotoport"),
    ]

    @Test(arguments: newer.indices)
    func newerFieldsOnlyUnderLatest(index: Int) {
        let c = Self.newer[index]
        #expect(Check.iface(c.type, c.members).isEmpty, "\(c.members)")
        let pinned = Check.iface(c.type, c.members, .v2_2_38)
        #expect(pinned.first?.message.hasPrefix("unknown field `\(c.key)`") == true, "\(pinned)")
    }

    @Test func newerRouteFields() {
        let route = #"{"routes": {"config": [{"destination": "0.0.0.0/0", "next-hop-interface": "e", "mtu": "1400", "lock-mtu": true, "vrf-name": "vrf0"}]}}"#
        #expect(Check.errors(route).isEmpty)
        #expect(Check.errors(route, .v2_2_38).count == 3)
        #expect(Check.errors(#"{"routes": {"running": [{"state": "ignore", "next-hop-interface": "e"}]}}"#).isEmpty)
        #expect(Check.errors(#"{"routes": {"running": [{"state": "ignore", "next-hop-interface": "e"}]}}"#, .v2_2_38).count == 1)
    }

    @Test func newerValues() {
        #expect(Check.iface("ethernet", #""identifier": "pci-address", "pci-address": "07:00.0""#).isEmpty)
        let e = Check.iface("ethernet", #""identifier": "pci-address""#, .v2_2_38)
        #expect(e.first?.message.hasPrefix("unknown variant `pci-address`, expected one of `name`, `mac-address`") == true)
    }

    @Test func ipTunnelIsANewerType() {
        let members = #""mtu": 1480, "ip-tunnel": {"mode": "ipip", "local": "192.0.2.1", "remote": "192.0.2.2", "ttl": 42, "tos": 22, "pmtu-disc": true, "fwmark": 0, "ip6tun-flags": ["cap-xmit"]}"#
        #expect(Check.iface("ip-tunnel", members).isEmpty)
        #expect(Check.messages(Check.iface("ip-tunnel", members, .v2_2_38)) == ["Invalid property for ethernet interface: unknown field `ip-tunnel`"])
        #expect(Check.iface("ip-tunnel", #""ip-tunnel": {"ttl": "42"}"#).count == 1)  // plain serde u8
    }
}

@Suite struct TableIntegrityTests {
    @Test func doubleBraceScanFindsEveryPosition() {
        for length in 0..<40 {
            for at in 0..<max(length - 1, 0) {
                var bytes = [UInt8](repeating: UInt8(ascii: "x"), count: length)
                bytes[at] = UInt8(ascii: "{")
                bytes[at + 1] = UInt8(ascii: "{")
                let s = String(decoding: bytes, as: UTF8.self)
                #expect(s.utf8.containsDoubleBrace, "\(s)")
                bytes[at + 1] = UInt8(ascii: "}")
                let single = String(decoding: bytes, as: UTF8.self)
                #expect(single.utf8.containsDoubleBrace == single.contains("{{"), "\(single)")
            }
        }
        #expect(!"{x{x{".utf8.containsDoubleBrace)
        #expect("é{{".utf8.containsDoubleBrace)
        #expect(!"".utf8.containsDoubleBrace && !"{".utf8.containsDoubleBrace)
    }

    @Test func userSpaceTypeCheckAgreesWithTheTable() {
        for type in NetworkModel.knownTypes.union(["", "unknown", "ovs-bridg", "ipsec2", "IPSEC", "ovs-interface"]) {
            #expect(NetworkModel.isUserSpace(type: type) == NetworkModel.userSpaceTypes.contains(type), "\(type)")
            #expect(NetworkModel.isController(type: type) == NetworkModel.controllerTypes.contains(type), "\(type)")
        }
    }

    /// Walks every object reachable from the schema.
    static func objects() -> [ObjectSchema] {
        var out: [ObjectSchema] = []
        func walk(_ node: SchemaNode) {
            switch node {
            case .object(let o): out.append(o); o.fields.forEach { walk($0.schema) }
            case .array(let n), .map(let n): walk(n)
            case .oneOf(let list, _): list.forEach(walk)
            case .scalar, .interfaces, .any: break
            }
        }
        let schema = NMStateSchema.desiredState
        walk(.object(schema.topLevel))
        schema.baseInterfaceFields.forEach { walk($0.schema) }
        schema.interfaceTypes.flatMap(\.sections).forEach { walk($0.schema) }
        return out
    }

    @Test func objectNamesIdentifyOneShape() {
        var shapes: [String: [String]] = [:]
        for o in Self.objects() {
            let keys = o.fields.map(\.name)
            if let seen = shapes[o.name] { #expect(seen == keys, "\(o.name) names two shapes") }
            shapes[o.name] = keys
        }
        #expect(shapes.count > 50)
    }

    @Test func keysAreUniqueWithinEachObject() {
        let schema = NMStateSchema.desiredState
        var groups = Self.objects().map { ($0.name, $0.fields) }
        for spec in schema.interfaceTypes { groups.append(("interface \(spec.type)", schema.baseInterfaceFields + spec.sections)) }
        for (name, fields) in groups {
            let keys = fields.flatMap { [$0.name] + $0.aliases }
            #expect(Set(keys).count == keys.count, "\(name) repeats a key")
        }
        #expect(Set(schema.interfaceTypes.map(\.type)).count == schema.interfaceTypes.count)
    }

    @Test func releaseMarkersAreAfter2_2_38() {
        var marks: [NMStateVersion] = []
        for o in Self.objects() { marks += o.fields.compactMap(\.since) }
        marks += NMStateSchema.desiredState.baseInterfaceFields.compactMap(\.since)
        marks += NMStateSchema.desiredState.interfaceTypes.compactMap(\.since)
        #expect(!marks.isEmpty)
        #expect(marks.allSatisfy { $0 > .v2_2_38 })
    }
}

/// What nmstate refuses while reading a state and the walk used to let
/// through, and the hints for what people write instead.
@Suite struct RefusedWhileParsingTests {
    static func all(_ json: String, _ profile: Profile = .latest) -> [Diagnostic] {
        guard let state = try? JSONReader().parse(json) else {
            Issue.record("bad test JSON: \(json)")
            return []
        }
        return DesiredStateValidator(options: ValidationOptions(profile: profile)).validate(state).diagnostics
    }

    @Test func anInterfaceWithoutTypeStillGetsTheUnknownKeyCheck() {
        // nmstate re-reads a typeless interface as the node's type, whose
        // struct denies unknown keys.
        let e = Check.errors(#"{"interfaces": [{"name": "eth1", "tyep": "ethernet", "state": "up"}]}"#)
        #expect(Check.messages(e) == ["unknown field `tyep` (did you mean `type`?)"])
        #expect(e.first?.path == DocumentPath("interfaces", 0, "tyep"))
        // Keys of any type's sections and the base fields are fine, and
        // an ignored interface is never re-read.
        #expect(Check.errors(#"{"interfaces": [{"name": "br0", "mtu": 1500, "bridge": {"port": []}, "vlan": {"id": 1}}]}"#).isEmpty)
        #expect(Check.errors(#"{"interfaces": [{"name": "vxcan0", "user-defined": {"peer": "p"}}]}"#).isEmpty)
        #expect(Check.errors(#"{"interfaces": [{"name": "eth1", "state": "ignore", "tyep": "x"}]}"#).isEmpty)
        // Base field values are still checked.
        #expect(Check.errors(#"{"interfaces": [{"name": "eth1", "mtu": "abc"}]}"#).count == 1)
    }

    @Test func interfacesNullIsATypeError() {
        for profile in Profile.allCases {
            let e = Check.errors(#"{"interfaces": null}"#, profile)
            #expect(Check.messages(e) == ["invalid type: null, expected a sequence of interfaces (write `interfaces: []` or leave the key out)"])
        }
        #expect(Check.errors(#"{"interfaces": []}"#).isEmpty)
    }

    @Test func aNullAddressIsATypeError() {
        let e = Check.iface("ethernet", #""ipv4": {"enabled": true, "address": [{"ip": null, "prefix-length": 24}]}"#)
        #expect(Check.messages(e) == ["invalid type: null, expected a string (`ip` is required)"])
        #expect(e.first?.path == DocumentPath("interfaces", 0, "ipv4", "address", 0, "ip"))
        // An optional field may be null; an InfiniBand `pkey: null` is the base interface.
        #expect(Check.iface("ethernet", #""description": null"#).isEmpty)
        #expect(Check.iface("infiniband", #""infiniband": {"mode": "datagram", "pkey": null}"#).isEmpty)
    }

    @Test func slavesSaysItWasRenamedToPort() {
        let e = Check.iface("bond", #""link-aggregation": {"mode": "active-backup", "slaves": ["eth1"]}"#)
        #expect(Check.messages(e).first?.hasSuffix("(`slaves` was renamed to `port`, the only spelling nmstate 2 reads besides `ports`)") == true)
    }

    @Test func typeBridgeSuggestsLinuxBridge() {
        let w = Self.all(#"{"interfaces": [{"name": "br0", "type": "bridge", "state": "up"}]}"#).filter { $0.rule == "schema.unknown-interface-type" }
        #expect(w.first?.severity == .warning)
        #expect(w.first?.message.hasPrefix("interface br0 has type `bridge`, which nmstate does not support (did you mean `linux-bridge`?);") == true)
        let typo = Self.all(#"{"interfaces": [{"name": "eth1", "type": "ethernt"}]}"#).first { $0.rule == "schema.unknown-interface-type" }
        #expect(typo?.message.contains("(did you mean `ethernet`?)") == true)
    }

    @Test func teamIsAnErrorUnderLatestOnly() {
        let team = #"{"interfaces": [{"name": "team0", "type": "team", "state": "up"}]}"#
        let e = Self.all(team).filter { $0.rule == "nmstate.iface.team-unsupported" }
        #expect(e.map(\.severity) == [.error])
        #expect(e.first?.path == DocumentPath("interfaces", 0, "type"))
        // Removing or ignoring a team is fine; 2.2.38 reads it as ethernet, as it did.
        #expect(!Self.all(#"{"interfaces": [{"name": "team0", "type": "team", "state": "absent"}]}"#).contains { $0.rule == "nmstate.iface.team-unsupported" })
        #expect(!Self.all(#"{"interfaces": [{"name": "team0", "type": "team", "state": "ignore"}]}"#).contains { $0.rule == "nmstate.iface.team-unsupported" })
        #expect(Self.all(team, .v2_2_38).filter { $0.severity == .error }.isEmpty)
    }

    @Test func lacpUnder2_2_38SaysWhatToWrite() {
        let e = Check.iface("bond", #""link-aggregation": {"mode": "lacp"}"#, .v2_2_38)
        #expect(Check.messages(e).first?.hasSuffix("(`lacp` was added in nmstate 2.2.47; not accepted by profile 2.2.38: write `802.3ad`)") == true)
        #expect(Check.iface("bond", #""link-aggregation": {"mode": "lacp"}"#).isEmpty)
    }

    @Test func aMistypedValueSuggestsTheClosestOne() {
        let e = Check.iface("ethernet", #""state": "upp""#)
        #expect(Check.messages(e).first?.hasSuffix("(did you mean `up`?)") == true)
    }
}
