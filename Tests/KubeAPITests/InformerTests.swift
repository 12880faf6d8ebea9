import SourceModel
import Testing
@testable import KubeAPI
import KubeAPITesting

/// Runs `informer` in a child task for the duration of `body`.
func withRunning<T: Sendable>(_ informer: Informer, _ body: () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await informer.run() }
        defer { group.cancelAll() }
        return try await body()
    }
}

extension InformerOptions {
    /// Quick retries so failure paths finish in milliseconds.
    static let fast = InformerOptions(pageSize: 2, watchTimeoutSeconds: 60...60,
                                      backoff: Backoff(initial: .milliseconds(10), maximum: .milliseconds(100), multiplier: 2, jitter: 0.5))
}

extension CacheEvent {
    /// `added:a`, `updated:b`, `deleted:c`, `synced`.
    var summary: String {
        switch self {
        case .added(let v): return "added:" + (ObjectKey(object: v)?.description ?? "?")
        case .updated(_, let v): return "updated:" + (ObjectKey(object: v)?.description ?? "?")
        case .deleted(let v): return "deleted:" + (ObjectKey(object: v)?.description ?? "?")
        case .synced: return "synced"
        }
    }
}

func next(_ n: Int, from iterator: inout AsyncStream<CacheEvent>.AsyncIterator) async -> [String] {
    var out: [String] = []
    for _ in 0..<n {
        guard let event = await iterator.next() else { break }
        out.append(event.summary)
    }
    return out
}

@Suite("informer cache")
struct InformerTests {
    @Test func syncsThenAppliesUpdatesAndDeletes() async throws {
        try await FakeAPIServer.withClient { server, client in
            for name in ["a", "b", "c"] { server.cluster.put(.nodes, Fixtures.node(name)) }
            let informer = Informer(client: client, resource: .nodes, options: .fast)
            #expect(!informer.hasSynced)
            #expect(!informer.snapshot.hasSynced)
            let subscription = informer.subscribe()
            #expect(subscription.snapshot.isEmpty)

            try await withRunning(informer) {
                try await informer.waitUntilSynced()
                let snapshot = informer.snapshot
                #expect(snapshot.hasSynced)
                #expect(snapshot.count == 3)
                #expect(snapshot["a"]?["kind"]?.string == "Node")
                #expect(snapshot.resourceVersion == String(server.cluster.revision))

                var events = subscription.events.makeAsyncIterator()
                #expect(await next(4, from: &events) == ["added:a", "added:b", "added:c", "synced"])

                server.cluster.put(.nodes, Fixtures.node("b", labels: ["role": "worker"]))
                guard case .updated(let old, let new)? = await events.next() else {
                    Issue.record("expected an update")
                    return
                }
                #expect(old.at("metadata", "labels", "role") == nil)
                #expect(new.at("metadata", "labels", "role")?.string == "worker")
                #expect(informer.snapshot["b"]?.at("metadata", "labels", "role")?.string == "worker")

                server.cluster.remove(.nodes, name: "a")
                server.cluster.put(.nodes, Fixtures.node("d"))
                #expect(await next(2, from: &events) == ["deleted:a", "added:d"])
                let after = informer.snapshot
                #expect(after.objects.keys.sorted() == [ObjectKey(name: "b"), ObjectKey(name: "c"), ObjectKey(name: "d")])
                #expect(after.resourceVersion == String(server.cluster.revision))
                // The list was paged (pageSize 2): two list requests, then the watch.
                let watch = try #require(server.requests.first { $0.isWatch })
                #expect(watch.query["allowWatchBookmarks"] == "true")
                #expect(watch.query["timeoutSeconds"] == "60")
                #expect(server.requests.filter { !$0.isWatch }.count == 2)
            }
        }
    }

    @Test func namespacedInformerKeysByNamespaceAndName() async throws {
        try await FakeAPIServer.withClient { server, client in
            server.cluster.put(.secrets, Fixtures.secret("cert", namespace: "nmstate"))
            server.cluster.put(.secrets, Fixtures.secret("cert", namespace: "default"))
            let informer = Informer(client: client, resource: .secrets, namespace: "nmstate", options: .fast)
            try await withRunning(informer) {
                try await informer.waitUntilSynced()
                #expect(informer.snapshot.objects.keys.sorted() == [ObjectKey(namespace: "nmstate", name: "cert")])
                #expect(informer.snapshot.object(namespace: "nmstate", name: "cert")?["kind"]?.string == "Secret")
                #expect(server.requests.allSatisfy { $0.path == "/api/v1/namespaces/nmstate/secrets" })
            }
        }
    }

    @Test func reconnectsAfterADroppedConnectionWithoutRelisting() async throws {
        try await FakeAPIServer.withClient { server, client in
            server.cluster.put(.nodes, Fixtures.node("a"))
            let informer = Informer(client: client, resource: .nodes, options: .fast)
            try await withRunning(informer) {
                try await informer.waitUntilSynced()
                try await eventually("the watch") { server.cluster.watcherCount == 1 }
                let versionAtDrop = informer.snapshot.resourceVersion
                server.cluster.dropWatches()
                server.cluster.put(.nodes, Fixtures.node("b"))
                try await eventually("node b after reconnecting") { informer.snapshot["b"] != nil }

                // A watch cut after one event (mid-stream) is survived too.
                server.addFault(watchOnly: true, .dropWatchAfter(events: 1))
                server.cluster.dropWatches()
                try await eventually("the second reconnect") { server.cluster.watchesStarted >= 3 }
                server.cluster.put(.nodes, Fixtures.node("c"))
                server.cluster.put(.nodes, Fixtures.node("d"))
                try await eventually("nodes c and d") { informer.snapshot["c"] != nil && informer.snapshot["d"] != nil }

                let stats = informer.statistics
                #expect(stats.lists == 1)
                #expect(stats.relistsAfterGone == 0)
                #expect(stats.errors >= 2)
                let watches = server.requests.filter(\.isWatch)
                #expect(watches.count >= 3)
                #expect(watches[1].query["resourceVersion"] == versionAtDrop)
            }
        }
    }

    @Test func relistsAfterAGoneErrorEventAndReportsTheDifference() async throws {
        try await FakeAPIServer.withClient { server, client in
            for name in ["a", "b"] { server.cluster.put(.nodes, Fixtures.node(name)) }
            let informer = Informer(client: client, resource: .nodes, options: .fast)
            let subscription = informer.subscribe()
            var events = subscription.events.makeAsyncIterator()
            try await withRunning(informer) {
                try await informer.waitUntilSynced()
                #expect(await next(3, from: &events) == ["added:a", "added:b", "synced"])
                try await eventually("the watch") { server.cluster.watcherCount == 1 }

                // Hold the reconnect while the cluster moves on and compacts,
                // so the informer comes back with a version that is gone.
                let gate = Gate()
                server.addFault(watchOnly: true, .hold(gate))
                server.cluster.dropWatches()
                try await eventually("the held reconnect") { server.requests.filter(\.isWatch).count == 2 }
                server.cluster.remove(.nodes, name: "a")
                server.cluster.put(.nodes, Fixtures.node("b", labels: ["changed": "yes"]))
                server.cluster.put(.nodes, Fixtures.node("c"))
                server.cluster.compact()
                gate.open()

                #expect(await next(4, from: &events) == ["deleted:a", "updated:b", "added:c", "synced"])
                #expect(informer.snapshot.objects.keys.sorted() == [ObjectKey(name: "b"), ObjectKey(name: "c")])
                #expect(informer.statistics.relistsAfterGone == 1)
                #expect(informer.statistics.lists == 2)
                #expect(informer.hasSynced)
            }
        }
    }

    @Test func relistsAfterAGoneStatusOnTheWatchRequest() async throws {
        try await FakeAPIServer.withClient { server, client in
            server.cluster.put(.nodes, Fixtures.node("a"))
            let informer = Informer(client: client, resource: .nodes, options: .fast)
            try await withRunning(informer) {
                try await informer.waitUntilSynced()
                try await eventually("the watch") { server.cluster.watcherCount == 1 }
                server.addFault(watchOnly: true, .status(410, reason: "Gone"))
                server.cluster.dropWatches()
                try await eventually("a relist") { informer.statistics.lists == 2 }
                #expect(informer.statistics.relistsAfterGone == 1)
            }
        }
    }

    @Test func backsOffOnErrorsUntilTheListSucceeds() async throws {
        try await FakeAPIServer.withClient { server, client in
            server.cluster.put(.nodes, Fixtures.node("a"))
            server.addFault(watchOnly: false, .status(500, reason: "InternalError"), times: 3)
            let informer = Informer(client: client, resource: .nodes, options: .fast)
            try await withRunning(informer) {
                try await informer.waitUntilSynced()
                #expect(informer.statistics.errors == 3)
                #expect(informer.statistics.lastError?.contains("InternalError") == true)
                #expect(informer.snapshot.count == 1)
            }
        }
    }

    @Test func bookmarksAdvanceTheResourceVersion() async throws {
        try await FakeAPIServer.withClient { server, client in
            server.cluster.put(.nodes, Fixtures.node("a"))
            let informer = Informer(client: client, resource: .nodes, options: .fast)
            try await withRunning(informer) {
                try await informer.waitUntilSynced()
                try await eventually("the watch") { server.cluster.watcherCount == 1 }
                // Another resource moves the global revision; only a bookmark tells the node informer.
                server.cluster.put(.secrets, Fixtures.secret("s", namespace: "nmstate"))
                server.cluster.sendBookmarks()
                try await eventually("the bookmark") { informer.snapshot.resourceVersion == String(server.cluster.revision) }
                #expect(informer.snapshot.count == 1)
            }
        }
    }

    @Test func watchTimeoutsRewatchWithoutErrors() async throws {
        try await FakeAPIServer.withClient { server, client in
            var options = InformerOptions.fast
            options.watchTimeoutSeconds = 1...1
            let informer = Informer(client: client, resource: .nodes, options: options)
            try await withRunning(informer) {
                try await informer.waitUntilSynced()
                try await eventually("a second watch") { server.cluster.watchesStarted >= 2 }
                #expect(informer.statistics.errors == 0)
                #expect(informer.statistics.lists == 1)
            }
        }
    }

    @Test func onChangeHandlerAndCleanShutdown() async throws {
        try await FakeAPIServer.withClient { server, client in
            server.cluster.put(.policies, Fixtures.policy("p1"))
            let seen = Counter()
            let informer = Informer(client: client, resource: .nodeNetworkConfigurationPolicies, options: .fast) { event in
                if case .added = event { _ = seen.increment() }
            }
            let subscription = informer.subscribe()
            let result: Void? = try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await informer.run() }
                try await informer.waitUntilSynced()
                #expect(seen.value == 1)
                group.cancelAll()
                // run() ends with CancellationError and closes subscriptions.
                do {
                    try await group.next()
                    Issue.record("run() returned normally after cancellation")
                } catch is CancellationError {
                }
                var count = 0
                for await _ in subscription.events { count += 1 }
                #expect(count == 2)  // added:p1, synced; then the stream ended
                return ()
            }
            #expect(result != nil)
            #expect(informer.snapshot["p1"]?["apiVersion"]?.string == "nmstate.io/v1")
        }
    }

    @Test func droppedSubscriptionsUnsubscribe() async throws {
        try await FakeAPIServer.withClient { _, client in
            let informer = Informer(client: client, resource: .nodes, options: .fast)
            do {
                let subscription = informer.subscribe()
                #expect(informer.subscriberCount == 1)
                _ = subscription
            }
            #expect(informer.subscriberCount == 0)
            try await withThrowingTaskGroup(of: Void.self) { group in
                let subscription = informer.subscribe()
                group.addTask { for await _ in subscription.events {} }
                #expect(informer.subscriberCount == 1)
                group.cancelAll()
                try await group.waitForAll()
            }
            #expect(informer.subscriberCount == 0)
        }
    }

    @Test func runningTwiceIsRefused() async throws {
        try await FakeAPIServer.withClient { server, client in
            let informer = Informer(client: client, resource: .nodes, options: .fast)
            try await withRunning(informer) {
                try await informer.waitUntilSynced()
                let error = await #expect(throws: KubeAPIError.self) { try await informer.run() }
                #expect(error?.code == .invalidRequest)
            }
        }
    }
}
