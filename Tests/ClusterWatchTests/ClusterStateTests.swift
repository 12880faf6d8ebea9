import Testing
import SourceModel
import PolicyRules
@testable import ClusterWatch

func load(_ yaml: String) -> Value { (try? YAMLLoader().loadSingle(yaml)) ?? .null }

func nodeObject(_ name: String, zone: String, ip: String, heartbeat: String = "t0") -> Value {
    load("""
    apiVersion: v1
    kind: Node
    metadata: {name: \(name), labels: {kubernetes.io/hostname: \(name), zone: \(zone)}}
    status:
      addresses: [{type: InternalIP, address: \(ip)}]
      conditions: [{type: Ready, status: "True", lastHeartbeatTime: \(heartbeat)}]
    """)
}

func policyObject(_ name: String, zone: String, mtu: Int) -> Value {
    load("""
    apiVersion: nmstate.io/v1
    kind: NodeNetworkConfigurationPolicy
    metadata: {name: \(name)}
    spec:
      nodeSelector: {zone: \(zone)}
      desiredState: {interfaces: [{name: eth1, type: ethernet, mtu: \(mtu)}]}
    """)
}

@Suite struct ClusterStateTests {
    @Test func tracksNodesPoliciesAndStates() {
        let state = ClusterState()
        state.upsertNode(nodeObject("n1", zone: "a", ip: "10.0.0.1"))
        state.upsertNode(nodeObject("n2", zone: "b", ip: "10.0.0.2"))
        state.upsertPolicy(policyObject("p1", zone: "a", mtu: 9000))
        var view = state.view
        #expect(view.nodes.map(\.name) == ["n1", "n2"])
        #expect(view.policies.keys.sorted() == ["p1"])
        let d = ClusterPolicyRules.check(object: policyObject("p2", zone: "a", mtu: 1500), oldObject: nil, operation: .create, view: view)
        #expect(d.contains { $0.rule == "conflict.interface-settings" && $0.message.contains("node n1") })

        state.removePolicy(policyObject("p1", zone: "a", mtu: 9000))
        state.removeNode(nodeObject("n2", zone: "b", ip: "10.0.0.2"))
        view = state.view
        #expect(view.policies.isEmpty)
        #expect(view.nodes.map(\.name) == ["n1"])
    }

    @Test func nodeLabelChangesReachTheView() {
        let state = ClusterState()
        state.upsertNode(nodeObject("n1", zone: "a", ip: "10.0.0.1"))
        state.upsertPolicy(policyObject("p1", zone: "c", mtu: 9000))
        let conflicting = policyObject("p2", zone: "c", mtu: 1500)
        // No node in zone c yet: no conflict; a heartbeat changes nothing.
        state.upsertNode(nodeObject("n1", zone: "a", ip: "10.0.0.1", heartbeat: "t1"))
        #expect(!ClusterPolicyRules.check(object: conflicting, oldObject: nil, operation: .create, view: state.view).contains { $0.rule.hasPrefix("conflict.") })
        // Relabelled into zone c: both policies now reach n1.
        state.upsertNode(nodeObject("n1", zone: "c", ip: "10.0.0.1", heartbeat: "t2"))
        #expect(state.view.nodes.first?.labels["zone"] == "c")
        #expect(ClusterPolicyRules.check(object: conflicting, oldObject: nil, operation: .create, view: state.view).contains { $0.rule == "conflict.interface-settings" })
    }

    @Test func statesFeedNodeSafety() {
        let state = ClusterState()
        state.upsertNode(nodeObject("n1", zone: "a", ip: "10.0.0.1"))
        state.upsertState(load("""
        apiVersion: nmstate.io/v1beta1
        kind: NodeNetworkState
        metadata: {name: n1}
        status:
          currentState:
            interfaces: [{name: eth0, type: ethernet, ipv4: {enabled: true, address: [{ip: 10.0.0.1, prefix-length: 24}]}}]
            routes: {running: [{destination: 0.0.0.0/0, next-hop-interface: eth0}]}
        """))
        let down = load("""
        metadata: {name: p}
        spec: {nodeSelector: {zone: a}, desiredState: {interfaces: [{name: eth0, type: ethernet, state: down}]}}
        """)
        #expect(ClusterPolicyRules.check(object: down, oldObject: nil, operation: .create, view: state.view).contains { $0.rule == "node.disruptive-change" })
        state.removeState(load("metadata: {name: n1}"))
        #expect(ClusterPolicyRules.check(object: down, oldObject: nil, operation: .create, view: state.view).isEmpty)
    }

    @Test func syncTracking() {
        let state = ClusterState()
        #expect(state.notSynced.count == 3)
        state.markSynced(.nodes)
        state.markSynced(.policies)
        #expect(state.notSynced == [.states])
    }
}
