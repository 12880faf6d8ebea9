import Foundation
import Logging
import NIOConcurrencyHelpers
import Testing
@testable import KubeAPI
import KubeAPITesting

/// What the elector writes to the log as leadership comes and goes. The
/// leader renews every few seconds for as long as it runs, so anything it
/// logs per renewal would drown the lines an operator looks for.
@Suite("leader election log")
struct LeadershipLogTests {
    /// Collects the messages one logger writes.
    final class Messages: Sendable {
        private let box = NIOLockedValueBox<[String]>([])

        var all: [String] { box.withLockedValue { $0 } }

        func count(_ message: String) -> Int { all.filter { $0 == message }.count }

        var logger: Logger {
            Logger(label: "leader-election-test") { _ in Handler(messages: self) }
        }

        struct Handler: LogHandler {
            let messages: Messages
            var metadata: Logger.Metadata = [:]
            var logLevel: Logger.Level = .trace

            subscript(metadataKey key: String) -> Logger.Metadata.Value? {
                get { metadata[key] }
                set { metadata[key] = newValue }
            }

            func log(event: LogEvent) {
                messages.box.withLockedValue { $0.append(event.message.description) }
            }
        }
    }

    @Test func becomingLeaderIsLoggedOnceNotOnEveryRenewal() async throws {
        try await FakeAPIServer.withClient { server, client in
            let clock = ManualClock()
            let messages = Messages()
            let elector = LeaderElector(leases: LeaseClient(client: client, namespace: "nmstate"), leaseName: "nncp-guard",
                                        identity: "pod-a", configuration: .test(), clock: clock, logger: messages.logger)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await elector.run() }
                defer { group.cancelAll() }
                try await clock.waitForSleepers()
                #expect(elector.isLeader)
                let renewTimes = { () -> String? in
                    Lease(object: server.cluster.get(.leases, name: "nncp-guard", namespace: "nmstate") ?? .null).record.renewTime.map(MicroTime.format)
                }
                for renewal in 1...4 {
                    clock.advance(by: .seconds(5))
                    try await eventually("renewal \(renewal) stored") {
                        renewTimes() == MicroTime.format(clock.now())
                    }
                    try await clock.waitForSleepers()
                }
                #expect(elector.isLeader)
                #expect(messages.count("became leader") == 1, "logged: \(messages.all)")
                #expect(messages.count("acquired the lease (created it)") == 1)
                #expect(messages.count("no longer leader") == 0)
            }
        }
    }

    @Test func losingLeadershipIsLoggedOnceAndRegainingItAgain() async throws {
        try await FakeAPIServer.withClient { server, client in
            let clock = ManualClock()
            let messages = Messages()
            let elector = LeaderElector(leases: LeaseClient(client: client, namespace: "nmstate"), leaseName: "nncp-guard",
                                        identity: "pod-a", configuration: .test(), clock: clock, logger: messages.logger)
            var leadership = elector.leadership().makeAsyncIterator()
            #expect(await leadership.next() == false)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await elector.run() }
                defer { group.cancelAll() }
                #expect(await leadership.next() == true)
                try await clock.waitForSleepers()

                // Renewals fail until the renew deadline ends leadership; the
                // failed attempts after that must not log the change again.
                server.addFault(pathContains: "/leases/", .status(500, reason: "InternalError"), times: 1000)
                for step in [5, 2, 2, 1] {
                    clock.advance(by: .seconds(step))
                    try await clock.waitForSleepers()
                }
                #expect(await leadership.next() == false)
                for _ in 0..<3 {
                    clock.advance(by: .seconds(2))
                    try await clock.waitForSleepers()
                }
                #expect(!elector.isLeader)
                #expect(messages.count("no longer leader") == 1, "logged: \(messages.all)")

                server.clearFaults()
                clock.advance(by: .seconds(2))
                #expect(await leadership.next() == true)
                try await clock.waitForSleepers()
                clock.advance(by: .seconds(5))
                try await clock.waitForSleepers()
                #expect(messages.count("became leader") == 2, "logged: \(messages.all)")
                #expect(messages.count("no longer leader") == 1)
            }
        }
    }
}
