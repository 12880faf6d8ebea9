import GuardCore
import RuleCatalog
import SourceModel

/// Static route rules (`route.rs`, `ip.rs` `sanitize_ip_network`).
///
/// nmstate stops at a route's first problem; so do these rules, per route,
/// so one bad destination is not reported three times.
enum RouteRules {
    struct Failure: Error {
        var rule: RuleID
        var message: String
        var key: String?
    }

    /// A route entry read leniently, with the sanitised forms nmstate
    /// prints in its messages. The string fields are read in one pass over
    /// the members (each rule below reads them several times).
    struct Route {
        var value: Value
        var absent = false
        var destination: String?
        var nextHopInterface: String?
        var nextHopAddress: String?
        var routeType: String?
        var source: String?
        var unicast: Bool { routeType == nil }
        var sanitizedDestination: String?
        var sanitizedNextHop: String?
        var sanitizedSource: String?

        /// nil unless `value` is a mapping whose string fields, where
        /// present, are strings: the schema walk reports the rest, and
        /// nmstate never gets past parsing them.
        init?(_ value: Value) {
            guard let members = value.members else { return nil }
            self.value = value
            var wellFormed = true
            func text(_ v: Value) -> String? {
                if let s = v.string { return s }
                wellFormed = false
                return nil
            }
            for m in members {
                switch m.key {
                case "state": absent = text(m.value) == "absent"
                case "destination": destination = text(m.value)
                case "next-hop-interface": nextHopInterface = text(m.value)
                case "next-hop-address": nextHopAddress = text(m.value)
                case "route-type": routeType = text(m.value)
                case "source": source = text(m.value)
                default: continue
                }
            }
            if !wellFormed { return nil }
        }

        /// `impl Display for RouteEntry`.
        var display: String {
            var props: [String] = []
            if absent { props.append("state: absent") }
            let dst = sanitizedDestination ?? destination.flatMap { try? RouteRules.sanitizeNetwork($0).get() } ?? destination
            if let v = dst { props.append("destination: \(v)") }
            if let v = nextHopInterface { props.append("next-hop-interface: \(v)") }
            if let v = sanitizedNextHop ?? nextHopAddress.flatMap({ IPAddress.parse($0)?.description }) ?? nextHopAddress { props.append("next-hop-address: \(v)") }
            if let v = sanitizedSource ?? source.flatMap({ IPAddress.parse($0)?.description }) ?? source { props.append("source: \(v)") }
            if let v = Lenient.int(value["metric"]) { props.append("metric: \(v)") }
            if let v = Lenient.uint(value["table-id"], bits: 32) { props.append("table-id: \(v)") }
            if let v = Lenient.uint(value["weight"], bits: 16) { props.append("weight: \(v)") }
            if let v = value["cwnd"]?.int64 { props.append("cwnd: \(v)") }
            return props.joined(separator: " ")
        }

        /// `#[derive(Debug)]` of `RouteEntry`, which nmstate prints in two
        /// messages.
        var debug: String {
            func str(_ s: String?) -> String { s.map { "Some(\"\($0)\")" } ?? "None" }
            func num<T>(_ n: T?) -> String { n.map { "Some(\($0))" } ?? "None" }
            let type = routeType.map { "Some(\($0.prefix(1).uppercased() + $0.dropFirst()))" } ?? "None"
            return "RouteEntry { state: \(absent ? "Some(Absent)" : "None"), destination: \(str(destination)), next_hop_iface: \(str(nextHopInterface)), next_hop_addr: \(str(nextHopAddress)), metric: \(num(Lenient.int(value["metric"]))), table_id: \(num(Lenient.uint(value["table-id"], bits: 32))), weight: \(num(Lenient.uint(value["weight"], bits: 16))), route_type: \(type), cwnd: \(num(value["cwnd"]?.int64)), source: \(str(source)) }"
        }
    }

    /// True when every string field that is present is a string: the schema
    /// walk reports the rest, and nmstate never gets past parsing them.
    static func wellFormed(_ v: Value, _ keys: [String]) -> Bool {
        keys.allSatisfy { key in v[key].map { $0.string != nil } ?? true }
    }

    /// `sanitize_ip_network`: `ip` or `ip/prefix`, host bits cleared.
    static func sanitizeNetwork(_ net: String, format: Bool = true) -> Result<String, Failure> {
        let slash = UInt8(ascii: "/")
        guard let cut = net.utf8.firstIndex(of: slash) else {
            guard let ip = IPAddress.parse(net) else {
                return .failure(Failure(rule: .nmstateRouteInvalidDestination, message: "Invalid IP network '\(net)': \(IPAddress.syntaxError)"))
            }
            return .success(format ? "\(ip)/\(ip.isV6 ? 128 : 32)" : "")
        }
        let address = net[..<cut], prefixText = net[net.utf8.index(after: cut)...]
        guard !prefixText.utf8.contains(slash) else {
            return .failure(Failure(rule: .nmstateRouteInvalidDestination, message: "Invalid IP network string: '\(net)', expecting 'ip/prefix' or 'ip' format, for example: 192.0.2.0/24 or 2001:db8:1::/64 or 192.0.2.1"))
        }
        let digits = prefixText.hasPrefix("+") ? prefixText.dropFirst() : prefixText
        guard !digits.isEmpty, digits.isASCIIDigits, let prefix = Int(digits) else {
            return .failure(Failure(rule: .nmstateRouteInvalidDestination, message: "Invalid IP network prefix length '\(prefixText)' in '\(net)': \(parseIntError(digits))"))
        }
        guard let ip = IPAddress.parse(address) else {
            return .failure(Failure(rule: .nmstateRouteInvalidDestination, message: "Invalid IP address : \(IPAddress.syntaxError)"))
        }
        let max = ip.isV6 ? 128 : 32
        if prefix > max {
            return .failure(Failure(rule: .nmstateRouteInvalidDestination, message: "Invalid \(ip.isV6 ? "IPv6" : "IPv4") network prefix length '\(prefixText)' in '\(net)', should be at most \(max)"))
        }
        return .success(format ? "\(ip.masked(prefix))/\(prefix)" : "")
    }

    /// `Routes::validate` then `RouteEntry::sanitize` for one route.
    static func check(_ route: inout Route) -> Failure? {
        if !route.absent {
            if !route.unicast && ((route.nextHopInterface != nil && route.nextHopInterface != "lo") || route.nextHopAddress != nil) {
                let type = route.routeType.map { $0.prefix(1).uppercased() + $0.dropFirst() } ?? ""
                return Failure(rule: .nmstateRouteBlackholeNextHop, message: "A \(type) Route cannot have a next hop : \(route.debug)", key: route.nextHopInterface != nil ? "next-hop-interface" : "next-hop-address")
            }
            if route.nextHopInterface == nil && route.unicast {
                return Failure(rule: .nmstateRouteNextHopInterfaceRequired, message: "Route with empty next hop interface is not supported: \(route.debug)", key: nil)
            }
        }
        if let dst = route.destination, !dst.isEmpty, !looksLikeIPv6(dst) {
            let cut = dst.utf8.firstIndex(of: UInt8(ascii: "/"))
            guard let ip = IPAddress.parseV4(dst[..<(cut ?? dst.endIndex)]) else {
                return Failure(rule: .nmstateRouteInvalidDestination, message: "Invalid IP address : \(IPAddress.v4SyntaxError)", key: "destination")
            }
            if ip >> 24 == 0 {
                let zeroNet = Failure(rule: .nmstateRouteDestinationZeroNetwork, message: "0.0.0.0/8 and its subnet cannot be used as the route destination for unicast route, please use the default gateway 0.0.0.0/0 instead", key: "destination")
                if let cut {
                    // Up to the next `/`, as a split would cut it.
                    let rest = dst[dst.utf8.index(after: cut)...]
                    guard let prefix = Int32(rest[..<(rest.utf8.firstIndex(of: UInt8(ascii: "/")) ?? rest.endIndex)]) else {
                        return Failure(rule: .nmstateRouteInvalidDestination, message: "The prefix of the route destination network '\(dst)' is invalid", key: "destination")
                    }
                    if prefix >= 8 && route.unicast { return zeroNet }
                } else if route.unicast {
                    return zeroNet
                }
            }
        }
        if let dst = route.destination, !dst.isEmpty {
            // Validate only: the normalised text is built when a message needs it.
            switch sanitizeNetwork(dst, format: false) {
            case .success: break
            case .failure(var f):
                f.rule = .nmstateRouteInvalidDestination; f.key = "destination"
                return f
            }
        }
        if let via = route.nextHopAddress, !(via.isEmpty && route.absent) {
            guard IPAddress.parse(via) != nil else {
                return Failure(rule: .nmstateRouteInvalidNextHopAddress, message: "Invalid IP address : \(IPAddress.syntaxError)", key: "next-hop-address")
            }
        }
        if let src = route.source {
            guard IPAddress.parse(src) != nil else {
                return Failure(rule: .nmstateRouteInvalidSource, message: "Failed to parse IP address '\(src)': \(IPAddress.syntaxError)", key: "source")
            }
        }
        if let weight = Lenient.uint(route.value["weight"], bits: 16) {
            if !(1...256).contains(weight) {
                return Failure(rule: .nmstateRouteWeightRange, message: "Invalid ECMP route weight \(weight), should be in the range of 1 to 256", key: "weight")
            }
            if let d = route.destination, looksLikeIPv6(d) {
                return Failure(rule: .nmstateRouteIpv6Weight, message: "IPv6 ECMP route with weight is not supported yet", key: "weight")
            }
        }
        if route.value["cwnd"]?.int64 == 0 {
            return Failure(rule: .nmstateRouteCwndZero, message: "The value of 'cwnd' cannot be 0", key: "cwnd")
        }
        return nil
    }

    /// Per-route checks: `nmstate.route.next-hop-interface-required`,
    /// `nmstate.route.blackhole-next-hop`, `nmstate.route.destination-zero-network`,
    /// `nmstate.route.invalid-destination`, `nmstate.route.invalid-next-hop-address`,
    /// `nmstate.route.invalid-source`, `nmstate.route.weight-range`,
    /// `nmstate.route.ipv6-weight`, `nmstate.route.cwnd-zero`; then, on the
    /// merged interfaces, `nmstate.route.next-hop-absent`,
    /// `nmstate.route.next-hop-ipv4-disabled`, `nmstate.route.next-hop-ipv6-disabled`.
    static let routes: SemanticRules.Rule = { ctx in
        guard let list = ctx.state["routes"]?["config"]?.sequence else { return }
        var checked: [(Int, Route)] = []
        for (i, v) in list.enumerated() {
            guard var route = Route(v) else { continue }
            let path = DocumentPath("routes", "config", .index(i))
            // Newer nmstate parses every destination as an address before it
            // drops empty ones, so `""` fails there (absent routes too);
            // the 2.2.38 profile keeps that release's reading.
            if ctx.profile == .latest, route.destination?.isEmpty == true {
                ctx.error(.nmstateRouteInvalidDestination, "Invalid IP address : \(IPAddress.v4SyntaxError): `destination` is empty; write 0.0.0.0/0 or ::/0 for a default route, or leave the key out", at: path.appending("destination"))
                continue
            }
            if let f = check(&route) {
                ctx.error(f.rule, f.message, at: f.key.map { path.appending($0) } ?? path)
            } else {
                checked.append((i, route))
            }
        }
        for (i, route) in checked where !route.absent {
            guard let via = route.nextHopInterface, let node = ctx.model.kernel(via) else { continue }
            let path = DocumentPath("routes", "config", .index(i), "next-hop-interface")
            // Built only when reported: the display form costs more than the check.
            var prefix: String { "The next hop interface of desired Route '\(route.display)' has been marked as" }
            if node.isAbsent {
                ctx.error(.nmstateRouteNextHopAbsent, "\(prefix) absent", at: path)
                continue
            }
            let v6 = looksLikeIPv6(route.destination ?? "")
            let family = v6 ? "ipv6" : "ipv4"
            let rule: RuleID = v6 ? .nmstateRouteNextHopIpv6Disabled : .nmstateRouteNextHopIpv4Disabled
            switch node.ipEnabled(family, forApply: false, mode: ctx.mode) {
            case false?: ctx.error(rule, "\(prefix) \(v6 ? "IPv6" : "IPv4") disabled", at: path)
            case nil: ctx.dependsOnNode(rule, "\(prefix) \(v6 ? "IPv6" : "IPv4") disabled", at: path, note: "fine if \(via) has \(v6 ? "IPv6" : "IPv4") enabled on the node")
            default: break
            }
        }
    }
}

/// Route rule checks (`route_rule.rs`).
enum RouteRuleRules {
    static func display(_ v: Value) -> String {
        let keys = ["state", "family", "ip-from", "ip-to", "priority", "route-table", "fwmark", "fwmask", "iif", "action", "suppress-prefix-length"]
        return keys.compactMap { k in v[k]?.scalarText.map { "\(k): \($0)" } }.joined(separator: " ")
    }

    /// `nmstate.route-rule.no-selector`: a rule must match on something.
    /// `nmstate.route-rule.family-mismatch`: `ip-from`/`ip-to` must be of
    /// the declared family. `nmstate.route-rule.invalid-ip`: not an IP network.
    /// `nmstate.route-rule.fwmask-without-fwmark`: a mask needs a mark.
    static let rules: SemanticRules.Rule = { ctx in
        guard let list = ctx.state["route-rules"]?["config"]?.sequence else { return }
        for (i, rule) in list.enumerated() where rule.isMapping && RouteRules.wellFormed(rule, ["state", "family", "ip-from", "ip-to", "iif", "action"]) {
            let path = DocumentPath("route-rules", "config", .index(i))
            let absent = rule["state"]?.string == "absent"
            let from = rule["ip-from"]?.string, to = rule["ip-to"]?.string, family = rule["family"]?.string
            if !absent && from == nil && to == nil && family == nil {
                ctx.error(.nmstateRouteRuleNoSelector, "Neither ip-from, ip-to nor family is defined '\(display(rule))'", at: path)
                continue
            }
            var bad = false
            for (key, value) in [("ip-from", from), ("ip-to", to)] {
                guard let value, !value.isEmpty else { continue }
                if case .failure(let f) = RouteRules.sanitizeNetwork(value) {
                    ctx.error(.nmstateRouteRuleInvalidIp, f.message, at: path.appending(key))
                    bad = true
                    continue
                }
                if let family, (family == "ipv6") != looksLikeIPv6(value) {
                    ctx.error(.nmstateRouteRuleFamilyMismatch, "The \(key) format mismatches with the family set '\(display(rule))'", at: path.appending(key))
                    bad = true
                }
            }
            if bad { continue }
            if rule["fwmask"] != nil, (Lenient.uint(rule["fwmark"], bits: 32) ?? 0) == 0 {
                ctx.error(.nmstateRouteRuleFwmaskWithoutFwmark, "fwmask is present but fwmark is not defined or is zero '\(display(rule))'", at: path.appending("fwmask"))
            }
        }
    }
}
