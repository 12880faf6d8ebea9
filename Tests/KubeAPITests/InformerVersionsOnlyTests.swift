import SourceModel
import Testing
@testable import KubeAPI
import KubeAPITesting

/// An informer with `keepsObjects: false` hands every object to its
/// consumer once and remembers only keys and versions: no second copy of
/// large objects, relists handled a page at a time.
@Suite("informer without a store of objects")
struct InformerVersionsOnlyTests {
    static let options: InformerOptions = {
        var o = InformerOptions.fast
        o.keepsObjects = false
        return o
    }()

    @Test func deliversEveryChangeAndKeepsNoObjects() async throws {
        try await FakeAPIServer.withClient { server, client in
            for name in ["a", "b", "c"] { server.cluster.put(.nodes, Fixtures.node(name)) }
            let informer = Informer(client: client, resource: .nodes, options: Self.options)
            let subscription = informer.subscribe()
            var events = subscription.events.makeAsyncIterator()
            try await withRunning(informer) {
                try await informer.waitUntilSynced()
                #expect(await next(4, from: &events) == ["added:a", "added:b", "added:c", "synced"])
                #expect(informer.snapshot.isEmpty)
                #expect(informer.snapshot.hasSynced)
                // Paged (pageSize 2): two list requests.
                #expect(server.requests.filter { !$0.isWatch }.count == 2)

                server.cluster.put(.nodes, Fixtures.node("b", labels: ["role": "worker"]))
                guard case .updated(let old, let new)? = await events.next() else {
                    Issue.record("expected an update")
                    return
                }
                // The old state is only known by its version.
                #expect(old.at("metadata", "name")?.string == "b")
                #expect(old.at("metadata", "resourceVersion")?.string != new.at("metadata", "resourceVersion")?.string)
                #expect(new.at("metadata", "labels", "role")?.string == "worker")

                server.cluster.remove(.nodes, name: "a")
                #expect(await next(1, from: &events) == ["deleted:a"])
                #expect(informer.snapshot.isEmpty)
            }
        }
    }

    @Test func relistAfterGoneReportsTheDifferenceFromVersions() async throws {
        try await FakeAPIServer.withClient { server, client in
            for name in ["a", "b", "d"] { server.cluster.put(.nodes, Fixtures.node(name)) }
            let informer = Informer(client: client, resource: .nodes, options: Self.options)
            let subscription = informer.subscribe()
            var events = subscription.events.makeAsyncIterator()
            try await withRunning(informer) {
                try await informer.waitUntilSynced()
                #expect(await next(4, from: &events) == ["added:a", "added:b", "added:d", "synced"])
                try await eventually("the watch") { server.cluster.watcherCount == 1 }

                let gate = Gate()
                server.addFault(watchOnly: true, .hold(gate))
                server.cluster.dropWatches()
                try await eventually("the held reconnect") { server.requests.filter(\.isWatch).count == 2 }
                server.cluster.remove(.nodes, name: "a")
                server.cluster.put(.nodes, Fixtures.node("b", labels: ["changed": "yes"]))
                server.cluster.put(.nodes, Fixtures.node("c"))
                server.cluster.compact()
                gate.open()

                // Pages arrive in key order (b, c | d); unchanged d is not
                // reported; removals come once the last page has been seen.
                #expect(await next(4, from: &events) == ["updated:b", "added:c", "deleted:a", "synced"])
                #expect(informer.statistics.relistsAfterGone == 1)
                #expect(informer.statistics.lists == 2)
            }
        }
    }
}
