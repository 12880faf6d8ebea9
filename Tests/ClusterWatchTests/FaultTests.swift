import Admission
import Foundation
import KubeAPI
import KubeAPITesting
import Logging
import PolicyRules
import SourceModel
import Testing
@testable import ClusterWatch

/// Full mode under API server faults: the server goes away mid-watch,
/// answers 500, answers 410, is slow or stalls. Each test drives the real
/// `AdmissionController` backed by a `ClusterWatcher` whose informers talk
/// HTTP to the in-process fake API server, and checks that
///
/// - admission keeps answering throughout (a background prober sends a
///   review every few milliseconds): the rule path never waits on the
///   network. Nothing is timed; a decision that waited on the network
///   would hang with the stalled or held requests below, and the prober's
///   count would stop;
/// - once a cache has failed for longer than `--cluster-stale-after` (30 s
///   here), decisions follow `--cluster-unavailable` (warn: allowed, the
///   stateless rules still enforce, a warning names the cache and the
///   error; deny: denied), while a quick reconnect never gets that far;
/// - when the API answers again the caches resync and the cluster rules
///   see what changed meanwhile.
///
/// Staleness runs on a `ManualClock`, so no test waits 30 s; everything
/// else polls with `eventually`, never a fixed sleep. The client's own
/// timeouts run on the real clock (the informers take no clock), so each
/// test keeps short only the timeouts its faults are about.
@Suite("full mode under API server faults")
struct FaultTests {
    // MARK: - The API server goes away

    @Test func apiServerGoesAwayMidWatch() async throws {
        try await Rig.run { rig in
            #expect(try rig.decide(.warn, E2E.policy("new-a", zone: "a", mtu: 1500)).deniedFor("conflict.interface-settings"))

            await rig.server.stopListening()
            #expect(!rig.server.isListening)
            try await eventually("every cache failing") { rig.watcher.state.failures.count == 3 }
            // Just failed: still the last view, and still ready.
            #expect(rig.watcher.state.unavailableReason == nil)
            #expect(try rig.decide(.deny, E2E.policy("new-a", zone: "a", mtu: 1500)).deniedFor("conflict.interface-settings"))
            try await rig.expectAnswering()

            rig.clock.advance(by: .seconds(31))
            let reason = try #require(rig.watcher.state.unavailableReason)
            for source in ClusterState.Source.allCases { #expect(reason.contains(source.rawValue), "\(reason)") }
            #expect(reason.hasPrefix("NodeNetworkConfigurationPolicies"), "\(reason)")
            // A cut watch (transport), or a reconnect that found no listener (connect timeout).
            #expect(reason.contains(" list/watch failing since 2023-11-14T22:13:20Z (31s): transport: ") || reason.contains(" list/watch failing since 2023-11-14T22:13:20Z (31s): timeout: "), "\(reason)")
            try rig.expectUnavailableBehaviour(source: .policies)
            // By design a stale view leaves the replica ready (see ClusterWatcher).
            #expect(rig.watcher.notReadyReason == nil)
            try await rig.expectAnswering()

            // While it is away: n2 moves to zone b, a policy arrives there.
            rig.server.cluster.put(.nodes, E2E.node("n2", zone: "b", ip: "10.0.0.2"))
            rig.server.cluster.put(.policies, E2E.policy("jumbo-b", zone: "b", mtu: 9000))

            try await rig.server.startListening()
            try await rig.expectResynced("n2 in zone b, jumbo-b") {
                $0.node(named: "n2")?.labels["zone"] == "b" && $0.policies["jumbo-b"] != nil
            }
            let newB = try rig.decide(.deny, E2E.policy("new-b", zone: "b", mtu: 1500))
            #expect(newB.deniedFor("conflict.interface-settings"))
            #expect(newB.message.contains("\"jumbo-b\"") && newB.message.contains("n2"), "\(newB.message)")
            let stillA = try #require(E2E.conflicts(rig.watcher, E2E.policy("new-a", zone: "a", mtu: 1500)).first)
            #expect(stillA.message.contains("n1") && !stillA.message.contains("n2"), "\(stillA.message)")
            try await rig.expectAnswering()
        }
    }

    // MARK: - 500

    @Test func internalServerErrorsOnListAndWatch() async throws {
        try await Rig.run { rig in
            rig.server.addFault(.status(500, reason: "InternalError"), times: 1_000_000)
            rig.server.cluster.dropWatches()
            // First the cut connection, then the 500s.
            try await eventually("every cache getting 500s") {
                rig.watcher.state.failures.count == 3
                    && rig.watcher.state.failures.values.allSatisfy { $0.lastError.contains("500") }
            }
            try await rig.expectAnswering()
            #expect(rig.watcher.state.unavailableReason == nil)

            rig.clock.advance(by: .seconds(45))
            let reason = try #require(rig.watcher.state.unavailableReason)
            // Failing alike: one clause for the three caches.
            #expect(reason == "NodeNetworkConfigurationPolicies, Nodes, NodeNetworkStates list/watch failing since 2023-11-14T22:13:20Z (45s): other (500 InternalError): injected fault: InternalError")
            try rig.expectUnavailableBehaviour(source: .policies, error: "500 InternalError")
            try await rig.expectAnswering()

            // Meanwhile: jumbo-a is deleted, jumbo-b and node n4 (zone b) appear.
            rig.server.cluster.remove(.policies, name: "jumbo-a")
            rig.server.cluster.put(.policies, E2E.policy("jumbo-b", zone: "b", mtu: 9000))
            rig.server.cluster.put(.nodes, E2E.node("n4", zone: "b", ip: "10.0.0.4"))

            rig.server.clearFaults()
            try await rig.expectResynced("jumbo-a gone, jumbo-b and n4 there") {
                $0.policies.keys.sorted() == ["jumbo-b"] && $0.node(named: "n4") != nil
            }
            #expect(try rig.decide(.deny, E2E.policy("new-a", zone: "a", mtu: 1500)).allowed)
            let newB = try rig.decide(.deny, E2E.policy("new-b", zone: "b", mtu: 1500))
            #expect(newB.deniedFor("conflict.interface-settings"))
            #expect(newB.message.contains("\"jumbo-b\"") && newB.message.contains("n4"), "\(newB.message)")
        }
    }

    // MARK: - 410

    @Test func goneWhileReconnectingAndAFailingRelist() async throws {
        try await Rig.run { rig in
            // 1. A 410 (an ERROR event: the version was compacted away while
            // the reconnects were held) followed by a good relist is routine.
            let gate = Gate()
            rig.server.addFault(watchOnly: true, .hold(gate), times: 3)
            let watchesBefore = rig.server.requests.filter(\.isWatch).count
            rig.server.cluster.dropWatches()
            try await eventually("three held reconnects") { rig.server.requests.filter(\.isWatch).count >= watchesBefore + 3 }
            rig.server.cluster.put(.policies, E2E.policy("jumbo-b", zone: "b", mtu: 9000))
            rig.server.cluster.compact()
            gate.open()
            try await eventually("every cache relisted after 410") {
                rig.watcher.informers.allSatisfy { $0.1.statistics.relistsAfterGone >= 1 }
                    && rig.watcher.state.failures.isEmpty && rig.watcher.state.view.policies["jumbo-b"] != nil
            }
            rig.clock.advance(by: .seconds(600))
            #expect(rig.watcher.state.unavailableReason == nil)
            let newB = try rig.decide(.deny, E2E.policy("new-b", zone: "b", mtu: 1500))
            #expect(newB.deniedFor("conflict.interface-settings") && newB.message.contains("\"jumbo-b\""), "\(newB.message)")

            // 2. A 410 whose relist keeps failing: that is an outage.
            rig.server.addFault(watchOnly: false, .status(503, reason: "ServiceUnavailable"), times: 1_000_000)
            rig.server.addFault(watchOnly: true, .status(410, reason: "Expired"), times: 3)
            let relists = rig.watcher.informers.map { $0.1.statistics.relistsAfterGone }
            rig.server.cluster.dropWatches()
            try await eventually("410, then failing relists") {
                zip(rig.watcher.informers, relists).allSatisfy { $0.1.statistics.relistsAfterGone > $1 && $0.1.statistics.errors > 0 }
                    && rig.watcher.state.failures.count == 3
                    && rig.watcher.state.failures.values.allSatisfy { $0.lastError.contains("503") }
            }
            #expect(rig.watcher.state.unavailableReason == nil)
            rig.clock.advance(by: .seconds(31))
            let reason = try #require(rig.watcher.state.unavailableReason)
            #expect(reason.contains("NodeNetworkStates list/watch failing since 2023-11-14T22:23:20Z (31s): other (503 ServiceUnavailable)"), "\(reason)")
            #expect(!reason.contains("GET /"), "the request line is left out: \(reason)")
            try rig.expectUnavailableBehaviour(source: .policies, error: "503")
            try await rig.expectAnswering()

            rig.server.cluster.put(.nodes, E2E.node("n2", zone: "b", ip: "10.0.0.2"))
            rig.server.clearFaults()
            try await rig.expectResynced("n2 in zone b") { $0.node(named: "n2")?.labels["zone"] == "b" }
            let again = try rig.decide(.warn, E2E.policy("new-b", zone: "b", mtu: 1500))
            #expect(again.deniedFor("conflict.interface-settings") && again.message.contains("n2"), "\(again.message)")
        }
    }

    // MARK: - Slow

    /// Every answer comes later than the client's request timeout: so
    /// much later that no amount of load lets one arrive in time.
    @Test func slowAPIServer() async throws {
        try await Rig.run(timeouts: Rig.shortTimeouts) { rig in
            rig.server.addFault(.delay(.seconds(60)), times: 1_000_000)
            rig.server.cluster.dropWatches()
            try await eventually("every cache timing out") {
                rig.watcher.state.failures.count == 3
                    && rig.watcher.state.failures.values.allSatisfy { $0.lastError.contains("timeout") }
            }
            try await rig.expectAnswering()
            rig.clock.advance(by: .seconds(31))
            try rig.expectUnavailableBehaviour(source: .policies, error: "timeout")
            try await rig.expectAnswering()

            rig.server.cluster.remove(.policies, name: "jumbo-a")
            rig.server.clearFaults()
            try await rig.expectResynced("jumbo-a gone") { $0.policies.isEmpty }
            #expect(try rig.decide(.deny, E2E.policy("new-a", zone: "a", mtu: 1500)).allowed)
        }
    }

    /// A watch the server accepts and then never feeds (not even its end at
    /// `timeoutSeconds`) is abandoned and followed by a relist; a server
    /// that hangs on everything is an outage.
    @Test func stalledWatchStreamAndHungServer() async throws {
        var options = E2E.options
        options.watchTimeoutSeconds = 1...1
        try await Rig.run(options: options, timeouts: Rig.shortTimeouts) { rig in
            // 1. One stalled NNCP watch: the policy created meanwhile arrives by relist.
            let policyWatches = { rig.server.requests.filter { $0.isWatch && $0.path.hasSuffix("/nodenetworkconfigurationpolicies") }.count }
            let watchesBefore = policyWatches()
            let informer = try #require(rig.watcher.informers.first { $0.0 == .policies }?.1)
            let listsBefore = informer.statistics.lists
            rig.server.addFault(pathContains: "/nodenetworkconfigurationpolicies", watchOnly: true, .stall)
            try await eventually("the stalled watch") { policyWatches() > watchesBefore }
            rig.server.cluster.put(.policies, E2E.policy("jumbo-b", zone: "b", mtu: 9000))
            try await eventually("jumbo-b, by relist") { rig.watcher.state.view.policies["jumbo-b"] != nil }
            #expect(informer.statistics.lists == listsBefore + 1)
            #expect(informer.statistics.relistsAfterGone == 0)
            #expect(informer.statistics.lastError?.contains("stalled") == true)
            try await eventually("healthy again") { rig.watcher.state.failures.isEmpty }
            rig.clock.advance(by: .seconds(600))
            #expect(rig.watcher.state.unavailableReason == nil)
            #expect(try rig.decide(.deny, E2E.policy("new-b", zone: "b", mtu: 1500)).deniedFor("conflict.interface-settings"))

            // 2. Everything hangs: lists time out, watches stall.
            rig.server.addFault(.stall, times: 1_000_000)
            try await eventually("every cache failing") { rig.watcher.state.failures.count == 3 }
            try await rig.expectAnswering()
            rig.clock.advance(by: .seconds(31))
            try rig.expectUnavailableBehaviour(source: .policies)
            try await rig.expectAnswering()

            rig.server.cluster.remove(.policies, name: "jumbo-b")
            rig.server.clearFaults()
            try await rig.expectResynced("jumbo-b gone") { $0.policies["jumbo-b"] == nil }
            #expect(try rig.decide(.deny, E2E.policy("new-b", zone: "b", mtu: 1500)).allowed)
        }
    }

    // MARK: - Routine reconnects

    /// Server-side watch timeouts, a dropped connection that reconnects at
    /// once, and a 410 with a good relist: none of them makes the view
    /// unavailable, however far the clock moves afterwards.
    @Test func routineReconnectsNeverMakeTheViewStale() async throws {
        var options = E2E.options
        options.watchTimeoutSeconds = 1...1
        try await Rig.run(options: options) { rig in
            let started = rig.server.cluster.watchesStarted
            try await eventually("watches ended by the server and renewed") { rig.server.cluster.watchesStarted >= started + 6 }
            #expect(rig.watcher.informers.allSatisfy { $0.1.statistics.errors == 0 })
            #expect(rig.watcher.state.failures.isEmpty)
            rig.clock.advance(by: .seconds(600))
            #expect(rig.watcher.state.unavailableReason == nil)

            let beforeDrop = rig.server.cluster.watchesStarted
            rig.server.cluster.dropWatches()
            try await eventually("reconnected") { rig.server.cluster.watchesStarted >= beforeDrop + 3 && rig.watcher.state.failures.isEmpty }
            rig.clock.advance(by: .seconds(600))
            #expect(rig.watcher.state.unavailableReason == nil)

            // One 410 per cache (a cache that relists quickly must not take
            // another's).
            for resource in ["/api/v1/nodes", "/nodenetworkstates", "/nodenetworkconfigurationpolicies"] {
                rig.server.addFault(pathContains: resource, watchOnly: true, .status(410, reason: "Expired"))
            }
            rig.server.cluster.dropWatches()
            try await eventually("relisted") {
                rig.watcher.informers.allSatisfy { $0.1.statistics.relistsAfterGone >= 1 } && rig.watcher.state.failures.isEmpty
            }
            rig.clock.advance(by: .seconds(600))
            #expect(rig.watcher.state.unavailableReason == nil)
            #expect(try rig.decide(.deny, E2E.policy("new-a", zone: "a", mtu: 1500)).deniedFor("conflict.interface-settings"))
            try await rig.expectAnswering()
        }
    }
}

// MARK: - Plumbing

/// One admission decision.
struct Decision {
    var allowed: Bool
    /// The denial message, or "" when allowed.
    var message: String
    var warnings: [String]

    /// Denied, and the message names `rule`.
    func deniedFor(_ rule: String) -> Bool { !allowed && message.contains(rule) }
}

/// Admission answers seen by the background prober.
actor AnswerLog {
    private(set) var count = 0

    func record() { count += 1 }
}

/// A seeded fake API server, a watcher with a 30 s staleness threshold on a
/// manual clock, and a prober sending reviews through the admission
/// controller for as long as the test runs.
struct Rig: Sendable {
    let server: FakeAPIServer
    let watcher: ClusterWatcher
    let clock: ManualClock
    let answers: AnswerLog

    /// Client timeouts no test runs into unless its faults make it: a
    /// request that merely took long on a loaded machine must not count as
    /// an API server failure (several tests expect none, or one exact error).
    static let timeouts = Timeouts(connect: .seconds(60), request: .seconds(60), watchGrace: .seconds(60))

    /// For the tests about requests that get no answer in time: an
    /// unanswered request fails after 2 s, and a watch that outlives its
    /// `timeoutSeconds` by 2.5 s is abandoned as stalled.
    static let shortTimeouts = Timeouts(connect: .seconds(60), request: .seconds(2), watchGrace: .milliseconds(500))

    static func run(options: InformerOptions = E2E.options, timeouts: Timeouts = Rig.timeouts, _ body: (Rig) async throws -> Void) async throws {
        try await FakeAPIServer.withServer { server in
            E2E.seed(server)
            let client = try KubeClient(configuration: KubeConfiguration(
                server: server.baseURL, userAgent: "nncp-guard/test", timeouts: timeouts, source: "fake API server"))
            let clock = ManualClock()
            let watcher = E2E.watcher(client, options: options, staleAfter: .seconds(30), now: { clock.now() })
            let rig = Rig(server: server, watcher: watcher, clock: clock, answers: AnswerLog())
            do {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await watcher.run() }
                    group.addTask { await rig.probe() }
                    defer { group.cancelAll() }
                    try await eventually("ready") { watcher.notReadyReason == nil }
                    try await eventually("three open watches") { server.cluster.watcherCount == 3 }
                    try await body(rig)
                }
            } catch {
                try? await client.shutdown()
                throw error
            }
            try await client.shutdown()
        }
    }

    func controller(_ action: ClusterUnavailableAction) -> AdmissionController {
        AdmissionController(enforcement: EnforcementPolicy(clusterUnavailable: action), clusterRules: watcher)
    }

    /// Sends `object` as a CREATE review through a controller with
    /// `--cluster-unavailable action`.
    func decide(_ action: ClusterUnavailableAction, _ object: Value, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> Decision {
        let controller = controller(action)
        let response = try controller.answer(ClusterAdmissionTests.review(object), at: .validate)
        let body = try JSONReader().parse(response.body)
        let r = try #require(body["response"], sourceLocation: sourceLocation)
        return Decision(
            allowed: r["allowed"]?.bool ?? false,
            message: r["status"]?["message"]?.string ?? "",
            warnings: (r["warnings"]?.sequence ?? []).compactMap(\.string))
    }

    /// Reviews every few milliseconds until cancelled, as the apiserver would.
    func probe() async {
        let controller = controller(.warn)
        let review = ClusterAdmissionTests.review(E2E.policy("probe", zone: "a", mtu: 1500))
        while !Task.isCancelled {
            _ = try? controller.answer(review, at: .validate)
            await answers.record()
            // Pacing only: a review every few milliseconds, as under load.
            try? await Task.sleep(for: .milliseconds(10))
        }
    }

    /// The prober is still getting answers: a review made now does not
    /// wait for the API server, however long that takes to answer.
    func expectAnswering() async throws {
        let before = await answers.count
        try await eventually("more admission answers") { await answers.count >= before + 3 }
    }

    /// With the view stale: warn admits a conflicting policy with a warning
    /// naming `source` (and `error`), the stateless rules still deny, and
    /// deny denies.
    func expectUnavailableBehaviour(source: ClusterState.Source, error: String? = nil,
                                    sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let conflicting = E2E.policy("new-a", zone: "a", mtu: 1500)
        let warned = try decide(.warn, conflicting, sourceLocation: sourceLocation)
        #expect(warned.allowed, "\(warned.message)", sourceLocation: sourceLocation)
        let warning = warned.warnings.first ?? ""
        #expect(warning.hasPrefix("cluster checks skipped: \(source.rawValue)"), "\(warned.warnings)", sourceLocation: sourceLocation)
        #expect(warning.contains(" list/watch failing since "), "\(warned.warnings)", sourceLocation: sourceLocation)
        if let error {
            #expect(warning.contains(error), "\(warning)", sourceLocation: sourceLocation)
        }

        var broken = E2E.policy("no-rollout", zone: "a", mtu: 1500)
        var spec = broken["spec"] ?? .null
        spec.set("maxUnavailable", .int(0))
        broken.set("spec", spec)
        let stateless = try decide(.warn, broken, sourceLocation: sourceLocation)
        #expect(stateless.deniedFor("policy.max-unavailable"), "\(stateless.message)", sourceLocation: sourceLocation)
        #expect(stateless.warnings.first?.hasPrefix("cluster checks skipped: ") == true, sourceLocation: sourceLocation)

        let denied = try decide(.deny, conflicting, sourceLocation: sourceLocation)
        #expect(denied.deniedFor("cluster checks could not run: \(source.rawValue)"), "\(denied.message)", sourceLocation: sourceLocation)
        #expect(denied.message.contains(" list/watch failing since "), "\(denied.message)", sourceLocation: sourceLocation)
        if let error {
            #expect(denied.message.contains(error), "\(denied.message)", sourceLocation: sourceLocation)
        }
        #expect(!denied.message.contains("conflict.interface-settings"), "\(denied.message)", sourceLocation: sourceLocation)
    }

    /// The caches heal: no cache failing, the view usable, and `condition`
    /// holds on it.
    func expectResynced(_ what: String, _ condition: (ClusterView) -> Bool) async throws {
        try await eventually("resynced: \(what)") {
            watcher.state.unavailableReason == nil && watcher.state.failures.isEmpty && condition(watcher.state.view)
        }
    }
}
