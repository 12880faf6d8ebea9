import Testing
import KubeAPITesting
import SourceModel
import SourceModelYAML
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

    // MARK: Staleness

    /// A state with every cache synced, timed by `clock`.
    static func synced(staleAfter: Duration, clock: ManualClock) -> ClusterState {
        let state = ClusterState(staleAfter: staleAfter, now: { clock.now() })
        state.upsertNode(nodeObject("n1", zone: "a", ip: "10.0.0.1"))
        state.upsertPolicy(policyObject("p1", zone: "a", mtu: 9000))
        for source in ClusterState.Source.allCases { state.markSynced(source) }
        return state
    }

    @Test func failingLongerThanTheThresholdMakesTheViewUnavailable() throws {
        let clock = ManualClock()  // 2023-11-14T22:13:20Z
        let state = Self.synced(staleAfter: .seconds(30), clock: clock)
        let conflicting = policyObject("p2", zone: "a", mtu: 1500)
        #expect(state.unavailableReason == nil)

        state.recordFailure(.nodes, error: "other (500 InternalError): etcd is sad")
        // Failing, but not for long: the rules still use the view.
        clock.advance(by: .seconds(29))
        #expect(state.unavailableReason == nil)
        #expect(state.check(object: conflicting, oldObject: nil, operation: .create).diagnostics.contains { $0.rule == "conflict.interface-settings" })

        // Later failures keep the start time, and report the newest error.
        state.recordFailure(.nodes, error: "transport: connection refused")
        clock.advance(by: .seconds(1))
        let expected = "Nodes list/watch failing since 2023-11-14T22:13:20Z (30s): transport: connection refused"
        #expect(state.unavailableReason == expected)
        let result = state.check(object: conflicting, oldObject: nil, operation: .create)
        #expect(result.unavailableReason == expected)
        #expect(result.diagnostics.isEmpty)

        // A second cache failing later is named once it is stale too.
        state.recordFailure(.states, error: "timeout: no complete response within 5 seconds")
        clock.advance(by: .seconds(95))
        #expect(state.unavailableReason == "Nodes list/watch failing since 2023-11-14T22:13:20Z (2m5s): transport: connection refused"
                + "; NodeNetworkStates list/watch failing since 2023-11-14T22:13:50Z (1m35s): timeout: no complete response within 5 seconds")

        // One success per cache and the view is used again.
        state.recordHealthy(.nodes)
        #expect(state.unavailableReason?.hasPrefix("NodeNetworkStates") == true)
        state.recordHealthy(.states)
        #expect(state.unavailableReason == nil)
        #expect(state.failures.isEmpty)
        #expect(state.check(object: conflicting, oldObject: nil, operation: .create).diagnostics.contains { $0.rule == "conflict.interface-settings" })
    }

    @Test func cachesFailingAlikeShareOneClause() {
        let clock = ManualClock()
        let state = Self.synced(staleAfter: .seconds(30), clock: clock)
        state.recordFailure(.policies, error: "transport: GET /apis/nmstate.io/v1/nodenetworkconfigurationpolicies: connection refused")
        state.recordFailure(.nodes, error: "transport: GET /api/v1/nodes: connection refused")
        state.recordFailure(.states, error: "timeout: GET /apis/nmstate.io/v1beta1/nodenetworkstates: deadlineExceeded")
        clock.advance(by: .seconds(3700))
        #expect(state.unavailableReason == "NodeNetworkConfigurationPolicies, Nodes list/watch failing since 2023-11-14T22:13:20Z (1h1m40s): transport: connection refused"
                + "; NodeNetworkStates list/watch failing since 2023-11-14T22:13:20Z (1h1m40s): timeout: deadlineExceeded")
    }

    @Test func zeroThresholdNeverJudgesTheViewStale() {
        let clock = ManualClock()
        let state = Self.synced(staleAfter: .zero, clock: clock)
        state.recordFailure(.policies, error: "transport: connection refused")
        clock.advance(by: .seconds(86_400))
        #expect(state.unavailableReason == nil)
        #expect(state.failures[.policies]?.lastError == "transport: connection refused")
    }

    @Test func notSyncedReasonCarriesTheLastError() {
        let state = ClusterState(staleAfter: .seconds(30))
        state.markSynced(.policies)
        state.recordFailure(.states, error: "forbidden (403 Forbidden): nodenetworkstates is forbidden")
        #expect(state.unavailableReason == "Nodes, NodeNetworkStates not synced yet (NodeNetworkStates: forbidden (403 Forbidden): nodenetworkstates is forbidden)")
    }

    @Test func longErrorsAreCut() {
        let clock = ManualClock()
        let state = Self.synced(staleAfter: .seconds(1), clock: clock)
        state.recordFailure(.nodes, error: String(repeating: "x", count: 5000))
        clock.advance(by: .seconds(2))
        let reason = state.unavailableReason ?? ""
        #expect(reason.count < 400)
        #expect(reason.hasSuffix("x…"))
    }
}
