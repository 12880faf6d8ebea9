import Foundation
import KubeAPITesting
import SourceModel
import SourceModelYAML

#if canImport(Glibc)
import Glibc
#endif

/// `fake-cluster`: the fake kube-apiserver of `KubeAPITesting`, filled with
/// a realistic cluster, in a process of its own.
///
/// Why a process of its own: `Benchmarks/cluster-scale.sh` measures the
/// resident memory and CPU time of an `nncp-guard serve` process, which
/// must hold only that process's own work, not the API server's copy of
/// every NodeNetworkState nor the cost of producing them.
///
/// The server speaks plain HTTP on 127.0.0.1 (the wire format of the real
/// one: paged lists with `continue`, watches with bookmarks) and requires a
/// bearer token, which the kubeconfig written to `--kubeconfig-out` carries.
/// NodeNetworkStates are kept encoded (`FakeCluster.keepEncoded`), so lists
/// and watch events go out as stored instead of being serialised per page.
/// `--max-page` caps list pages below the client's `limit` (see
/// `FakeCluster.maxListPage`).
///
/// Commands, one per line on standard input; each answer is one line on
/// standard output starting with `fake-cluster:` and `key=value` fields:
///   push K    K MODIFIED NodeNetworkState events, node after node in a
///             fixed order that visits every node before any twice (each
///             node's next revision: `RealisticCluster.nodeNetworkState(i, revision:)`);
///             answers `pushed` once every event is stored and handed to
///             the watchers.
///   stats     watchers, revision, watches started.
///   quit      (or end of input) stop the server and exit.
struct FakeClusterOptions {
    var nodes = 1000
    var port = 0
    var kubeconfigOut = ""
    var seed: UInt64 = 1
    var rackPolicies = 20
    var token = "nncp-guard-bench"
    var maxPage: Int?

    static let usage = """
    usage: nncp-guard-bench fake-cluster --nodes N --kubeconfig-out FILE [--port 0] [--seed 1] [--rack-policies 20] [--max-page ITEMS]
           nncp-guard-bench fake-cluster-check   (encoded and plain storage answer byte for byte alike)
    """

    init(_ args: [String]) throws {
        var i = 0
        func value() throws -> String {
            i += 1
            guard i < args.count else { throw SoakUsageError("\(args[i - 1]) needs a value") }
            return args[i]
        }
        func int(_ s: String, _ flag: String) throws -> Int {
            guard let v = Int(s), v >= 0 else { throw SoakUsageError("\(flag): not a non-negative integer: \(s)") }
            return v
        }
        while i < args.count {
            let flag = args[i]
            switch flag {
            case "--nodes": nodes = try int(value(), flag)
            case "--port": port = try int(value(), flag)
            case "--kubeconfig-out": kubeconfigOut = try value()
            case "--seed": seed = UInt64(try int(value(), flag))
            case "--rack-policies": rackPolicies = try int(value(), flag)
            case "--max-page": maxPage = try int(value(), flag)
            case "-h", "--help": throw SoakUsageError("")
            default: throw SoakUsageError("unknown argument \(flag)")
            }
            i += 1
        }
        guard nodes > 0 else { throw SoakUsageError("--nodes must be positive") }
        guard !kubeconfigOut.isEmpty else { throw SoakUsageError("--kubeconfig-out is required") }
    }
}

/// The NNCPs already in the benchmark cluster: literal VLANs on the first
/// racks, and two policies with captures (a storage VLAN on the secondary
/// NIC found by name, one per zone), so that admission runs against a
/// cluster that already has policies of both kinds.
enum BenchPolicies {
    static func all(rackPolicies: Int) -> [Value] {
        var out: [Value] = []
        for k in 0..<rackPolicies {
            out.append(yaml("""
            apiVersion: nmstate.io/v1
            kind: NodeNetworkConfigurationPolicy
            metadata: {name: rack-\(k)-vlan-\(3000 + k)}
            spec:
              nodeSelector: {topology.kubernetes.io/rack: rack-\(k)}
              desiredState:
                interfaces:
                - {name: ens35.\(3000 + k), type: vlan, state: up, vlan: {base-iface: ens35, id: \(3000 + k)}, ipv4: {enabled: true, dhcp: true}}
            """))
        }
        for (zone, id) in [("a", 4001), ("b", 4002)] {
            out.append(yaml("""
            apiVersion: nmstate.io/v1
            kind: NodeNetworkConfigurationPolicy
            metadata: {name: storage-vlan-zone-\(zone)}
            spec:
              nodeSelector: {node-role.kubernetes.io/worker: "", topology.kubernetes.io/zone: zone-\(zone)}
              capture:
                secondary: interfaces.name=="ens35"
              desiredState:
                interfaces:
                - name: storage-\(zone)
                  type: vlan
                  state: up
                  vlan: {base-iface: "{{ capture.secondary.interfaces.0.name }}", id: \(id)}
                  ipv4: {enabled: true, dhcp: true}
            """))
        }
        return out
    }
}

/// The update order of `push`: node `(k * stride) % nodes` for event k,
/// with a stride coprime to the node count, so consecutive events hit
/// nodes far apart and every node comes once before any comes twice.
struct PushOrder {
    let nodes: Int
    let stride: Int

    init(nodes: Int) {
        self.nodes = nodes
        var s = 7919 % nodes
        func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
        while nodes > 1, s == 0 || gcd(s, nodes) != 1 { s = (s + 1) % nodes }
        stride = max(1, s)
    }

    func node(_ k: Int) -> Int { (k * stride) % nodes }
}

/// Stored in one place for the command thread and the server task.
final class FakeClusterControl: @unchecked Sendable {
    let server: FakeAPIServer
    let generator: RealisticCluster
    let nodes: Int
    let order: PushOrder
    private var revisions: [Int]
    private var pushed = 0

    init(server: FakeAPIServer, generator: RealisticCluster, nodes: Int) {
        self.server = server
        self.generator = generator
        self.nodes = nodes
        self.order = PushOrder(nodes: nodes)
        self.revisions = Array(repeating: 0, count: nodes)
    }

    /// Runs the commands on standard input until `quit` or its end; only
    /// ever on the one command thread.
    func commandLoop() {
        while let line = readLine() {
            let words = line.split(separator: " ").map(String.init)
            switch words.first {
            case "push":
                push(Int(words.dropFirst().first ?? "") ?? 0)
            case "stats":
                say("stats watchers=\(server.cluster.watcherCount) revision=\(server.cluster.revision) watches_started=\(server.cluster.watchesStarted) pushed_total=\(pushed)")
            case "quit":
                return
            case nil:
                continue
            default:
                say("error unknown_command=\(words[0])")
            }
        }
    }

    private func push(_ count: Int) {
        let start = soakWallNanos()
        var telco = 0
        for _ in 0..<count {
            let i = order.node(pushed)
            pushed += 1
            revisions[i] += 1
            if generator.isTelco(i) { telco += 1 }
            server.cluster.put(.nodeStates, generator.nodeNetworkState(i, revision: revisions[i]))
        }
        let seconds = Double(soakWallNanos() - start) / 1e9
        say(String(format: "pushed events=%d telco=%d seconds=%.2f revision=%d", count, telco, seconds, server.cluster.revision))
    }
}

func say(_ line: String) {
    print("fake-cluster: " + line)
    fflush(nil)
}

func runFakeCluster(_ args: [String]) -> Int32 {
    let options: FakeClusterOptions
    do {
        options = try FakeClusterOptions(args)
    } catch let e as SoakUsageError {
        if !e.message.isEmpty { print("nncp-guard-bench fake-cluster: \(e.message)") }
        print(FakeClusterOptions.usage)
        return 2
    } catch {
        print("nncp-guard-bench fake-cluster: \(error)")
        return 2
    }
    let status = BlockingResult()
    Task.detached {
        do {
            try await FakeAPIServer.withServer(port: options.port) { server in
                try await serveFakeCluster(server, options)
            }
            status.set(0)
        } catch {
            say("error message=\"\(error)\"")
            status.set(1)
        }
    }
    return status.wait()
}

private func serveFakeCluster(_ server: FakeAPIServer, _ options: FakeClusterOptions) async throws {
    server.expectedToken = options.token
    server.cluster.maxListPage = options.maxPage
    let cluster = server.cluster
    cluster.keepEncoded(.nodeStates)
    let generator = RealisticCluster(seed: options.seed)
    let start = soakWallNanos()
    for i in 0..<options.nodes {
        cluster.put(.nodes, generator.node(i))
        cluster.put(.nodeStates, generator.nodeNetworkState(i))
    }
    let policies = BenchPolicies.all(rackPolicies: options.rackPolicies)
    for p in policies { cluster.put(.policies, p) }
    let fillSeconds = Double(soakWallNanos() - start) / 1e9

    let kubeconfig = """
    apiVersion: v1
    kind: Config
    clusters:
    - name: fake
      cluster: {server: "\(server.baseURL)"}
    users:
    - name: bench
      user: {token: \(options.token)}
    contexts:
    - name: fake
      context: {cluster: fake, user: bench}
    current-context: fake

    """
    try kubeconfig.write(toFile: options.kubeconfigOut, atomically: true, encoding: .utf8)
    let statesMB = Double(cluster.storedBytes(.nodeStates)) / 1_048_576
    say(String(format: "ready port=%d nodes=%d policies=%d states_mb=%.1f fill_seconds=%.1f revision=%d max_page=%@",
               server.port, options.nodes, policies.count, statesMB, fillSeconds, cluster.revision, options.maxPage.map(String.init) ?? "none"))

    let control = FakeClusterControl(server: server, generator: generator, nodes: options.nodes)
    // Commands block on standard input and generate states: a thread of
    // their own keeps both off the cooperative pool the server runs on.
    await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
        let thread = Thread {
            control.commandLoop()
            done.resume()
        }
        thread.start()
    }
    say("stopping")
}

/// An exit status handed from a task to the blocked main thread.
final class BlockingResult: @unchecked Sendable {
    private let semaphore = DispatchSemaphore(value: 0)
    private var value: Int32 = 1

    func set(_ v: Int32) {
        value = v
        semaphore.signal()
    }

    func wait() -> Int32 {
        semaphore.wait()
        return value
    }
}
