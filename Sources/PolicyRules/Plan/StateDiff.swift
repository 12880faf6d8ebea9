import SourceModel

/// What a resolved desired state changes on one node: the ``StateChange``s
/// between the node's current state and the state after the apply.
///
/// It follows how nmstate merges a desired state into the current one, so
/// that the plan shows what the node will do rather than a textual diff:
/// - interfaces are matched by name (and by type where a kernel interface
///   and an OVS bridge share a name); mappings merge, so only the fields
///   the desired state writes can change, and lists replace whole;
/// - a controller's port list is its complete list: ports not in it leave;
///   a port that joins a controller other than a VRF loses its IP
///   configuration (nmstate drops `ipv4`/`ipv6` of such ports), and a port
///   an OVS bridge lists that does not exist is created as an OVS interface;
/// - current `routes.config` entries go when their next-hop interface is
///   removed or loses the route's IP family, and `state: absent` routes and
///   route rules remove every current entry matching the properties they
///   set; a desired entry is new unless a current one matches it;
/// - `dns-resolver.config` replaces the lists it names (an empty `config`
///   clears them all).
///
/// IPv6 link-local addresses are never reported as removed: the kernel
/// keeps them whatever the desired state says.
public enum StateDiff {
    /// The changes `desired` (resolved: no templates) makes on a node whose
    /// current state is `current`, in the order: interfaces (as the desired
    /// state lists them, each followed by what it implies for its ports),
    /// routes, route rules, DNS, other top-level settings.
    public static func changes(to desired: Value, from current: NodeNetworkState) -> [StateChange] {
        var builder = Builder(current: current)
        builder.run(desired)
        return builder.changes
    }

    /// Short display text for a value: scalars as written, lists and
    /// mappings in flow style (`[a, b]`, `{k: v}`).
    public static func text(_ value: Value) -> String {
        switch value.content {
        case .sequence(let items): return "[" + items.map(text).joined(separator: ", ") + "]"
        case .mapping(let members): return "{" + members.map { "\($0.key): \(text($0.value))" }.joined(separator: ", ") + "}"
        default: return value.scalarText ?? ""
        }
    }

    /// `0.0.0.0/0 via 192.168.10.1 dev br-ex metric 100 table 200` (the
    /// main table, 254, is left out; an unspecified next hop too).
    public static func routeText(_ route: Value) -> String {
        var parts: [String] = []
        if let d = route["destination"]?.scalarText { parts.append(d) }
        if let via = route["next-hop-address"]?.scalarText, via != "0.0.0.0", via != "::" { parts.append("via \(via)") }
        if let dev = route["next-hop-interface"]?.scalarText { parts.append("dev \(dev)") }
        if let metric = route["metric"] { parts.append("metric \(text(metric))") }
        if let table = route["table-id"]?.scalarText, table != "254" { parts.append("table \(table)") }
        let known: Set<String> = ["destination", "next-hop-address", "next-hop-interface", "metric", "table-id", "state"]
        for m in route.members ?? [] where !known.contains(m.key) { parts.append("\(m.key) \(text(m.value))") }
        return parts.joined(separator: " ")
    }

    /// `priority 100 from 10.0.0.0/8 to 192.168.0.0/16 table 200`.
    public static func ruleText(_ rule: Value) -> String {
        var parts: [String] = []
        let named: [(String, String)] = [("priority", "priority"), ("ip-from", "from"), ("ip-to", "to"), ("route-table", "table")]
        for (key, word) in named { if let v = rule[key] { parts.append("\(word) \(text(v))") } }
        let known = Set(named.map(\.0) + ["state"])
        for m in rule.members ?? [] where !known.contains(m.key) { parts.append("\(m.key) \(text(m.value))") }
        return parts.joined(separator: " ")
    }
}

extension StateDiff {
    struct Builder {
        let current: NodeNetworkState
        private var whole: Value?
        private(set) var changes: [StateChange] = []
        private var seen: Set<StateChange> = []
        /// Interfaces that go away, and those that lose their IPv4 or IPv6
        /// configuration, each with why: their routes go too.
        private var removed: [String: String] = [:]
        private var lostIPv4: [String: String] = [:]
        private var lostIPv6: [String: String] = [:]
        /// Names of the kernel interfaces the desired state lists.
        private var kernelNames: Set<String> = []

        init(current: NodeNetworkState) {
            self.current = current
        }

        mutating func run(_ desired: Value) {
            interfaces(desired)
            routes(desired)
            routeRules(desired)
            dns(desired)
            for m in desired.members ?? [] where !["interfaces", "routes", "route-rules", "dns-resolver"].contains(m.key) {
                let now = currentState()[m.key]
                generic(m.value, now, field: m.key, interface: nil, excluded: [])
            }
        }

        /// The whole current state, built only when routes, rules, DNS or
        /// other top-level settings are compared.
        private mutating func currentState() -> Value {
            if let whole { return whole }
            let value = current.materialize()
            whole = value
            return value
        }

        private mutating func emit(_ change: StateChange) {
            var change = change
            if change.kind == .fieldChanged {
                // `controller: ""` detaches: show it as "not set".
                if change.field == "controller" {
                    if change.before == "" { change.before = nil }
                    if change.after == "" { change.after = nil }
                }
                guard change.before != change.after else { return }
            }
            if seen.insert(change).inserted { changes.append(change) }
        }

        // MARK: Interfaces

        private mutating func interfaces(_ desired: Value) {
            let list = (desired["interfaces"]?.sequence ?? []).filter(\.isMapping)
            var byName: [String: Value] = [:]
            for iface in list {
                if let name = Self.name(iface), byName[name] == nil { byName[name] = iface }
            }
            // An OVS bridge and its internal interface share a name.
            kernelNames = Set(list.filter { $0["type"]?.string != "ovs-bridge" }.compactMap(Self.name))
            // Where each listed port goes (a port list is the whole list).
            var joining: [String: Controller] = [:]
            for iface in list where Self.state(iface) != "absent" {
                guard let name = Self.name(iface), let ports = Self.ports(iface) else { continue }
                let type = iface["type"]?.string ?? currentInterface(name, type: nil)?["type"]?.string ?? ""
                for port in ports { joining[port] = Controller(name: name, type: type) }
            }
            for iface in list {
                guard let name = Self.name(iface) else { continue }
                interface(iface, name: name, desired: byName, joining: joining)
            }
        }

        struct Controller {
            var name: String
            var type: String
        }

        private mutating func interface(_ iface: Value, name: String, desired: [String: Value], joining: [String: Controller]) {
            let type = iface["type"]?.string
            let state = Self.state(iface)
            let existing = currentInterface(name, type: type)

            if state == "absent" {
                guard let existing else {
                    emit(StateChange(.interfaceAlreadyAbsent, interface: name))
                    return
                }
                emit(StateChange(.interfaceRemoved, interface: name, before: existing["type"]?.string))
                removed[name] = "\(name) is removed"
                for port in Self.ports(existing) ?? [] where joining[port] == nil && desired[port] == nil {
                    if currentInterface(port, type: nil) != nil {
                        emit(StateChange(.fieldChanged, interface: port, field: "controller", before: name, note: "\(name) is removed"))
                    }
                }
                return
            }
            // nmstate leaves an `ignore`d interface as it is.
            if state == "ignore" { return }

            guard let existing else {
                emit(StateChange(.interfaceAdded, interface: name, after: type ?? "unknown"))
                for family in ["ipv4", "ipv6"] {
                    guard let section = iface[family], section.isMapping, section["enabled"]?.bool != false else { continue }
                    for address in Self.addresses(section) {
                        emit(StateChange(.addressAdded, interface: name, field: family, after: address))
                    }
                }
                for port in Self.ports(iface) ?? [] {
                    emit(StateChange(.portAdded, interface: name, after: port))
                    join(port, Controller(name: name, type: type ?? ""))
                }
                return
            }

            let currentType = existing["type"]?.string
            if let type, let currentType, type != currentType {
                emit(StateChange(.fieldChanged, interface: name, field: "type", before: currentType, after: type))
            }
            let currentState = existing["state"]?.string?.lowercased() ?? "up"
            if currentState != state {
                emit(StateChange(.fieldChanged, interface: name, field: "state", before: currentState, after: state))
            }
            generic(iface, existing, field: "", interface: name, excluded: Self.handledFields)
            for family in ["ipv4", "ipv6"] {
                ipSection(family, of: iface, existing: existing, name: name)
            }
            if let ports = Self.ports(iface) {
                let currentPorts = Self.ports(existing) ?? []
                for port in ports where !currentPorts.contains(port) {
                    emit(StateChange(.portAdded, interface: name, after: port))
                    join(port, Controller(name: name, type: type ?? currentType ?? ""))
                }
                for port in currentPorts where !ports.contains(port) {
                    emit(StateChange(.portRemoved, interface: name, before: port))
                    if joining[port] == nil, currentInterface(port, type: nil) != nil {
                        emit(StateChange(.fieldChanged, interface: port, field: "controller", before: name))
                    }
                }
                bridgePortSettings(iface, existing: existing, name: name)
            }
            // A port may name its controller itself instead of being listed.
            if let controller = iface["controller"]?.string, !controller.isEmpty, joining[name] == nil,
               existing["controller"]?.string != controller {
                let controllerType = desired[controller]?["type"]?.string ?? currentInterface(controller, type: nil)?["type"]?.string ?? ""
                if controllerType != "vrf" { dropIP(of: name, existing, because: "\(name) becomes a port of \(controller)") }
            }
        }

        /// What joining `controller` does to `port`.
        private mutating func join(_ port: String, _ controller: Controller) {
            guard let existing = currentInterface(port, type: nil) else {
                if controller.type == "ovs-bridge", !kernelNames.contains(port) {
                    emit(StateChange(.interfaceAdded, interface: port, after: "ovs-interface", note: "created by OVS bridge \(controller.name)"))
                }
                return
            }
            let before = existing["controller"]?.string
            if before != controller.name {
                emit(StateChange(.fieldChanged, interface: port, field: "controller", before: before, after: controller.name))
            }
            if controller.type != "vrf" {
                dropIP(of: port, existing, because: "\(port) becomes a port of \(controller.name)")
            }
        }

        /// A port keeps no IP configuration: its addresses go, and with
        /// them its routes.
        private mutating func dropIP(of name: String, _ existing: Value, because why: String) {
            for family in ["ipv4", "ipv6"] {
                guard let section = existing[family], section["enabled"]?.bool == true else { continue }
                for address in Self.addresses(section) where !Self.isLinkLocal(address) {
                    emit(StateChange(.addressRemoved, interface: name, field: family, before: address, note: why))
                }
                if family == "ipv4" { lostIPv4[name] = why } else { lostIPv6[name] = why }
            }
        }

        private mutating func ipSection(_ family: String, of iface: Value, existing: Value, name: String) {
            guard let section = iface[family], section.isMapping else { return }
            let have = existing[family]
            generic(section, have, field: family, interface: name, excluded: [family + ".address"])
            let enabledNow = have?["enabled"]?.bool ?? false
            if section["enabled"]?.bool == false {
                guard enabledNow, let have else { return }
                for address in Self.addresses(have) where !Self.isLinkLocal(address) {
                    emit(StateChange(.addressRemoved, interface: name, field: family, before: address))
                }
                if family == "ipv4" { lostIPv4[name] = "\(name) disables IPv4" } else { lostIPv6[name] = "\(name) disables IPv6" }
                return
            }
            guard section["address"]?.sequence != nil else { return }
            let wanted = Self.addresses(section)
            let present = enabledNow ? (have.map(Self.addresses) ?? []) : []
            let wantedKeys = Set(wanted.map(Self.addressKey))
            let presentKeys = Set(present.map(Self.addressKey))
            for address in wanted where !presentKeys.contains(Self.addressKey(address)) {
                emit(StateChange(.addressAdded, interface: name, field: family, after: address))
            }
            for address in present where !wantedKeys.contains(Self.addressKey(address)) && !Self.isLinkLocal(address) {
                emit(StateChange(.addressRemoved, interface: name, field: family, before: address))
            }
        }

        /// Settings of bridge ports the bridge already has (`bridge.port[ens33].vlan.mode`).
        private mutating func bridgePortSettings(_ iface: Value, existing: Value, name: String) {
            guard let wanted = iface["bridge"]?["port"]?.sequence, let have = existing["bridge"]?["port"]?.sequence else { return }
            for item in wanted where item.isMapping {
                guard let port = item["name"]?.scalarText,
                      let current = have.first(where: { $0["name"]?.scalarText == port }) else { continue }
                generic(item, current, field: "bridge.port[\(port)]", interface: name, excluded: ["bridge.port[\(port)].name"])
            }
        }

        /// Leaf by leaf, the fields `desired` writes that differ from `current`.
        private mutating func generic(_ desired: Value, _ current: Value?, field: String, interface: String?, excluded: Set<String>) {
            switch desired.content {
            case .mapping(let members):
                for m in members {
                    let path = field.isEmpty ? m.key : field + "." + m.key
                    if excluded.contains(path) { continue }
                    generic(m.value, current?[m.key], field: path, interface: interface, excluded: excluded)
                }
            case .null:
                return
            case .sequence:
                if let current, Self.covers(desired, current, field: field) { return }
                emit(StateChange(.fieldChanged, interface: interface, field: field, before: current.map(StateDiff.text), after: StateDiff.text(desired)))
            default:
                if let current, Self.sameScalar(desired, current, field: field) { return }
                emit(StateChange(.fieldChanged, interface: interface, field: field, before: current.map(StateDiff.text), after: StateDiff.text(desired)))
            }
        }

        // MARK: Routes, rules, DNS

        private mutating func routes(_ desired: Value) {
            let wanted = (desired["routes"]?["config"]?.sequence ?? []).filter(\.isMapping)
            guard !wanted.isEmpty || !removed.isEmpty || !lostIPv4.isEmpty || !lostIPv6.isEmpty else { return }
            let have = (currentState()["routes"]?["config"]?.sequence ?? []).filter(\.isMapping)
            var gone = Set<Int>()
            for pattern in wanted where Self.isAbsent(pattern) {
                let matches = have.indices.filter { Self.matches(pattern, have[$0]) }
                if matches.isEmpty { emit(StateChange(.routeAlreadyAbsent, before: StateDiff.routeText(pattern))) }
                for i in matches where gone.insert(i).inserted {
                    emit(StateChange(.routeRemoved, before: StateDiff.routeText(have[i])))
                }
            }
            for (i, route) in have.enumerated() where !gone.contains(i) {
                guard let via = route["next-hop-interface"]?.scalarText else { continue }
                let why = removed[via] ?? (Self.isIPv6(route) ? lostIPv6[via] : lostIPv4[via])
                if let why {
                    gone.insert(i)
                    emit(StateChange(.routeRemoved, before: StateDiff.routeText(route), note: why))
                }
            }
            for route in wanted where !Self.isAbsent(route) {
                if have.indices.contains(where: { !gone.contains($0) && Self.matches(route, have[$0]) }) { continue }
                emit(StateChange(.routeAdded, after: StateDiff.routeText(route)))
            }
        }

        private mutating func routeRules(_ desired: Value) {
            let wanted = (desired["route-rules"]?["config"]?.sequence ?? []).filter(\.isMapping)
            guard !wanted.isEmpty else { return }
            let have = (currentState()["route-rules"]?["config"]?.sequence ?? []).filter(\.isMapping)
            var gone = Set<Int>()
            for pattern in wanted where Self.isAbsent(pattern) {
                let matches = have.indices.filter { Self.matches(pattern, have[$0]) }
                if matches.isEmpty { emit(StateChange(.routeRuleAlreadyAbsent, before: StateDiff.ruleText(pattern))) }
                for i in matches where gone.insert(i).inserted {
                    emit(StateChange(.routeRuleRemoved, before: StateDiff.ruleText(have[i])))
                }
            }
            for rule in wanted where !Self.isAbsent(rule) {
                if have.indices.contains(where: { !gone.contains($0) && Self.matches(rule, have[$0]) }) { continue }
                emit(StateChange(.routeRuleAdded, after: StateDiff.ruleText(rule)))
            }
        }

        private mutating func dns(_ desired: Value) {
            guard let config = desired["dns-resolver"]?["config"], let members = config.members else { return }
            let have = currentState()["dns-resolver"]?["config"]
            // An empty `config` clears every list the node has.
            let keys = members.isEmpty ? (have?.members ?? []).map(\.key) : members.map(\.key)
            for key in keys {
                let after = config[key].map(StateDiff.text) ?? "[]"
                let before = have?[key].map(StateDiff.text)
                if before == after || (before == nil && after == "[]") { continue }
                emit(StateChange(.dnsChanged, field: key, before: before, after: after))
            }
        }

        // MARK: Facts

        /// Fields of an existing interface compared by their own rules, not leaf by leaf.
        static let handledFields: Set<String> = [
            "name", "type", "state", "ipv4", "ipv6",
            "link-aggregation.port", "link-aggregation.ports", "link-aggregation.ports-config",
            "bridge.port", "bridge.ports", "vrf.port", "vrf.ports",
        ]

        /// The current interface `name` that a desired interface of `type`
        /// edits: an OVS bridge and the kernel interface of the same name
        /// are different interfaces.
        func currentInterface(_ name: String, type: String?) -> Value? {
            let all = current.interfaces(named: name)
            guard !all.isEmpty else { return nil }
            if let type, let exact = all.first(where: { $0["type"]?.string == type }) { return exact }
            let isUserSpace = { (v: Value) in v["type"]?.string == "ovs-bridge" }
            if let type {
                // Only an interface of the same space is the same interface.
                return all.first { isUserSpace($0) == (type == "ovs-bridge") }
            }
            return all.first { !isUserSpace($0) } ?? all[0]
        }

        static func name(_ iface: Value) -> String? {
            guard let name = iface["name"]?.scalarText, !name.isEmpty else { return nil }
            return name
        }

        static func state(_ iface: Value) -> String {
            iface["state"]?.string?.lowercased() ?? "up"
        }

        /// The port list an interface writes (nil when it writes none).
        static func ports(_ iface: Value) -> [String]? {
            var out: [String] = []
            var written = false
            func add(_ items: [Value]?) {
                guard let items else { return }
                written = true
                for item in items {
                    if let name = item.isMapping ? item["name"]?.scalarText : item.scalarText, !out.contains(name) { out.append(name) }
                }
            }
            if let la = iface["link-aggregation"], la.isMapping {
                for key in ["port", "ports", "ports-config"] { add(la[key]?.sequence) }
            }
            if let bridge = iface["bridge"], bridge.isMapping {
                for key in ["port", "ports"] { add(bridge[key]?.sequence) }
            }
            if let vrf = iface["vrf"], vrf.isMapping {
                for key in ["port", "ports"] { add(vrf[key]?.sequence) }
            }
            return written ? out : nil
        }

        /// `ip/prefix-length` of each address of an `ipv4`/`ipv6` section.
        static func addresses(_ section: Value) -> [String] {
            (section["address"]?.sequence ?? []).compactMap { item in
                if let ip = item["ip"]?.scalarText {
                    return item["prefix-length"]?.scalarText.map { "\(ip)/\($0)" } ?? ip
                }
                return item.scalarText
            }
        }

        static func addressKey(_ address: String) -> String { address.lowercased() }

        static func isLinkLocal(_ address: String) -> Bool {
            let a = address.lowercased()
            return a.hasPrefix("fe8") || a.hasPrefix("fe9") || a.hasPrefix("fea") || a.hasPrefix("feb")
        }

        static func isAbsent(_ entry: Value) -> Bool {
            entry["state"]?.string?.lowercased() == "absent"
        }

        static func isIPv6(_ route: Value) -> Bool {
            (route["destination"]?.scalarText ?? "").contains(":") || (route["next-hop-address"]?.scalarText ?? "").contains(":")
        }

        /// Whether `entry` has every property `pattern` sets (nmstate's
        /// matching of routes and rules). A route without `table-id` is in
        /// the main table.
        static func matches(_ pattern: Value, _ entry: Value) -> Bool {
            for m in pattern.members ?? [] where m.key != "state" {
                let have = entry[m.key]?.scalarText ?? (m.key == "table-id" ? "254" : nil)
                guard let have, let want = m.value.scalarText, have.lowercased() == want.lowercased() else { return false }
            }
            return true
        }

        static func sameScalar(_ a: Value, _ b: Value, field: String) -> Bool {
            guard let x = a.scalarText, let y = b.scalarText, a.isScalar, b.isScalar else { return false }
            if x == y { return true }
            return field.hasSuffix("mac-address") && x.lowercased() == y.lowercased()
        }

        /// Whether the current value already has everything `desired`
        /// says: lists item by item, mappings key by key (the node reports
        /// more keys than anyone writes).
        static func covers(_ desired: Value, _ current: Value, field: String) -> Bool {
            switch desired.content {
            case .null: return true
            case .mapping(let members):
                guard current.isMapping else { return false }
                return members.allSatisfy { m in
                    guard let c = current[m.key] else { return m.value.isNull }
                    return covers(m.value, c, field: m.key)
                }
            case .sequence(let items):
                guard let have = current.sequence, have.count == items.count else { return false }
                return zip(items, have).allSatisfy { covers($0, $1, field: field) }
            default:
                return sameScalar(desired, current, field: field)
            }
        }
    }
}
