import Foundation
import KubeAPITesting
import NMStateSchema
import PolicyRules
import SourceModel

/// `pernode [nodes=1000] [iterations=100]`: the per-node engine in process,
/// on realistic NodeNetworkStates (RealisticCluster): cost of filling the
/// view, and of the cluster rules for (a) a literal policy selecting one
/// node and (b) a policy with captures selecting every worker, cold (no
/// shared verdicts) and warm.
func runPerNode(_ args: [String]) -> Int32 {
    let count = args.first.flatMap { Int($0) } ?? 1000
    let iterations = args.count > 1 ? Int(args[1]) ?? 100 : 100
    let cluster = RealisticCluster()
    let before = residentBytes()
    var view = ClusterView()
    var ingest: UInt64 = 0
    for i in 0..<count {
        let node = cluster.node(i)
        let state = cluster.nodeNetworkState(i)
        let start = monotonicNanos()
        if let node = ClusterNode(object: node) { view.upsertNode(node) }
        view.setState(object: state)
        ingest += monotonicNanos() - start
    }
    trimMemory()
    let memory = residentBytes() - before
    print(String(format: "nodes=%d: %.0f µs per node to take in its Node and NodeNetworkState, RSS +%.1f MB (%.1f KB per node)",
                 count, Double(ingest) / 1000 / Double(count), Double(memory) / 1_048_576, Double(memory) / 1024 / Double(count)))
    // Stored policies as a real cluster has them: literal VLANs on racks
    // and two with captures (one per zone).
    for k in 0..<20 {
        view.upsert(PolicyEntry(name: "rack-\(k)", object: yamlValue("""
        metadata: {name: rack-\(k)}
        spec:
          nodeSelector: {topology.kubernetes.io/rack: rack-\(k)}
          desiredState:
            interfaces:
            - {name: ens35.\(3000 + k), type: vlan, state: up, vlan: {base-iface: ens35, id: \(3000 + k)}, ipv4: {enabled: true, dhcp: true}}
        """)))
    }
    for (zone, id) in [("a", 4001), ("b", 4002)] {
        view.upsert(PolicyEntry(name: "storage-\(zone)", object: yamlValue("""
        metadata: {name: storage-\(zone)}
        spec:
          nodeSelector: {node-role.kubernetes.io/worker: "", topology.kubernetes.io/zone: zone-\(zone)}
          capture: {secondary: interfaces.name=="ens35"}
          desiredState:
            interfaces:
            - {name: storage-\(zone), type: vlan, state: up, vlan: {base-iface: "{{ capture.secondary.interfaces.0.name }}", id: \(id)}, ipv4: {enabled: true, dhcp: true}}
        """)))
    }
    var start = monotonicNanos()

    let literal = yamlValue("""
    apiVersion: nmstate.io/v1
    kind: NodeNetworkConfigurationPolicy
    metadata: {name: mtu-one-node}
    spec:
      nodeSelector: {kubernetes.io/hostname: \(cluster.nodeName(5))}
      desiredState:
        interfaces:
        - {name: ens35, type: ethernet, state: up, mtu: 9000}
    """)
    let captures = yamlValue("""
    apiVersion: nmstate.io/v1
    kind: NodeNetworkConfigurationPolicy
    metadata: {name: br-ex}
    spec:
      nodeSelector: {node-role.kubernetes.io/worker: ""}
      capture:
        default-gw: routes.running.destination=="0.0.0.0/0"
        base-iface: interfaces.name==capture.default-gw.routes.running.0.next-hop-interface
      desiredState:
        interfaces:
        - name: br-ex
          type: linux-bridge
          state: up
          ipv4: "{{ capture.base-iface.interfaces.0.ipv4 }}"
          bridge: {options: {stp: {enabled: false}}, port: [{name: "{{ capture.base-iface.interfaces.0.name }}"}]}
        routes:
          config:
          - {destination: 0.0.0.0/0, next-hop-address: "{{ capture.default-gw.routes.running.0.next-hop-address }}", next-hop-interface: br-ex}
    """)
    for (label, object) in [("(a) literal, one node", literal), ("(b) captures, every worker", captures)] {
        let stateless = PolicyValidator().validate(object)
        let evaluator = NodeEvaluator(cache: GroupVerdictCache(), resolutions: ResolutionCache())
        start = monotonicNanos()
        var findings = ClusterPolicyRules.evaluate(object: object, oldObject: nil, operation: .create, view: view, stateless: stateless, evaluator: evaluator)
        let cold = Double(monotonicNanos() - start) / 1000
        var samples: [Double] = []
        for _ in 0..<iterations {
            start = monotonicNanos()
            findings = ClusterPolicyRules.evaluate(object: object, oldObject: nil, operation: .create, view: view, stateless: stateless, evaluator: evaluator)
            samples.append(Double(monotonicNanos() - start) / 1000)
        }
        samples.sort()
        // Without anything remembered from earlier checks, every time.
        var fresh: [Double] = []
        for _ in 0..<(getenv("PERNODE_SKIP_COLD") == nil ? 5 : 0) {
            start = monotonicNanos()
            _ = ClusterPolicyRules.evaluate(object: object, oldObject: nil, operation: .create, view: view, stateless: stateless, evaluator: NodeEvaluator())
            fresh.append(Double(monotonicNanos() - start) / 1000)
        }
        fresh.sort()
        print(String(format: "%@: first %.0f µs, then p50 %.0f µs, p99 %.0f µs; with no caches p50 %.0f µs (%d findings)", label, cold,
                     samples[samples.count / 2], samples[min(samples.count - 1, Int(Double(samples.count) * 0.99))], fresh.isEmpty ? .nan : fresh[fresh.count / 2], findings.diagnostics.count))
        for d in findings.diagnostics.prefix(3) { print("    \(d.severity) [\(d.rule)] \(d.message.prefix(160))") }
    }
    return 0
}

func yamlValue(_ text: String) -> Value { yaml(text) }

/// Hands freed heap back so RSS shows what is kept.
func trimMemory() {
    typealias MallocTrim = @convention(c) (Int) -> Int32
    if let symbol = dlsym(nil, "malloc_trim") { _ = unsafeBitCast(symbol, to: MallocTrim.self)(0) }
}
