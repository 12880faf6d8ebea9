import Foundation
import NMStateSchema
import SourceModel
import SourceModelYAML
import Testing

/// What nmstate releases after 2.2.38 accept: `latest` takes it, the 2.2.38
/// profile keeps refusing it with the release that added it.
@Suite struct NewerReleaseFieldTests {
    static func profileErrors(_ d: [Diagnostic]) -> [String] {
        d.filter { $0.rule == "schema.unsupported-in-profile" }.map(\.message)
    }

    @Test func dpdkLinkStateInterruptModeIsAcceptedByLatest() {
        let members = #""dpdk": {"devargs": "0000:af:00.1", "lsc-interrupt": true}"#
        #expect(Check.iface("ovs-interface", members).isEmpty)
        let pinned = Check.iface("ovs-interface", members, .v2_2_38)
        #expect(Self.profileErrors(pinned).count == 1)
        #expect(Check.messages(pinned).first?.contains("added in nmstate 2.2.55") == true)
        // Plain serde bool: a string is a type error even under `latest`.
        #expect(Check.messages(Check.iface("ovs-interface", #""dpdk": {"devargs": "d", "lsc-interrupt": "yes"}"#)) == ["invalid type: string \"yes\", expected a boolean"])
    }

    @Test func bondSectionMayBeSpelledBond() {
        let members = #""bond": {"mode": "active-backup", "port": ["eth1", "eth2"]}"#
        #expect(Check.iface("bond", members).isEmpty)
        let pinned = Check.iface("bond", members, .v2_2_38)
        #expect(Check.messages(pinned) == ["unknown field `bond` (added in nmstate 2.2.47; not accepted by profile 2.2.38)"])
        #expect(pinned.first?.rule == "schema.unsupported-in-profile")
        // One section under two spellings is the same field twice.
        let both = Check.iface("bond", #""bond": {"mode": "active-backup"}, "link-aggregation": {"mode": "active-backup"}"#)
        #expect(both.map(\.rule) == ["schema.duplicate-field"])
        // The alias belongs to bonds only.
        #expect(Check.messages(Check.iface("ethernet", #""bond": {}"#)) == ["unknown field `bond`"])
    }

    @Test func bondSectionSpelledBondIsCheckedLikeLinkAggregation() {
        let e = Check.iface("bond", #""bond": {"mode": "active-backup", "slaves": ["eth1"]}"#)
        #expect(Check.messages(e).first?.hasPrefix("unknown field `slaves`, expected one of `mode`, `options`, `port`, `ports-config`") == true)
    }

    @Test func lacpIsABondModeAlias() {
        #expect(Check.iface("bond", #""link-aggregation": {"mode": "lacp"}"#).isEmpty)
        let pinned = Check.messages(Check.iface("bond", #""link-aggregation": {"mode": "lacp"}"#, .v2_2_38))
        #expect(pinned.count == 1)
        #expect(pinned.first?.hasPrefix("unknown variant `lacp`, expected one of `balance-rr`") == true)
        #expect(pinned.first?.hasSuffix("(`lacp` was added in nmstate 2.2.47; not accepted by profile 2.2.38: write `802.3ad`)") == true)
        #expect(Check.iface("bond", #""link-aggregation": {"mode": "LACP"}"#).count == 1)
    }

    @Test func ovsBridgePortsTakeTheBondAliasAndOvsDb() {
        let port = #""bridge": {"port": [{"name": "bond1", "bond": {"mode": "balance-slb", "port": [{"name": "eth1"}, {"name": "eth2"}]}}, {"name": "bond0", "ovs-db": {"other_config": {"stp-path-cost": "10"}, "external_ids": {"k": 1}}}]}"#
        #expect(Check.iface("ovs-bridge", port).isEmpty)
        let pinned = Self.profileErrors(Check.iface("ovs-bridge", port, .v2_2_38))
        #expect(pinned.count == 2)
        #expect(pinned.contains { $0.hasPrefix("unknown field `bond`, expected one of `name`, `link-aggregation`, `vlan`") && $0.hasSuffix("(added in nmstate 2.2.47; not accepted by profile 2.2.38)") })
        #expect(pinned.contains { $0.hasPrefix("unknown field `ovs-db`") && $0.hasSuffix("(added after nmstate 2.2.59; not accepted by profile 2.2.38)") })
        // Port-level ovs-db uses the interface-level parser's wording.
        let bad = Check.iface("ovs-bridge", #""bridge": {"port": [{"name": "p", "ovs-db": {"options": {}}}]}"#)
        #expect(Check.messages(bad) == ["Unsupported section names 'options', only supports `external_ids` and `other_config`"])
    }

    @Test func routeAdvertisedMssIsAcceptedByLatest() {
        let state = #"{"routes": {"config": [{"destination": "0.0.0.0/0", "next-hop-interface": "eth1", "advmss": 1400}]}}"#
        #expect(Check.errors(state).isEmpty)
        #expect(Self.profileErrors(Check.errors(state, .v2_2_38)).first?.hasSuffix("(added in nmstate 2.2.47; not accepted by profile 2.2.38)") == true)
        #expect(Check.errors(#"{"routes": {"config": [{"advmss": "x"}]}}"#).map(\.message) == [#"invalid digit found in string: "x" is not a number in 0..4294967295"#])
    }

    @Test func releasesComeFromTheReleaseNotes() {
        let forwarding = Check.iface("ethernet", #""ipv4": {"enabled": true, "forwarding": true}"#, .v2_2_38)
        #expect(Self.profileErrors(forwarding).first?.hasSuffix("(added in nmstate 2.2.47; not accepted by profile 2.2.38)") == true)
        let vrfName = Check.errors(#"{"routes": {"config": [{"destination": "0.0.0.0/0", "vrf-name": "vrf1"}]}}"#, .v2_2_38)
        #expect(Self.profileErrors(vrfName).first?.hasSuffix("(added in nmstate 2.2.55; not accepted by profile 2.2.38)") == true)
        let extraPorts = Check.iface("linux-bridge", #""bridge": {"options": {"allow-extra-ports": true}}"#, .v2_2_38)
        #expect(Self.profileErrors(extraPorts).first?.hasSuffix("(added after nmstate 2.2.59; not accepted by profile 2.2.38)") == true)
        #expect(Check.iface("linux-bridge", #""bridge": {"options": {"allow-extra-ports": true}}"#).isEmpty)
        #expect(Check.iface("ovs-bridge", #""bridge": {"options": {"allow-extra-ports": true}}"#).isEmpty)
    }

    @Test func globalOvsDbTakesNumbersAndBooleansUnderLatest() {
        let state = #"{"ovs-db": {"other_config": {"stats-update-interval": 1000, "dpdk-init": true, "gone": null}, "external_ids": {"n": 2.5}}}"#
        #expect(Check.errors(state).isEmpty)
        // The 2.2.38 profile keeps the already-parsed-value reading.
        let pinned = Check.errors(state, .v2_2_38)
        #expect(pinned.count == 3)
        #expect(pinned.allSatisfy { $0.message.hasSuffix("expected a string or null") })
        // Lists and maps are still refused.
        #expect(Check.errors(#"{"ovs-db": {"other_config": {"k": [1]}}}"#).count == 1)
    }
}

/// Loopback IPv6: newer nmstate decides it against the node's current state.
@Suite struct LoopbackIPv6Tests {
    static func findings(_ yaml: String, _ profile: Profile, current: String? = nil) throws -> [Diagnostic] {
        let state = try YAMLLoader().loadSingle(yaml)
        let cur = try current.map { try YAMLLoader().loadSingle($0) }
        return DesiredStateValidator(options: ValidationOptions(profile: profile, current: cur)).validate(state)
            .diagnostics.filter { $0.rule == "nmstate.loopback.ipv6-disabled" }
    }

    static let desired = "interfaces: [{name: lo, type: loopback, ipv6: {enabled: false}}]"

    @Test func withoutACurrentStateLatestOnlyWarns() throws {
        let d = try Self.findings(Self.desired, .latest)
        #expect(d.map(\.severity) == [.warning])
        #expect(d.first?.dependsOnNode == true)
        #expect(d.first?.message.contains("kernel has IPv6 disabled") == true)
    }

    @Test func aNodeWithIPv6OffAcceptsIt() throws {
        let off = "interfaces: [{name: lo, type: loopback, state: up, ipv6: {enabled: false}}]"
        #expect(try Self.findings(Self.desired, .latest, current: off).isEmpty)
    }

    @Test func aNodeWithIPv6OnOrUnreportedRefusesIt() throws {
        let on = "interfaces: [{name: lo, type: loopback, state: up, ipv6: {enabled: true}}]"
        #expect(try Self.findings(Self.desired, .latest, current: on).map(\.severity) == [.error])
        let silent = "interfaces: [{name: lo, type: loopback, state: up}]"
        #expect(try Self.findings(Self.desired, .latest, current: silent).map(\.severity) == [.error])
    }

    @Test func profile2_2_38RefusesItWhateverTheNodeHas() throws {
        let off = "interfaces: [{name: lo, type: loopback, state: up, ipv6: {enabled: false}}]"
        #expect(try Self.findings(Self.desired, .v2_2_38).map(\.severity) == [.error])
        #expect(try Self.findings(Self.desired, .v2_2_38, current: off).map(\.severity) == [.error])
    }
}

/// Section aliases reach the semantic rules under their primary key.
@Suite struct SectionAliasRuleTests {
    static func findings(_ yaml: String, _ rule: String, current: String? = nil) throws -> [Diagnostic] {
        let state = try YAMLLoader().loadSingle(yaml)
        let cur = try current.map { try YAMLLoader().loadSingle($0) }
        return DesiredStateValidator(options: ValidationOptions(profile: .latest, current: cur)).validate(state)
            .diagnostics.filter { $0.rule == rule }
    }

    @Test func aBondWrittenWithTheBondAliasHasItsMode() throws {
        let bond = "interfaces: [{name: bond0, type: bond, bond: {mode: active-backup, port: []}}]"
        #expect(try Self.findings(bond, "nmstate.bond.mode-required", current: "interfaces: []").isEmpty)
        let without = "interfaces: [{name: bond0, type: bond, bond: {port: []}}]"
        #expect(try Self.findings(without, "nmstate.bond.mode-required", current: "interfaces: []").count == 1)
    }

    @Test func lacpCountsAs802_3adForModeRules() throws {
        // balance-slb needs balance-xor: a known other mode is an error,
        // an unknown one only a warning.
        let bond = "interfaces: [{name: bond0, type: bond, link-aggregation: {mode: lacp, options: {balance_slb: true, xmit_hash_policy: vlan+srcmac}}}]"
        #expect(try Self.findings(bond, "nmstate.bond.balance-slb").map(\.severity) == [.error])
    }
}

/// `docs/schema-coverage.md` is generated from the tables.
@Suite struct SchemaCoverageDocumentTests {
    static let document = SchemaCoverage.markdown()

    @Test func committedDocumentMatchesTheTables() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs/schema-coverage.md")
        let committed = try String(contentsOf: url, encoding: .utf8)
        #expect(committed == Self.document + "\n", "docs/schema-coverage.md is stale; regenerate it with: \(SchemaCoverage.command)")
    }

    @Test func everyStructAndFieldHasARow() {
        var names: [(String, String)] = []
        func walk(_ node: SchemaNode, _ seen: inout Set<String>) {
            switch node {
            case .object(let o):
                guard seen.insert(o.name).inserted else { return }
                for f in o.fields {
                    names.append((o.name, f.name))
                    walk(f.schema, &seen)
                }
            case .array(let x), .map(let x): walk(x, &seen)
            case .oneOf(let alts, _): alts.forEach { walk($0, &seen) }
            default: return
            }
        }
        var seen: Set<String> = []
        let schema = NMStateSchema.desiredState
        walk(.object(schema.topLevel), &seen)
        for f in schema.baseInterfaceFields { walk(f.schema, &seen) }
        for t in schema.interfaceTypes { t.sections.forEach { walk($0.schema, &seen) } }
        let rows = Self.document.split(separator: "\n").map { $0.replacing(/<a id="[^"]*"><\/a>/, with: "") }
        for (owner, field) in names {
            #expect(rows.contains { $0.hasPrefix("| `\(owner)` | `\(field)` |") }, "no row for \(owner).\(field)")
        }
        // Each struct's first row carries the anchor its links point to.
        #expect(Self.document.contains("| <a id=\"struct-ovsdpdkconfig\"></a>`OvsDpdkConfig` | `devargs` |"))
        #expect(Self.document.contains("| `ip-tunnel` | 2.2.59 |"))
    }

    @Test func rowsCarryReleaseAndTable() {
        let lines = Self.document.split(separator: "\n")
        let lsc = lines.first { $0.hasPrefix("| `OvsDpdkConfig` | `lsc-interrupt` |") }
        #expect(lsc?.contains("| 2.2.55 |") == true)
        #expect(lsc?.contains("[`Tables/OVS.swift`](../Sources/NMStateSchema/Schema/Tables/OVS.swift)") == true)
        let bond = lines.first { $0.hasPrefix("| Interface (`bond`) | `link-aggregation` |") }
        #expect(bond?.contains("`bond` (2.2.47)") == true)
        let mtu = lines.first { $0.hasPrefix("| Interface (all types) | `mtu` |") }
        #expect(mtu?.contains("| u64 (lenient) | ≤ 2.2.38 |") == true)
    }
}
