import Foundation
import NMStateSchema
import PolicyRules
import SourceModel
import SourceModelYAML

#if canImport(Glibc)
import Glibc
#endif

/// Cluster-rule benchmark: a cache of `nodes` Nodes (with NodeNetworkStates)
/// and `policies` NNCPs, then the full validate path (stateless rules plus
/// cluster rules) for new policies. Prints p50/p99 and cache memory.
/// Usage: nncp-guard-bench cluster [nodes] [policies...]

func monotonicNanos() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}

func residentBytes() -> Int {
    guard let f = fopen("/proc/self/statm", "r") else { return 0 }
    defer { fclose(f) }
    var size = 0, resident = 0
    _ = withUnsafeMutablePointer(to: &size) { s in withUnsafeMutablePointer(to: &resident) { r in
        withVaList([s, r]) { vfscanf(f, "%ld %ld", $0) }
    } }
    return resident * Int(sysconf(Int32(_SC_PAGESIZE)))
}

func yaml(_ text: String) -> Value { (try? YAMLLoader().loadSingle(text)) ?? .null }

func makeNodes(_ count: Int) -> [ClusterNode] {
    (0..<count).map { i in
        ClusterNode(name: "node-\(i)", labels: [
            "kubernetes.io/hostname": "node-\(i)",
            "node-role.kubernetes.io/worker": "",
            "zone": "zone-\(i % 10)",
            "rack": "rack-\(i % 250)",
        ], internalIPs: ["10.\(i / 65536).\((i / 256) % 256).\(i % 256)"])
    }
}

func state(ip: String) -> Value {
    yaml("""
    interfaces:
    - {name: eth0, type: ethernet, state: up, ipv4: {enabled: true, address: [{ip: \(ip), prefix-length: 16}]}}
    - {name: eth1, type: ethernet, state: up}
    routes:
      running: [{destination: 0.0.0.0/0, next-hop-interface: eth0, next-hop-address: 10.0.0.1}]
    """)
}

/// Policy i: a VLAN on eth1 with its own id, on one rack; every 10th a bond on one node.
func makePolicy(_ i: Int) -> PolicyEntry {
    let text: String
    if i % 10 == 0 {
        text = """
        apiVersion: nmstate.io/v1
        kind: NodeNetworkConfigurationPolicy
        metadata: {name: bond-\(i)}
        spec:
          nodeSelector: {kubernetes.io/hostname: node-\(i % 5000)}
          desiredState:
            interfaces:
            - {name: bond\(i), type: bond, state: up, link-aggregation: {mode: active-backup, port: [ens\(i)a, ens\(i)b]}}
        """
    } else {
        text = """
        apiVersion: nmstate.io/v1
        kind: NodeNetworkConfigurationPolicy
        metadata: {name: vlan-\(i)}
        spec:
          nodeSelector: {rack: rack-\(i % 250)}
          desiredState:
            interfaces:
            - {name: eth1.\(i % 4000 + 2), type: vlan, state: up, vlan: {base-iface: eth1, id: \(i % 4000 + 2)}, ipv4: {enabled: true, dhcp: true}}
        """
    }
    return PolicyEntry(name: i % 10 == 0 ? "bond-\(i)" : "vlan-\(i)", object: yaml(text))
}

func newPolicy(_ k: Int) -> Value {
    yaml("""
    apiVersion: nmstate.io/v1
    kind: NodeNetworkConfigurationPolicy
    metadata: {name: new-\(k)}
    spec:
      nodeSelector: {zone: zone-\(k % 10)}
      desiredState:
        interfaces:
        - name: bond-new\(k)
          type: bond
          state: up
          link-aggregation: {mode: 802.3ad, port: [ens9\(k)a, ens9\(k)b], options: {miimon: 100}}
        - {name: bond-new\(k).\(100 + k % 50), type: vlan, state: up, vlan: {base-iface: bond-new\(k), id: \(100 + k % 50)}}
    """)
}

struct Result {
    var p50: Double
    var p99: Double
    var memory: Int
}

func run(nodes nodeCount: Int, policies policyCount: Int, iterations: Int) -> Result {
    let before = residentBytes()
    let nodes = makeNodes(nodeCount)
    var states: [String: Value] = [:]
    for n in nodes { states[n.name] = state(ip: n.internalIPs[0]) }
    let view = ClusterView(nodes: nodes, policies: (0..<policyCount).map(makePolicy), states: states)
    let memory = residentBytes() - before
    let validator = PolicyValidator()
    let inputs = (0..<64).map(newPolicy)
    var samples: [Double] = []
    samples.reserveCapacity(iterations)
    var sink = 0
    for i in 0..<iterations {
        let object = inputs[i % inputs.count]
        let start = monotonicNanos()
        let stateless = validator.validate(object)
        let cluster = ClusterPolicyRules.check(object: object, oldObject: nil, operation: .create, view: view)
        sink &+= stateless.count &+ cluster.count
        samples.append(Double(monotonicNanos() - start) / 1000)
    }
    if sink == -1 { print(sink) }
    samples.sort()
    return Result(p50: samples[samples.count / 2], p99: samples[Int(Double(samples.count) * 0.99)], memory: memory)
}

let args = Array(CommandLine.arguments.dropFirst())

/// `validate FILE [iterations]`: per-request cost of the stateless admission
/// work on one AdmissionReview body: JSON parse, then every rule.
if args.first == "validate", args.count > 1 {
    let bytes = Array(FileManager.default.contents(atPath: args[1]) ?? Data())
    let iterations = args.count > 2 ? Int(args[2]) ?? 20000 : 20000
    let reader = JSONReader()
    let validator = PolicyValidator()
    guard let review = try? reader.parse(bytes), let object = review["request"]?["object"] else {
        print("not an AdmissionReview: \(args[1])"); exit(2)
    }
    let old = review["request"]?["oldObject"]
    var sink = 0
    var start = monotonicNanos()
    for _ in 0..<iterations { if let v = try? reader.parse(bytes) { sink &+= v.members?.count ?? 0 } }
    let parse = Double(monotonicNanos() - start) / Double(iterations) / 1000
    start = monotonicNanos()
    for _ in 0..<iterations { sink &+= validator.validate(object, oldObject: old, operation: old == nil ? .create : .update).count }
    let validate = Double(monotonicNanos() - start) / Double(iterations) / 1000
    start = monotonicNanos()
    for _ in 0..<iterations { sink &+= DesiredStateValidator().validate(object["spec"]?["desiredState"] ?? .null).diagnostics.count }
    let desired = Double(monotonicNanos() - start) / Double(iterations) / 1000
    print(String(format: "%@ (%d bytes): parse %.1f µs, PolicyValidator %.1f µs (desired state alone %.1f µs) per request [%d]", args[1], bytes.count, parse, validate, desired, sink % 7))
    exit(0)
}

/// `soak --port P --ca FILE …`: response-checking HTTPS load against a
/// running server (Soak.swift; driven by Benchmarks/soak.sh).
if args.first == "soak" {
    exit(runSoak(Array(args.dropFirst())))
}

/// `pernode [nodes] [iterations]`: the per-node engine on realistic states (PerNode.swift).
if args.first == "pernode" {
    exit(runPerNode(Array(args.dropFirst())))
}

/// `statestore [nodes]`: Value trees vs StatePool storage of node states
/// (StateStoreBench.swift).
if args.first == "statestore" {
    exit(runStateStoreBench(Array(args.dropFirst())))
}

/// `fake-cluster --nodes N --kubeconfig-out FILE`: a fake API server with a
/// realistic cluster, driven over stdin (FakeClusterMode.swift; used by
/// Benchmarks/cluster-scale.sh). `fake-cluster-check`: its encoded storage
/// answers as the plain one does.
if args.first == "fake-cluster" {
    exit(runFakeCluster(Array(args.dropFirst())))
}
if args.first == "fake-cluster-check" {
    exit(runFakeClusterCheck())
}

/// `probe --port P --ca FILE --body REVIEW`: sequential /validate latency
/// over one TLS connection (Probe.swift).
if args.first == "probe" {
    exit(runProbe(Array(args.dropFirst())))
}

guard args.first == "cluster" else {
    print("usage: nncp-guard-bench cluster [nodes=5000] [policies=1000,10000] [iterations=3000]")
    print("       nncp-guard-bench validate FILE [iterations]")
    print("       nncp-guard-bench statestore [nodes=1000] [--threshold 64[,96,…]]")
    print("       nncp-guard-bench soak --port P --ca FILE [--requests N] [--concurrency C] … (see soak --help)")
    print("       nncp-guard-bench fake-cluster --nodes N --kubeconfig-out FILE [--port P] (commands on stdin: push K, stats, quit)")
    print("       nncp-guard-bench fake-cluster-check")
    print("       nncp-guard-bench probe --port P --ca FILE --body REVIEW.json [--requests 300] [--warmup 20]")
    exit(2)
}
let nodeCount = args.count > 1 ? Int(args[1]) ?? 5000 : 5000
let sizes = args.count > 2 ? args[2].split(separator: ",").compactMap { Int($0) } : [1000, 10000]
let iterations = args.count > 3 ? Int(args[3]) ?? 3000 : 3000
var results: [(Int, Result)] = []
for size in sizes {
    let r = run(nodes: nodeCount, policies: size, iterations: iterations)
    results.append((size, r))
    print(String(format: "nodes=%d policies=%6d  validate p50=%8.1f µs  p99=%8.1f µs  cache memory=%6.1f MB", nodeCount, size, r.p50, r.p99, Double(r.memory) / 1_048_576))
}
if results.count >= 2 {
    let (small, a) = results[0], (large, b) = results[results.count - 1]
    print(String(format: "ratio p50 %d/%d policies: %.2fx  (1.00 = no growth with unrelated policies)", large, small, b.p50 / a.p50))
    print(String(format: "ratio p99 %d/%d policies: %.2fx", large, small, b.p99 / a.p99))
}
