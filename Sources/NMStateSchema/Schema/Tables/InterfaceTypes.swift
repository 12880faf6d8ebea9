/// The `type` values nmstate parses into their own structs (reference 6),
/// with the type-specific section keys each accepts besides the base fields.
/// Any other `type` (`tun`, `team`, `wireguard`, …) is an unknown interface.
extension NMStateSchema {
    static let interfaceTypes: [InterfaceTypeSpec] = [
        InterfaceTypeSpec("ethernet", doc: "Ethernet interface.", ethernetSections),
        InterfaceTypeSpec("veth", doc: "Virtual ethernet pair.", ethernetSections),
        InterfaceTypeSpec("bond", doc: "Linux bond.", [Field("link-aggregation", bond, aliasesSince: ["bond": .v2_2_47])]),
        InterfaceTypeSpec("linux-bridge", doc: "Linux bridge.", [Field("bridge", linuxBridge)]),
        InterfaceTypeSpec("ovs-bridge", userSpace: true, doc: "Open vSwitch bridge (user space).", [Field("bridge", ovsBridge)]),
        InterfaceTypeSpec("ovs-interface", doc: "Open vSwitch internal, patch or DPDK interface.", ovsInterfaceSections),
        InterfaceTypeSpec("vlan", doc: "802.1Q/802.1ad VLAN.", [Field("vlan", vlan)]),
        InterfaceTypeSpec("vxlan", doc: "VXLAN tunnel.", [Field("vxlan", vxlan)]),
        InterfaceTypeSpec("mac-vlan", doc: "MAC VLAN.", [Field("mac-vlan", macVlan)]),
        InterfaceTypeSpec("mac-vtap", doc: "MAC VTAP.", [Field("mac-vtap", macVtap)]),
        InterfaceTypeSpec("ipvlan", doc: "IPVLAN.", [Field("ipvlan", ipVlan)]),
        InterfaceTypeSpec("vrf", doc: "Virtual routing and forwarding.", [Field("vrf", vrf)]),
        InterfaceTypeSpec("infiniband", doc: "IP over InfiniBand.", [Field("infiniband", infiniband)]),
        InterfaceTypeSpec("hsr", doc: "HSR/PRP redundancy.", [Field("hsr", hsr)]),
        InterfaceTypeSpec("macsec", doc: "MACsec.", [Field("macsec", macsec)]),
        InterfaceTypeSpec("ipsec", userSpace: true, doc: "Libreswan IPsec connection (user space).", [Field("libreswan", libreswan)]),
        InterfaceTypeSpec("xfrm", doc: "XFRM interface."),
        InterfaceTypeSpec("dummy", doc: "Dummy interface."),
        InterfaceTypeSpec("loopback", doc: "Loopback interface."),
        InterfaceTypeSpec("ip-tunnel", since: .v2_2_59, doc: "IPIP/SIT/IP6IP6/IPIP6 tunnel.", [Field("ip-tunnel", ipTunnel)]),
        // Its settings live in the base `dispatch` section (`type`, `variables`).
        InterfaceTypeSpec("dispatch", since: .afterV2_2_59, doc: "Interface created by the scripts of a `dispatch.interfaces` type."),
    ]
}
