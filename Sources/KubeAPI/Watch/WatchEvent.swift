import SourceModel

/// One event of a watch stream: `{"type": "...", "object": {...}}`.
public struct WatchEvent: Sendable {
    public enum EventType: String, Sendable, Hashable {
        case added = "ADDED"
        case modified = "MODIFIED"
        case deleted = "DELETED"
        /// Only `object.metadata.resourceVersion` is meaningful: the watch
        /// has seen everything up to that version.
        case bookmark = "BOOKMARK"
        /// `object` is a `Status`; the watch is over. Code 410 (`Expired`,
        /// `Gone`) means the requested version is compacted away: relist.
        case error = "ERROR"
    }

    public var type: EventType
    /// The object (for `DELETED`, its last state; for `ERROR`, a `Status`).
    public var object: Value

    public init(type: EventType, object: Value) {
        self.type = type
        self.object = object
    }

    /// The object's `metadata.resourceVersion`.
    public var resourceVersion: String? { ObjectMetadata(object).resourceVersion }

    /// For an `ERROR` event, the classified error it carries.
    public var error: KubeAPIError? {
        guard type == .error else { return nil }
        return KubeAPIError.fromStatus(object)
    }
}
