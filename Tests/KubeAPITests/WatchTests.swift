import SourceModel
import Testing
@testable import KubeAPI
import KubeAPITesting

@Suite("watch against the fake API server")
struct WatchTests {
    @Test func streamsEventsFromTheListVersion() async throws {
        try await FakeAPIServer.withClient { server, client in
            server.cluster.put(.nodes, Fixtures.node("n1"))
            let list = try await client.list(.nodes)
            let stream = try await client.watch(.nodes, options: WatchOptions(resourceVersion: list.resourceVersion, timeoutSeconds: 60))
            let request = try #require(server.requests.last)
            #expect(request.path == "/api/v1/nodes")
            #expect(request.query == ["watch": "true", "resourceVersion": list.resourceVersion, "allowWatchBookmarks": "true", "timeoutSeconds": "60"])

            server.cluster.put(.nodes, Fixtures.node("n2"))
            server.cluster.put(.nodes, Fixtures.node("n2", labels: ["x": "y"]))
            server.cluster.remove(.nodes, name: "n1")
            server.cluster.sendBookmarks()

            var events: [WatchEvent] = []
            for try await event in stream {
                events.append(event)
                if events.count == 4 { break }
            }
            #expect(events.map(\.type) == [.added, .modified, .deleted, .bookmark])
            #expect(events.map { ObjectMetadata($0.object).name } == ["n2", "n2", "n1", nil])
            #expect(events[3].resourceVersion == String(server.cluster.revision))
        }
    }

    @Test func eventsSplitIntoSmallChunksStillDecode() async throws {
        try await FakeAPIServer.withClient { server, client in
            server.watchSplitSize = 5
            let stream = try await client.watch(.nodeNetworkConfigurationPolicies, options: WatchOptions(resourceVersion: String(server.cluster.revision)))
            for i in 0..<3 { server.cluster.put(.policies, Fixtures.policy("p\(i)")) }
            var names: [String] = []
            for try await event in stream {
                names.append(ObjectMetadata(event.object).name ?? "")
                if names.count == 3 { break }
            }
            #expect(names == ["p0", "p1", "p2"])
        }
    }

    @Test func initialEventsShareOneChunk() async throws {
        try await FakeAPIServer.withClient { server, client in
            for i in 0..<5 { server.cluster.put(.nodes, Fixtures.node("n\(i)")) }
            // No resourceVersion: synthetic ADDED for everything, in one chunk.
            let stream = try await client.watch(.nodes)
            var count = 0
            for try await event in stream {
                #expect(event.type == .added)
                count += 1
                if count == 5 { break }
            }
            #expect(count == 5)
        }
    }

    @Test func tooOldVersionGivesGoneErrorEvent() async throws {
        try await FakeAPIServer.withClient { server, client in
            server.cluster.put(.nodes, Fixtures.node("n1"))
            let old = String(server.cluster.revision)
            server.cluster.put(.nodes, Fixtures.node("n2"))
            server.cluster.compact()
            let stream = try await client.watch(.nodes, options: WatchOptions(resourceVersion: old))
            var events: [WatchEvent] = []
            for try await event in stream { events.append(event) }
            #expect(events.count == 1)
            #expect(events.first?.type == .error)
            #expect(events.first?.error?.code == .gone)
        }
    }

    @Test func serverTimeoutEndsTheStreamAfterABookmark() async throws {
        try await FakeAPIServer.withClient { server, client in
            let stream = try await client.watch(.nodes, options: WatchOptions(resourceVersion: String(server.cluster.revision), timeoutSeconds: 1))
            var events: [WatchEvent] = []
            for try await event in stream { events.append(event) }
            #expect(events.map(\.type) == [.bookmark])
        }
    }

    @Test func droppedConnectionThrowsTransportError() async throws {
        try await FakeAPIServer.withClient { server, client in
            let stream = try await client.watch(.nodes, options: WatchOptions(resourceVersion: String(server.cluster.revision)))
            server.cluster.put(.nodes, Fixtures.node("n1"))
            var iterator = stream.makeAsyncIterator()
            #expect(try await iterator.next()?.type == .added)
            server.cluster.dropWatches()
            let error = await #expect(throws: KubeAPIError.self) { _ = try await iterator.next() }
            #expect(error?.code == .transport)
        }
    }

    @Test func namespacedWatchOnlySeesItsNamespace() async throws {
        try await FakeAPIServer.withClient { server, client in
            let stream = try await client.watch(.secrets, namespace: "nmstate", options: WatchOptions(resourceVersion: String(server.cluster.revision)))
            #expect(server.requests.last?.path == "/api/v1/namespaces/nmstate/secrets")
            server.cluster.put(.secrets, Fixtures.secret("other", namespace: "default"))
            server.cluster.put(.secrets, Fixtures.secret("mine", namespace: "nmstate"))
            for try await event in stream {
                #expect(ObjectKey(object: event.object) == ObjectKey(namespace: "nmstate", name: "mine"))
                break
            }
        }
    }
}
