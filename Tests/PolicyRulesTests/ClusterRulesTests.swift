import Testing
import SourceModel
@testable import PolicyRules

func node(_ name: String, _ labels: [String: String], ip: String? = nil) -> ClusterNode {
    ClusterNode(name: name, labels: labels.merging(["kubernetes.io/hostname": name]) { a, _ in a }, internalIPs: ip.map { [$0] } ?? [])
}

/// Three workers and a control-plane node; worker w1 has its default route and InternalIP on eth0.
func sampleView(policies: [PolicyEntry] = []) -> ClusterView {
    let nodes = [
        node("cp1", ["node-role.kubernetes.io/control-plane": ""], ip: "10.0.0.1"),
        node("w1", ["node-role.kubernetes.io/worker": "", "zone": "a"], ip: "10.0.0.11"),
        node("w2", ["node-role.kubernetes.io/worker": "", "zone": "a"], ip: "10.0.0.12"),
        node("w3", ["node-role.kubernetes.io/worker": "", "zone": "b"], ip: "10.0.0.13"),
    ]
    var states: [String: Value] = [:]
    for n in nodes {
        states[n.name] = nncp("""
        interfaces:
        - name: eth0
          type: ethernet
          state: up
          ipv4: {enabled: true, dhcp: false, address: [{ip: \(n.internalIPs[0]), prefix-length: 24}]}
        - name: eth1
          type: ethernet
          state: up
        routes:
          running:
          - {destination: 0.0.0.0/0, next-hop-interface: eth0, next-hop-address: 10.0.0.254}
        """)
    }
    return ClusterView(nodes: nodes, policies: policies, states: states)
}

@Suite struct ClusterRulesTests {
    @Test func labelIndexMatchesSelectors() {
        let view = sampleView()
        #expect(view.names(view.matching(NodeSelector(["zone": "a"]))) == ["w1", "w2"])
        #expect(view.matching(NodeSelector()).count == 4)
        #expect(view.matching(NodeSelector(["zone": "c"])).isEmpty)
    }

    @Test func conflictNamesOtherPolicyInterfaceAndExampleNodes() {
        let stored = policy("jumbo", selector: "{node-role.kubernetes.io/worker: ''}", interfaces: "[{name: eth1, type: ethernet, mtu: 9000}]")
        let view = sampleView(policies: [stored])
        let new = policy("small", selector: "{zone: a}", interfaces: "[{name: eth1, type: ethernet, mtu: 1500}]")
        let d = ClusterPolicyRules.check(object: new.object, oldObject: nil, operation: .create, view: view)
        let c = d.first { $0.rule == "conflict.interface-settings" }
        #expect(c?.message.contains("policy \"jumbo\"") == true)
        #expect(c?.message.contains("on nodes w1, w2") == true, "\(c?.message ?? "")")
        #expect(c?.path.description == "spec.desiredState.interfaces[0].mtu")
    }

    @Test func noConflictWhenNoNodeIsShared() {
        let stored = policy("zone-b", selector: "{zone: b}", interfaces: "[{name: eth1, type: ethernet, mtu: 9000}]")
        let view = sampleView(policies: [stored])
        let new = policy("zone-a", selector: "{zone: a}", interfaces: "[{name: eth1, type: ethernet, mtu: 1500}]")
        #expect(ClusterPolicyRules.check(object: new.object, oldObject: nil, operation: .create, view: view).isEmpty)
    }

    @Test func updatingAPolicyNeverConflictsWithItsOldSelf() {
        let stored = policy("p", selector: "{zone: a}", interfaces: "[{name: eth1, type: ethernet, mtu: 9000}]")
        let view = sampleView(policies: [stored])
        let updated = policy("p", selector: "{zone: a}", interfaces: "[{name: eth1, type: ethernet, mtu: 1500}]")
        let d = ClusterPolicyRules.check(object: updated.object, oldObject: stored.object, operation: .update, view: view)
        #expect(d.isEmpty, "\(d)")
    }

    @Test func staticAddressOnSeveralNodesIsDenied() {
        let p = policy("ip", selector: "{zone: a}", interfaces: "[{name: eth1, type: ethernet, ipv4: {enabled: true, address: [{ip: 192.0.2.5, prefix-length: 24}]}}]")
        let d = ClusterPolicyRules.check(object: p.object, oldObject: nil, operation: .create, view: sampleView())
        #expect(d.contains { $0.rule == "policy.static-address-multiple-nodes" && $0.severity == .error && $0.message.contains("2 nodes") })
        let pinned = policy("ip", selector: "{kubernetes.io/hostname: w1}", interfaces: "[{name: eth1, type: ethernet, ipv4: {enabled: true, address: [{ip: 192.0.2.5, prefix-length: 24}]}}]")
        #expect(ClusterPolicyRules.check(object: pinned.object, oldObject: nil, operation: .create, view: sampleView()).isEmpty)
    }

    @Test func narrowingTheSelectorStrandsNodes() {
        let old = policy("p", selector: "{node-role.kubernetes.io/worker: ''}", interfaces: "[{name: eth1, type: ethernet}]")
        let new = policy("p", selector: "{zone: a}", interfaces: "[{name: eth1, type: ethernet}]")
        let d = ClusterPolicyRules.check(object: new.object, oldObject: old.object, operation: .update, view: sampleView())
        let s = d.first { $0.rule == "policy.stranded-config" }
        #expect(s?.message.contains("node w3") == true, "\(d)")
        #expect(s?.path.description == "spec.nodeSelector")
        // Acknowledged: allowed.
        var acked = new.object
        acked.set("metadata", nncp("{name: p, annotations: {nncp-guard.io/allow-stranded-config: 'true'}}"))
        #expect(!ClusterPolicyRules.check(object: acked, oldObject: old.object, operation: .update, view: sampleView()).contains { $0.rule == "policy.stranded-config" })
        // Widening strands nothing.
        #expect(ClusterPolicyRules.check(object: old.object, oldObject: new.object, operation: .update, view: sampleView()).isEmpty)
    }

    @Test func selectorMatchingNothingWarns() {
        let p = policy("p", selector: "{zone: z}", interfaces: "[{name: eth1, type: ethernet}]")
        let d = ClusterPolicyRules.check(object: p.object, oldObject: nil, operation: .create, view: sampleView())
        #expect(d.map(\.rule) == ["policy.selector-matches-no-node"])
        #expect(d.first?.severity == .warning)
    }

    @Test func reachingControlPlaneWarns() {
        let old = policy("p", selector: "{node-role.kubernetes.io/worker: ''}", interfaces: "[{name: eth1, type: ethernet}]")
        let new = policy("p", selector: "{}", interfaces: "[{name: eth1, type: ethernet}]")
        let d = ClusterPolicyRules.check(object: new.object, oldObject: old.object, operation: .update, view: sampleView())
        #expect(d.contains { $0.rule == "policy.selector-reaches-control-plane" && $0.message.contains("cp1") })
    }

    @Test(arguments: [
        ("[{name: eth0, type: ethernet, state: down}]", "sets down"),
        ("[{name: eth0, type: ethernet, state: absent}]", "sets absent"),
        ("[{name: eth0, type: ethernet, ipv4: {enabled: false}}]", "disables ipv4"),
        ("[{name: eth0, type: ethernet, ipv4: {enabled: true, address: [{ip: 192.0.2.9, prefix-length: 24}]}}]", "removes the node's address"),
        ("[{name: br0, type: linux-bridge, bridge: {port: [{name: eth0}]}}]", "attaches to br0"),
    ])
    func disruptiveChangesAreDenied(_ interfaces: String, _ expected: String) {
        let p = policy("p", selector: "{kubernetes.io/hostname: w1}", interfaces: interfaces)
        let d = ClusterPolicyRules.check(object: p.object, oldObject: nil, operation: .create, view: sampleView())
        let hit = d.first { $0.rule == "node.disruptive-change" }
        #expect(hit?.message.contains(expected) == true, "\(d)")
        #expect(hit?.message.contains("interface eth0") == true)
        #expect(hit?.message.contains("node w1") == true)
    }

    @Test func safeChangesToTheNodeInterfaceAreAllowed() {
        // Moving the address to the bridge together with the port is the usual pattern.
        let moved = policy("p", selector: "{kubernetes.io/hostname: w1}", interfaces: """
        [{name: br0, type: linux-bridge, ipv4: {enabled: true, dhcp: true}, bridge: {port: [{name: eth0}]}}]
        """)
        #expect(ClusterPolicyRules.check(object: moved.object, oldObject: nil, operation: .create, view: sampleView()).isEmpty)
        let mtu = policy("p", selector: "{kubernetes.io/hostname: w1}", interfaces: "[{name: eth0, type: ethernet, mtu: 9000}]")
        #expect(ClusterPolicyRules.check(object: mtu.object, oldObject: nil, operation: .create, view: sampleView()).isEmpty)
        let acked = policy("p", selector: "{kubernetes.io/hostname: w1}", interfaces: "[{name: eth0, type: ethernet, state: down}]")
        var object = acked.object
        object.set("metadata", nncp("{name: p, annotations: {nncp-guard.io/allow-disruptive: 'true'}}"))
        #expect(ClusterPolicyRules.check(object: object, oldObject: nil, operation: .create, view: sampleView()).isEmpty)
    }

    @Test func indexRemovalForgetsPolicies() {
        var view = sampleView(policies: [policy("a", interfaces: "[{name: eth1, type: ethernet, mtu: 9000}]")])
        view.remove(policy: "a")
        let p = policy("b", selector: "{zone: a}", interfaces: "[{name: eth1, type: ethernet, mtu: 1500}]")
        #expect(ClusterPolicyRules.check(object: p.object, oldObject: nil, operation: .create, view: view).isEmpty)
    }
}
