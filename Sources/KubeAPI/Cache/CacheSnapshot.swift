import SourceModel

/// An immutable view of an ``Informer``'s objects at one moment.
///
/// Taking one is O(1) (the dictionary is shared copy-on-write), so the
/// admission path can take a fresh snapshot per request, synchronously,
/// and read it on any thread without locks or awaits.
public struct CacheSnapshot: Sendable {
    public let objects: [ObjectKey: Value]
    /// The newest `resourceVersion` the cache has seen (list, event or bookmark).
    public let resourceVersion: String
    /// `false` until the first complete list has been stored.
    public let hasSynced: Bool

    public init(objects: [ObjectKey: Value] = [:], resourceVersion: String = "", hasSynced: Bool = false) {
        self.objects = objects
        self.resourceVersion = resourceVersion
        self.hasSynced = hasSynced
    }

    public var count: Int { objects.count }
    public var isEmpty: Bool { objects.isEmpty }

    public subscript(key: ObjectKey) -> Value? { objects[key] }

    /// A cluster-scoped object by name.
    public subscript(name: String) -> Value? { objects[ObjectKey(name: name)] }

    /// A namespaced object.
    public func object(namespace: String, name: String) -> Value? { objects[ObjectKey(namespace: namespace, name: name)] }

    /// The objects sorted by key, for deterministic iteration.
    public var sortedObjects: [Value] { objects.keys.sorted().compactMap { objects[$0] } }
}
