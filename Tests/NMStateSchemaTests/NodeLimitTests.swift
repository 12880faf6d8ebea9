import Testing
import SourceModel
import SourceModelYAML
import NMStateSchema

/// `node.limit.*`: values nmstate accepts and the kernel refuses. The same
/// verdict under both profiles, with or without a current state.
@Suite struct NodeLimitTests {
    func findings(_ yaml: String, _ rule: String, profile: Profile = .latest) throws -> [Diagnostic] {
        let state = try YAMLLoader().loadSingle(yaml)
        return DesiredStateValidator(options: ValidationOptions(profile: profile)).validate(state).diagnostics.filter { $0.rule == rule }
    }

    @Test(arguments: Profile.allCases)
    func aVLANIdAbove4094IsRefused(profile: Profile) throws {
        let bad = try findings("interfaces: [{name: eth1.4095, type: vlan, vlan: {base-iface: eth1, id: 4095}}]", "node.limit.vlan-id", profile: profile)
        #expect(bad.map(\.severity) == [.error])
        #expect(bad.first?.message.hasPrefix("VLAN id 4095 of interface eth1.4095 is not in 0..4094: the kernel refuses it") == true)
        #expect(bad.first?.path.description == "interfaces[0].vlan.id")
        #expect(try findings("interfaces: [{name: eth1.4094, type: vlan, vlan: {base-iface: eth1, id: '4094'}}]", "node.limit.vlan-id", profile: profile).isEmpty)
    }

    @Test func aBridgePortVLANOutside1To4094IsRefused() throws {
        let yaml = """
            interfaces:
            - name: br0
              type: linux-bridge
              bridge:
                port:
                - name: eth1
                  vlan: {mode: access, tag: 0}
                - name: eth2
                  vlan:
                    mode: trunk
                    trunk-tags: [{id: 4095}, {id-range: {min: 1, max: 4094}}]
            """
        let bad = try findings(yaml, "node.limit.bridge-vlan-id")
        #expect(bad.map(\.path.description) == ["interfaces[0].bridge.port[0].vlan.tag", "interfaces[0].bridge.port[1].vlan.trunk-tags[0].id"])
        // OVS bridges take other VLAN ids and are not checked.
        #expect(try findings("interfaces: [{name: br1, type: ovs-bridge, bridge: {port: [{name: eth1, vlan: {mode: access, tag: 0}}]}}]", "node.limit.bridge-vlan-id").isEmpty)
    }

    @Test func aVXLANIdAbove24BitsIsRefused() throws {
        let bad = try findings("interfaces: [{name: vx0, type: vxlan, vxlan: {base-iface: eth1, id: 16777216, remote: 192.0.2.1}}]", "node.limit.vxlan-id")
        #expect(bad.first?.message.hasPrefix("VXLAN id 16777216 of interface vx0 is not in 0..16777215") == true)
        #expect(try findings("interfaces: [{name: vx0, type: vxlan, vxlan: {base-iface: eth1, id: 16777215, remote: 192.0.2.1}}]", "node.limit.vxlan-id").isEmpty)
    }

    @Test(arguments: Profile.allCases)
    func anInterfaceNameLongerThan15BytesIsRefused(profile: Profile) throws {
        let bad = try findings("interfaces: [{name: bond0.storage-be, type: vlan, vlan: {base-iface: bond0, id: 300}}]", "node.limit.interface-name", profile: profile)
        #expect(bad.map(\.message) == ["interface name `bond0.storage-be` is 16 bytes long; the kernel refuses interface names longer than 15 bytes (IFNAMSIZ), so the vlan interface cannot be created on any node"])
        #expect(bad.first?.path.description == "interfaces[0].name")
        #expect(try findings("interfaces: [{name: bond0.storage, type: vlan, vlan: {base-iface: bond0, id: 300}}]", "node.limit.interface-name", profile: profile).isEmpty)
    }

    @Test func interfaceNamesThatAreNotKernelNamesAreNotChecked() throws {
        for yaml in [
            "interfaces: [{name: br-ex-with-a-long-name, type: ovs-bridge}]",
            "interfaces: [{name: a-very-long-existing-name, state: up}]",
            "interfaces: [{name: 'sriov:ens1f0:3', type: ethernet}]",
            "interfaces: [{name: uplink-profile-by-mac, type: ethernet, identifier: mac-address, mac-address: '02:00:00:00:00:01'}]",
            "interfaces: [{name: a-very-long-old-interface, type: ethernet, state: absent}]",
            "interfaces: [{name: patch-br-ex-to-br-int, type: ovs-interface, patch: {peer: patch-br-int-to-br-ex}}]",
            "interfaces: [{name: dpdk-uplink-port0, type: ovs-interface, dpdk: {devargs: '0000:00:1f.6'}}]",
        ] {
            #expect(try findings(yaml, "node.limit.interface-name").isEmpty, "\(yaml)")
        }
        let colon = try findings("interfaces: [{name: 'eth0:1', type: dummy}]", "node.limit.interface-name")
        #expect(colon.first?.message.contains("contains `:`") == true)
    }

    @Test func aHostnameLongerThan64BytesIsRefused() throws {
        let long = String(repeating: "h", count: 65)
        let bad = try findings("hostname: {config: \(long)}", "node.limit.hostname")
        #expect(bad.first?.message.hasPrefix("hostname is 65 bytes long") == true)
        #expect(bad.first?.path.description == "hostname.config")
        #expect(try findings("hostname: {config: \(String(long.dropFirst()))}", "node.limit.hostname").isEmpty)
    }
}
