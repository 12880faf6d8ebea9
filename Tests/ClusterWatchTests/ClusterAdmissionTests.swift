import Testing
import Admission
import NMStateSchema
import SourceModel
import SourceModelYAML
@testable import ClusterWatch

/// The cluster-aware rules through the admission controller: an
/// AdmissionReview built from a testdata/cluster fixture goes in, the
/// decision comes out. The cluster view is the same fixtures lint reads.
@Suite struct ClusterAdmissionTests {
    static let root: String = {
        var parts = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)
        return parts.joined(separator: "/") + "/testdata/cluster/"
    }()

    static func read(_ name: String) -> Value {
        let text = (try? String(contentsOfFile: root + name, encoding: .utf8)) ?? ""
        return YAMLLoader().loadStream(text).documents.first ?? .null
    }

    /// A synced cluster state from nodes.yaml, states.yaml and stored policies.
    static func cluster(policies: [String] = ["workers-jumbo.yaml"]) -> ClusterState {
        let state = ClusterState()
        for node in read("nodes.yaml")["items"]?.sequence ?? [] { state.upsertNode(node) }
        for nns in read("states.yaml")["items"]?.sequence ?? [] { state.upsertState(nns) }
        for p in policies { state.upsertPolicy(read(p)) }
        for source in ClusterState.Source.allCases { state.markSynced(source) }
        return state
    }

    static func review(_ object: Value, old: Value? = nil) -> [UInt8] {
        var request: [Value.Member] = [
            .init(key: "uid", value: .string("uid-1")),
            .init(key: "kind", value: .mapping(["group": .string("nmstate.io"), "version": .string("v1"), "kind": .string("NodeNetworkConfigurationPolicy")])),
            .init(key: "resource", value: .mapping(["group": .string("nmstate.io"), "version": .string("v1"), "resource": .string("nodenetworkconfigurationpolicies")])),
            .init(key: "name", value: object.at("metadata", "name") ?? .string("")),
            .init(key: "operation", value: .string(old == nil ? "CREATE" : "UPDATE")),
            .init(key: "userInfo", value: .mapping(["username": .string("admin")])),
            .init(key: "object", value: object),
        ]
        if var old {
            // The stored object has finished its rollout.
            old.set("status", (try? YAMLLoader().loadSingle("conditions: [{type: Available, status: 'True', reason: SuccessfullyConfigured}]")) ?? .null)
            request.append(.init(key: "oldObject", value: old))
        }
        return JSONWriter.bytes(.mapping(["apiVersion": .string("admission.k8s.io/v1"), "kind": .string("AdmissionReview"), "request": .mapping(request)]))
    }

    static func decide(_ object: Value, old: Value? = nil, cluster: ClusterState? = nil) throws -> (allowed: Bool, message: String) {
        let controller = AdmissionController(clusterRules: cluster ?? Self.cluster())
        let response = try controller.answer(review(object, old: old), at: .validate)
        let body = try JSONReader().parse(response.body)
        let r = try #require(body["response"])
        let warnings = (r["warnings"]?.sequence ?? []).compactMap(\.string).joined(separator: "\n")
        return (r["allowed"]?.bool ?? false, (r["status"]?["message"]?.string ?? "") + warnings)
    }

    @Test func conflictingPolicyIsDenied() throws {
        let d = try Self.decide(Self.read("zone-a-small-mtu.yaml"))
        #expect(!d.allowed)
        #expect(d.message.contains("conflict.interface-settings"))
        #expect(d.message.contains("workers-jumbo"))
        #expect(d.message.contains("w1, w2"))
    }

    @Test func policyOnOtherNodesIsAllowed() throws {
        let d = try Self.decide(Self.read("control-plane-mtu.yaml"))
        #expect(d.allowed, "\(d.message)")
    }

    @Test func staticAddressOnSeveralNodesIsDenied() throws {
        let d = try Self.decide(Self.read("static-ip-zone-a.yaml"))
        #expect(!d.allowed)
        #expect(d.message.contains("policy.static-address-multiple-nodes"))
    }

    @Test func cuttingANodeOffIsDenied() throws {
        let d = try Self.decide(Self.read("eth0-down-w1.yaml"))
        #expect(!d.allowed)
        #expect(d.message.contains("node.disruptive-change"))
        #expect(d.message.contains("w1"))
    }

    @Test func strandingNodesOnUpdateIsDeniedUnlessAcknowledged() throws {
        let old = Self.read("previous/bond-workers.yaml")
        let new = Self.read("current/bond-workers.yaml")
        let d = try Self.decide(new, old: old, cluster: Self.cluster(policies: ["previous/bond-workers.yaml"]))
        #expect(!d.allowed)
        #expect(d.message.contains("policy.stranded-config"))
        var acked = new
        var metadata = acked["metadata"]!
        metadata.set("annotations", .mapping(["nncp-guard.io/allow-stranded-config": .string("true")]))
        acked.set("metadata", metadata)
        #expect(try Self.decide(acked, old: old, cluster: Self.cluster(policies: ["previous/bond-workers.yaml"])).allowed)
    }

    @Test func unsyncedCacheWarnsByDefault() throws {
        let state = ClusterState()
        let d = try Self.decide(Self.read("zone-a-small-mtu.yaml"), cluster: state)
        #expect(d.allowed)
        #expect(d.message.contains("cluster checks skipped"))
    }
}
