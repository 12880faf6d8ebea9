import KubeAPI
import KubeAPITesting
import ManifestLint
import PolicyRules
import SourceModel
import Testing
@testable import ClusterWatch

/// `nncp-guard plan --kubeconfig`: a `ClusterSnapshot` read from the fake
/// API server over HTTP, planned as the command plans it.
@Suite("plan against a cluster")
struct PlanAgainstClusterTests {
    static let pernode: String = {
        var parts = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)
        return parts.joined(separator: "/") + "/testdata/pernode/"
    }()

    /// The pernode fixture cluster (w1–w3 with states, w4 without) and two of its policies.
    static func seed(_ server: FakeAPIServer) throws {
        let loader = ContextLoader()
        for node in try loader.loadNodes(pernode + "nodes.yaml") { server.cluster.put(.nodes, node.value) }
        for state in try loader.loadStates(pernode + "states.yaml") { server.cluster.put(.nodeStates, state.value) }
        for file in ["br-ex-default-gw.yaml", "rack-r2-mtu.yaml"] {
            for policy in try PlanInputs.policies(in: [pernode + file]) { server.cluster.put(.policies, policy.object) }
        }
    }

    @Test func plansAStoredPolicyOnTheClustersNodes() async throws {
        try await FakeAPIServer.withClient { server, client in
            try Self.seed(server)
            let snapshot = try await ClusterSnapshot.read(from: client, policyNames: ["br-ex-default-gw", "no-such-policy"])
            #expect(snapshot.nodes.count == 4)
            #expect(snapshot.states.count == 3)
            #expect(snapshot.policies.keys.sorted() == ["br-ex-default-gw"])

            let view = PlanInputs.view(nodes: snapshot.nodes, states: snapshot.states)
            let policy = PolicyEntry(name: "br-ex-default-gw", object: try #require(snapshot.policies["br-ex-default-gw"]))
            let report = PlanReport(policies: [policy], view: view)
            let plan = try #require(report.plans.first)
            #expect(plan.origin == nil)
            #expect(plan.groups.map(\.nodes) == [["w1", "w2", "w3"]])
            #expect(plan.groups[0].changes.contains(StateChange(.routeAdded, after: "0.0.0.0/0 via 192.168.10.1 dev br-ex")))
            #expect(report.exitStatus(failOn: .warning) == 0)
            #expect(PlanTextFormatter().format(report).hasPrefix("policy br-ex-default-gw selects 3 nodes: w1, w2, w3\n"))
        }
    }

    @Test func aClusterThatRefusesTheListIsAnErrorNamingWhatFailed() async throws {
        try await FakeAPIServer.withClient { server, client in
            try Self.seed(server)
            server.addFault(method: "GET", pathContains: "/nodenetworkstates", .status(403, reason: "Forbidden"))
            do throws(ClusterReadError) {
                _ = try await ClusterSnapshot.read(from: client)
                Issue.record("a refused list was accepted")
            } catch {
                #expect(error.message.hasPrefix("cannot list NodeNetworkStates from \(server.baseURL): "), "\(error.message)")
            }
        }
    }
}
