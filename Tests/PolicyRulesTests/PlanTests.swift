import Testing
import Glibc
import NMStateSchema
import SourceModel
import SourceModelYAML
@testable import PolicyRules

/// `PolicyPlanner` on testdata/pernode: three workers in rack r1 whose
/// default route and InternalIP are on ens33 (addresses differ per node),
/// a spare ens35, and w4 in rack r2 without a NodeNetworkState.
@Suite("Plan")
struct PlanTests {
    static let pernode = Files.repository + "/testdata/pernode/"

    static func documents(_ path: String) -> [Value] { Files.documents(path) }

    static func items(_ file: String) -> [Value] {
        documents(pernode + file).flatMap { $0["items"]?.sequence ?? [$0] }
    }

    /// The fixture cluster; `edit` may change a node's current state first.
    static func view(edit: (String, inout Value) -> Void = { _, _ in }) -> ClusterView {
        var view = ClusterView(nodes: items("nodes.yaml").compactMap(ClusterNode.init(object:)))
        for object in items("states.yaml") {
            guard let name = object.at("metadata", "name")?.string, var state = object.at("status", "currentState") else { continue }
            edit(name, &state)
            view.setState(node: name, currentState: state)
        }
        return view
    }

    static func policy(_ file: String) throws -> PolicyEntry {
        let object = try #require(documents(pernode + file).first)
        return PolicyEntry(name: object.at("metadata", "name")?.string ?? "", object: object, origin: file)
    }

    static func policy(yaml: String) throws -> PolicyEntry {
        let object = try #require(YAMLLoader().loadStream(yaml).documents.first)
        return PolicyEntry(name: object.at("metadata", "name")?.string ?? "", object: object)
    }

    /// A policy for rack r1 with `desiredState` as given (YAML, indented by 4).
    static func rackPolicy(_ name: String, _ desired: String) throws -> PolicyEntry {
        try policy(yaml: """
        apiVersion: nmstate.io/v1
        kind: NodeNetworkConfigurationPolicy
        metadata: {name: \(name)}
        spec:
          nodeSelector: {rack: r1}
          desiredState:
        \(desired)
        """)
    }

    /// Sets a field of one current interface.
    static func setField(_ state: inout Value, interface: String, _ key: String, _ value: Value) {
        guard var list = state["interfaces"]?.sequence else { return }
        for i in list.indices where list[i]["name"]?.string == interface { list[i].set(key, value) }
        state.set("interfaces", .sequence(list))
    }

    @Test func bridgeOnTheDefaultGatewayNICIsOneGroupOfThreeNodes() throws {
        let plan = PolicyPlanner().plan(try Self.policy("br-ex-default-gw.yaml"), in: Self.view())
        #expect(plan.selected == ["w1", "w2", "w3"])
        #expect(plan.notPlanned.isEmpty && plan.failures.isEmpty)
        #expect(plan.allFindings.isEmpty, "\(plan.allFindings.map(\.description))")
        try #require(plan.groups.count == 1)
        let group = plan.groups[0]
        #expect(group.nodes == ["w1", "w2", "w3"])
        #expect(group.desired["interfaces"]?[0]?["bridge"]?["port"]?[0]?["name"]?.string == "ens33")

        let changes = group.changes
        #expect(changes.first == StateChange(.interfaceAdded, interface: "br-ex", after: "linux-bridge"))
        #expect(changes.contains(StateChange(.portAdded, interface: "br-ex", after: "ens33")))
        #expect(changes.contains(StateChange(.fieldChanged, interface: "ens33", field: "controller", before: nil, after: "br-ex")))
        // The address moves from the port to the bridge, and the default
        // route with it, through the next hop the capture resolved.
        #expect(changes.contains(StateChange(.addressAdded, interface: "br-ex", field: "ipv4", after: "192.168.10.11/24")))
        #expect(changes.contains(StateChange(.addressRemoved, interface: "ens33", field: "ipv4", before: "192.168.10.11/24",
                                             note: "ens33 becomes a port of br-ex")))
        #expect(changes.contains(StateChange(.routeRemoved, before: "0.0.0.0/0 via 192.168.10.1 dev ens33 metric 100",
                                             note: "ens33 becomes a port of br-ex")))
        #expect(changes.last == StateChange(.routeAdded, after: "0.0.0.0/0 via 192.168.10.1 dev br-ex"))
        // The link-local IPv6 address stays.
        #expect(!changes.contains { $0.field == "ipv6" })

        // Each node's own address is listed rather than splitting the group.
        #expect(group.varying == [PolicyPlan.Varying(label: "br-ex ipv4 address", values: ["192.168.10.11", "192.168.10.12", "192.168.10.13"])])
    }

    @Test func aNICThatDiffersOnOneNodeSplitsTheNodesIntoTwoGroups() throws {
        let view = Self.view { name, state in
            if name == "w3" { Self.setField(&state, interface: "ens35", "mtu", .int(9000)) }
        }
        let policy = try Self.rackPolicy("jumbo-ens35", """
            interfaces:
              - {name: ens35, type: ethernet, state: up, mtu: 9000}
        """)
        let plan = PolicyPlanner().plan(policy, in: view)
        try #require(plan.groups.count == 2)
        #expect(plan.groups[0].nodes == ["w1", "w2"])
        #expect(plan.groups[0].changes == [StateChange(.fieldChanged, interface: "ens35", field: "mtu", before: "1500", after: "9000")])
        #expect(plan.groups[1].nodes == ["w3"])
        #expect(plan.groups[1].changes.isEmpty)
        #expect(plan.groups.allSatisfy { $0.varying.isEmpty })
    }

    @Test func removingAnInterfaceTheNodeDoesNotHaveIsANoOp() throws {
        let policy = try Self.rackPolicy("cleanup", """
            interfaces:
              - {name: ens35, type: ethernet, state: absent}
              - {name: eth9, type: ethernet, state: absent}
        """)
        let plan = PolicyPlanner().plan(policy, in: Self.view())
        try #require(plan.groups.count == 1)
        #expect(plan.groups[0].changes == [
            StateChange(.interfaceRemoved, interface: "ens35", before: "ethernet"),
            StateChange(.interfaceAlreadyAbsent, interface: "eth9"),
        ])
    }

    @Test func dnsListsChangeFromTheNodesValues() throws {
        let policy = try Self.rackPolicy("dns", """
            dns-resolver:
              config:
                server: [10.0.0.53]
                search: [example.com]
        """)
        let plan = PolicyPlanner().plan(policy, in: Self.view())
        try #require(plan.groups.count == 1)
        // The search list is already so: only the servers change.
        #expect(plan.groups[0].changes == [StateChange(.dnsChanged, field: "server", before: "[192.168.10.1]", after: "[10.0.0.53]")])
    }

    @Test func anAbsentRouteRemovesTheCurrentRoutesItMatches() throws {
        let policy = try Self.rackPolicy("no-default", """
            routes:
              config:
                - {destination: 0.0.0.0/0, state: absent}
                - {destination: 10.9.0.0/16, state: absent}
        """)
        let plan = PolicyPlanner().plan(policy, in: Self.view())
        try #require(plan.groups.count == 1)
        #expect(plan.groups[0].changes == [
            StateChange(.routeRemoved, before: "0.0.0.0/0 via 192.168.10.1 dev ens33 metric 100"),
            StateChange(.routeAlreadyAbsent, before: "10.9.0.0/16"),
        ])
    }

    @Test func ipv4DisabledDropsTheAddressesAndTheRoutesThroughTheInterface() throws {
        let policy = try Self.rackPolicy("ens33-off", """
            interfaces:
              - {name: ens33, type: ethernet, state: up, ipv4: {enabled: false}}
        """)
        let plan = PolicyPlanner().plan(policy, in: Self.view())
        try #require(plan.groups.count == 1)
        let changes = plan.groups[0].changes
        #expect(changes.contains(StateChange(.fieldChanged, interface: "ens33", field: "ipv4.enabled", before: "true", after: "false")))
        #expect(changes.contains(StateChange(.addressRemoved, interface: "ens33", field: "ipv4", before: "192.168.10.11/24")))
        #expect(changes.contains(StateChange(.routeRemoved, before: "0.0.0.0/0 via 192.168.10.1 dev ens33 metric 100", note: "ens33 disables IPv4")))
        // Cutting the node off is a finding of the policy.
        #expect(plan.findings.contains { $0.rule == "node.disruptive-change" })
    }

    @Test func portsLeftOutOfAnExistingBondAreReleased() throws {
        let view = Self.view { _, state in
            guard var list = state["interfaces"]?.sequence else { return }
            list.append(Value.mapping([
                "name": .string("bond0"), "type": .string("bond"), "state": .string("up"),
                "link-aggregation": .mapping(["mode": .string("active-backup"), "port": .sequence([.string("ens35")])]),
            ]))
            state.set("interfaces", .sequence(list))
            Self.setField(&state, interface: "ens35", "controller", .string("bond0"))
        }
        let policy = try Self.rackPolicy("bond-empty", """
            interfaces:
              - {name: bond0, type: bond, state: up, link-aggregation: {mode: balance-rr, port: []}}
        """)
        let plan = PolicyPlanner().plan(policy, in: view)
        try #require(plan.groups.count == 1)
        #expect(plan.groups[0].changes == [
            StateChange(.fieldChanged, interface: "bond0", field: "link-aggregation.mode", before: "active-backup", after: "balance-rr"),
            StateChange(.portRemoved, interface: "bond0", before: "ens35"),
            StateChange(.fieldChanged, interface: "ens35", field: "controller", before: "bond0", after: nil),
        ])
    }

    @Test func anOVSBridgeCreatesTheInternalInterfaceItListsAsAPort() throws {
        let policy = try Self.rackPolicy("ovs-br-ex", """
            interfaces:
              - name: br-ex
                type: ovs-bridge
                state: up
                bridge: {port: [{name: ens35}, {name: br-ex}]}
        """)
        let plan = PolicyPlanner().plan(policy, in: Self.view())
        try #require(plan.groups.count == 1)
        #expect(plan.groups[0].changes == [
            StateChange(.interfaceAdded, interface: "br-ex", after: "ovs-bridge"),
            StateChange(.portAdded, interface: "br-ex", after: "ens35"),
            StateChange(.fieldChanged, interface: "ens35", field: "controller", before: nil, after: "br-ex"),
            StateChange(.portAdded, interface: "br-ex", after: "br-ex"),
            StateChange(.interfaceAdded, interface: "br-ex", after: "ovs-interface", note: "created by OVS bridge br-ex"),
        ])
    }

    @Test func aSelectedNodeWithoutStateIsListedAsNotPlanned() throws {
        let plan = PolicyPlanner().plan(try Self.policy("rack-r2-mtu.yaml"), in: Self.view())
        #expect(plan.selected == ["w4"])
        #expect(plan.groups.isEmpty)
        #expect(plan.notPlanned == ["w4"])
        #expect(plan.findings.contains { $0.rule == NodeFindings.stateMissingRule && $0.severity == .warning })
    }

    @Test func capturesThatFailOnNodesAreListedAsFailuresWithTheirNodes() throws {
        // ens36 exists on w2 only: w2 is planned, w1 and w3 fail.
        let view = Self.view { name, state in
            guard name == "w2", var list = state["interfaces"]?.sequence else { return }
            list.append(Value.mapping(["name": .string("ens36"), "type": .string("ethernet"), "state": .string("up"), "mtu": .int(1500)]))
            state.set("interfaces", .sequence(list))
        }
        let plan = PolicyPlanner().plan(try Self.policy("capture-no-match.yaml"), in: view)
        try #require(plan.failures.count == 1)
        #expect(plan.failures[0].nodes == ["w1", "w3"])
        #expect(plan.failures[0].finding.rule == NodeFindings.captureResolveRule)
        #expect(plan.failures[0].finding.path.description == "spec.capture.third-nic")
        #expect(plan.failures[0].finding.message.contains("interface with 'name=ens36' not found"))
        try #require(plan.groups.count == 1)
        #expect(plan.groups[0].nodes == ["w2"])
        #expect(plan.groups[0].changes == [StateChange(.fieldChanged, interface: "ens36", field: "mtu", before: "1500", after: "9000")])
        // Reported once, with its nodes, not again among the policy's findings.
        #expect(!plan.findings.contains { $0.rule == NodeFindings.captureResolveRule })
    }

    @Test func nodeVerdictsGoToTheirGroupAndAreReportedOnce() throws {
        let plan = PolicyPlanner().plan(try Self.policy("bond-unknown-port.yaml"), in: Self.view())
        try #require(plan.groups.count == 1)
        let verdict = try #require(plan.groups[0].findings.first { $0.rule == "nmstate.controller.unknown-port" })
        #expect(verdict.message == "Controller interface bond1 is holding unknown port ens36")
        #expect(verdict.location.isKnown)
        #expect(!plan.findings.contains { $0.rule == "nmstate.controller.unknown-port" })
        #expect(plan.groups[0].changes.contains(StateChange(.portAdded, interface: "bond1", after: "ens35")))
        #expect(plan.groups[0].changes.contains(StateChange(.fieldChanged, interface: "ens35", field: "controller", before: nil, after: "bond1")))
    }

    @Test func policiesPlannedTogetherAreCheckedAgainstEachOther() throws {
        let dhcp = try Self.policy("ens35-dhcp.yaml")
        let keep = try Self.policy("ens35-keep-ip.yaml")
        let plans = PolicyPlanner().plan([dhcp, keep], in: Self.view())
        #expect(plans.map(\.name) == ["ens35-dhcp", "ens35-keep-ip"])
        #expect(plans.contains { $0.findings.contains { $0.rule == "conflict.interface-settings" } })
    }
}
