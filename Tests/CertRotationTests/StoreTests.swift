import Foundation
import KubeAPI
import KubeAPITesting
import SourceModel
import Testing
@testable import CertRotation

@Suite("certificate stores")
struct StoreTests {
    let t0 = wholeSecondNow()

    // MARK: - Directory

    @Test func directoryStoreRoundTripsWithPrivateKeys() async throws {
        try await withTemporaryDirectory { dir in
            let store = DirectoryStore(directory: dir + "/certs")
            #expect(try await store.load().isEmpty)
            let stored = try firstIssue(now: t0)
            try await store.save(stored, replacing: StoredCertificates())
            #expect(try await store.load() == stored)

            for (file, mode) in [("ca.key", 0o600), ("tls.key", 0o600), ("ca.crt", 0o644), ("tls.crt", 0o644)] {
                let attributes = try FileManager.default.attributesOfItem(atPath: "\(dir)/certs/\(file)")
                #expect((attributes[.posixPermissions] as? Int) == mode, "\(file)")
            }
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir + "/certs").filter { $0.contains(".tmp-") }
            #expect(leftovers.isEmpty)

            // The existing dev layout is the same: CertificateBundle output loads.
            let rotated = try rotate(stored, now: t0.adding(.hours(4380 - 24))).1
            try await store.save(rotated, replacing: stored)
            #expect(try await store.load() == rotated)
        }
    }

    @Test func directoryStoreRefusesAStaleWrite() async throws {
        try await withTemporaryDirectory { dir in
            let store = DirectoryStore(directory: dir)
            let stored = try firstIssue(now: t0)
            try await store.save(stored, replacing: StoredCertificates())
            let other = try firstIssue(now: t0)
            // Someone else rotated since we read `stored`.
            try await store.save(other, replacing: stored)
            let error = await #expect(throws: CertRotationError.self) {
                try await store.save(try rotate(stored, now: t0.adding(.hours(4380 - 24))).1, replacing: stored)
            }
            #expect(error?.code == .concurrentModification)
            #expect(try await store.load() == other)
        }
    }

    // MARK: - Kubernetes Secrets

    func secretStore(_ client: KubeClient) -> KubernetesSecretStore {
        KubernetesSecretStore(client: client, namespace: TestNames.namespace, caSecretName: TestNames.caSecret,
                              servingSecretName: TestNames.servingSecret, extraLabels: ["app.kubernetes.io/part-of": "nncp-guard"], logger: quietLogger)
    }

    @Test func secretsUseUpstreamLayout() async throws {
        try await FakeAPIServer.withClient { server, client in
            let store = secretStore(client)
            #expect(try await store.load().isEmpty)
            let stored = try firstIssue(now: t0)
            try await store.save(stored, replacing: StoredCertificates())

            let ca = try #require(server.cluster.get(.secrets, name: TestNames.caSecret, namespace: TestNames.namespace))
            #expect(ca["type"]?.string == "Opaque")
            #expect(secretData(ca, "ca.crt") == stored.ca?.certificatePEM)
            #expect(secretData(ca, "ca.key") == stored.ca?.keyPEM)
            #expect(ca.at("data")?.members?.count == 2)

            let serving = try #require(server.cluster.get(.secrets, name: TestNames.servingSecret, namespace: TestNames.namespace))
            #expect(serving["type"]?.string == "kubernetes.io/tls")
            #expect(secretData(serving, "tls.crt") == stored.serving?.certificatePEM)
            #expect(secretData(serving, "tls.key") == stored.serving?.keyPEM)
            #expect(secretData(serving, "ca.crt") == stored.serving?.caBundlePEM)
            for secret in [ca, serving] {
                #expect(ObjectMetadata(secret).labels["app.kubernetes.io/managed-by"] == "nncp-guard")
                #expect(ObjectMetadata(secret).labels["app.kubernetes.io/part-of"] == "nncp-guard")
                #expect(ObjectMetadata(secret).annotations[KubernetesSecretStore.ownershipAnnotation] == "managed")
            }
            #expect(try await store.load() == stored)

            // A serving rotation writes the serving Secret only.
            server.clearRequests()
            let rotated = try rotate(stored, now: t0.adding(.hours(4380 - 24))).1
            try await store.save(rotated, replacing: stored)
            let writes = server.requests.filter { $0.method != "GET" }
            #expect(writes.map(\.path) == ["/api/v1/namespaces/nmstate/secrets/\(TestNames.servingSecret)"])
            #expect(writes.map(\.method) == ["PUT"])
            #expect(try await store.load() == rotated)
        }
    }

    @Test func conflictsAreRetried() async throws {
        try await FakeAPIServer.withClient { server, client in
            let store = secretStore(client)
            let stored = try firstIssue(now: t0)
            try await store.save(stored, replacing: StoredCertificates())
            let rotated = try rotate(stored, now: t0.adding(.hours(4380 - 24))).1

            server.addFault(method: "PUT", pathContains: "/secrets/\(TestNames.servingSecret)", .status(409, reason: "Conflict"), times: 2)
            server.clearRequests()
            try await store.save(rotated, replacing: stored)
            let puts = server.requests.filter { $0.method == "PUT" }
            #expect(puts.count == 3, "two 409s, then success")
            #expect(try await store.load() == rotated)
        }
    }

    @Test func realConflictOnTheResourceVersionIsRetriedAndKeepsOtherFields() async throws {
        try await FakeAPIServer.withClient { server, client in
            let store = secretStore(client)
            let stored = try firstIssue(now: t0)
            try await store.save(stored, replacing: StoredCertificates())
            let rotated = try rotate(stored, now: t0.adding(.hours(4380 - 24))).1

            // Between our read and our write someone labels the Secret: the
            // PUT carries a stale resourceVersion, gets 409, and the retry
            // keeps their label.
            let gate = Gate()
            server.addFault(method: "PUT", pathContains: "/secrets/\(TestNames.servingSecret)", .hold(gate))
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await store.save(rotated, replacing: stored) }
                try await eventually("the PUT is held") { server.requests.contains { $0.method == "PUT" } }
                var secret = try #require(server.cluster.get(.secrets, name: TestNames.servingSecret, namespace: TestNames.namespace))
                var metadata = try #require(secret["metadata"])
                var labels = try #require(metadata["labels"])
                labels.set("team", .string("network"))
                metadata.set("labels", labels)
                secret.set("metadata", metadata)
                server.cluster.put(.secrets, secret)
                gate.open()
                try await group.waitForAll()
            }
            let secret = try #require(server.cluster.get(.secrets, name: TestNames.servingSecret, namespace: TestNames.namespace))
            #expect(ObjectMetadata(secret).labels["team"] == "network")
            #expect(secretData(secret, "tls.crt") == rotated.serving?.certificatePEM)
            #expect(server.requests.filter { $0.method == "PUT" }.count == 2)
        }
    }

    @Test func anotherWritersRotationIsNotClobbered() async throws {
        try await FakeAPIServer.withClient { server, client in
            let store = secretStore(client)
            let stored = try firstIssue(now: t0)
            try await store.save(stored, replacing: StoredCertificates())
            let theirs = try rotate(stored, now: t0.adding(.hours(4380 - 24))).1
            try await store.save(theirs, replacing: stored)

            let ours = try rotate(stored, now: t0.adding(.hours(4380 - 24))).1
            let error = await #expect(throws: CertRotationError.self) { try await store.save(ours, replacing: stored) }
            #expect(error?.code == .concurrentModification)
            #expect(try await store.load() == theirs)

            // Creating a Secret that appeared meanwhile is refused the same way.
            server.cluster.remove(.secrets, name: TestNames.caSecret, namespace: TestNames.namespace)
            let current = try await store.load()
            server.cluster.put(.secrets, Fixtures.secret(TestNames.caSecret, namespace: TestNames.namespace))
            var desired = current
            desired.ca = stored.ca
            let created = await #expect(throws: CertRotationError.self) { try await store.save(desired, replacing: current) }
            #expect(created?.code == .concurrentModification)
        }
    }

    @Test func anOpaqueServingSecretKeepsItsType() async throws {
        try await FakeAPIServer.withClient { server, client in
            var existing = Fixtures.secret(TestNames.servingSecret, namespace: TestNames.namespace)
            existing.set("type", .string("Opaque"))
            server.cluster.put(.secrets, existing)
            let store = secretStore(client)
            let current = try await store.load()
            #expect(current.serving == StoredCertificates.Serving(certificatePEM: "", keyPEM: "", caBundlePEM: ""))
            let (plan, stored) = try rotate(current, now: t0)
            #expect(plan.issuesCA)
            try await store.save(stored, replacing: current)
            let secret = try #require(server.cluster.get(.secrets, name: TestNames.servingSecret, namespace: TestNames.namespace))
            #expect(secret["type"]?.string == "Opaque")
            #expect(try await store.load() == stored)
        }
    }
}
