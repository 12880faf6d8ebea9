import SourceModel
import Testing
@testable import KubeAPI

@Suite("watch stream decoding")
struct WatchDecoderTests {
    static let added = #"{"type":"ADDED","object":{"apiVersion":"v1","kind":"Node","metadata":{"name":"a","resourceVersion":"11"}}}"# + "\n"
    static let tricky = #"{"type":"MODIFIED","object":{"kind":"Node","metadata":{"name":"b","resourceVersion":"12","annotations":{"x":"} { \" \\ ] ["}}}}"# + "\n"
    static let bookmark = #"{"type":"BOOKMARK","object":{"kind":"Node","apiVersion":"v1","metadata":{"resourceVersion":"15","annotations":{"k8s.io/initial-events-end":"true"}}}}"# + "\n"
    static let gone = #"{"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"too old resource version: 5 (10)","reason":"Expired","code":410}}"# + "\n"

    @Test func eventsSplitAcrossEveryByteBoundary() throws {
        var decoder = WatchEventDecoder(maxEventBytes: 1 << 20)
        let bytes = Array((Self.added + Self.tricky).utf8)
        var events: [WatchEvent] = []
        var completedAt: [Int] = []
        for (i, b) in bytes.enumerated() {
            let out = try decoder.decode([b])
            if !out.isEmpty { completedAt.append(i) }
            events += out
        }
        #expect(events.map(\.type) == [.added, .modified])
        // Each event is delivered the moment its closing brace arrives.
        #expect(completedAt == [Self.added.utf8.count - 2, bytes.count - 2])
        #expect(events[1].object.at("metadata", "annotations", "x")?.string == #"} { " \ ] ["#)
        try decoder.finish()
    }

    @Test func severalEventsInOneChunkAndOddSplits() throws {
        let all = Array((Self.added + Self.tricky + Self.bookmark + Self.added).utf8)
        for split in [1, 7, 64, all.count] {
            var decoder = WatchEventDecoder(maxEventBytes: 1 << 20)
            var events: [WatchEvent] = []
            var i = 0
            while i < all.count {
                events += try decoder.decode(Array(all[i..<min(all.count, i + split)]))
                i += split
            }
            #expect(events.map(\.type) == [.added, .modified, .bookmark, .added], "split \(split)")
            #expect(events.map(\.resourceVersion) == ["11", "12", "15", "11"])
        }
    }

    @Test func errorEventCarriesGone() throws {
        var decoder = WatchEventDecoder(maxEventBytes: 1 << 20)
        let events = try decoder.decode(Array(Self.gone.utf8))
        #expect(events.count == 1)
        let error = try #require(events[0].error)
        #expect(error.code == .gone)
        #expect(error.httpStatus == 410)
        #expect(error.message == "too old resource version: 5 (10)")
    }

    @Test func malformedStreams() throws {
        var garbage = WatchEventDecoder(maxEventBytes: 1 << 20)
        #expect(throws: KubeAPIError.self) { try garbage.decode(Array("<html>proxy error</html>".utf8)) }

        var unknownType = WatchEventDecoder(maxEventBytes: 1 << 20)
        let error = #expect(throws: KubeAPIError.self) { try unknownType.decode(Array(#"{"type":"RENAMED","object":{}}"#.utf8)) }
        #expect(error?.code == .malformedResponse)

        var tooBig = WatchEventDecoder(maxEventBytes: 64)
        #expect(throws: KubeAPIError.self) { try tooBig.decode(Array(Self.added.utf8)) }

        var cut = WatchEventDecoder(maxEventBytes: 1 << 20)
        _ = try cut.decode(Array(Self.added.utf8.prefix(30)))
        let cutError = #expect(throws: KubeAPIError.self) { try cut.finish() }
        #expect(cutError?.code == .transport)
    }
}
