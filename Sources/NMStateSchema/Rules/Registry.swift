extension SemanticRules {
    /// The order follows nmstate's `MergedNetworkState::new` (reference §15),
    /// so diagnostics come out in the order nmstate would meet them. nmstate
    /// stops at the first error; these rules report every one they find.
    static let registered: [Rule] = [
        // 2–3. Name resolution, veth pre-checks.
        NameRules.resolution,
        NameRules.vethIgnoredPeer,
        NameRules.vethPeerOnEthernet,
        NameRules.vethPeerRequired,
        ControllerRules.countLimit,
        // 5–12. Graph-wide checks on the merged interfaces.
        ControllerRules.copyMacFrom,
        ControllerRules.portListConflicts,
        ControllerRules.unknownPorts,
        ControllerRules.overbooked,
        ControllerRules.infinibandPorts,
        ControllerRules.orphans,
        // 15. Each changed interface: IP merge and wait-ip, MPTCP, MTU range,
        // can-have-IP, VRF table, bond rules, then `sanitize()`.
        IPRules.waitIP,
        InterfaceRules.mptcp,
        InterfaceRules.mtuRange,
        InterfaceRules.ipOnPort,
        VirtualRules.vrfTable,
        BondRules.modeRequired,
        BondRules.failOverMac,
        BondRules.portsConfig,
        BondRules.options,
        IPRules.addresses,
        IPRules.token,
        InterfaceRules.mtuIPv6,
        InterfaceRules.dispatchOnUserSpace,
        InterfaceRules.sriovVlanProto,
        BridgeRules.defaultPVID,
        BridgeRules.groupForwardMask,
        BridgeRules.stp,
        BridgeRules.portVLAN,
        OVSRules.bridgeMAC,
        OVSRules.patch,
        OVSRules.dpdk,
        VirtualRules.macVlanPromiscuous,
        VirtualRules.ipvlanFlags,
        VirtualRules.macsecKeys,
        LoopbackRules.rules,
        VirtualRules.vlanBase,
        BondRules.queueID,
        // User-defined and dispatch interface types, merged right after
        // the interfaces.
        UserInterfaceTypeRules.duplicates,
        UserInterfaceTypeRules.userDefinedInterfaces,
        UserInterfaceTypeRules.dispatchInterfaces,
        // 16–22. Routes, route rules, OVN, ovs-db, DNS.
        RouteRules.routes,
        RouteRuleRules.rules,
        OVSRules.ovn,
        OVSRules.globalOvsDB,
        DNSRules.serversAndOptions,
        DNSRules.linkLocal,
        // 23. NetworkManager keyfile checks (generate-configuration mode).
        BackendRules.dispatch,
        BackendRules.dns,
        BackendRules.ethtoolFeatures,
        BackendRules.autoconfWithoutDHCP,
        // Not nmstate's: what the kernel refuses once nmstate has accepted it.
        NodeLimitRules.interfaceName,
        NodeLimitRules.vlanID,
        NodeLimitRules.vxlanID,
        NodeLimitRules.bridgeVLANID,
        NodeLimitRules.hostname,
    ]
}
