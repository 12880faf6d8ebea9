import Foundation
import KubeAPI
import KubeAPITesting
import SourceModel
import Testing
@testable import CertRotation

extension LeaderElectionConfiguration {
    /// The attempt timeout runs on the real clock (the rest on the
    /// replica's ManualClock): a minute, so load never ends an attempt.
    static let rotationTest = LeaderElectionConfiguration(
        leaseDuration: .seconds(15), renewPeriod: .seconds(5), renewDeadline: .seconds(10),
        retryPeriod: .seconds(2), attemptTimeout: .seconds(60), releaseOnCancel: true)
}

/// The manager against the fake API server. Time moves only through each
/// replica's ManualClock; the tests wait for effects with `eventually`
/// (polling, bounded), never for a duration.
@Suite("rotation manager")
struct ManagerTests {
    struct Replica {
        let manager: RotationManager
        let clock: ManualClock
        let deliveries: DeliveryLog
        let metrics: RecordingMetrics
    }

    func replica(_ client: KubeClient, identity: String? = nil, watchConfigurations: Bool = true, start: Date = wholeSecondNow()) -> Replica {
        let clock = ManualClock(start: start)
        let deliveries = DeliveryLog()
        let metrics = RecordingMetrics()
        let elector = identity.map {
            LeaderElector(leases: LeaseClient(client: client, namespace: TestNames.namespace), leaseName: TestNames.lease,
                          identity: $0, configuration: .rotationTest, clock: clock, logger: quietLogger)
        }
        let manager = RotationManager(
            configuration: RotationManagerConfiguration(
                options: .test(), resyncInterval: .seconds(60), metricsRefreshInterval: nil, watchWebhookConfigurations: watchConfigurations),
            store: KubernetesSecretStore(client: client, namespace: TestNames.namespace, caSecretName: TestNames.caSecret,
                                         servingSecretName: TestNames.servingSecret, logger: quietLogger),
            injector: CABundleInjector(client: client, configurations: [
                WebhookConfigurationRef(.mutating, TestNames.mutating), WebhookConfigurationRef(.validating, TestNames.validating),
            ], logger: quietLogger),
            leaderElector: elector,
            servingSource: ServingSecretWatcher(client: client, namespace: TestNames.namespace, secretName: TestNames.servingSecret, logger: quietLogger),
            clock: clock,
            metrics: RotationMetrics(factory: metrics),
            logger: quietLogger
        ) { certificate in
            deliveries.append(certificate)
        }
        return Replica(manager: manager, clock: clock, deliveries: deliveries, metrics: metrics)
    }

    func seed(_ server: FakeAPIServer) {
        server.cluster.put(.mutatingWebhooks, webhookConfiguration(.mutating, TestNames.mutating, hooks: ["mutate.nncp-guard.io", "status-mutate.nncp-guard.io"], caBundle: "T0xE"))
        server.cluster.put(.validatingWebhooks, webhookConfiguration(.validating, TestNames.validating, hooks: ["validate.nncp-guard.io"]))
    }

    func servingSecret(_ server: FakeAPIServer) -> Value? {
        server.cluster.get(.secrets, name: TestNames.servingSecret, namespace: TestNames.namespace)
    }

    func caSecret(_ server: FakeAPIServer) -> Value? {
        server.cluster.get(.secrets, name: TestNames.caSecret, namespace: TestNames.namespace)
    }

    /// Every entry of both configurations carries the serving Secret's
    /// bundle, and the replica serves the serving Secret's pair.
    func converged(_ server: FakeAPIServer, _ replica: Replica) -> Bool {
        guard let serving = servingSecret(server), let bundle = secretData(serving, "ca.crt"), !bundle.isEmpty else { return false }
        let mutating = injectedBundles(server.cluster.get(.mutatingWebhooks, name: TestNames.mutating))
        let validating = injectedBundles(server.cluster.get(.validatingWebhooks, name: TestNames.validating))
        return mutating.count == 2 && validating.count == 1
            && (Array(mutating.values) + Array(validating.values)).allSatisfy { $0 == bundle }
            && replica.deliveries.last?.certificateChainPEM == secretData(serving, "tls.crt")
    }

    /// A copy of `object` whose webhook entry `index` has caBundle `text` (base64).
    func overwritingCABundle(_ object: Value, entry index: Int, with text: String) throws -> Value {
        var webhooks = try #require(object["webhooks"]?.sequence)
        var entry = webhooks[index]
        var clientConfig = try #require(entry["clientConfig"])
        clientConfig.set("caBundle", .string(text))
        entry.set("clientConfig", clientConfig)
        webhooks[index] = entry
        var copy = object
        copy.set("webhooks", .sequence(webhooks))
        return copy
    }

    @Test func endToEndIssuesInjectsAndRestoresAnOverwrittenBundle() async throws {
        try await FakeAPIServer.withClient { server, client in
            seed(server)
            let replica = replica(client)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await replica.manager.run() }
                defer { group.cancelAll() }
                try await eventually("certificates issued, injected and served") {
                    converged(server, replica) && replica.manager.status.passes >= 1
                }

                let serving = try #require(servingSecret(server))
                let ca = try #require(caSecret(server))
                #expect(serving["type"]?.string == "kubernetes.io/tls")
                #expect(ca["type"]?.string == "Opaque")
                let bundle = try #require(secretData(serving, "ca.crt"))
                #expect(try PEM.certificates(bundle).first == PEM.certificates(try #require(secretData(ca, "ca.crt"))).first)
                let chainPEM = try #require(secretData(serving, "tls.crt"))
                #expect(try await verifies(chainPEM, roots: bundle, at: replica.clock.now()))
                #expect(replica.manager.status.caRotations == 1)
                #expect(replica.manager.status.servingRotations == 1)
                #expect(replica.metrics.value("nncp_guard_certificate_rotations_total", [("cert", "ca")]) == 1)
                #expect(replica.metrics.value("nncp_guard_certificate_rotations_total", [("cert", "serving")]) == 1)
                let servingExpiry = try #require(replica.metrics.value("nncp_guard_certificate_expiry_seconds", [("cert", "serving")]))
                #expect(abs(servingExpiry - Double(4380 * 3600)) < 600)
                let caExpiry = try #require(replica.metrics.value("nncp_guard_certificate_expiry_seconds", [("cert", "ca")]))
                #expect(abs(caExpiry - Double(8760 * 3600)) < 600)

                // Someone (a GitOps tool re-applying the manifest) overwrites
                // one entry's caBundle: the watch puts it back.
                let secretVersions = (ObjectMetadata(serving).resourceVersion, ObjectMetadata(ca).resourceVersion)
                // An overwrite before the configuration watches are open
                // would only be seen at the next resync.
                try await eventually("the Secret and both configuration watches are open") { server.cluster.watcherCount >= 3 }
                let mutating = try #require(server.cluster.get(.mutatingWebhooks, name: TestNames.mutating))
                server.cluster.put(.mutatingWebhooks, try overwritingCABundle(mutating, entry: 1, with: "T0xE"))
                try await eventually("the overwritten caBundle is restored") { converged(server, replica) }
                // Restoring it is not a rotation.
                #expect(ObjectMetadata(try #require(servingSecret(server))).resourceVersion == secretVersions.0)
                #expect(ObjectMetadata(try #require(caSecret(server))).resourceVersion == secretVersions.1)
                #expect(replica.manager.status.caRotations == 1)
                #expect(replica.metrics.value("nncp_guard_certificate_rotation_failures_total") == nil)
            }
        }
    }

    @Test func periodicResyncRestoresTheBundleWithoutAWatch() async throws {
        try await FakeAPIServer.withClient { server, client in
            seed(server)
            let replica = replica(client, watchConfigurations: false)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await replica.manager.run() }
                defer { group.cancelAll() }
                try await eventually("converged") { converged(server, replica) && replica.manager.status.passes >= 1 }
                try await replica.clock.waitForSleepers(1)
                let passesBefore = replica.manager.status.passes

                let validating = try #require(server.cluster.get(.validatingWebhooks, name: TestNames.validating))
                server.cluster.put(.validatingWebhooks, try overwritingCABundle(validating, entry: 0, with: "T0xE"))
                // The Secret watch may wake the loop for one more pass right
                // after the first (when it sees the new pair before the pass
                // hands it over itself), so the loop's sleep can start after
                // any one advance: keep advancing by a resync interval.
                try await eventually("restored by a later pass") {
                    replica.clock.advance(by: .seconds(60))
                    return converged(server, replica) && replica.manager.status.passes > passesBefore
                }
            }
        }
    }

    @Test func rotatesAtEachDeadlineAsTimeAdvances() async throws {
        try await FakeAPIServer.withClient { server, client in
            seed(server)
            let replica = replica(client)
            let start = replica.clock.now()
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await replica.manager.run() }
                defer { group.cancelAll() }
                try await eventually("converged") { converged(server, replica) }
                let first = try #require(replica.deliveries.last)
                let firstCA = try #require(secretData(caSecret(server), "ca.crt"))
                let servingDeadline = start.adding(.hours(4380 - 24))
                try await eventually("next wake-up is the serving deadline") { replica.manager.status.nextWakeUp == servingDeadline }

                // Serving deadline: new serving certificate, same CA.
                try await replica.clock.waitForSleepers(1)
                replica.clock.advance(by: .hours(4380 - 24))
                try await eventually("serving certificate rotated") {
                    replica.manager.status.servingRotations == 2 && converged(server, replica)
                }
                #expect(replica.deliveries.last?.serialHex != first.serialHex)
                #expect(secretData(caSecret(server), "ca.crt") == firstCA)

                // The next one would outlive its CA: its deadline is set by
                // the CA's expiry, and it is renewed once more before that.
                try await eventually("next wake-up") { replica.manager.status.nextWakeUp == start.adding(.hours(8760 - 24 - 24)) }
                try await replica.clock.waitForSleepers(1)
                replica.clock.advance(by: .hours(4380 - 24))
                try await eventually("serving certificate rotated again") {
                    replica.manager.status.servingRotations == 3 && converged(server, replica)
                }
                #expect(secretData(caSecret(server), "ca.crt") == firstCA)
                #expect(replica.manager.status.caRotations == 1)

                // CA deadline: new CA first in the bundle, old one kept,
                // serving certificate from the new CA, every entry updated.
                let caDeadline = start.adding(.hours(8760 - 24))
                try await eventually("next wake-up is the CA deadline") { replica.manager.status.nextWakeUp == caDeadline }
                try await replica.clock.waitForSleepers(1)
                replica.clock.advance(by: .hours(24))
                try await eventually("CA rotated") { replica.manager.status.caRotations == 2 && converged(server, replica) }
                let bundle = try PEM.certificates(try #require(secretData(servingSecret(server), "ca.crt")))
                #expect(bundle.count == 2)
                #expect(bundle[1] == (try PEM.certificates(firstCA)).first)
                #expect(replica.metrics.value("nncp_guard_certificate_rotations_total", [("cert", "ca")]) == 2)
                #expect(replica.metrics.value("nncp_guard_certificate_rotations_total", [("cert", "serving")]) == 4)

                // The old CA leaves the bundle when it expires.
                try await eventually("next wake-up is the old CA's expiry") { replica.manager.status.nextWakeUp == start.adding(.hours(8760)) }
                try await replica.clock.waitForSleepers(1)
                replica.clock.advance(by: .hours(24))
                try await eventually("old CA pruned") {
                    (try? PEM.certificates(secretData(servingSecret(server), "ca.crt") ?? ""))?.count == 1 && converged(server, replica)
                }
                #expect(replica.manager.status.caRotations == 2)
            }
        }
    }

    @Test func leaseHandoverToASecondReplica() async throws {
        try await FakeAPIServer.withClient { server, client in
            seed(server)
            let a = replica(client, identity: "pod-a")
            let b = replica(client, identity: "pod-b")
            try await withThrowingTaskGroup(of: Void.self) { groupB in
                defer { groupB.cancelAll() }
                try await withThrowingTaskGroup(of: Void.self) { groupA in
                    groupA.addTask { try await a.manager.run() }
                    try await eventually("pod-a leads and issued everything") { a.manager.status.isLeader && converged(server, a) }

                    groupB.addTask { try await b.manager.run() }
                    try await eventually("pod-b serves the same certificate") { converged(server, b) }
                    try await b.clock.waitForSleepers(1)
                    #expect(!b.manager.status.isLeader)
                    #expect(b.manager.status.passes == 0, "a follower never plans or writes")
                    groupA.cancelAll()  // pod-a shuts down and releases the Lease
                }
                let versions = (ObjectMetadata(try #require(servingSecret(server))).resourceVersion,
                                ObjectMetadata(try #require(caSecret(server))).resourceVersion)

                // pod-b takes over at its next retry and finds nothing to do.
                b.clock.advance(by: .seconds(2))
                try await eventually("pod-b leads") { b.manager.status.isLeader && b.manager.status.passes >= 1 }
                #expect(b.manager.status.lastPassSucceeded == true)
                #expect(ObjectMetadata(try #require(servingSecret(server))).resourceVersion == versions.0)
                #expect(ObjectMetadata(try #require(caSecret(server))).resourceVersion == versions.1)
                let lease = Lease(object: try #require(server.cluster.get(.leases, name: TestNames.lease, namespace: TestNames.namespace)))
                #expect(lease.record.holderIdentity == "pod-b")

                // ... and rotates when the deadline comes.
                let before = try #require(b.deliveries.last)
                try await b.clock.waitForSleepers(2)
                b.clock.advance(by: .hours(4380 - 24))
                try await eventually("pod-b rotated the serving certificate") {
                    b.manager.status.servingRotations == 1 && converged(server, b) && b.deliveries.last?.serialHex != before.serialHex
                }
                #expect(a.manager.status.servingRotations == 1, "pod-a only issued the first one")
            }
        }
    }

    @Test func losingTheLeaseStopsRotationWithinOneRenewPeriod() async throws {
        try await FakeAPIServer.withClient { server, client in
            seed(server)
            let a = replica(client, identity: "pod-a")
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await a.manager.run() }
                defer { group.cancelAll() }
                try await eventually("pod-a leads") { a.manager.status.isLeader && converged(server, a) }
                try await a.clock.waitForSleepers(2)  // elector and rotation loop

                // Another replica (with a skewed view) grabs the Lease.
                var object = try #require(server.cluster.get(.leases, name: TestNames.lease, namespace: TestNames.namespace))
                var lease = Lease(object: object)
                lease.record.holderIdentity = "pod-z"
                lease.record.leaseTransitions = (lease.record.leaseTransitions ?? 0) + 1
                object.set("spec", lease.record.spec)
                server.cluster.put(.leases, object)

                a.clock.advance(by: .seconds(5))  // one renew period
                try await eventually("pod-a stepped down") { !a.manager.status.isLeader }
                // Only the elector still sleeps: the rotation loop is gone.
                try await eventually("rotation loop stopped") { a.clock.sleeperCount == 1 }
                #expect(a.manager.status.servingRotations == 1)
            }
        }
    }

    @Test func standaloneDirectoryModeDeliversWhatItStores() async throws {
        try await withTemporaryDirectory { dir in
            let clock = ManualClock(start: wholeSecondNow())
            let deliveries = DeliveryLog()
            let served = ServingCertificateFiles(directory: dir + "/served")
            let manager = RotationManager(
                configuration: RotationManagerConfiguration(options: .test(), metricsRefreshInterval: nil),
                store: DirectoryStore(directory: dir + "/certs"), clock: clock, logger: quietLogger
            ) { certificate in
                try served.write(certificate)
                deliveries.append(certificate)
            }
            let first = try await manager.reconcile()
            #expect(first.actions == [.issueFirst])
            #expect(deliveries.all.count == 1)
            let stored = try DirectoryStore(directory: dir + "/certs").read()
            #expect(try String(contentsOfFile: served.certificatePath, encoding: .utf8) == stored.serving?.certificatePEM)
            #expect(try String(contentsOfFile: served.keyPath, encoding: .utf8) == stored.serving?.keyPEM)
            let mode = try FileManager.default.attributesOfItem(atPath: served.keyPath)[.posixPermissions] as? Int
            #expect(mode == 0o600)

            let second = try await manager.reconcile()
            #expect(second.actions.isEmpty)
            #expect(deliveries.all.count == 1, "same pair, not delivered again")

            clock.advance(by: .hours(4380 - 24))
            let third = try await manager.reconcile()
            #expect(third.newServingSerial != nil)
            #expect(deliveries.all.count == 2)
            #expect(deliveries.last?.serialHex == third.newServingSerial)
            #expect("\(try #require(deliveries.last))".contains("PRIVATE") == false, "the description never shows the key")
        }
    }
}
