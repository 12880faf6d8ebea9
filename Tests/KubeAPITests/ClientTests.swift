import NIOConcurrencyHelpers
import SourceModel
import Testing
@testable import KubeAPI
import KubeAPITesting

@Suite("client against the fake API server")
struct ClientTests {
    @Test func crudRoundTripWithHeadersAndPaths() async throws {
        try await FakeAPIServer.withClient(token: "t0ken") { server, client in
            let created = try await client.create(.secrets, Fixtures.secret("serving-cert", namespace: "nmstate", data: ["tls.crt": "QQ=="]))
            let meta = ObjectMetadata(created)
            #expect(meta.namespace == "nmstate")
            #expect(meta.uid != nil)
            #expect(meta.resourceVersion != nil)

            var fetched = try await client.get(.secrets, name: "serving-cert", namespace: "nmstate")
            #expect(fetched.at("data", "tls.crt")?.string == "QQ==")

            fetched.set("data", .mapping(["tls.crt": .string("Qg==")]))
            let updated = try await client.update(.secrets, fetched)
            #expect(updated.at("data", "tls.crt")?.string == "Qg==")
            #expect(ObjectMetadata(updated).resourceVersion != meta.resourceVersion)

            let deleted = try await client.delete(.secrets, name: "serving-cert", namespace: "nmstate")
            #expect(ObjectMetadata(deleted).name == "serving-cert")
            #expect(try await client.getIfPresent(.secrets, name: "serving-cert", namespace: "nmstate") == nil)

            let requests = server.requests
            #expect(requests.map { "\($0.method) \($0.path)" } == [
                "POST /api/v1/namespaces/nmstate/secrets",
                "GET /api/v1/namespaces/nmstate/secrets/serving-cert",
                "PUT /api/v1/namespaces/nmstate/secrets/serving-cert",
                "DELETE /api/v1/namespaces/nmstate/secrets/serving-cert",
                "GET /api/v1/namespaces/nmstate/secrets/serving-cert",
            ])
            for r in requests {
                #expect(r.header("Accept") == "application/json")
                #expect(r.header("User-Agent") == "nncp-guard/test")
                #expect(r.header("Authorization") == "Bearer t0ken")
            }
            #expect(requests[0].header("Content-Type") == "application/json")
            #expect(requests[0].query["fieldManager"] == "nncp-guard")
        }
    }

    @Test func listPagingFollowsContinueTokens() async throws {
        try await FakeAPIServer.withClient { server, client in
            for name in ["n1", "n2", "n3", "n4", "n5"] { server.cluster.put(.nodes, Fixtures.node(name)) }
            let revision = server.cluster.revision

            let first = try await client.list(.nodes, options: ListOptions(limit: 2))
            #expect(first.items.count == 2)
            #expect(first.continueToken != nil)
            #expect(first.remainingItemCount == 3)
            #expect(first.resourceVersion == String(revision))

            server.clearRequests()
            let all = try await client.listAll(.nodes, options: ListOptions(limit: 2, resourceVersion: "0"))
            #expect(all.items.compactMap { ObjectMetadata($0).name } == ["n1", "n2", "n3", "n4", "n5"])
            #expect(all.resourceVersion == String(revision))
            #expect(all.items.allSatisfy { $0["kind"]?.string == "Node" && $0["apiVersion"]?.string == "v1" })
            let queries = server.requests.map(\.query)
            #expect(queries.count == 3)
            #expect(queries[0] == ["limit": "2", "resourceVersion": "0"])
            #expect(queries[1]["continue"] != nil && queries[1]["resourceVersion"] == nil)
            #expect(queries[2]["continue"] != nil && queries[2]["limit"] == "2")
        }
    }

    @Test func expiredContinueTokenFallsBackToOneFullList() async throws {
        try await FakeAPIServer.withClient { server, client in
            for name in ["n1", "n2", "n3"] { server.cluster.put(.nodes, Fixtures.node(name)) }
            server.addFault(queryKey: "continue", .status(410, reason: "Expired"))
            let all = try await client.listAll(.nodes, options: ListOptions(limit: 2))
            #expect(all.items.count == 3)
            #expect(server.requests.last?.query["limit"] == nil)
        }
    }

    @Test func labelSelectorsReachTheServer() async throws {
        try await FakeAPIServer.withClient { server, client in
            server.cluster.put(.nodes, Fixtures.node("w1", labels: ["node-role.kubernetes.io/worker": ""]))
            server.cluster.put(.nodes, Fixtures.node("m1", labels: ["node-role.kubernetes.io/master": ""]))
            let workers = try await client.listAll(.nodes, options: ListOptions(labelSelector: "node-role.kubernetes.io/worker"))
            #expect(workers.items.compactMap { ObjectMetadata($0).name } == ["w1"])
        }
    }

    @Test func typedErrors() async throws {
        try await FakeAPIServer.withClient { server, client in
            let missing = await #expect(throws: KubeAPIError.self) { try await client.get(.nodes, name: "ghost") }
            #expect(missing?.code == .notFound)
            #expect(missing?.httpStatus == 404)
            #expect(missing?.message == #"nodes "ghost" not found"#)

            _ = try await client.create(.nodes, Fixtures.node("n1"))
            let exists = await #expect(throws: KubeAPIError.self) { try await client.create(.nodes, Fixtures.node("n1")) }
            #expect(exists?.code == .alreadyExists)

            server.addFault(.status(403, reason: "Forbidden"))
            let forbidden = await #expect(throws: KubeAPIError.self) { try await client.get(.nodes, name: "n1") }
            #expect(forbidden?.code == .forbidden)

            server.addFault(.status(500, reason: "InternalError"))
            let serverError = await #expect(throws: KubeAPIError.self) { try await client.get(.nodes, name: "n1") }
            #expect(serverError?.code == .other)
            #expect(serverError?.isRetryable == true)

            server.addFault(.drop)
            let dropped = await #expect(throws: KubeAPIError.self) { try await client.get(.nodes, name: "n1") }
            #expect(dropped?.code == .transport)

            // Misuse is caught before anything is sent.
            server.clearRequests()
            let noNamespace = await #expect(throws: KubeAPIError.self) { try await client.get(.secrets, name: "s") }
            #expect(noNamespace?.code == .invalidRequest)
            #expect(server.requests.isEmpty)
        }
    }

    @Test func unauthorizedWithoutTheExpectedToken() async throws {
        try await FakeAPIServer.withServer { server in
            server.expectedToken = "right"
            let wrong = try server.makeClient(token: "wrong")
            let anonymous = try server.makeClient(token: nil)
            let right = try server.makeClient(token: "right")

            let error = await #expect(throws: KubeAPIError.self) { try await wrong.list(.nodes) }
            #expect(error?.code == .unauthorized)
            #expect(error?.httpStatus == 401)
            let error2 = await #expect(throws: KubeAPIError.self) { try await anonymous.watch(.nodes) }
            #expect(error2?.code == .unauthorized)
            _ = try await right.list(.nodes)
            try await wrong.shutdown()
            try await anonymous.shutdown()
            try await right.shutdown()
        }
    }

    @Test func requestTimeout() async throws {
        try await FakeAPIServer.withClient(requestTimeout: .milliseconds(200)) { server, client in
            // Held until after the client gave up: only the timeout can end the request.
            let gate = Gate()
            server.addFault(.hold(gate))
            defer { gate.open() }
            let error = await #expect(throws: KubeAPIError.self) { try await client.list(.nodes) }
            #expect(error?.code == .timeout)
            #expect(error?.isRetryable == true)
        }
    }

    @Test func staleUpdateIsAConflictAndRetryOnConflictRecovers() async throws {
        try await FakeAPIServer.withClient { server, client in
            let lease = try await LeaseClient(client: client, namespace: "nmstate").create("l", record: LeaseRecord(holderIdentity: "a"))
            server.cluster.put(.leases, lease.object.settingMeta("labels", .mapping(["touched": .string("yes")])))
            var stale = lease.object
            stale.set("spec", LeaseRecord(holderIdentity: "b").spec)
            let conflict = await #expect(throws: KubeAPIError.self) { try await client.update(.leases, stale) }
            #expect(conflict?.code == .conflict)
            #expect(conflict?.reason == "Conflict")

            // Re-read, change, write: the first attempt loses a race with
            // another writer, the second wins.
            let attempts = Counter()
            let result = try await retryOnConflict {
                var current = try await client.get(.leases, name: "l", namespace: "nmstate")
                if attempts.increment() == 1 {
                    server.cluster.put(.leases, current.settingMeta("labels", .mapping(["raced": .string("yes")])))
                }
                current.set("spec", LeaseRecord(holderIdentity: "c").spec)
                return try await client.update(.leases, current)
            }
            #expect(attempts.value == 2)
            #expect(result.at("spec", "holderIdentity")?.string == "c")
            #expect(result.at("metadata", "labels", "raced")?.string == "yes")

            // Other errors are not retried.
            let calls = Counter()
            await #expect(throws: KubeAPIError.self) {
                try await retryOnConflict { () async throws -> Value in
                    _ = calls.increment()
                    return try await client.get(.leases, name: "missing", namespace: "nmstate")
                }
            }
            #expect(calls.value == 1)
        }
    }

    @Test func deletePreconditions() async throws {
        try await FakeAPIServer.withClient { server, client in
            let created = try await client.create(.configMaps, .mapping([
                "apiVersion": .string("v1"), "kind": .string("ConfigMap"),
                "metadata": .mapping(["name": .string("cm"), "namespace": .string("nmstate")]),
            ]))
            let error = await #expect(throws: KubeAPIError.self) {
                try await client.delete(.configMaps, name: "cm", namespace: "nmstate", options: DeleteOptions(preconditionResourceVersion: "1"))
            }
            #expect(error?.code == .conflict)
            try await client.delete(.configMaps, name: "cm", namespace: "nmstate",
                                    options: DeleteOptions(preconditionResourceVersion: ObjectMetadata(created).resourceVersion, propagationPolicy: "Background"))
            let body = try JSONReader().parse(server.requests.last!.body)
            #expect(body["kind"]?.string == "DeleteOptions")
            #expect(body["propagationPolicy"]?.string == "Background")
            #expect(server.cluster.get(.configMaps, name: "cm", namespace: "nmstate") == nil)
        }
    }

    @Test func statusSubresource() async throws {
        try await FakeAPIServer.withClient { server, client in
            var policy = try await client.create(.nodeNetworkConfigurationPolicies, Fixtures.policy("br1"))
            policy.set("status", .mapping(["conditions": .sequence([.mapping(["type": .string("Available"), "status": .string("True")])])]))
            let updated = try await client.update(.nodeNetworkConfigurationPolicies, policy, subresource: "status")
            #expect(updated.at("status", "conditions")?[0]?["type"]?.string == "Available")
            #expect(server.requests.last?.path == "/apis/nmstate.io/v1/nodenetworkconfigurationpolicies/br1/status")
        }
    }
}

/// A thread-safe counter for closures that run more than once.
final class Counter: Sendable {
    private let box = NIOLockedValueBox(0)
    func increment() -> Int { box.withLockedValue { $0 += 1; return $0 } }
    var value: Int { box.withLockedValue { $0 } }
}
