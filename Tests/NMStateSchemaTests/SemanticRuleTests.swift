import GuardCore
import SourceModel
import SourceModelYAML
import Testing

@testable import NMStateSchema

/// Runs the validator on inline YAML and returns the diagnostics of `rule`.
private func check(_ yaml: String, _ rule: String, profile: Profile = .v2_2_38, current: String? = nil) throws -> [Diagnostic] {
    let state = try YAMLLoader().loadSingle(yaml)
    let cur = try current.map { try YAMLLoader().loadSingle($0) }
    let report = DesiredStateValidator(options: ValidationOptions(profile: profile, current: cur)).validate(state)
    return report.diagnostics.filter { $0.rule == rule }
}

private func errors(_ yaml: String, _ rule: String, profile: Profile = .v2_2_38, current: String? = nil) throws -> [Diagnostic] {
    try check(yaml, rule, profile: profile, current: current).filter { $0.severity == .error }
}

@Suite("Semantic rules")
struct SemanticRuleTests {
    // MARK: - Addresses

    @Test func ipAddressParser() {
        #expect(IPAddress.parse("192.0.2.1") == .v4(0xC000_0201))
        #expect(IPAddress.parse("01.2.3.4") == nil)
        #expect(IPAddress.parse("0.0.0.0.0") == nil)
        #expect(IPAddress.parse("2001:db8::1")?.description == "2001:db8::1")
        #expect(IPAddress.parse("2001:0db8:85a3:0000:0000:8a2e:0370:7331")?.description == "2001:db8:85a3::8a2e:370:7331")
        #expect(IPAddress.parse("::ffff:192.0.2.1")?.description == "::ffff:192.0.2.1")
        #expect(IPAddress.parse("1::2::3") == nil)
        #expect(IPAddress.parse("fe80::1%eth0") == nil)
        #expect(IPAddress.parse("fe80::1")?.isIPv6LinkLocal == true)
        #expect(IPAddress.parse("192.0.2.77")?.masked(24).description == "192.0.2.0")
    }

    @Test func prefixLength() throws {
        let bad = try errors("""
            interfaces:
            - name: eth1
              type: ethernet
              ipv4:
                enabled: true
                address:
                - ip: 192.0.2.1
                  prefix-length: 33
            """, "nmstate.ip.prefix-length")
        #expect(bad.map(\.message) == ["Invalid IPv4 network prefix length '33', should be in the range of 0 to 32"])
        #expect(bad.first?.path.description == "interfaces[0].ipv4.address[0].prefix-length")
        #expect(bad.first?.location.line == 8)
        #expect(try errors("interfaces: [{name: eth1, type: ethernet, ipv6: {enabled: true, address: [{ip: '2001:db8::1', prefix-length: 128}]}}]", "nmstate.ip.prefix-length").isEmpty)
    }

    @Test func addressFamily() throws {
        let bad = try errors("interfaces: [{name: eth1, ipv4: {enabled: true, address: [{ip: '2001:db8::1', prefix-length: 64}]}}]", "nmstate.ip.address-family")
        #expect(bad.map(\.message) == ["Got IPv6 address 2001:db8::1/64 in ipv4 config section"])
        #expect(try errors("interfaces: [{name: eth1, ipv4: {enabled: true, address: [{ip: 192.0.2.1, prefix-length: 24}]}}]", "nmstate.ip.address-family").isEmpty)
    }

    @Test func addressLiteral() throws {
        let bad = try errors("interfaces: [{name: eth1, ipv4: {enabled: true, address: [{ip: 192.0.2.300, prefix-length: 24}]}}]", "nmstate.ip.address-invalid")
        #expect(bad.first?.message == "Invalid IP address 192.0.2.300: invalid IP address syntax")
        #expect(try errors("interfaces: [{name: eth1, ipv4: {enabled: true, address: [{ip: 192.0.2.3, prefix-length: 24}]}}]", "nmstate.ip.address-invalid").isEmpty)
    }

    // MARK: - Interface-level rules

    @Test func mtuWithIPv6() throws {
        let bad = try errors("interfaces: [{name: eth1, type: ethernet, mtu: 1279, ipv6: {enabled: true}}]", "nmstate.iface.mtu-ipv6")
        #expect(bad.first?.message == "MTU should be >= 1280 when IPv6 is enabled on interface eth1, but got mtu: 1279")
        #expect(try errors("interfaces: [{name: eth1, type: ethernet, mtu: 1279, ipv6: {enabled: false}}]", "nmstate.iface.mtu-ipv6").isEmpty)
        #expect(try errors("interfaces: [{name: eth1, type: ethernet, mtu: 1280, ipv6: {enabled: true}}]", "nmstate.iface.mtu-ipv6").isEmpty)
    }

    @Test func mtuRangeNeedsCurrent() throws {
        let current = "interfaces: [{name: eth1, type: ethernet, min-mtu: 68, max-mtu: 9000}]"
        let bad = try errors("interfaces: [{name: eth1, type: ethernet, mtu: 9216}]", "nmstate.iface.mtu-range", current: current)
        #expect(bad.first?.message == "Desired MTU 9216 for interface eth1 is bigger than maximum allowed MTU 9000")
        #expect(try errors("interfaces: [{name: eth1, type: ethernet, mtu: 9000}]", "nmstate.iface.mtu-range", current: current).isEmpty)
    }

    @Test func ipOnPort() throws {
        let bad = try errors("""
            interfaces:
            - {name: bond0, type: bond, link-aggregation: {mode: active-backup, port: [eth1]}}
            - {name: eth1, type: ethernet, ipv4: {enabled: true, dhcp: true}}
            """, "nmstate.iface.ip-on-port")
        #expect(bad.first?.message == "Interface eth1 cannot have IP enabled as it is attached to a controller where IP is not allowed")
        #expect(bad.first?.path.description == "interfaces[1].ipv4")
        // VRF ports may hold IP.
        #expect(try errors("""
            interfaces:
            - {name: vrf0, type: vrf, vrf: {route-table-id: 100, port: [eth1]}}
            - {name: eth1, type: ethernet, ipv4: {enabled: true, dhcp: true}}
            """, "nmstate.iface.ip-on-port").isEmpty)
    }

    @Test func waitIPOnlyWithCurrent() throws {
        let desired = "interfaces: [{name: eth1, type: ethernet, wait-ip: ipv4, ipv4: {enabled: false}}]"
        let bad = try errors(desired, "nmstate.ip.wait-ip", current: "interfaces: [{name: eth1, type: ethernet}]")
        #expect(bad.first?.message == "Cannot set 'wait-ip: ipv4' with IPv4 disabled. Interface: eth1(ethernet)")
        #expect(try errors(desired, "nmstate.ip.wait-ip").isEmpty)
    }

    @Test func ipv6Token() throws {
        let off = try errors("interfaces: [{name: eth1, ipv6: {enabled: true, autoconf: false, token: '::fac1'}}]", "nmstate.ip.token-autoconf")
        #expect(off.first?.message.hasPrefix("Desired IPv6 token '::fac1' cannot be applied with IPv6 autoconf disabled") == true)
        let lead = try errors("interfaces: [{name: eth1, ipv6: {enabled: true, dhcp: true, autoconf: true, token: '2001:db8::1'}}]", "nmstate.ip.token-prefix")
        #expect(lead.first?.message == "Desired IPv6 token should be lead by 64 bits 0. But got 2001:db8::1")
        #expect(try errors("interfaces: [{name: eth1, ipv6: {enabled: true, token: 'xyz'}}]", "nmstate.ip.token-invalid").count == 1)
        #expect(try errors("interfaces: [{name: eth1, ipv6: {enabled: true, dhcp: true, autoconf: true, token: '::fac1'}}]", "nmstate.ip.token-prefix").isEmpty)
    }

    @Test func dispatchOnUserSpace() throws {
        let bad = try errors("interfaces: [{name: br0, type: ovs-bridge, dispatch: {post-activation: 'echo'}}]", "nmstate.iface.dispatch-userspace")
        #expect(bad.first?.message == "User space interface br0/ovs-bridge is not allow to hold dispatch configurations")
        #expect(try errors("interfaces: [{name: eth1, type: ethernet, dispatch: {post-activation: 'echo'}}]", "nmstate.iface.dispatch-userspace").isEmpty)
    }

    @Test func mptcpFlags() throws {
        #expect(try errors("interfaces: [{name: eth1, mptcp: {address-flags: [signal, fullmesh]}}]", "nmstate.mptcp.signal-fullmesh").first?.message == "MPTCP flags mustn't have both signal and fullmesh")
        #expect(try errors("interfaces: [{name: eth1, mptcp: {address-flags: [signal, backup]}}]", "nmstate.mptcp.signal-fullmesh").isEmpty)
    }

    @Test func sriovVlanProto() throws {
        let bad = try errors("interfaces: [{name: eth1, type: ethernet, ethernet: {sr-iov: {total-vfs: 1, vfs: [{id: 0, vlan-proto: 802.1ad}]}}}]", "nmstate.sriov.vlan-proto")
        #expect(bad.first?.path.description == "interfaces[0].ethernet.sr-iov.vfs[0].vlan-proto")
        #expect(try errors("interfaces: [{name: eth1, type: ethernet, ethernet: {sr-iov: {vfs: [{id: 0, vlan-id: 10, vlan-proto: 802.1ad}]}}}]", "nmstate.sriov.vlan-proto").isEmpty)
    }

    @Test func loopback() throws {
        #expect(try errors("interfaces: [{name: lo, type: loopback, ipv4: {enabled: false}}]", "nmstate.loopback.ipv4-disabled").count == 1)
        #expect(try errors("interfaces: [{name: lo, type: loopback, ipv6: {enabled: true, autoconf: true}}]", "nmstate.loopback.ipv6-auto").count == 1)
        #expect(try errors("interfaces: [{name: lo, type: loopback, ipv4: {enabled: true, dhcp: true}}]", "nmstate.loopback.ipv4-dhcp").count == 1)
        #expect(try errors("interfaces: [{name: lo, type: loopback, ipv6: {enabled: false}}]", "nmstate.loopback.ipv6-disabled").count == 1)
        #expect(try errors("interfaces: [{name: lo, type: loopback, mtu: 65536, ipv4: {address: [{ip: 127.0.0.1, prefix-length: 8}]}}]", "nmstate.loopback.ipv4-disabled").isEmpty)
    }

    @Test func loopbackMessagesSayCannotHave() throws {
        let bad = try errors("interfaces: [{name: lo, type: loopback, ipv4: {enabled: false}}]", "nmstate.loopback.ipv4-disabled")
        #expect(bad.first?.message == "Loopback interface cannot have IPv4 disabled")
    }

    // MARK: - Bond

    @Test func bondModeRequired() throws {
        let yaml = "interfaces: [{name: bond99, type: bond, state: up}]"
        #expect(try errors(yaml, "nmstate.bond.mode-required").first?.message == "Bond mode is mandatory for new bond interface: bond99")
        // `latest` without a current state: the bond may exist, so a warning.
        let latest = try check(yaml, "nmstate.bond.mode-required", profile: .latest)
        #expect(latest.count == 1 && latest[0].severity == .warning)
        // An existing bond keeps its mode.
        #expect(try check(yaml, "nmstate.bond.mode-required", current: "interfaces: [{name: bond99, type: bond, link-aggregation: {mode: balance-rr}}]").isEmpty)
    }

    @Test func bondFailOverMac() throws {
        let current = "interfaces: [{name: bond99, type: bond, link-aggregation: {mode: active-backup, options: {fail_over_mac: active}}}]"
        #expect(try errors("interfaces: [{name: bond99, type: bond, mac-address: '00:01:02:03:04:05'}]", "nmstate.bond.fail-over-mac-with-mac", current: current).count == 1)
        #expect(try errors("interfaces: [{name: bond99, type: bond, mac-address: '00:01:02:03:04:05', link-aggregation: {mode: active-backup, options: {fail_over_mac: none}}}]", "nmstate.bond.fail-over-mac-with-mac").isEmpty)
    }

    @Test func bondPortsConfig() throws {
        #expect(try errors("interfaces: [{name: bond0, type: bond, link-aggregation: {mode: balance-rr, port: [eth1], ports-config: [{name: eth2}]}}]", "nmstate.bond.ports-config-conflict").count == 1)
        #expect(try errors("interfaces: [{name: bond0, type: bond, link-aggregation: {mode: balance-rr, port: [eth1], ports-config: [{name: eth1, priority: 1}]}}]", "nmstate.bond.ports-config-conflict").isEmpty)
    }

    @Test func bondOptions() throws {
        #expect(try errors("interfaces: [{name: bond0, type: bond, link-aggregation: {mode: 802.3ad, options: {ad_actor_system: '01:00:5e:00:00:01'}}}]", "nmstate.bond.ad-actor-system-multicast").count == 1)
        #expect(try errors("interfaces: [{name: bond0, type: bond, link-aggregation: {mode: 802.3ad, options: {ad_actor_system: '02:00:5e:00:00:01'}}}]", "nmstate.bond.ad-actor-system-multicast").isEmpty)
        #expect(try errors("interfaces: [{name: bond0, type: bond, link-aggregation: {mode: balance-rr, options: {miimon: 100, arp_interval: 100}}}]", "nmstate.bond.miimon-arp-interval").first?.message == "Bond miimon and arp interval are not compatible options.")
        #expect(try errors("interfaces: [{name: bond0, type: bond, link-aggregation: {mode: balance-rr, options: {miimon: 0, arp_interval: 100}}}]", "nmstate.bond.miimon-arp-interval").isEmpty)
    }

    @Test func bondBalanceSlb() throws {
        #expect(try errors("interfaces: [{name: bond0, type: bond, link-aggregation: {mode: balance-rr, options: {balance-slb: true, xmit_hash_policy: vlan+srcmac}}}]", "nmstate.bond.balance-slb").count == 1)
        #expect(try errors("interfaces: [{name: bond0, type: bond, link-aggregation: {mode: balance-xor, options: {balance_slb: true, xmit_hash_policy: vlan+srcmac}}}]", "nmstate.bond.balance-slb").isEmpty)
        // Mode from the current state (upstream test_balance_slb_invalid_mode_from_current).
        #expect(try errors("interfaces: [{name: bond0, type: bond, link-aggregation: {options: {balance-slb: 1, xmit_hash_policy: vlan+srcmac}}}]", "nmstate.bond.balance-slb",
                           current: "interfaces: [{name: bond0, type: bond, link-aggregation: {mode: balance-rr}}]").count == 1)
    }

    @Test func bondQueueID() throws {
        let bad = try errors("interfaces: [{name: bond99, type: bond, link-aggregation: {mode: active-backup, ports-config: [{name: eth1, queue-id: 1}, {name: eth2, queue-id: 1}]}}]", "nmstate.bond.queue-id-overlap")
        #expect(bad.first?.message == "Port eth1 and eth2 of Bond bond99 are sharing the same queue-id which is not supported by linux kernel yet")
        #expect(try errors("interfaces: [{name: bond99, type: bond, link-aggregation: {mode: active-backup, ports-config: [{name: eth1, queue-id: 0}, {name: eth2, queue-id: 0}]}}]", "nmstate.bond.queue-id-overlap").isEmpty)
    }

    // MARK: - Linux bridge and port VLANs

    @Test func stpRanges() throws {
        let bad = try errors("interfaces: [{name: br0, type: linux-bridge, bridge: {options: {stp: {enabled: true, hello-time: 11, max-age: 5, forward-delay: 31}}}}]", "nmstate.linux-bridge.stp-hello-time")
        #expect(bad.first?.message == "Desired STP hello time 11 is not in the range of [1,10]")
        #expect(try errors("interfaces: [{name: br0, type: linux-bridge, bridge: {options: {stp: {max-age: 5}}}}]", "nmstate.linux-bridge.stp-max-age").count == 1)
        #expect(try errors("interfaces: [{name: br0, type: linux-bridge, bridge: {options: {stp: {forward-delay: 31}}}}]", "nmstate.linux-bridge.stp-forward-delay").count == 1)
        #expect(try errors("interfaces: [{name: br0, type: linux-bridge, bridge: {options: {stp: {hello-time: 2, max-age: 20, forward-delay: 15}}}}]", "nmstate.linux-bridge.stp-hello-time").isEmpty)
    }

    @Test func groupForwardMask() throws {
        #expect(try errors("interfaces: [{name: br0, type: linux-bridge, bridge: {options: {group-forward-mask: 1, group-fwd-mask: 2}}}]", "nmstate.linux-bridge.group-forward-mask-conflict").count == 1)
        #expect(try errors("interfaces: [{name: br0, type: linux-bridge, bridge: {options: {group-forward-mask: 2, group-fwd-mask: 2}}}]", "nmstate.linux-bridge.group-forward-mask-conflict").isEmpty)
    }

    @Test func vlanDefaultPVID() throws {
        #expect(try errors("interfaces: [{name: br0, type: linux-bridge, bridge: {options: {vlan-default-pvid: 100}, port: [{name: eth1}]}}]", "nmstate.linux-bridge.vlan-default-pvid").first?.message == "Linux bridge br0 has vlan-default-pvid different than 1 but VLAN filtering is not enabled.")
        #expect(try errors("interfaces: [{name: br0, type: linux-bridge, bridge: {options: {vlan-default-pvid: 100}, port: [{name: eth1, vlan: {mode: access, tag: 100}}]}}]", "nmstate.linux-bridge.vlan-default-pvid").isEmpty)
    }

    @Test func portVLANModes() throws {
        func port(_ vlan: String, _ type: String = "linux-bridge") -> String {
            "interfaces: [{name: br0, type: \(type), bridge: {port: [{name: eth1, vlan: \(vlan)}]}}]"
        }
        #expect(try errors(port("{mode: trunk, tag: 200, trunk-tags: [{id: 100}]}"), "nmstate.bridge-vlan.trunk-tag-without-native").count == 1)
        #expect(try errors(port("{mode: trunk, tag: 200, enable-native: true, trunk-tags: [{id: 100}]}"), "nmstate.bridge-vlan.trunk-tag-without-native").isEmpty)
        #expect(try errors(port("{mode: access, tag: 200, enable-native: true}", "ovs-bridge"), "nmstate.bridge-vlan.access-native").count == 1)
        #expect(try errors(port("{mode: access, trunk-tags: [{id: 100}]}"), "nmstate.bridge-vlan.access-trunk-tags").count == 1)
        #expect(try errors(port("{mode: trunk}"), "nmstate.bridge-vlan.trunk-empty").count == 1)
        #expect(try errors(port("{mode: access, tag: 100}"), "nmstate.bridge-vlan.trunk-empty").isEmpty)
    }

    @Test func trunkTagOverlap() throws {
        let ovs = try errors("interfaces: [{name: br0, type: ovs-bridge, bridge: {port: [{name: eth1, vlan: {mode: trunk, trunk-tags: [{id-range: {min: 600, max: 900}}, {id-range: {min: 900, max: 1000}}]}}]}}]", "nmstate.bridge-vlan.trunk-tag-overlap")
        #expect(ovs.first?.message == "Bridge VLAN trunk tag id-range=[900,1000] is overlapping with other tag id-range=[600,900]")
        // A linux bridge flattens ranges before comparing.
        let linux = try errors("interfaces: [{name: br0, type: linux-bridge, bridge: {port: [{name: eth1, vlan: {mode: trunk, trunk-tags: [{id-range: {min: 600, max: 900}}, {id: 600}]}}]}}]", "nmstate.bridge-vlan.trunk-tag-overlap")
        #expect(linux.first?.message == "Bridge VLAN trunk tag id=600 is overlapping with other tag id=600")
        #expect(try errors("interfaces: [{name: br0, type: ovs-bridge, bridge: {port: [{name: eth1, vlan: {mode: trunk, trunk-tags: [{id: 100}, {id-range: {min: 101, max: 200}}]}}]}}]", "nmstate.bridge-vlan.trunk-tag-overlap").isEmpty)
    }

    // MARK: - OVS

    @Test func ovsBridgeMAC() throws {
        #expect(try errors("interfaces: [{name: br0, type: ovs-bridge, mac-address: '00:11:22:33:44:55'}]", "nmstate.ovs.bridge-mac").count == 1)
        #expect(try errors("interfaces: [{name: br0, type: ovs-interface, mac-address: '00:11:22:33:44:55'}]", "nmstate.ovs.bridge-mac").isEmpty)
    }

    @Test func ovsPatch() throws {
        #expect(try errors("interfaces: [{name: patch0, type: ovs-interface, mtu: 1500, patch: {peer: patch1}}]", "nmstate.ovs.patch-mtu").first?.message == "OVS patch interface is not allowed to hold MTU configuration, interface name patch0")
        #expect(try errors("interfaces: [{name: patch0, type: ovs-interface, ipv4: {enabled: true, dhcp: true}, patch: {peer: patch1}}]", "nmstate.ovs.patch-ip").count == 1)
        #expect(try errors("interfaces: [{name: patch0, type: ovs-interface, ipv4: {enabled: false}, patch: {peer: patch1}}]", "nmstate.ovs.patch-ip").isEmpty)
    }

    @Test func dpdkQueueDescriptors() throws {
        #expect(try errors("interfaces: [{name: ovs0, type: ovs-interface, dpdk: {devargs: '0000:af:00.1', n_txq_desc: 1000}}]", "nmstate.ovs.dpdk-queue-desc").first?.message.hasSuffix("But got 1000") == true)
        #expect(try errors("interfaces: [{name: ovs0, type: ovs-interface, dpdk: {devargs: '0000:af:00.1', n_rxq_desc: 2048, n_txq_desc: 0}}]", "nmstate.ovs.dpdk-queue-desc").isEmpty)
    }

    @Test func globalOvsDBReservedKey() throws {
        #expect(try errors("ovs-db: {external_ids: {ovn-bridge-mappings: 'net1:br1'}}", "nmstate.ovs-db.reserved-key").count == 1)
        #expect(try errors("ovs-db: {external_ids: {hostname: node1}}", "nmstate.ovs-db.reserved-key").isEmpty)
    }

    @Test func ovnMappings() throws {
        #expect(try errors("ovn: {bridge-mappings: [{localnet: net1, bridge: br1}, {localnet: net1, state: absent}]}", "nmstate.ovn.duplicate-localnet").first?.message == "Found duplicate `localnet` key net1")
        #expect(try errors("ovn: {bridge-mappings: [{localnet: net1}]}", "nmstate.ovn.missing-bridge").first?.message == "mapping for `localnet` key net1 missing the `bridge` attribute")
        #expect(try errors("ovn: {bridge-mappings: [{localnet: net1, state: absent}, {localnet: net2, bridge: br1}]}", "nmstate.ovn.missing-bridge").isEmpty)
    }

    // MARK: - Virtual interfaces

    @Test func vlanBaseInterface() throws {
        let yaml = "interfaces: [{name: vlan0, type: vlan, vlan: {id: 102}}]"
        #expect(try errors(yaml, "nmstate.vlan.base-iface-required").first?.message == "Missing 'vlan.base-iface' for interface 'vlan0'")
        #expect(try check(yaml, "nmstate.vlan.base-iface-required", current: "interfaces: [{name: vlan0, type: vlan, vlan: {id: 101, base-iface: eth1}}]").isEmpty)
        #expect(try check(yaml, "nmstate.vlan.base-iface-required", profile: .latest).first?.severity == .warning)
    }

    @Test func macVlanPromiscuous() throws {
        #expect(try errors("interfaces: [{name: mv0, type: mac-vlan, mac-vlan: {base-iface: eth1, mode: vepa, promiscuous: false}}]", "nmstate.mac-vlan.promiscuous").count == 1)
        #expect(try errors("interfaces: [{name: mv0, type: mac-vtap, mac-vtap: {base-iface: eth1, mode: passthru, accept-all-mac: false}}]", "nmstate.mac-vlan.promiscuous").isEmpty)
    }

    @Test func ipvlanFlags() throws {
        #expect(try errors("interfaces: [{name: ipv0, type: ipvlan, ipvlan: {base-iface: eth1, private: true, vepa: true}}]", "nmstate.ipvlan.private-vepa").count == 1)
        #expect(try errors("interfaces: [{name: ipv0, type: ipvlan, ipvlan: {base-iface: eth1, private: true}}]", "nmstate.ipvlan.private-vepa").isEmpty)
    }

    @Test func macsecKeys() throws {
        let base = "encrypt: true, base-iface: eth1, port: 0, validation: strict, send-sci: true"
        #expect(try errors("interfaces: [{name: m0, type: macsec, macsec: {\(base), mka-cak: 50b71a8ef0bd5751ea76de6d6c98c03a}}]", "nmstate.macsec.mka-pair").count == 1)
        #expect(try errors("interfaces: [{name: m0, type: macsec, macsec: {\(base), mka-cak: abc, mka-ckn: f2b4}}]", "nmstate.macsec.mka-cak-length").count == 1)
        #expect(try errors("interfaces: [{name: m0, type: macsec, macsec: {\(base), mka-cak: 50b71a8ef0bd5751ea76de6d6c98c03a, mka-ckn: abc}}]", "nmstate.macsec.mka-ckn-length").count == 1)
        #expect(try errors("interfaces: [{name: m0, type: macsec, macsec: {\(base), mka-cak: 50b71a8ef0bd5751ea76de6d6c98c03a, mka-ckn: f2b4}}]", "nmstate.macsec.mka-ckn-length").isEmpty)
    }

    @Test func vrfTableID() throws {
        let yaml = "interfaces: [{name: vrf100, type: vrf, vrf: {port: [eth1]}}]"
        #expect(try errors(yaml, "nmstate.vrf.table-id-required").first?.message == "Route table ID undefined or 0 is not allowed for new VRF interface vrf100")
        #expect(try errors("interfaces: [{name: vrf100, type: vrf, vrf: {port: [eth1], route-table-id: 100}}]", "nmstate.vrf.table-id-required").isEmpty)
        #expect(try check(yaml, "nmstate.vrf.table-id-required", current: "interfaces: [{name: vrf100, type: vrf, vrf: {route-table-id: 100}}, {name: eth1, type: ethernet}]").isEmpty)
    }

    // MARK: - Controller / port graph

    @Test func controllerNotInPortList() throws {
        let bad = try errors("""
            interfaces:
            - {name: br0, type: linux-bridge, bridge: {port: []}}
            - {name: eth1, type: ethernet, controller: br0}
            """, "nmstate.controller.not-in-port-list")
        #expect(bad.first?.message == "Interface eth1 has controller br0 but not listed in port list of controller interface")
        #expect(try errors("""
            interfaces:
            - {name: br0, type: linux-bridge, bridge: {port: [{name: eth1}]}}
            - {name: eth1, type: ethernet, controller: br0}
            """, "nmstate.controller.not-in-port-list").isEmpty)
    }

    @Test func controllerNotFound() throws {
        let yaml = "interfaces: [{name: eth1, type: ethernet, controller: br0}]"
        #expect(try errors(yaml, "nmstate.controller.not-found").first?.message == "Interface eth1 desired controller br0 not found")
        #expect(try check(yaml, "nmstate.controller.not-found", profile: .latest).first?.severity == .warning)
        #expect(try check(yaml, "nmstate.controller.not-found", current: "interfaces: [{name: br0, type: linux-bridge}, {name: eth1, type: ethernet}]").isEmpty)
    }

    @Test func controllerConflictAndDetach() throws {
        let conflict = try errors("""
            interfaces:
            - {name: bond1, type: bond, link-aggregation: {mode: balance-rr, port: [eth1]}}
            - {name: bond0, type: bond, link-aggregation: {mode: balance-rr}}
            - {name: eth1, type: ethernet, controller: bond0}
            """, "nmstate.controller.conflict")
        #expect(conflict.first?.message == "Interface eth1 has controller property set to bond0, but been listed as port of controller bond1")
        let detach = try errors("""
            interfaces:
            - {name: bond1, type: bond, link-aggregation: {mode: balance-rr, port: [eth1]}}
            - {name: eth1, type: ethernet, controller: ''}
            """, "nmstate.controller.detach-while-listed")
        #expect(detach.first?.message == "Interface eth1 desired to detach controller via controller property set to '', but still been listed as port of controller bond1")
        #expect(try errors("interfaces: [{name: eth1, type: ethernet, controller: ''}]", "nmstate.controller.detach-while-listed").isEmpty)
    }

    @Test func portOverbooked() throws {
        let bad = try errors("""
            interfaces:
            - {name: br0, type: linux-bridge, bridge: {port: [{name: eth0}]}}
            - {name: br1, type: linux-bridge, bridge: {port: [{name: eth0}]}}
            """, "nmstate.controller.port-overbooked")
        #expect(bad.first?.message == "Port eth0 is overbooked by two controller: br1, br0")
        #expect(bad.first?.path.description == "interfaces[1].bridge.port[0].name")
        // A controller that keeps its current port list counts too.
        #expect(try errors("interfaces: [{name: br1, type: linux-bridge, bridge: {port: [{name: eth0}]}}, {name: br0, type: linux-bridge, mtu: 1500}]", "nmstate.controller.port-overbooked",
                           current: "interfaces: [{name: br0, type: linux-bridge, bridge: {port: [{name: eth0}]}}, {name: eth0, type: ethernet}]").count == 1)
        #expect(try errors("interfaces: [{name: br0, type: linux-bridge, bridge: {port: [{name: eth0}]}}, {name: br1, type: linux-bridge, bridge: {port: [{name: eth1}]}}]", "nmstate.controller.port-overbooked").isEmpty)
    }

    @Test func unknownPortInApplyMode() throws {
        let yaml = "interfaces: [{name: bond0, type: bond, link-aggregation: {mode: balance-rr, port: [eth9]}}]"
        #expect(try errors(yaml, "nmstate.controller.unknown-port", current: "interfaces: []").first?.message == "Controller interface bond0 is holding unknown port eth9")
        #expect(try errors(yaml, "nmstate.controller.unknown-port").isEmpty)
    }

    @Test func infinibandPorts() throws {
        let bridge = try errors("""
            interfaces:
            - {name: mlx5_ib2, type: infiniband, infiniband: {pkey: '0xffff', mode: connected}}
            - {name: br0, type: linux-bridge, bridge: {port: [{name: mlx5_ib2}]}}
            """, "nmstate.infiniband.port")
        #expect(bridge.first?.message == "InfiniBand interface [\"mlx5_ib2\"] cannot use as port of br0. Only active-backup bond allowed.")
        #expect(try errors("""
            interfaces:
            - {name: mlx5_ib2, type: infiniband, infiniband: {pkey: '0xffff', mode: connected}}
            - {name: bond0, type: bond, link-aggregation: {mode: active-backup, port: [mlx5_ib2]}}
            """, "nmstate.infiniband.port").isEmpty)
        // The InfiniBand interface known only from the current state.
        #expect(try errors("interfaces: [{name: bond0, type: bond, link-aggregation: {mode: balance-rr, port: [mlx5_ib2]}}]", "nmstate.infiniband.port",
                           current: "interfaces: [{name: mlx5_ib2, type: infiniband, infiniband: {pkey: '0xffff', mode: connected}}]").count == 1)
    }

    @Test func parentAbsent() throws {
        let bad = try errors("""
            interfaces:
            - {name: bond0.100, type: vlan, vlan: {base-iface: bond0, id: 100}}
            - {name: bond0, type: bond, state: absent}
            """, "nmstate.iface.parent-absent")
        #expect(bad.first?.message == "Interface bond0.100 cannot be in up state as its parent bond0 has been marked as absent")
        // The child's type and parent come from the current state.
        #expect(try errors("interfaces: [{name: bond0.100}, {name: bond0, type: bond, state: absent}]", "nmstate.iface.parent-absent",
                           current: "interfaces: [{name: bond0.100, type: vlan, vlan: {base-iface: bond0, id: 100}}, {name: bond0, type: bond, link-aggregation: {mode: balance-rr}}]").count == 1)
        // An ethernet parent may go; its VLANs stay.
        #expect(try errors("interfaces: [{name: eth1.100, type: vlan, vlan: {base-iface: eth1, id: 100}}, {name: eth1, type: ethernet, state: absent}]", "nmstate.iface.parent-absent").isEmpty)
    }

    @Test func copyMacFrom() throws {
        let noMac = try errors("interfaces: [{name: bond0, type: bond, copy-mac-from: eth1, link-aggregation: {mode: balance-rr, port: [eth1]}}]", "nmstate.iface.copy-mac-from-no-mac")
        #expect(noMac.first?.message == "Failed to find mac address of interface eth1 for copy-mac-from of iface bond0")
        #expect(try errors("interfaces: [{name: bond0, type: bond, copy-mac-from: eth9, link-aggregation: {mode: balance-rr}}]", "nmstate.iface.copy-mac-from-missing").first?.message == "Failed to find interface eth9 for copy-mac-from of iface bond0")
        #expect(try errors("interfaces: [{name: bond0, type: bond, copy-mac-from: eth1, link-aggregation: {mode: balance-rr, port: [eth1]}}]", "nmstate.iface.copy-mac-from-no-mac",
                           current: "interfaces: [{name: eth1, type: ethernet, mac-address: '00:11:22:33:44:55'}]").isEmpty)
    }

    @Test func anEmptyRouteDestinationIsRefusedUnderLatest() throws {
        let yaml = "routes: {config: [{destination: '', next-hop-interface: eth1}, {destination: '', state: absent}]}"
        let bad = try errors(yaml, "nmstate.route.invalid-destination", profile: .latest)
        #expect(bad.map(\.path.description) == ["routes.config[0].destination", "routes.config[1].destination"])
        #expect(bad.first?.message.hasPrefix("Invalid IP address : invalid IPv4 address syntax: `destination` is empty") == true)
        // 2.2.38 keeps that release's reading.
        #expect(try errors(yaml, "nmstate.route.invalid-destination").isEmpty)
    }

    @Test func aNewVethNeedsAPeer() throws {
        let yaml = "interfaces: [{name: veth1, type: veth, state: up}]"
        let bad = try errors(yaml, "nmstate.veth.peer-required", current: "interfaces: []")
        #expect(bad.map(\.message) == ["Veth interface veth1 does not exist, peer name is required for creating it"])
        // Generating configuration (2.2.38 without a current state) does not check it.
        #expect(try check(yaml, "nmstate.veth.peer-required").isEmpty)
        // Without the node's state under latest: it may exist, so a warning.
        let latest = try check(yaml, "nmstate.veth.peer-required", profile: .latest)
        #expect(latest.map(\.severity) == [.warning])
        // With a current state: an error only when the node lacks it.
        #expect(try errors(yaml, "nmstate.veth.peer-required", profile: .latest, current: "interfaces: []").count == 1)
        #expect(try check(yaml, "nmstate.veth.peer-required", profile: .latest, current: "interfaces: [{name: veth1, type: veth, veth: {peer: p}}]").isEmpty)
        #expect(try check("interfaces: [{name: veth1, type: veth, veth: {peer: p}}]", "nmstate.veth.peer-required").isEmpty)
    }

    @Test func aVethPeerOnAnExistingEthernetIsRefused() throws {
        let current = "interfaces: [{name: eth1, type: ethernet, state: up}, {name: veth1, type: veth, veth: {peer: veth1peer}}]"
        let bad = try errors("interfaces: [{name: eth1, type: veth, veth: {peer: eth1peer}}]", "nmstate.veth.peer-on-ethernet", profile: .latest, current: current)
        #expect(bad.count == 1)
        #expect(bad.first?.path.description == "interfaces[0].veth.peer")
        #expect(bad.first?.message.hasPrefix("Veth interface eth1 is currently holding peer assigned to other namespace") == true)
        // A veth that has a peer may change it; without a current state the rule is silent.
        #expect(try check("interfaces: [{name: veth1, type: veth, veth: {peer: other}}]", "nmstate.veth.peer-on-ethernet", profile: .latest, current: current).isEmpty)
        #expect(try check("interfaces: [{name: eth1, type: veth, veth: {peer: eth1peer}}]", "nmstate.veth.peer-on-ethernet", profile: .latest).isEmpty)
    }

    @Test func vethIgnoredPeer() throws {
        let current = "interfaces: [{name: veth1, type: veth, veth: {peer: veth1peer}}, {name: veth1peer, type: veth, state: ignore, veth: {peer: veth1}}]"
        #expect(try errors("interfaces: [{name: veth1, type: veth, veth: {peer: newpeer}}]", "nmstate.veth.ignored-peer", current: current).count == 1)
        #expect(try errors("interfaces: [{name: veth1, type: veth, veth: {peer: veth1peer}}]", "nmstate.veth.ignored-peer", current: current).isEmpty)
    }

    @Test func sriovNameResolution() throws {
        let current = "interfaces: [{name: eth1, type: ethernet, ethernet: {sr-iov: {total-vfs: 1, vfs: [{id: 0, iface-name: eth1v0}]}}}, {name: eth1v0, type: ethernet}]"
        #expect(try errors("interfaces: [{name: 'sriov:eth1:0', type: ethernet}, {name: eth1v0, type: ethernet}]", "nmstate.sriov.name-duplicate", current: current).count == 1)
        #expect(try errors("interfaces: [{name: 'sriov:eth1:7', type: ethernet}]", "nmstate.sriov.name-not-found", current: current).count == 1)
        #expect(try errors("interfaces: [{name: 'sriov:eth1', type: ethernet}]", "nmstate.sriov.name-format", current: current).count == 1)
        #expect(try check("interfaces: [{name: 'sriov:eth1:0', type: ethernet, mtu: 1500}]", "nmstate.sriov.name-duplicate", current: current).isEmpty)
    }

    @Test func unknownTypeResolution() throws {
        #expect(try errors("interfaces: [{name: eth7}]", "nmstate.iface.unknown-type-not-found", current: "interfaces: []").count == 1)
        #expect(try errors("interfaces: [{name: eth7}]", "nmstate.iface.unknown-type-not-found", current: "interfaces: [{name: eth7, type: ethernet}]").isEmpty)
    }

    // MARK: - Routes and route rules

    @Test func routeNextHopInterface() throws {
        #expect(try errors("routes: {config: [{destination: 198.51.100.0/24, next-hop-address: 192.0.2.1}]}", "nmstate.route.next-hop-interface-required").first?.message.hasPrefix("Route with empty next hop interface is not supported: RouteEntry {") == true)
        #expect(try errors("routes: {config: [{destination: 198.51.100.0/24, route-type: blackhole}]}", "nmstate.route.next-hop-interface-required").isEmpty)
    }

    @Test func blackholeWithNextHop() throws {
        #expect(try errors("routes: {config: [{destination: 198.51.100.0/24, route-type: blackhole, next-hop-interface: eth1}]}", "nmstate.route.blackhole-next-hop").first?.message.hasPrefix("A Blackhole Route cannot have a next hop : ") == true)
        #expect(try errors("routes: {config: [{destination: 198.51.100.0/24, route-type: blackhole, next-hop-interface: lo}]}", "nmstate.route.blackhole-next-hop").isEmpty)
    }

    @Test func routeDestination() throws {
        #expect(try errors("routes: {config: [{destination: 0.0.0.0/8, next-hop-interface: eth1}]}", "nmstate.route.destination-zero-network").count == 1)
        #expect(try errors("routes: {config: [{destination: 0.0.0.0/0, next-hop-interface: eth1}]}", "nmstate.route.destination-zero-network").isEmpty)
        #expect(try errors("routes: {config: [{destination: 0.0.0.0.0/7, next-hop-interface: eth1}]}", "nmstate.route.invalid-destination").first?.message == "Invalid IP address : invalid IPv4 address syntax")
        #expect(try errors("routes: {config: [{destination: 192.0.2.0/33, next-hop-interface: eth1}]}", "nmstate.route.invalid-destination").first?.message == "Invalid IPv4 network prefix length '33' in '192.0.2.0/33', should be at most 32")
        #expect(try errors("routes: {config: [{destination: 198.51.100.0/24, next-hop-interface: eth1, next-hop-address: 192.0.2.x}]}", "nmstate.route.invalid-next-hop-address").count == 1)
        #expect(try errors("routes: {config: [{destination: 198.51.100.0/24, next-hop-interface: eth1, source: nope}]}", "nmstate.route.invalid-source").first?.message == "Failed to parse IP address 'nope': invalid IP address syntax")
    }

    @Test func routeWeightAndCwnd() throws {
        #expect(try errors("routes: {config: [{destination: 198.51.100.0/24, next-hop-interface: eth1, weight: 0}]}", "nmstate.route.weight-range").first?.message == "Invalid ECMP route weight 0, should be in the range of 1 to 256")
        #expect(try errors("routes: {config: [{destination: '2001:db8:1::/64', next-hop-interface: eth1, weight: 2}]}", "nmstate.route.ipv6-weight").count == 1)
        #expect(try errors("routes: {config: [{destination: 198.51.100.0/24, next-hop-interface: eth1, weight: 256}]}", "nmstate.route.weight-range").isEmpty)
        #expect(try errors("routes: {config: [{destination: 198.51.100.0/24, next-hop-interface: eth1, cwnd: 0}]}", "nmstate.route.cwnd-zero").first?.message == "The value of 'cwnd' cannot be 0")
        #expect(try errors("routes: {config: [{destination: 198.51.100.0/24, next-hop-interface: eth1, cwnd: 10}]}", "nmstate.route.cwnd-zero").isEmpty)
    }

    @Test func routeNextHopState() throws {
        let absent = try errors("routes: {config: [{destination: 0.0.0.0/0, next-hop-interface: eth1}]}\ninterfaces: [{name: eth1, type: ethernet, state: absent}]", "nmstate.route.next-hop-absent")
        #expect(absent.first?.message == "The next hop interface of desired Route 'destination: 0.0.0.0/0 next-hop-interface: eth1' has been marked as absent")
        #expect(try errors("routes: {config: [{destination: '::/0', next-hop-interface: eth1}]}\ninterfaces: [{name: eth1, type: ethernet, ipv6: {enabled: false}}]", "nmstate.route.next-hop-ipv6-disabled").count == 1)
        // Implicitly disabled (no `enabled`): an error in gen_conf, a warning under latest.
        let yaml = "routes: {config: [{destination: 0.0.0.0/0, next-hop-interface: eth1}]}\ninterfaces: [{name: eth1, type: ethernet, ipv4: {dhcp: false}}]"
        #expect(try errors(yaml, "nmstate.route.next-hop-ipv4-disabled").count == 1)
        #expect(try check(yaml, "nmstate.route.next-hop-ipv4-disabled", profile: .latest).first?.severity == .warning)
        #expect(try check("routes: {config: [{destination: 0.0.0.0/0, next-hop-interface: eth1}]}\ninterfaces: [{name: eth1, type: ethernet, ipv4: {enabled: true, dhcp: true}}]", "nmstate.route.next-hop-ipv4-disabled").isEmpty)
    }

    @Test func routeRules() throws {
        #expect(try errors("route-rules: {config: [{priority: 100, route-table: 50}]}", "nmstate.route-rule.no-selector").first?.message.hasPrefix("Neither ip-from, ip-to nor family is defined") == true)
        #expect(try errors("route-rules: {config: [{family: ipv4, ip-from: '2001:db8::/64'}]}", "nmstate.route-rule.family-mismatch").first?.message.hasPrefix("The ip-from format mismatches with the family set") == true)
        #expect(try errors("route-rules: {config: [{family: ipv4, fwmask: 255}]}", "nmstate.route-rule.fwmask-without-fwmark").count == 1)
        #expect(try errors("route-rules: {config: [{family: ipv4, fwmark: 16, fwmask: 255}]}", "nmstate.route-rule.fwmask-without-fwmark").isEmpty)
        #expect(try errors("route-rules: {config: [{ip-from: 192.0.2.0/24, route-table: 50}]}", "nmstate.route-rule.no-selector").isEmpty)
    }

    // MARK: - DNS

    @Test func dnsServers() throws {
        #expect(try errors("dns-resolver: {config: {server: [dns.example.com]}}", "nmstate.dns.server-invalid").first?.message == "Invalid DNS server string dns.example.com")
        #expect(try errors("dns-resolver: {config: {server: [192.0.2.53, '2001:db8::53', 'fe80::1%eth1']}}", "nmstate.dns.server-invalid").isEmpty)
    }

    @Test func dnsOptions() throws {
        #expect(try errors("dns-resolver: {config: {options: [rotate, 'ndot:9']}}", "nmstate.dns.option-unsupported").first?.message.hasPrefix("Option 'ndot' is not supported to hold a value, only support these without value: debug, edns0,") == true)
        #expect(try errors("dns-resolver: {config: {options: [foo]}}", "nmstate.dns.option-unsupported").first?.message.hasSuffix("these with values: ndots:n, timeout:n, attempts") == true)
        #expect(try errors("dns-resolver: {config: {options: [rotate, 'ndots:9', 'timeout:2', trust-ad]}}", "nmstate.dns.option-unsupported").isEmpty)
    }

    @Test func dnsLinkLocalInterface() throws {
        #expect(try errors("dns-resolver: {config: {server: ['fe80::1%eth1']}}", "nmstate.dns.link-local-interface").first?.message == "Desired IPv6 link local DNS server fe80::1%eth1 is pointing to interface eth1 which does not exist.")
        #expect(try errors("dns-resolver: {config: {server: ['fe80::1%eth1', 'fe80::2%eth2']}}", "nmstate.dns.link-local-multiple").count == 1)
        #expect(try errors("dns-resolver: {config: {server: ['fe80::1%eth1']}}\ninterfaces: [{name: eth1, type: ethernet, ipv6: {enabled: true, autoconf: true, dhcp: true}}]", "nmstate.dns.link-local-interface").isEmpty)
    }

    // MARK: - generate-configuration (NetworkManager keyfile) checks

    @Test func backendChecksAreGenConfOnly() throws {
        let cases: [(String, String)] = [
            ("interfaces: [{name: eth1, type: ethernet, ethtool: {feature: {feature-foo-bar: true}}}]", "nmstate.backend.ethtool-feature"),
            ("interfaces: [{name: eth1, type: ethernet, ipv6: {enabled: true, dhcp: false, autoconf: true}}]", "nmstate.backend.ipv6-autoconf-without-dhcp"),
            ("dns-resolver: {config: {server: ['2001:db8::53']}}", "nmstate.backend.dns-interface"),
            ("interfaces: [{name: eth1, type: ethernet, dispatch: {post-activation: 'echo up'}}]", "nmstate.backend.dispatch-gen-conf"),
            ("dns-resolver: {config: {server: [192.0.2.1, '2001:db8::1', 192.0.2.2]}}\ninterfaces: [{name: eth1, ipv4: {enabled: true, dhcp: true}, ipv6: {enabled: true, dhcp: true, autoconf: true}}]", "nmstate.backend.dns-mixed-order"),
        ]
        for (yaml, rule) in cases {
            #expect(try errors(yaml, rule).count == 1, "\(rule) under 2.2.38")
            let latest = try check(yaml, rule, profile: .latest)
            #expect(latest.allSatisfy { $0.severity == .warning } && latest.count == 1, "\(rule) under latest")
            #expect(try check(yaml, rule, current: "interfaces: [{name: eth1, type: ethernet}]").isEmpty, "\(rule) in apply mode")
        }
        #expect(try errors("interfaces: [{name: eth1, type: ethernet, ethtool: {feature: {gro: true, rx-checksum: false, tx-udp_tnl-segmentation: true}}}]", "nmstate.backend.ethtool-feature").isEmpty)
        #expect(try errors("dns-resolver: {config: {server: ['2001:db8::53']}}\ninterfaces: [{name: eth1, ipv6: {enabled: true, dhcp: true, autoconf: true}}]", "nmstate.backend.dns-interface").isEmpty)
    }

    @Test func interfaceCountLimit() throws {
        let many = (0...1000).map { "- {name: eth\($0), type: ethernet, ipv4: {enabled: false}}" }.joined(separator: "\n")
        let found = try check("interfaces:\n" + many, "nmstate.iface.count-limit")
        #expect(found.map(\.severity) == [.warning])
        #expect(found.first?.message == "Interfaces count exceeds the support limit 1000 in desired state")
        #expect(try check("interfaces: [{name: eth0, type: ethernet}]", "nmstate.iface.count-limit").isEmpty)
    }

    // MARK: - Modes

    @Test func latestNeverErrsOnNodeDependentRules() throws {
        // A partial state for interfaces that exist on the node.
        let yaml = """
            interfaces:
            - {name: bond99, type: bond, link-aggregation: {options: {miimon: 140}}}
            - {name: vlan0, type: vlan, vlan: {id: 102}}
            - {name: vrf100, type: vrf, vrf: {port: [eth1]}}
            - {name: br0, type: linux-bridge, copy-mac-from: eth7}
            routes: {config: [{destination: 0.0.0.0/0, next-hop-interface: eth1}]}
            """
        let state = try YAMLLoader().loadSingle(yaml)
        let latest = DesiredStateValidator(options: ValidationOptions(profile: .latest)).validate(state)
        #expect(!latest.diagnostics.contains { $0.severity == .error && $0.rule.hasPrefix("nmstate.") }, "\(latest.diagnostics)")
        let strict = DesiredStateValidator(options: ValidationOptions(profile: .v2_2_38)).validate(state)
        #expect(strict.diagnostics.filter { $0.severity == .error && $0.rule.hasPrefix("nmstate.") }.count >= 4)
    }

    @Test func rulesAreSilentOnMalformedValues() throws {
        let yaml = """
            interfaces:
            - name: eth1
              mtu: lots
              ipv4: {enabled: maybe, address: [{ip: 7, prefix-length: x}, 3]}
              link-aggregation: [1, 2]
            - 42
            routes: {config: [{destination: 7}, nope]}
            route-rules: {config: 5}
            dns-resolver: {config: {server: [1, {a: b}]}}
            """
        let state = try YAMLLoader().loadSingle(yaml)
        for profile in Profile.allCases {
            let report = DesiredStateValidator(options: ValidationOptions(profile: profile)).validate(state)
            #expect(!report.diagnostics.contains { $0.rule.hasPrefix("nmstate.") }, "\(report.diagnostics)")
        }
    }
}
