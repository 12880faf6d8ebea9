import SourceModel
import Testing
@testable import KubeAPI
import KubeAPITesting

@Suite("patches against the fake API server")
struct PatchTests {
    @Test func mergePatch() async throws {
        try await FakeAPIServer.withClient { server, client in
            server.cluster.put(.policies, Fixtures.policy("br1", selector: ["a": "1"]))
            let patched = try await client.patch(.nodeNetworkConfigurationPolicies, name: "br1", .merge(.mapping([
                "metadata": .mapping(["labels": .mapping(["team": .string("net")])]),
                "spec": .mapping(["nodeSelector": .mapping(["a": .null, "b": .string("2")])]),
            ])))
            #expect(patched.at("metadata", "labels", "team")?.string == "net")
            #expect(patched.at("spec", "nodeSelector") == .mapping(["b": .string("2")]))
            let request = try #require(server.requests.last)
            #expect(request.method == "PATCH")
            #expect(request.path == "/apis/nmstate.io/v1/nodenetworkconfigurationpolicies/br1")
            #expect(request.header("Content-Type") == "application/merge-patch+json")
        }
    }

    @Test func jsonPatchWithEscapedPointerAndTest() async throws {
        try await FakeAPIServer.withClient { server, client in
            let stored = server.cluster.put(.policies, Fixtures.policy("br1"))
            let rv = try #require(ObjectMetadata(stored).resourceVersion)
            let key = DocumentPath("metadata", "annotations").jsonPointer
            let annotation = "/metadata/annotations/" + DocumentPath.escapePointerToken("nmstate.io/webhook-mutating-timestamp")
            let patched = try await client.patch(.nodeNetworkConfigurationPolicies, name: "br1", .json([
                .test("/metadata/resourceVersion", .string(rv)),
                .add(key, .mapping([Value.Member]())),
                .add(annotation, .string("1700000000")),
            ]))
            #expect(patched.at("metadata", "annotations", "nmstate.io/webhook-mutating-timestamp")?.string == "1700000000")
            #expect(server.requests.last?.header("Content-Type") == "application/json-patch+json")

            // A failed `test` rejects the whole patch.
            let error = await #expect(throws: KubeAPIError.self) {
                try await client.patch(.nodeNetworkConfigurationPolicies, name: "br1", .json([
                    .test("/metadata/resourceVersion", .string(rv)),
                    .remove(annotation),
                ]))
            }
            #expect(error?.code == .invalid)
        }
    }

    @Test func strategicMergeUpdatesOneWebhookByName() async throws {
        try await FakeAPIServer.withClient { server, client in
            server.cluster.put(.mutatingWebhooks, Fixtures.mutatingWebhooks("nncp-guard", hooks: ["mutate.nncp", "timestamp.nncp"]))
            let patched = try await client.patch(.mutatingWebhookConfigurations, name: "nncp-guard", .strategicMerge(.mapping([
                "webhooks": .sequence([.mapping(["name": .string("timestamp.nncp"), "clientConfig": .mapping(["caBundle": .string("TkVX")])])]),
            ])))
            let hooks = try #require(patched["webhooks"]?.sequence)
            #expect(hooks.count == 2)
            #expect(hooks[0].at("clientConfig", "caBundle")?.string == "T0xE")
            #expect(hooks[1].at("clientConfig", "caBundle")?.string == "TkVX")
            #expect(hooks[1].at("clientConfig", "service", "name")?.string == "nncp-guard")
            #expect(server.requests.last?.header("Content-Type") == "application/strategic-merge-patch+json")
        }
    }

    @Test func strategicMergeIsRefusedForCustomResources() async throws {
        try await FakeAPIServer.withClient { server, client in
            server.cluster.put(.policies, Fixtures.policy("br1"))
            let error = await #expect(throws: KubeAPIError.self) {
                try await client.patch(.nodeNetworkConfigurationPolicies, name: "br1", .strategicMerge(.mapping(["spec": .mapping([Value.Member]())])))
            }
            #expect(error?.httpStatus == 415)
        }
    }

    @Test func mergePatchWithStaleResourceVersionConflicts() async throws {
        try await FakeAPIServer.withClient { server, client in
            server.cluster.put(.policies, Fixtures.policy("br1"))
            let error = await #expect(throws: KubeAPIError.self) {
                try await client.patch(.nodeNetworkConfigurationPolicies, name: "br1", .merge(.mapping([
                    "metadata": .mapping(["resourceVersion": .string("1")]),
                ])))
            }
            #expect(error?.code == .conflict)
        }
    }

    @Test func serverSideApplyCreatesThenUpdates() async throws {
        try await FakeAPIServer.withClient { server, client in
            var configuration = Fixtures.secret("ca", namespace: "nmstate", data: ["ca.crt": "QQ=="])
            let created = try await client.apply(.secrets, configuration, force: true)
            #expect(created.at("data", "ca.crt")?.string == "QQ==")
            let request = try #require(server.requests.last)
            #expect(request.method == "PATCH")
            #expect(request.path == "/api/v1/namespaces/nmstate/secrets/ca")
            #expect(request.header("Content-Type") == "application/apply-patch+yaml")
            #expect(request.query == ["fieldManager": "nncp-guard", "force": "true"])

            configuration.set("data", .mapping(["ca.crt": .string("Qg==")]))
            let updated = try await client.apply(.secrets, configuration, fieldManager: "cert-manager-test")
            #expect(updated.at("data", "ca.crt")?.string == "Qg==")
            #expect(server.requests.last?.query == ["fieldManager": "cert-manager-test"])
        }
    }

    @Test func forceIsOnlyForApply() async throws {
        // The client never sends force with other patch kinds; the fake
        // enforces kube-apiserver's rule for anyone who builds requests by hand.
        try await FakeAPIServer.withClient { server, client in
            server.cluster.put(.policies, Fixtures.policy("br1"))
            let request = APIRequest(method: .PATCH, path: "/apis/nmstate.io/v1/nodenetworkconfigurationpolicies/br1",
                                     query: [QueryItem("force", "true")], body: Array("{}".utf8), contentType: Patch.Kind.merge.rawValue)
            let error = await #expect(throws: KubeAPIError.self) { try await client.send(request) }
            #expect(error?.code == .invalid)
        }
    }
}
