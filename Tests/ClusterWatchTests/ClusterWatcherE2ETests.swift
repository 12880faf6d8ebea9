import Admission
import Foundation
import KubeAPI
import KubeAPITesting
import Logging
import PolicyRules
import SourceModel
import SourceModelYAML
import Testing
@testable import ClusterWatch

/// `ClusterWatcher` end to end: real informers and a real `KubeClient`
/// against the in-process fake API server (HTTP, list pages, watch streams).
/// No fixed sleeps: every wait polls with a deadline (`eventually`).
@Suite("cluster watcher against the fake API server")
struct ClusterWatcherE2ETests {
    // MARK: - Sync and readiness

    @Test func unavailableUntilEveryCacheHasSynced() async throws {
        try await FakeAPIServer.withClient { server, client in
            E2E.seed(server)
            let watcher = E2E.watcher(client)
            // Not started: nothing synced, every cache named.
            let before = watcher.check(object: E2E.policy("new", zone: "a", mtu: 1500), oldObject: nil, operation: .create)
            #expect(before.diagnostics.isEmpty)
            let reason = try #require(before.unavailableReason)
            for source in ClusterState.Source.allCases { #expect(reason.contains(source.rawValue)) }
            #expect(watcher.notReadyReason != nil)

            // Hold the NodeNetworkState list inside the server: the other two
            // caches sync, the watcher still answers `.unavailable`.
            let gate = Gate()
            server.addFault(method: "GET", pathContains: "/nodenetworkstates", .hold(gate))
            defer { gate.open() }
            try await E2E.running(watcher) {
                try await eventually("nodes and policies synced") { watcher.state.syncedSources == [.nodes, .policies] }
                let during = watcher.check(object: E2E.policy("new", zone: "a", mtu: 1500), oldObject: nil, operation: .create)
                #expect(during.diagnostics.isEmpty)
                #expect(during.unavailableReason?.contains(ClusterState.Source.states.rawValue) == true)
                #expect(during.unavailableReason?.contains(ClusterState.Source.nodes.rawValue) == false)
                #expect(watcher.notReadyReason?.contains(ClusterState.Source.states.rawValue) == true)

                gate.open()
                try await eventually("ready") { watcher.notReadyReason == nil }
                #expect(watcher.check(object: E2E.policy("new", zone: "a", mtu: 1500), oldObject: nil, operation: .create).unavailableReason == nil)
                #expect(watcher.state.view.stateNames == ["n1", "n2", "n3"])
            }
        }
    }

    // MARK: - Conflicts from the live view

    @Test func conflictsFollowPoliciesAddedAndDeletedInTheCluster() async throws {
        try await FakeAPIServer.withClient { server, client in
            E2E.seed(server)
            let watcher = E2E.watcher(client)
            try await E2E.running(watcher) {
                try await eventually("ready") { watcher.notReadyReason == nil }
                let view = watcher.state.view
                #expect(view.nodes.map(\.name) == ["n1", "n2", "n3"])
                #expect(view.node(named: "n1")?.internalIPs == ["10.0.0.1"])
                #expect(view.node(named: "n3")?.labels["zone"] == "b")
                #expect(view.policies.keys.sorted() == ["jumbo-a"])

                // Zone a (n1, n2) is shared with the stored jumbo-a: conflict.
                let inA = watcher.check(object: E2E.policy("new-a", zone: "a", mtu: 1500), oldObject: nil, operation: .create)
                #expect(inA.unavailableReason == nil)
                let conflict = try #require(inA.diagnostics.first { $0.rule == E2E.conflictRule })
                #expect(conflict.message.contains("\"jumbo-a\""))
                #expect(conflict.message.contains("n1"))
                // The same settings agree; zone b shares no node with jumbo-a.
                #expect(E2E.conflicts(watcher, E2E.policy("same-a", zone: "a", mtu: 9000)).isEmpty)
                #expect(E2E.conflicts(watcher, E2E.policy("new-b", zone: "b", mtu: 1500)).isEmpty)
                // Updating the stored policy itself is not a conflict with itself.
                let stored = E2E.policy("jumbo-a", zone: "a", mtu: 9000)
                #expect(watcher.check(object: E2E.policy("jumbo-a", zone: "a", mtu: 1500), oldObject: stored, operation: .update)
                    .diagnostics.filter { $0.rule == E2E.conflictRule }.isEmpty)

                // A policy created in the cluster later becomes visible.
                server.cluster.put(.policies, E2E.policy("jumbo-b", zone: "b", mtu: 9000))
                try await eventually("jumbo-b in the view") { !E2E.conflicts(watcher, E2E.policy("new-b", zone: "b", mtu: 1500)).isEmpty }
                #expect(E2E.conflicts(watcher, E2E.policy("new-b", zone: "b", mtu: 1500)).first?.message.contains("\"jumbo-b\"") == true)

                // Deleting it removes the conflict.
                #expect(server.cluster.remove(.policies, name: "jumbo-b") != nil)
                try await eventually("jumbo-b gone") { E2E.conflicts(watcher, E2E.policy("new-b", zone: "b", mtu: 1500)).isEmpty }
                #expect(watcher.state.view.policies.keys.sorted() == ["jumbo-a"])
                // A node relabelled into zone b now shares jumbo-a's nodes no more.
                server.cluster.put(.nodes, E2E.node("n2", zone: "b", ip: "10.0.0.2"))
                try await eventually("n2 relabelled") { watcher.state.view.node(named: "n2")?.labels["zone"] == "b" }
                #expect(E2E.conflicts(watcher, E2E.policy("new-a", zone: "a", mtu: 1500)).first?.message.contains("n2") == false)
            }
        }
    }

    // MARK: - API server outages

    /// The server goes away for good with the staleness check off
    /// (`--cluster-stale-after 0`): the watcher keeps answering from the
    /// last view it had (and stays ready) while its informers retry.
    /// FaultTests covers the default, where the view turns unavailable.
    @Test func keepsAnsweringFromItsLastViewWhenTheServerStopsAndStalenessIsOff() async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            defer { group.cancelAll() }
            // The client outlives the server; it is shut down on every path.
            let (client, watcher, errorsBefore) = try await FakeAPIServer.withServer { server in
                E2E.seed(server)
                // A short connect timeout: once the port is closed, the HTTP
                // client retries connecting until it, so it paces this test.
                let client = try KubeClient(configuration: KubeConfiguration(
                    server: server.baseURL, userAgent: "nncp-guard/test",
                    timeouts: Timeouts(connect: .milliseconds(200), request: .seconds(5), watchGrace: .seconds(2)),
                    source: "fake API server"))
                do {
                    let watcher = E2E.watcher(client, staleAfter: .zero)
                    group.addTask { try await watcher.run() }
                    try await eventually("ready") { watcher.notReadyReason == nil }
                    try await eventually("three open watches") { server.cluster.watcherCount == 3 }
                    return (client, watcher, E2E.errors(watcher))
                } catch {
                    group.cancelAll()
                    try? await client.shutdown()
                    throw error
                }
            }
            do {
                // Every informer noticed: its watch broke and reconnecting fails.
                try await eventually("failed reconnects") { zip(E2E.errors(watcher), errorsBefore).allSatisfy { $0 >= $1 + 2 } }
                #expect(watcher.notReadyReason == nil)
                let result = watcher.check(object: E2E.policy("new-a", zone: "a", mtu: 1500), oldObject: nil, operation: .create)
                #expect(result.unavailableReason == nil)
                #expect(result.diagnostics.contains { $0.rule == E2E.conflictRule && $0.message.contains("\"jumbo-a\"") })
                #expect(watcher.state.view.nodes.count == 3)
                #expect(watcher.state.view.policies.keys.sorted() == ["jumbo-a"])
                #expect(!watcher.state.failures.isEmpty)
            } catch {
                group.cancelAll()
                try? await client.shutdown()
                throw error
            }
            group.cancelAll()
            try await group.waitForAll()
            try await client.shutdown()
        }
    }

    /// An outage the fake scripts (every request dropped, open watches cut):
    /// the watcher keeps its view, and once the server answers again it
    /// resyncs and sees what changed meanwhile, also when the history it
    /// would resume from was compacted away (410, relist). FaultTests takes
    /// the server away for real (stopListening/startListening).
    @Test(arguments: [false, true])
    func resyncsAfterAnOutage(historyCompacted: Bool) async throws {
        try await FakeAPIServer.withClient { server, client in
            E2E.seed(server)
            let watcher = E2E.watcher(client)
            try await E2E.running(watcher) {
                try await eventually("ready") { watcher.notReadyReason == nil }
                try await eventually("three open watches") { server.cluster.watcherCount == 3 }
                let errorsBefore = E2E.errors(watcher)

                server.addFault(.drop, times: 1_000_000)
                server.cluster.dropWatches()
                try await eventually("failed reconnects") { zip(E2E.errors(watcher), errorsBefore).allSatisfy { $0 >= $1 + 2 } }
                // Changes while the watcher is away.
                server.cluster.put(.policies, E2E.policy("jumbo-b", zone: "b", mtu: 9000))
                server.cluster.remove(.policies, name: "jumbo-a")
                server.cluster.put(.nodes, E2E.node("n4", zone: "b", ip: "10.0.0.4"))
                if historyCompacted { server.cluster.compact() }
                // Still answering from the old view.
                #expect(watcher.notReadyReason == nil)
                #expect(!E2E.conflicts(watcher, E2E.policy("new-a", zone: "a", mtu: 1500)).isEmpty)
                #expect(E2E.conflicts(watcher, E2E.policy("new-b", zone: "b", mtu: 1500)).isEmpty)

                server.clearFaults()
                try await eventually("the changes made during the outage") {
                    watcher.state.view.policies.keys.sorted() == ["jumbo-b"] && watcher.state.view.node(named: "n4") != nil
                }
                #expect(E2E.conflicts(watcher, E2E.policy("new-a", zone: "a", mtu: 1500)).isEmpty)
                let conflict = try #require(E2E.conflicts(watcher, E2E.policy("new-b", zone: "b", mtu: 1500)).first)
                #expect(conflict.message.contains("\"jumbo-b\""))
                #expect(conflict.message.contains("n4"))
                if historyCompacted {
                    #expect(watcher.informers.contains { $0.1.statistics.relistsAfterGone > 0 })
                }
                // And it is watching again: a later change arrives too.
                try await eventually("three open watches again") { server.cluster.watcherCount == 3 }
                server.cluster.remove(.policies, name: "jumbo-b")
                try await eventually("jumbo-b gone") { watcher.state.view.policies.isEmpty }
            }
        }
    }
}

/// Objects and plumbing for the end-to-end tests (FaultTests uses them too).
enum E2E {
    static let conflictRule = "conflict.interface-settings"

    /// Quick retries so outages heal in milliseconds; small pages so the
    /// initial lists take several requests.
    static let options = InformerOptions(pageSize: 2, watchTimeoutSeconds: 60...60,
                                         backoff: Backoff(initial: .milliseconds(10), maximum: .milliseconds(100), multiplier: 2, jitter: 0.5))

    static func watcher(_ client: KubeClient, options: InformerOptions = options,
                        staleAfter: Duration = ClusterWatcher.defaultStaleAfter,
                        now: @escaping @Sendable () -> Date = { Date() }) -> ClusterWatcher {
        ClusterWatcher(client: client, options: options, staleAfter: staleAfter, now: now,
                       logger: Logger(label: "cluster-watch-e2e") { _ in SwiftLogNoOpLogHandler() })
    }

    /// Runs `watcher` in a child task for the duration of `body`.
    static func running<T: Sendable>(_ watcher: ClusterWatcher, _ body: () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await watcher.run() }
            defer { group.cancelAll() }
            return try await body()
        }
    }

    /// Three nodes (n1, n2 in zone a; n3 in zone b), their NodeNetworkStates,
    /// and one policy setting eth1's MTU to 9000 in zone a.
    static func seed(_ server: FakeAPIServer) {
        for (name, zone, ip) in [("n1", "a", "10.0.0.1"), ("n2", "a", "10.0.0.2"), ("n3", "b", "10.0.0.3")] {
            server.cluster.put(.nodes, node(name, zone: zone, ip: ip))
            server.cluster.put(.nodeStates, state(name, ip: ip))
        }
        server.cluster.put(.policies, policy("jumbo-a", zone: "a", mtu: 9000))
    }

    static func conflicts(_ watcher: ClusterWatcher, _ policy: Value) -> [Diagnostic] {
        watcher.check(object: policy, oldObject: nil, operation: .create).diagnostics.filter { $0.rule == conflictRule }
    }

    /// Failed lists and watches per informer.
    static func errors(_ watcher: ClusterWatcher) -> [Int] {
        watcher.informers.map { $0.1.statistics.errors }
    }

    static func yaml(_ text: String) -> Value {
        do {
            return try YAMLLoader().loadSingle(text)
        } catch {
            Issue.record("bad test YAML: \(error)")
            return .null
        }
    }

    static func node(_ name: String, zone: String, ip: String) -> Value {
        yaml("""
        apiVersion: v1
        kind: Node
        metadata: {name: \(name), labels: {kubernetes.io/hostname: \(name), zone: \(zone)}}
        status:
          addresses: [{type: InternalIP, address: \(ip)}, {type: Hostname, address: \(name)}]
          conditions: [{type: Ready, status: "True"}]
        """)
    }

    static func state(_ name: String, ip: String) -> Value {
        yaml("""
        apiVersion: nmstate.io/v1beta1
        kind: NodeNetworkState
        metadata: {name: \(name)}
        status:
          currentState:
            interfaces:
            - {name: eth0, type: ethernet, state: up, ipv4: {enabled: true, address: [{ip: \(ip), prefix-length: 24}]}}
            - {name: eth1, type: ethernet, state: up, mtu: 1500}
            routes: {running: [{destination: 0.0.0.0/0, next-hop-interface: eth0, next-hop-address: 10.0.0.254}]}
        """)
    }

    static func policy(_ name: String, zone: String, mtu: Int) -> Value {
        yaml("""
        apiVersion: nmstate.io/v1
        kind: NodeNetworkConfigurationPolicy
        metadata: {name: \(name)}
        spec:
          nodeSelector: {zone: \(zone)}
          desiredState: {interfaces: [{name: eth1, type: ethernet, state: up, mtu: \(mtu)}]}
        """)
    }
}
