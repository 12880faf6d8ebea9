import Testing
import NMPolicy
import SourceModel
@testable import PolicyRules

/// The per-node engine's pieces: how findings name nodes, what groups
/// nodes, and the bounded caches.
@Suite("Per-node engine")
struct PerNodeEngineTests {
    static func view(_ count: Int) -> ClusterView {
        var view = ClusterView()
        for i in 0..<count {
            let name = "n\(i < 10 ? "0" : "")\(i)"
            view.upsertNode(ClusterNode(name: name, labels: ["kubernetes.io/hostname": name, "role": "worker"]))
            view.setState(node: name, currentState: nncp("""
            interfaces:
            - {name: eth0, type: ethernet, state: up, mac-address: "52:54:00:00:00:\(i < 10 ? "0" : "")\(i)", ipv4: {enabled: true, address: [{ip: 10.0.0.\(i + 1), prefix-length: 24}]}}
            - {name: eth1, type: ethernet, state: up, mtu: \(i == 0 ? 9000 : 1500)}
            routes:
              running: [{destination: 0.0.0.0/0, next-hop-interface: eth0, next-hop-address: 10.0.0.254}]
            """))
        }
        return view
    }

    @Test func findingsSayOnHowManyOfTheSelectedNodesTheyHold() {
        let view = Self.view(12)
        let all = Array(0..<12)
        #expect(NodeFindings.where_([0], of: 1, view: view) == "on node n00")
        #expect(NodeFindings.where_(all, of: 12, view: view) == "on all 12 selected nodes (n00, n01, n02, …)")
        #expect(NodeFindings.where_([5, 3], of: 12, view: view) == "on 2 of 12 selected nodes (n03, n05)")
        #expect(NodeFindings.where_([2], of: 12, view: view) == "on 1 of 12 selected nodes (n02)")
    }

    @Test func alikeNodesAreCheckedOnceAndADifferentOneApart() {
        let view = Self.view(6)
        let policy = PreparedPolicy(object: nncp("""
        apiVersion: nmstate.io/v1
        kind: NodeNetworkConfigurationPolicy
        metadata: {name: eth1-vlan}
        spec:
          nodeSelector: {role: worker}
          desiredState:
            interfaces:
            - {name: eth1.10, type: vlan, state: up, vlan: {base-iface: eth1, id: 10}}
        """))
        let evaluation = NodeEvaluator().evaluate(policy, on: Array(0..<6), in: view)
        // eth1 has another MTU on n00: two groups; MACs and addresses of
        // eth0 differ on every node but eth0 is not involved.
        #expect(evaluation.groups.count == 2)
        #expect(evaluation.groups.map(\.nodes.count).sorted() == [1, 5])
        #expect(evaluation.isComplete)
    }

    @Test func theVerdictCacheStaysWithinItsCapacity() {
        let cache = GroupVerdictCache(capacity: 16)
        for i in 0..<100 {
            cache.store([], for: GroupKey(desired: UInt64(i), current: 0), profile: .latest)
        }
        #expect(cache.count <= 16)
        // The newest are kept.
        #expect(cache.verdict(for: GroupKey(desired: 99, current: 0), profile: .latest) != nil)
    }

    @Test func theResolutionCacheDropsTheLeastRecentlyUsedPolicies() {
        let cache = ResolutionCache(capacity: 64)
        func memo(_ size: Int) -> ResolutionCache.Memo {
            var m = ResolutionCache.Memo()
            for i in 0..<size {
                m.resolved[UInt64(i)] = ResolutionCache.Resolved(desired: .null, facts: PolicyFacts(selector: NodeSelector(), desired: nil))
            }
            return m
        }
        cache.store(memo(40), for: 1)
        cache.store(memo(40), for: 2)
        #expect(cache.policyCount == 1)
        #expect(cache.memo(2).resolved.count == 40)
        #expect(cache.memo(1).resolved.isEmpty)
    }

    @Test func aPolicyWhoseCapturesDoNotParseIsNotJudgedPerNode() {
        let policy = PreparedPolicy(object: nncp("""
        spec:
          capture: {broken: "interfaces.name =="}
          desiredState: {interfaces: [{name: "{{ capture.broken.interfaces.0.name }}", type: ethernet}]}
        """))
        #expect(!policy.isEvaluable)
        let evaluation = NodeEvaluator().evaluate(policy, on: [0], in: Self.view(1))
        #expect(evaluation.isSkipped)
        #expect(!evaluation.isComplete)
    }
}
