extension RuleID {
    public static let nmstateRouteNextHopInterfaceRequired = RuleID("nmstate.route.next-hop-interface-required")
    public static let nmstateRouteBlackholeNextHop = RuleID("nmstate.route.blackhole-next-hop")
    public static let nmstateRouteDestinationZeroNetwork = RuleID("nmstate.route.destination-zero-network")
    public static let nmstateRouteInvalidDestination = RuleID("nmstate.route.invalid-destination")
    public static let nmstateRouteInvalidNextHopAddress = RuleID("nmstate.route.invalid-next-hop-address")
    public static let nmstateRouteInvalidSource = RuleID("nmstate.route.invalid-source")
    public static let nmstateRouteWeightRange = RuleID("nmstate.route.weight-range")
    public static let nmstateRouteIpv6Weight = RuleID("nmstate.route.ipv6-weight")
    public static let nmstateRouteCwndZero = RuleID("nmstate.route.cwnd-zero")
    public static let nmstateRouteNextHopAbsent = RuleID("nmstate.route.next-hop-absent")
    public static let nmstateRouteNextHopIpv4Disabled = RuleID("nmstate.route.next-hop-ipv4-disabled")
    public static let nmstateRouteNextHopIpv6Disabled = RuleID("nmstate.route.next-hop-ipv6-disabled")
    public static let nmstateRouteRuleNoSelector = RuleID("nmstate.route-rule.no-selector")
    public static let nmstateRouteRuleInvalidIp = RuleID("nmstate.route-rule.invalid-ip")
    public static let nmstateRouteRuleFamilyMismatch = RuleID("nmstate.route-rule.family-mismatch")
    public static let nmstateRouteRuleFwmaskWithoutFwmark = RuleID("nmstate.route-rule.fwmask-without-fwmark")
    public static let nmstateDnsServerInvalid = RuleID("nmstate.dns.server-invalid")
    public static let nmstateDnsOptionUnsupported = RuleID("nmstate.dns.option-unsupported")
    public static let nmstateDnsLinkLocalMultiple = RuleID("nmstate.dns.link-local-multiple")
    public static let nmstateDnsLinkLocalInterface = RuleID("nmstate.dns.link-local-interface")
    public static let nmstateBackendDispatchGenConf = RuleID("nmstate.backend.dispatch-gen-conf")
    public static let nmstateBackendEthtoolFeature = RuleID("nmstate.backend.ethtool-feature")
    public static let nmstateBackendIpv6AutoconfWithoutDhcp = RuleID("nmstate.backend.ipv6-autoconf-without-dhcp")
    public static let nmstateBackendDnsMixedOrder = RuleID("nmstate.backend.dns-mixed-order")
    public static let nmstateBackendDnsInterface = RuleID("nmstate.backend.dns-interface")
}

extension RuleRegistry {
    /// nmstate's rules on routes, route rules and DNS, and the checks only
    /// its NetworkManager keyfile generation makes.
    static let routingRules: [RuleEntry] = [
        RuleEntry(
            .nmstateRouteNextHopInterfaceRequired, .error, scope: .stateless,
            summary: "A unicast route without next-hop-interface",
            explanation: "nmstate attaches every unicast route to an interface and cannot pick one from the next-hop address alone.",
            fix: "Add `next-hop-interface`.",
            example: RuleExample(
                before: """
                    routes:
                      config:
                      - destination: 198.51.100.0/24
                        next-hop-address: 192.0.2.1
                    """,
                after: """
                    routes:
                      config:
                      - destination: 198.51.100.0/24
                        next-hop-address: 192.0.2.1
                        next-hop-interface: eth1
                    """)),
        RuleEntry(
            .nmstateRouteBlackholeNextHop, .error, scope: .stateless,
            summary: "A blackhole, prohibit or unreachable route with a next hop",
            explanation: "Such routes drop traffic; a next hop contradicts them.",
            fix: "Remove `next-hop-interface` and `next-hop-address` from the route.",
            example: RuleExample(
                before: """
                    routes:
                      config:
                      - destination: 198.51.100.0/24
                        route-type: blackhole
                        next-hop-interface: eth1
                    """,
                after: """
                    routes:
                      config:
                      - destination: 198.51.100.0/24
                        route-type: blackhole
                    """)),
        RuleEntry(
            .nmstateRouteDestinationZeroNetwork, .error, scope: .stateless,
            summary: "A unicast route to 0.0.0.0/8",
            explanation: "0.0.0.0/8 means \"this network\" and cannot be routed; a default route is 0.0.0.0/0.",
            fix: "Use `destination: 0.0.0.0/0` for a default route.",
            example: RuleExample(
                before: """
                    routes:
                      config:
                      - destination: 0.0.0.0/8
                        next-hop-interface: eth1
                    """,
                after: """
                    routes:
                      config:
                      - destination: 0.0.0.0/0
                        next-hop-interface: eth1
                    """)),
        RuleEntry(
            .nmstateRouteInvalidDestination, .error, scope: .stateless,
            summary: "A route destination that is not an IP network",
            explanation: "`destination` is an address with an optional prefix length (`192.0.2.0/24`, `2001:db8::/64`).",
            fix: "Write the destination as address/prefix.",
            example: RuleExample(
                before: """
                    routes:
                      config:
                      - destination: 192.0.2.0/33
                        next-hop-interface: eth1
                    """,
                after: """
                    routes:
                      config:
                      - destination: 192.0.2.0/24
                        next-hop-interface: eth1
                    """)),
        RuleEntry(
            .nmstateRouteInvalidNextHopAddress, .error, scope: .stateless,
            summary: "A next-hop-address that is not an IP address",
            explanation: "`next-hop-address` is the gateway the route sends traffic to: an IP address, which nmstate parses and refuses when it is anything else.",
            fix: "Write the gateway's IP address.",
            example: RuleExample(
                before: """
                    routes:
                      config:
                      - destination: 198.51.100.0/24
                        next-hop-interface: eth1
                        next-hop-address: 192.0.2.x
                    """,
                after: """
                    routes:
                      config:
                      - destination: 198.51.100.0/24
                        next-hop-interface: eth1
                        next-hop-address: 192.0.2.1
                    """)),
        RuleEntry(
            .nmstateRouteInvalidSource, .error, scope: .stateless,
            summary: "A route source that is not an IP address",
            explanation: "`source` is the preferred source address of the route, an IP address.",
            fix: "Write an IP address, or remove `source`.",
            example: RuleExample(
                before: """
                    routes:
                      config:
                      - destination: 198.51.100.0/24
                        next-hop-interface: eth1
                        source: eth1
                    """,
                after: """
                    routes:
                      config:
                      - destination: 198.51.100.0/24
                        next-hop-interface: eth1
                        source: 192.0.2.10
                    """)),
        RuleEntry(
            .nmstateRouteWeightRange, .error, scope: .stateless,
            summary: "An ECMP route weight outside 1–256",
            explanation: "The kernel weighs ECMP next hops from 1 to 256.",
            fix: "Use a weight from 1 to 256.",
            example: RuleExample(
                before: """
                    routes:
                      config:
                      - destination: 198.51.100.0/24
                        next-hop-interface: eth1
                        weight: 0
                    """,
                after: """
                    routes:
                      config:
                      - destination: 198.51.100.0/24
                        next-hop-interface: eth1
                        weight: 1
                    """)),
        RuleEntry(
            .nmstateRouteIpv6Weight, .error, scope: .stateless,
            summary: "A weight on an IPv6 route",
            explanation: "nmstate does not support weighted ECMP for IPv6 routes yet.",
            fix: "Remove `weight` from IPv6 routes.",
            example: RuleExample(
                before: """
                    routes:
                      config:
                      - destination: 2001:db8:1::/64
                        next-hop-interface: eth1
                        weight: 2
                    """,
                after: """
                    routes:
                      config:
                      - destination: 2001:db8:1::/64
                        next-hop-interface: eth1
                    """)),
        RuleEntry(
            .nmstateRouteCwndZero, .error, scope: .stateless,
            summary: "A route with cwnd 0",
            explanation: "A congestion window of 0 would stop TCP on the route; nmstate refuses it.",
            fix: "Remove `cwnd`, or set a positive value.",
            example: RuleExample(
                before: """
                    routes:
                      config:
                      - destination: 198.51.100.0/24
                        next-hop-interface: eth1
                        cwnd: 0
                    """,
                after: """
                    routes:
                      config:
                      - destination: 198.51.100.0/24
                        next-hop-interface: eth1
                        cwnd: 10
                    """)),
        RuleEntry(
            .nmstateRouteNextHopAbsent, .error, scope: .stateless,
            summary: "A route through an interface the same policy removes",
            explanation: "The route's next-hop interface is set to `state: absent`, so the route has nowhere to go.",
            fix: "Remove the route too (`state: absent`), or keep the interface.",
            example: RuleExample(
                before: """
                    interfaces:
                    - name: eth1
                      type: ethernet
                      state: absent
                    routes:
                      config:
                      - destination: 0.0.0.0/0
                        next-hop-interface: eth1
                    """,
                after: """
                    interfaces:
                    - name: eth1
                      type: ethernet
                      state: absent
                    routes:
                      config:
                      - destination: 0.0.0.0/0
                        next-hop-interface: eth1
                        state: absent
                    """)),
        RuleEntry(
            .nmstateRouteNextHopIpv4Disabled, .error, nodeDependent: true, scope: .stateless,
            summary: "An IPv4 route through an interface with IPv4 disabled",
            explanation: """
                The route's next-hop interface has no IPv4, so the route cannot be installed. \
                When the policy does not say whether IPv4 is enabled, the node decides, so \
                without its state this is a warning.
                """,
            fix: "Enable IPv4 on the next-hop interface.",
            example: RuleExample(
                before: """
                    interfaces:
                    - name: eth1
                      type: ethernet
                      state: up
                      ipv4:
                        enabled: false
                    routes:
                      config:
                      - destination: 0.0.0.0/0
                        next-hop-interface: eth1
                    """,
                after: """
                    interfaces:
                    - name: eth1
                      type: ethernet
                      state: up
                      ipv4:
                        enabled: true
                        dhcp: true
                    routes:
                      config:
                      - destination: 0.0.0.0/0
                        next-hop-interface: eth1
                    """)),
        RuleEntry(
            .nmstateRouteNextHopIpv6Disabled, .error, nodeDependent: true, scope: .stateless,
            summary: "An IPv6 route through an interface with IPv6 disabled",
            explanation: """
                The route's next-hop interface has no IPv6, so the route cannot be installed. \
                When the policy does not say whether IPv6 is enabled, the node decides, so \
                without its state this is a warning.
                """,
            fix: "Enable IPv6 on the next-hop interface.",
            example: RuleExample(
                before: """
                    interfaces:
                    - name: eth1
                      type: ethernet
                      state: up
                      ipv6:
                        enabled: false
                    routes:
                      config:
                      - destination: "::/0"
                        next-hop-interface: eth1
                    """,
                after: """
                    interfaces:
                    - name: eth1
                      type: ethernet
                      state: up
                      ipv6:
                        enabled: true
                        dhcp: true
                        autoconf: true
                    routes:
                      config:
                      - destination: "::/0"
                        next-hop-interface: eth1
                    """)),
        RuleEntry(
            .nmstateRouteRuleNoSelector, .error, scope: .stateless,
            summary: "A route rule that matches nothing",
            explanation: "A route rule needs at least one of `ip-from`, `ip-to` or `family` to decide which traffic it applies to.",
            fix: "Add `ip-from`, `ip-to` or `family`.",
            example: RuleExample(
                before: """
                    route-rules:
                      config:
                      - priority: 100
                        route-table: 50
                    """,
                after: """
                    route-rules:
                      config:
                      - ip-from: 192.0.2.0/24
                        priority: 100
                        route-table: 50
                    """)),
        RuleEntry(
            .nmstateRouteRuleInvalidIp, .error, scope: .stateless,
            summary: "A route rule's ip-from or ip-to is not an IP network",
            explanation: "`ip-from` and `ip-to` are addresses with an optional prefix length.",
            fix: "Write the network as address/prefix.",
            example: RuleExample(
                before: """
                    route-rules:
                      config:
                      - ip-from: 192.0.2.0/40
                        route-table: 50
                    """,
                after: """
                    route-rules:
                      config:
                      - ip-from: 192.0.2.0/24
                        route-table: 50
                    """)),
        RuleEntry(
            .nmstateRouteRuleFamilyMismatch, .error, scope: .stateless,
            summary: "A route rule's address does not match its family",
            explanation: "With `family: ipv4`, `ip-from` and `ip-to` must be IPv4 networks, and the same for IPv6.",
            fix: "Fix the address or the family.",
            example: RuleExample(
                before: """
                    route-rules:
                      config:
                      - family: ipv4
                        ip-from: 2001:db8::/64
                        route-table: 50
                    """,
                after: """
                    route-rules:
                      config:
                      - family: ipv6
                        ip-from: 2001:db8::/64
                        route-table: 50
                    """)),
        RuleEntry(
            .nmstateRouteRuleFwmaskWithoutFwmark, .error, scope: .stateless,
            summary: "A route rule with fwmask but no fwmark",
            explanation: "`fwmask` masks the firewall mark the rule matches, so it needs a non-zero `fwmark`.",
            fix: "Add `fwmark`, or remove `fwmask`.",
            example: RuleExample(
                before: """
                    route-rules:
                      config:
                      - family: ipv4
                        fwmask: 255
                        route-table: 50
                    """,
                after: """
                    route-rules:
                      config:
                      - family: ipv4
                        fwmark: 16
                        fwmask: 255
                        route-table: 50
                    """)),
        RuleEntry(
            .nmstateDnsServerInvalid, .error, scope: .stateless,
            summary: "A DNS server that is not an IP address",
            explanation: "resolv.conf takes name servers by address; a host name cannot be resolved before DNS works. An IPv6 link-local server may name its interface after `%`.",
            fix: "Write the server's IP address.",
            example: RuleExample(
                before: """
                    dns-resolver:
                      config:
                        server:
                        - dns.example.com
                    """,
                after: """
                    dns-resolver:
                      config:
                        server:
                        - 192.0.2.53
                    interfaces:
                    - name: eth1
                      type: ethernet
                      state: up
                      ipv4:
                        enabled: true
                        dhcp: true
                    """)),
        RuleEntry(
            .nmstateDnsOptionUnsupported, .error, scope: .stateless,
            summary: "A resolv.conf option glibc does not know",
            explanation: "nmstate accepts the resolver options glibc documents; `ndots`, `timeout` and `attempts` take a value, the others do not.",
            fix: "Use one of the options the message lists (note `ndots`, not `ndot`).",
            example: RuleExample(
                before: """
                    dns-resolver:
                      config:
                        options:
                        - rotate
                        - ndot:2
                    """,
                after: """
                    dns-resolver:
                      config:
                        options:
                        - rotate
                        - ndots:2
                    interfaces:
                    - name: eth1
                      type: ethernet
                      state: up
                      ipv4:
                        enabled: true
                        dhcp: true
                    """)),
        RuleEntry(
            .nmstateDnsLinkLocalMultiple, .error, scope: .stateless,
            summary: "IPv6 link-local DNS servers on different interfaces",
            explanation: "nmstate supports link-local name servers pointing to one interface only.",
            fix: "Point all link-local servers at one interface, or use global addresses.",
            example: RuleExample(
                before: """
                    dns-resolver:
                      config:
                        server:
                        - fe80::1%eth1
                        - fe80::2%eth2
                    interfaces:
                    - name: eth1
                      type: ethernet
                      state: up
                      ipv6:
                        enabled: true
                        autoconf: true
                        dhcp: true
                    """,
                after: """
                    dns-resolver:
                      config:
                        server:
                        - fe80::1%eth1
                        - fe80::2%eth1
                    interfaces:
                    - name: eth1
                      type: ethernet
                      state: up
                      ipv6:
                        enabled: true
                        autoconf: true
                        dhcp: true
                    """)),
        RuleEntry(
            .nmstateDnsLinkLocalInterface, .error, nodeDependent: true, scope: .stateless,
            summary: "A link-local DNS server on an interface that is missing or has IPv6 disabled",
            explanation: """
                `fe80::1%eth1` reaches the server through eth1, which must exist with IPv6 \
                enabled. When the interface is not in the policy the node decides, so without \
                its state this is a warning.
                """,
            fix: "Configure the interface with IPv6 enabled in the same policy, or fix the interface name.",
            example: RuleExample(
                before: """
                    dns-resolver:
                      config:
                        server:
                        - fe80::1%eth1
                    interfaces:
                    - name: eth1
                      type: ethernet
                      state: up
                      ipv6:
                        enabled: false
                    """,
                after: """
                    dns-resolver:
                      config:
                        server:
                        - fe80::1%eth1
                    interfaces:
                    - name: eth1
                      type: ethernet
                      state: up
                      ipv6:
                        enabled: true
                        autoconf: true
                        dhcp: true
                    """)),
        RuleEntry(
            .nmstateBackendDispatchGenConf, .warning, scope: .stateless,
            summary: "Dispatch scripts, which NetworkManager keyfile generation cannot store",
            explanation: """
                `nmstatectl gc` (generate configuration) writes NetworkManager keyfiles, which \
                have no place for dispatch scripts. Applying on a node accepts them, so this is \
                a warning; with `--profile 2.2.38` (nmstate 2.2.38's generate-configuration \
                verdicts) it is an error.
                """,
            fix: "Ignore it if the policy is only applied by kubernetes-nmstate; remove `dispatch` if the state is also used with `nmstatectl gc`.",
            example: RuleExample(
                before: """
                    interfaces:
                    - name: eth1
                      type: ethernet
                      state: up
                      dispatch:
                        post-activation: echo up
                    """,
                after: """
                    interfaces:
                    - name: eth1
                      type: ethernet
                      state: up
                    """)),
        RuleEntry(
            .nmstateBackendEthtoolFeature, .warning, scope: .stateless,
            summary: "An ethtool feature NetworkManager does not know",
            explanation: """
                NetworkManager stores a fixed set of ethtool features; `nmstatectl gc` refuses \
                others. Applying on a node passes the name to the kernel, so this is a warning \
                unless `--profile 2.2.38` is used. Misspelt feature names show up here too.
                """,
            fix: "Use the kernel's feature name (`ethtool -k DEVICE` lists them).",
            example: RuleExample(
                before: """
                    interfaces:
                    - name: eth1
                      type: ethernet
                      state: up
                      ethtool:
                        feature:
                          rx-gro-typo: true
                    """,
                after: """
                    interfaces:
                    - name: eth1
                      type: ethernet
                      state: up
                      ethtool:
                        feature:
                          rx-gro: true
                    """)),
        RuleEntry(
            .nmstateBackendIpv6AutoconfWithoutDhcp, .warning, scope: .stateless,
            summary: "IPv6 autoconf without DHCPv6, which keyfile generation cannot express",
            explanation: """
                nmstate 2.2.38 maps IPv6 autoconf to NetworkManager methods that include DHCPv6, \
                so `nmstatectl gc` refuses SLAAC alone. Applying on a node works, so this is a \
                warning unless `--profile 2.2.38` is used.
                """,
            fix: "Add `dhcp: true` to the ipv6 section if the state is also used with `nmstatectl gc`.",
            example: RuleExample(
                before: """
                    interfaces:
                    - name: eth1
                      type: ethernet
                      state: up
                      ipv6:
                        enabled: true
                        dhcp: false
                        autoconf: true
                    """,
                after: """
                    interfaces:
                    - name: eth1
                      type: ethernet
                      state: up
                      ipv6:
                        enabled: true
                        dhcp: true
                        autoconf: true
                    """)),
        RuleEntry(
            .nmstateBackendDnsMixedOrder, .warning, scope: .stateless,
            summary: "IPv4 and IPv6 name servers interleaved",
            explanation: """
                Keyfiles store name servers per address family, so an order such as IPv4, IPv6, \
                IPv4 cannot be kept by `nmstatectl gc`. Applying on a node works, so this is a \
                warning unless `--profile 2.2.38` is used.
                """,
            fix: "Group the servers by family.",
            example: RuleExample(
                before: """
                    dns-resolver:
                      config:
                        server:
                        - 192.0.2.1
                        - 2001:db8::1
                        - 192.0.2.2
                    interfaces:
                    - name: eth1
                      type: ethernet
                      state: up
                      ipv4:
                        enabled: true
                        dhcp: true
                      ipv6:
                        enabled: true
                        dhcp: true
                        autoconf: true
                    """,
                after: """
                    dns-resolver:
                      config:
                        server:
                        - 192.0.2.1
                        - 192.0.2.2
                        - 2001:db8::1
                    interfaces:
                    - name: eth1
                      type: ethernet
                      state: up
                      ipv4:
                        enabled: true
                        dhcp: true
                      ipv6:
                        enabled: true
                        dhcp: true
                        autoconf: true
                    """)),
        RuleEntry(
            .nmstateBackendDnsInterface, .warning, scope: .stateless,
            summary: "DNS servers without an interface of their family to hold them",
            explanation: """
                Keyfiles store DNS settings on an interface with that IP family enabled; a \
                desired state with servers but no such interface cannot be written by \
                `nmstatectl gc`. Applying on a node attaches them to an existing interface, so \
                this is a warning unless `--profile 2.2.38` is used.
                """,
            fix: "Configure an interface with that family enabled in the same state.",
            example: RuleExample(
                before: """
                    dns-resolver:
                      config:
                        server:
                        - 2001:db8::53
                    """,
                after: """
                    dns-resolver:
                      config:
                        server:
                        - 2001:db8::53
                    interfaces:
                    - name: eth1
                      type: ethernet
                      state: up
                      ipv6:
                        enabled: true
                        dhcp: true
                        autoconf: true
                    """)),
    ]
}
