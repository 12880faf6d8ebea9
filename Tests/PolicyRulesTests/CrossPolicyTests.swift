import Testing
import SourceModel
@testable import PolicyRules

func policy(_ name: String, selector: String = "{}", interfaces: String) -> PolicyEntry {
    PolicyEntry(name: name, object: nncp("""
    apiVersion: nmstate.io/v1
    kind: NodeNetworkConfigurationPolicy
    metadata: {name: \(name)}
    spec:
      nodeSelector: \(selector)
      desiredState:
        interfaces: \(interfaces)
    """), origin: "\(name).yaml")
}

@Suite struct CrossPolicyTests {
    @Test func selectorOverlap() {
        #expect(NodeSelector(["a": "1"]).canOverlap(NodeSelector(["b": "2"])))
        #expect(!NodeSelector(["a": "1"]).canOverlap(NodeSelector(["a": "2"])))
        #expect(NodeSelector().canOverlap(NodeSelector(["a": "2"])))
        #expect(NodeSelector(["a": "1"]).matches(["a": "1", "b": "2"]))
        #expect(!NodeSelector(["a": "1"]).matches(["b": "2"]))
    }

    @Test func differentSettingsOnOverlappingSelectorsConflict() {
        let f = CrossPolicyChecker.check([
            policy("jumbo", selector: "{node-role.kubernetes.io/worker: ''}", interfaces: "[{name: eth1, type: ethernet, mtu: 9000}]"),
            policy("small", selector: "{kubernetes.io/hostname: n1}", interfaces: "[{name: eth1, type: ethernet, mtu: 1500}]"),
        ])
        let c = f.first { $0.diagnostic.rule == "conflict.interface-settings" }
        #expect(c?.policyIndex == 1)
        #expect(c?.otherIndex == 0)
        #expect(c?.diagnostic.path.description == "spec.desiredState.interfaces[0].mtu")
        #expect(c?.diagnostic.message.contains("policy \"jumbo\" (jumbo.yaml:1)") == true)
    }

    @Test func disjointSelectorsDoNotConflict() {
        let f = CrossPolicyChecker.check([
            policy("a", selector: "{kubernetes.io/hostname: n1}", interfaces: "[{name: eth1, type: ethernet, mtu: 9000}]"),
            policy("b", selector: "{kubernetes.io/hostname: n2}", interfaces: "[{name: eth1, type: ethernet, mtu: 1500}]"),
        ])
        #expect(f.isEmpty)
    }

    @Test func compatibleDefinitionsDoNotConflict() {
        let f = CrossPolicyChecker.check([
            policy("a", interfaces: "[{name: eth1, type: ethernet, state: up}]"),
            policy("b", interfaces: "[{name: eth1, type: ethernet, state: up, mtu: 1500}]"),
        ])
        #expect(f.isEmpty)
    }

    @Test func typeMismatch() {
        let f = CrossPolicyChecker.check([
            policy("a", interfaces: "[{name: br0, type: linux-bridge}]"),
            policy("b", interfaces: "[{name: br0, type: ovs-bridge}]"),
        ])
        #expect(f.map(\.diagnostic.rule) == ["conflict.interface-type"])
    }

    @Test func absentVersusConfigured() {
        let f = CrossPolicyChecker.check([
            policy("a", interfaces: "[{name: bond0, type: bond, state: absent}]"),
            policy("b", interfaces: "[{name: bond0, type: bond, link-aggregation: {mode: active-backup}}]"),
        ])
        #expect(f.map(\.diagnostic.rule) == ["conflict.absent-vs-configured"])
    }

    @Test func portUnderTwoControllers() {
        let f = CrossPolicyChecker.check([
            policy("a", interfaces: "[{name: bond0, type: bond, link-aggregation: {mode: active-backup, port: [eth1, eth2]}}]"),
            policy("b", interfaces: "[{name: br0, type: linux-bridge, bridge: {port: [{name: eth2}]}}]"),
        ])
        let c = f.first { $0.diagnostic.rule == "conflict.port-controller" }
        #expect(c?.diagnostic.message.hasPrefix("port eth2 is attached to br0 here but to bond0") == true)
        #expect(c?.diagnostic.path.description == "spec.desiredState.interfaces[0].bridge.port[0]")
    }

    @Test func duplicateStaticAddress() {
        let f = CrossPolicyChecker.check([
            policy("a", selector: "{kubernetes.io/hostname: n1}", interfaces: "[{name: eth1, type: ethernet, ipv4: {enabled: true, address: [{ip: 10.0.0.5, prefix-length: 24}]}}]"),
            policy("b", selector: "{kubernetes.io/hostname: n1}", interfaces: "[{name: eth2, type: ethernet, ipv4: {enabled: true, address: [{ip: 10.0.0.5, prefix-length: 24}]}}]"),
        ])
        #expect(f.map(\.diagnostic.rule) == ["conflict.duplicate-address"])
    }

    @Test func staticAddressOnAMultiNodeSelectorWarns() {
        let f = CrossPolicyChecker.check([
            policy("a", selector: "{node-role.kubernetes.io/worker: ''}", interfaces: "[{name: eth1, type: ethernet, ipv4: {enabled: true, address: [{ip: 10.0.0.5, prefix-length: 24}]}}]"),
        ])
        #expect(f.map(\.diagnostic.rule) == ["policy.static-address-multiple-nodes"])
        #expect(f.first?.diagnostic.severity == .warning)
    }

    @Test func samePolicyNameTwiceIsReportedNotConflicted() {
        let f = CrossPolicyChecker.check([
            policy("a", interfaces: "[{name: eth1, type: ethernet, mtu: 9000}]"),
            policy("a", interfaces: "[{name: eth1, type: ethernet, mtu: 1500}]"),
        ])
        #expect(f.map(\.diagnostic.rule) == ["conflict.duplicate-policy"])
    }
}
