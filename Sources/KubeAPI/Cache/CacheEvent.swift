import SourceModel

/// A change to an ``Informer``'s store, delivered after the snapshot
/// already reflects it, in the order the changes were applied.
///
/// After a relist the informer compares the new list with what it held
/// and reports the difference as the same three kinds of change, so a
/// consumer that maintains an index incrementally never has to tell a
/// relist from a watch.
public enum CacheEvent: Sendable {
    case added(Value)
    /// `old` is the previous state, `new` the current one.
    case updated(old: Value, new: Value)
    /// The last known state of the removed object.
    case deleted(Value)
    /// A complete list has just been stored (the first one, or a relist
    /// after the watch fell too far behind).
    case synced

    /// The object concerned (the new state for an update).
    public var object: Value? {
        switch self {
        case .added(let v), .deleted(let v): return v
        case .updated(_, let v): return v
        case .synced: return nil
        }
    }
}

/// A consistent starting point plus everything after it: `events` holds
/// every change applied after `snapshot` was taken, none before.
public struct CacheSubscription: Sendable {
    public let snapshot: CacheSnapshot
    public let events: AsyncStream<CacheEvent>
}
