import Foundation
import SourceModel
import Testing
@testable import KubeAPI
import KubeAPITesting

extension LeaderElectionConfiguration {
    /// Lease timing on the test's ManualClock. The attempt timeout runs on
    /// the real clock and no test is about it: a minute, so a slow answer
    /// on a loaded machine never ends an attempt.
    static func test(releaseOnCancel: Bool = false) -> LeaderElectionConfiguration {
        LeaderElectionConfiguration(leaseDuration: .seconds(15), renewPeriod: .seconds(5), renewDeadline: .seconds(10),
                                    retryPeriod: .seconds(2), attemptTimeout: .seconds(60), releaseOnCancel: releaseOnCancel)
    }
}

@Suite("leases and leader election")
struct LeaseTests {
    @Test func leasePrimitives() async throws {
        try await FakeAPIServer.withClient { server, client in
            let leases = LeaseClient(client: client, namespace: "nmstate")
            #expect(try await leases.get("nncp-guard") == nil)

            let t0 = Date(timeIntervalSince1970: 1_700_000_000.25)
            let record = LeaseRecord(holderIdentity: "pod-a", leaseDurationSeconds: 15, acquireTime: t0, renewTime: t0, leaseTransitions: 0)
            let created = try await leases.create("nncp-guard", record: record, labels: ["app": "nncp-guard"])
            #expect(created.record == record)
            let stored = try #require(server.cluster.get(.leases, name: "nncp-guard", namespace: "nmstate"))
            #expect(stored.at("spec", "renewTime")?.string == "2023-11-14T22:13:20.250000Z")
            #expect(stored.at("spec", "leaseDurationSeconds")?.int64 == 15)
            #expect(stored["apiVersion"]?.string == "coordination.k8s.io/v1")

            let read = try #require(try await leases.get("nncp-guard"))
            #expect(read.record == record)
            var renewedRecord = record
            renewedRecord.renewTime = t0.addingTimeInterval(5)
            let renewed = try await leases.update(read, record: renewedRecord)
            #expect(renewed.record.renewTime == renewedRecord.renewTime)
            #expect(renewed.resourceVersion != read.resourceVersion)

            let stale = await #expect(throws: KubeAPIError.self) { try await leases.update(read, record: record) }
            #expect(stale?.code == .conflict)
            let taken = await #expect(throws: KubeAPIError.self) { try await leases.create("nncp-guard", record: record) }
            #expect(taken?.code == .alreadyExists)
        }
    }

    @Test func electorAcquiresAndRenews() async throws {
        try await FakeAPIServer.withClient { server, client in
            let clock = ManualClock()
            let start = clock.now()
            let elector = LeaderElector(leases: LeaseClient(client: client, namespace: "nmstate"), leaseName: "nncp-guard",
                                        identity: "pod-a", configuration: .test(), clock: clock)
            var leadership = elector.leadership().makeAsyncIterator()
            #expect(await leadership.next() == false)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await elector.run() }
                defer { group.cancelAll() }
                #expect(await leadership.next() == true)
                try await clock.waitForSleepers()
                var lease = Lease(object: try #require(server.cluster.get(.leases, name: "nncp-guard", namespace: "nmstate")))
                #expect(lease.record.holderIdentity == "pod-a")
                #expect(lease.record.leaseDurationSeconds == 15)
                #expect(lease.record.leaseTransitions == 0)
                #expect(lease.record.renewTime.map(MicroTime.format) == MicroTime.format(start))

                clock.advance(by: .seconds(5))
                try await clock.waitForSleepers()
                lease = Lease(object: try #require(server.cluster.get(.leases, name: "nncp-guard", namespace: "nmstate")))
                #expect(lease.record.renewTime.map(MicroTime.format) == MicroTime.format(start.addingTimeInterval(5)))
                #expect(lease.record.acquireTime.map(MicroTime.format) == MicroTime.format(start))
                #expect(lease.record.leaseTransitions == 0)
                #expect(elector.isLeader)
            }
        }
    }

    @Test func candidateTakesOverOnlyAfterTheLeaseExpires() async throws {
        try await FakeAPIServer.withClient { server, client in
            let leases = LeaseClient(client: client, namespace: "nmstate")
            let clockA = ManualClock()
            let clockB = ManualClock(start: Date(timeIntervalSince1970: 1_800_000_000))  // skewed: does not matter
            let a = LeaderElector(leases: leases, leaseName: "nncp-guard", identity: "pod-a", configuration: .test(), clock: clockA)
            let b = LeaderElector(leases: leases, leaseName: "nncp-guard", identity: "pod-b", configuration: .test(), clock: clockB)

            try await withThrowingTaskGroup(of: Void.self) { bGroup in
                defer { bGroup.cancelAll() }
                try await withThrowingTaskGroup(of: Void.self) { aGroup in
                    aGroup.addTask { try await a.run() }
                    try await clockA.waitForSleepers()
                    #expect(a.isLeader)
                    bGroup.addTask { try await b.run() }
                    try await clockB.waitForSleepers()
                    #expect(!b.isLeader)
                    aGroup.cancelAll()  // pod-a dies without releasing
                }
                // pod-b waits a full lease duration from when it first saw the record.
                var advanced = 0
                while !b.isLeader, advanced < 20 {
                    #expect(advanced < 15, "took over before the lease expired")
                    clockB.advance(by: .seconds(2))
                    advanced += 2
                    try await clockB.waitForSleepers()
                }
                #expect(b.isLeader)
                #expect(advanced == 16)
                let lease = Lease(object: try #require(server.cluster.get(.leases, name: "nncp-guard", namespace: "nmstate")))
                #expect(lease.record.holderIdentity == "pod-b")
                #expect(lease.record.leaseTransitions == 1)
            }
        }
    }

    @Test func releaseOnCancelLetsASuccessorTakeOverAtOnce() async throws {
        try await FakeAPIServer.withClient { server, client in
            let leases = LeaseClient(client: client, namespace: "nmstate")
            let clockA = ManualClock()
            let a = LeaderElector(leases: leases, leaseName: "nncp-guard", identity: "pod-a", configuration: .test(releaseOnCancel: true), clock: clockA)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await a.run() }
                try await clockA.waitForSleepers()
                #expect(a.isLeader)
                group.cancelAll()
                try? await group.waitForAll()
            }
            #expect(!a.isLeader)
            let released = Lease(object: try #require(server.cluster.get(.leases, name: "nncp-guard", namespace: "nmstate")))
            #expect(released.record.holderIdentity == nil)
            #expect(released.record.leaseDurationSeconds == 1)

            let clockB = ManualClock()
            let b = LeaderElector(leases: leases, leaseName: "nncp-guard", identity: "pod-b", configuration: .test(), clock: clockB)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await b.run() }
                defer { group.cancelAll() }
                try await clockB.waitForSleepers()
                #expect(b.isLeader)
                let lease = Lease(object: try #require(server.cluster.get(.leases, name: "nncp-guard", namespace: "nmstate")))
                #expect(lease.record.holderIdentity == "pod-b")
                #expect(lease.record.leaseTransitions == 1)
            }
        }
    }

    @Test func leaderStepsDownAtTheRenewDeadlineWhenRenewalsFail() async throws {
        try await FakeAPIServer.withClient { server, client in
            let clock = ManualClock()
            let elector = LeaderElector(leases: LeaseClient(client: client, namespace: "nmstate"), leaseName: "nncp-guard",
                                        identity: "pod-a", configuration: .test(), clock: clock)
            var leadership = elector.leadership().makeAsyncIterator()
            #expect(await leadership.next() == false)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await elector.run() }
                defer { group.cancelAll() }
                #expect(await leadership.next() == true)
                try await clock.waitForSleepers()

                server.addFault(pathContains: "/leases/", .status(500, reason: "InternalError"), times: 1000)
                // Renewal due at 5 s fails; retries at 7 s and 9 s fail; still leader.
                for step in [5, 2, 2] {
                    clock.advance(by: .seconds(step))
                    try await clock.waitForSleepers()
                    #expect(elector.isLeader)
                }
                // The retry after 9 s is cut short to the 10 s deadline: leadership ends there.
                clock.advance(by: .seconds(1))
                #expect(await leadership.next() == false)
                try await clock.waitForSleepers()
                #expect(!elector.isLeader)

                // Once the API server recovers, the lease (still ours) is taken back.
                server.clearFaults()
                clock.advance(by: .seconds(2))
                #expect(await leadership.next() == true)
            }
        }
    }
}
