import Foundation
import KubeAPI
import KubeAPITesting
import SourceModel
import Testing
@testable import CertRotation

@Suite("serving certificate on every replica")
struct ServingFollowTests {
    @Test func pollerDeliversChangesOnly() async throws {
        try await FakeAPIServer.withClient { server, client in
            let store = KubernetesSecretStore(client: client, namespace: TestNames.namespace, caSecretName: TestNames.caSecret,
                                              servingSecretName: TestNames.servingSecret, logger: quietLogger)
            let stored = try firstIssue(now: wholeSecondNow())
            try await store.save(stored, replacing: StoredCertificates())
            let clock = ManualClock()
            let poller = ServingSecretPoller(client: client, namespace: TestNames.namespace, secretName: TestNames.servingSecret,
                                             interval: .seconds(10), clock: clock, logger: quietLogger)
            let seen = NIOLockedBox<[StoredCertificates.Serving]>([])
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await poller.run { serving in seen.withLock { $0.append(serving) } } }
                defer { group.cancelAll() }
                try await eventually("first delivery") { seen.withLock { $0.count } == 1 }
                try await clock.waitForSleepers(1)
                clock.advance(by: .seconds(10))
                try await clock.waitForSleepers(1)
                #expect(seen.withLock { $0.count } == 1, "unchanged: not delivered again")

                let rotated = try rotate(stored, now: wholeSecondNow().adding(.hours(4380 - 24))).1
                try await store.save(rotated, replacing: stored)
                clock.advance(by: .seconds(10))
                try await eventually("changed Secret delivered") { seen.withLock { $0.count } == 2 }
                #expect(seen.withLock { $0.last } == rotated.serving)
            }
        }
    }

    @Test func builtinModeWritesTheServedFilesAndReloads() async throws {
        try await withTemporaryDirectory { dir in
            try await FakeAPIServer.withClient { server, client in
                server.cluster.put(.mutatingWebhooks, webhookConfiguration(.mutating, TestNames.mutating, hooks: ["mutate.nncp-guard.io"]))
                server.cluster.put(.validatingWebhooks, webhookConfiguration(.validating, TestNames.validating, hooks: ["validate.nncp-guard.io"]))
                let reloads = NIOLockedBox(0)
                let files = ServingCertificateFiles(certificatePath: dir + "/tls/tls.crt", keyPath: dir + "/tls/tls.key")
                let manager = RotationManager.kubernetes(
                    client: client, namespace: TestNames.namespace, caSecretName: TestNames.caSecret, servingSecretName: TestNames.servingSecret,
                    webhookConfigurations: try WebhookConfigurationRef.parseList("\(TestNames.mutating),\(TestNames.validating)"),
                    leaseName: TestNames.lease, identity: "pod-a", options: .test(), servingFiles: files, logger: quietLogger
                ) {
                    reloads.withLock { $0 += 1 }
                }
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await manager.run() }
                    defer { group.cancelAll() }
                    try await eventually("served files written and reloaded") {
                        reloads.withLock { $0 } >= 1 && FileManager.default.fileExists(atPath: files.certificatePath)
                    }
                    let secret = server.cluster.get(.secrets, name: TestNames.servingSecret, namespace: TestNames.namespace)
                    #expect(try String(contentsOfFile: files.certificatePath, encoding: .utf8) == secretData(secret, "tls.crt"))
                    #expect(try String(contentsOfFile: files.keyPath, encoding: .utf8) == secretData(secret, "tls.key"))
                    let bundle = secretData(secret, "ca.crt")
                    try await eventually("both configurations injected") {
                        injectedBundles(server.cluster.get(.mutatingWebhooks, name: TestNames.mutating))["mutate.nncp-guard.io"] == bundle
                            && injectedBundles(server.cluster.get(.validatingWebhooks, name: TestNames.validating))["validate.nncp-guard.io"] == bundle
                    }
                    let lease = Lease(object: try #require(server.cluster.get(.leases, name: TestNames.lease, namespace: TestNames.namespace)))
                    #expect(lease.record.holderIdentity == "pod-a")
                }
            }
        }
    }
}
