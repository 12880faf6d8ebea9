import Foundation
import KubeAPI
import KubeAPITesting
import SourceModel
import Testing
@_spi(FixedExpiryValidationTime) import X509
@testable import CertRotation

/// The rotating replica serves what it issues as soon as it has stored it,
/// instead of waiting for its own Secret source to notice the write (the
/// chart polls the Secret every 10 s, so that wait delayed the first start
/// and every rotation).
@Suite("serving hand-over on the rotating replica")
struct HandOverTests {
    struct Replica {
        let manager: RotationManager
        let clock: ManualClock
        /// The Secret poller's own clock: left alone, the poller reads the
        /// Secret once at start and never again.
        let pollClock: ManualClock
        let deliveries: DeliveryLog
    }

    func replica(_ client: KubeClient, options: RotationOptions = .test()) -> Replica {
        let clock = ManualClock(start: wholeSecondNow())
        let pollClock = ManualClock()
        let deliveries = DeliveryLog()
        let elector = LeaderElector(leases: LeaseClient(client: client, namespace: TestNames.namespace), leaseName: TestNames.lease,
                                    identity: "pod-a", configuration: .rotationTest, clock: clock, logger: quietLogger)
        let manager = RotationManager(
            configuration: RotationManagerConfiguration(options: options, resyncInterval: .seconds(60), metricsRefreshInterval: nil),
            store: KubernetesSecretStore(client: client, namespace: TestNames.namespace, caSecretName: TestNames.caSecret,
                                         servingSecretName: TestNames.servingSecret, logger: quietLogger),
            injector: CABundleInjector(client: client, configurations: [
                WebhookConfigurationRef(.mutating, TestNames.mutating), WebhookConfigurationRef(.validating, TestNames.validating),
            ], logger: quietLogger),
            leaderElector: elector,
            servingSource: ServingSecretPoller(client: client, namespace: TestNames.namespace, secretName: TestNames.servingSecret,
                                               interval: .seconds(10), clock: pollClock, logger: quietLogger),
            clock: clock,
            logger: quietLogger
        ) { certificate in
            deliveries.append(certificate)
        }
        return Replica(manager: manager, clock: clock, pollClock: pollClock, deliveries: deliveries)
    }

    func seed(_ server: FakeAPIServer) {
        server.cluster.put(.mutatingWebhooks, webhookConfiguration(.mutating, TestNames.mutating, hooks: ["mutate.nncp-guard.io"]))
        server.cluster.put(.validatingWebhooks, webhookConfiguration(.validating, TestNames.validating, hooks: ["validate.nncp-guard.io"]))
    }

    func storedChain(_ server: FakeAPIServer) -> String? {
        secretData(server.cluster.get(.secrets, name: TestNames.servingSecret, namespace: TestNames.namespace), "tls.crt")
    }

    @Test func firstIssueIsServedWithoutWaitingForTheSecretPoll() async throws {
        try await FakeAPIServer.withClient { server, client in
            seed(server)
            let replica = replica(client)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await replica.manager.run() }
                defer { group.cancelAll() }
                // The poller found no Secret at start and is parked on a clock
                // that does not move: only the leader can have delivered.
                try await eventually("the issued pair is served") {
                    replica.deliveries.all.count == 1 && storedChain(server) != nil
                }
                #expect(replica.deliveries.last?.certificateChainPEM == storedChain(server))
                #expect(replica.pollClock.sleeperCount == 1)

                // When the poller does read the Secret, the same pair is not
                // handed over a second time.
                replica.pollClock.advance(by: .seconds(10))
                try await replica.pollClock.waitForSleepers(1)
                #expect(replica.deliveries.all.count == 1)
            }
        }
    }

    @Test func rotatedPairIsServedAtOnce() async throws {
        try await FakeAPIServer.withClient { server, client in
            seed(server)
            let replica = replica(client)
            let start = replica.clock.now()
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await replica.manager.run() }
                defer { group.cancelAll() }
                try await eventually("first pair served") { replica.deliveries.all.count == 1 }
                let first = try #require(replica.deliveries.last)
                try await eventually("next wake-up is the serving deadline") {
                    replica.manager.status.nextWakeUp == start.adding(.hours(4380 - 24))
                }
                try await replica.clock.waitForSleepers(2)  // elector and rotation loop

                replica.clock.advance(by: .hours(4380 - 24))
                try await eventually("the rotated pair is served") {
                    replica.manager.status.servingRotations == 2 && replica.deliveries.all.count == 2
                }
                let rotated = try #require(replica.deliveries.last)
                #expect(rotated.serialHex != first.serialHex)
                #expect(rotated.certificateChainPEM == storedChain(server))
                #expect(replica.pollClock.sleeperCount == 1, "the poller has not read the Secret again")
            }
        }
    }

    @Test func extraNamesAndAddressesAreInTheIssuedCertificate() async throws {
        try await FakeAPIServer.withClient { server, client in
            seed(server)
            let options = RotationOptions(serving: ServingCertificateRequest(
                serviceName: TestNames.service, namespace: TestNames.namespace,
                extraDNSNames: ["webhook.example.com"], ipAddresses: ["127.0.0.1", "fd00::7"]))
            try options.validate()
            let replica = replica(client, options: options)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await replica.manager.run() }
                defer { group.cancelAll() }
                try await eventually("issued") { storedChain(server) != nil }
                let chain = try #require(storedChain(server))
                let leaf = try #require(try PEM.certificates(chain).first)
                #expect(CertificateFacts.dnsNames(leaf).contains("webhook.example.com"))
                #expect(CertificateFacts.dnsNames(leaf).contains("nncp-guard.nmstate.svc"))
                #expect(CertificateFacts.ipAddresses(leaf) == ["127.0.0.1", "fd00::7"])
                // A webhook configuration with `url: https://127.0.0.1:…`
                // verifies it by IP, and one with a DNS name by that name.
                let bundle = try #require(secretData(server.cluster.get(.secrets, name: TestNames.servingSecret, namespace: TestNames.namespace), "ca.crt"))
                #expect(try await verifiesForAddress(chain, roots: bundle, ip: "127.0.0.1", at: replica.clock.now()))
                #expect(try await verifies(chain, roots: bundle, hostname: "webhook.example.com", at: replica.clock.now()))
                #expect(try await !verifiesForAddress(chain, roots: bundle, ip: "127.0.0.2", at: replica.clock.now()))
            }
        }
    }

    /// As ``verifies(_:roots:hostname:at:)``, for a client that dialled an IP address.
    func verifiesForAddress(_ leafChainPEM: String, roots rootsPEM: String, ip: String, at time: Date) async throws -> Bool {
        let chain = try PEM.certificates(leafChainPEM)
        var verifier = Verifier(rootCertificates: CertificateStore(try PEM.certificates(rootsPEM))) {
            RFC5280Policy(fixedExpiryValidationTime: time)
            ServerIdentityPolicy(serverHostname: nil, serverIP: ip)
        }
        let result = await verifier.validate(leaf: chain[0], intermediates: CertificateStore(Array(chain.dropFirst())))
        if case .validCertificate = result { return true }
        return false
    }
}
