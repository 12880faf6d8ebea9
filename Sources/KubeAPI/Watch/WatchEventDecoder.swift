import NIOCore
import SourceModel

/// Turns the chunks of a watch response body into ``WatchEvent``s, as the
/// chunks arrive. Events may span chunks and chunks may hold several
/// events (see ``JSONObjectFramer``); each whole event is parsed with the
/// project's byte-level JSON reader.
struct WatchEventDecoder {
    private var framer: JSONObjectFramer
    private let reader: JSONReader

    init(maxEventBytes: Int) {
        framer = JSONObjectFramer(maxObjectBytes: maxEventBytes)
        reader = JSONReader(limits: LoadLimits(maxBytes: maxEventBytes, maxDepth: 200))
    }

    /// The events completed by `chunk`.
    mutating func decode(_ chunk: ByteBuffer) throws(KubeAPIError) -> [WatchEvent] {
        let frames: [[UInt8]]
        do throws(JSONObjectFramer.FramingError) {
            frames = try chunk.withUnsafeReadableBytes { (raw) throws(JSONObjectFramer.FramingError) in try framer.append(raw) }
        } catch {
            throw KubeAPIError(.malformedResponse, "watch stream: \(error)")
        }
        var events: [WatchEvent] = []
        events.reserveCapacity(frames.count)
        for frame in frames {
            events.append(try Self.event(from: frame, reader: reader))
        }
        return events
    }

    mutating func decode(_ bytes: [UInt8]) throws(KubeAPIError) -> [WatchEvent] {
        try decode(ByteBuffer(bytes: bytes))
    }

    /// Called at the end of the body: an unfinished event means the
    /// connection was cut.
    func finish() throws(KubeAPIError) {
        if framer.hasPartialObject {
            throw KubeAPIError(.transport, "watch stream ended in the middle of an event")
        }
    }

    static func event(from frame: [UInt8], reader: JSONReader) throws(KubeAPIError) -> WatchEvent {
        let value: Value
        do throws(LoadError) {
            value = try reader.parse(frame)
        } catch {
            throw KubeAPIError(.malformedResponse, "watch event is not valid JSON: \(error)")
        }
        guard let typeName = value["type"]?.string else {
            throw KubeAPIError(.malformedResponse, "watch event without a type")
        }
        guard let type = WatchEvent.EventType(rawValue: typeName) else {
            throw KubeAPIError(.malformedResponse, "unknown watch event type \"\(typeName)\"")
        }
        guard let object = value["object"], object.isMapping else {
            throw KubeAPIError(.malformedResponse, "\(typeName) watch event without an object")
        }
        return WatchEvent(type: type, object: object)
    }
}
