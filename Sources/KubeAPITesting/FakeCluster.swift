import Foundation
import GuardCore
import NIOConcurrencyHelpers
import SourceModel

/// The fake API server's storage: objects per resource, one global
/// revision counter (like etcd's), an event history for watches, and
/// compaction (a watch or continue token older than the compacted revision
/// gets 410 Gone, exactly the case informers must survive).
public final class FakeCluster: Sendable {
    /// What a watch connection is told to do next.
    enum WatchSignal: Sendable {
        /// Write these bytes (one or more events) as one chunk.
        case bytes([UInt8])
        /// Cut the connection without finishing the response.
        case drop
        /// Finish the response normally (server-side timeout).
        case end
    }

    /// An object of a resource kept encoded (see ``keepEncoded(_:)``): the
    /// JSON it is served as, written once when it is stored.
    struct Encoded: Sendable {
        /// The `apiVersion` inside `bytes`; a request for another version
        /// decodes the object again.
        var apiVersion: String
        var bytes: [UInt8]
    }

    struct StoredEvent: Sendable {
        var revision: Int
        var storageKey: String
        var type: String
        /// The object, or for an encoded resource its head (see ``Encoded``).
        var object: Value
        var encoded: Encoded? = nil
    }

    struct Watcher: Sendable {
        var storageKey: String
        var namespace: String?
        var apiVersion: String
        var labelSelector: String?
        var bookmarks: Bool
        var continuation: AsyncStream<WatchSignal>.Continuation
    }

    private struct State: Sendable {
        var objects: [String: [String: Value]] = [:]
        var revision = 100
        var history: [StoredEvent] = []
        var compactedRevision = 0
        var watchers: [Int: Watcher] = [:]
        var nextWatcherID = 0
        var uidCounter = 0
        var watchesStarted = 0
        /// Storage keys of the resources kept encoded.
        var encodedResources: Set<String> = []
        /// Their objects as JSON, per storage key and object key; `objects`
        /// then holds each one's head (everything but `status`), which is
        /// what selectors, stamping and keys look at.
        var encoded: [String: [String: Encoded]] = [:]
        var maxListPage: Int?
    }

    private let state = NIOLockedValueBox(State())

    /// The newest revision (the `resourceVersion` a list returns).
    public var revision: Int { state.withLockedValue { $0.revision } }
    /// Open watch connections.
    public var watcherCount: Int { state.withLockedValue { $0.watchers.count } }
    /// Watches started since the server started (reconnects included).
    public var watchesStarted: Int { state.withLockedValue { $0.watchesStarted } }

    // MARK: - Direct access for tests

    /// Keeps `resource`'s objects as the JSON they are served as, written
    /// once when each is stored, instead of as value trees serialised again
    /// for every list page and watcher.
    ///
    /// Why: a benchmark cluster's NodeNetworkStates (thousands of objects of
    /// tens to hundreds of KB) take several times their JSON size as value
    /// trees, and serialising them on every list page would make the fake,
    /// not the client, the cost a benchmark measures. The wire format is
    /// unchanged; reads that need the object itself (get, update, patch,
    /// delete, a request for another version, a built-in kind's list items)
    /// decode it again. Objects already stored are converted.
    public func keepEncoded(_ resource: FakeResource) {
        state.withLockedValue { s in
            guard s.encodedResources.insert(resource.storageKey).inserted else { return }
            for (key, object) in s.objects[resource.storageKey] ?? [:] {
                _ = Self.store(object, key: key, resource: resource, state: &s)
            }
        }
    }

    /// The most items one list page holds, whatever `limit` asks for (the
    /// rest follows through `continue`, as it does for a smaller limit).
    ///
    /// Why: a real API server may return fewer items than `limit` (it does
    /// when a selector filters a page), and clients must follow `continue`
    /// either way. A benchmark uses it to run a client whose own page size
    /// would make a response larger than it accepts. `nil`: `limit` as asked.
    public var maxListPage: Int? {
        get { state.withLockedValue { $0.maxListPage } }
        set { state.withLockedValue { $0.maxListPage = newValue.map { max(1, $0) } } }
    }

    /// Bytes of `resource`'s stored objects as JSON: exact for a resource
    /// kept encoded, serialised on the spot otherwise.
    public func storedBytes(_ resource: FakeResource) -> Int {
        state.withLockedValue { s in
            if s.encodedResources.contains(resource.storageKey) {
                return (s.encoded[resource.storageKey] ?? [:]).values.reduce(0) { $0 + $1.bytes.count }
            }
            return (s.objects[resource.storageKey] ?? [:]).values.reduce(0) { $0 + JSONWriter.bytes($1).count }
        }
    }

    /// Creates or replaces an object, as another client would; watchers see
    /// ADDED or MODIFIED. Returns the stored object.
    @discardableResult
    public func put(_ resource: FakeResource, _ object: Value) -> Value {
        state.withLockedValue { s in
            let key = Self.key(of: object)
            // An encoded resource's head has the metadata and spec that
            // stamping compares.
            let existing = s.objects[resource.storageKey]?[key]
            let stored = Self.stamp(object, resource: resource, existing: existing, state: &s)
            let encoded = Self.store(stored, key: key, resource: resource, state: &s)
            Self.record(existing == nil ? "ADDED" : "MODIFIED", stored, encoded: encoded, resource: resource, state: &s)
            return stored
        }
    }

    /// Deletes an object as another client would; `nil` if absent.
    @discardableResult
    public func remove(_ resource: FakeResource, name: String, namespace: String? = nil) -> Value? {
        state.withLockedValue { s in
            let key = Self.key(namespace: namespace, name: name)
            guard let existing = Self.unstore(key: key, resource: resource, state: &s) else { return nil }
            s.revision += 1
            let deleted = existing.settingMeta("resourceVersion", .string(String(s.revision)))
            Self.record("DELETED", deleted, resource: resource, state: &s, bump: false)
            return deleted
        }
    }

    public func get(_ resource: FakeResource, name: String, namespace: String? = nil) -> Value? {
        state.withLockedValue { Self.stored($0, resource.storageKey, Self.key(namespace: namespace, name: name)) }
    }

    public func all(_ resource: FakeResource) -> [Value] {
        state.withLockedValue { s in
            (s.objects[resource.storageKey] ?? [:]).keys.sorted().compactMap { Self.stored(s, resource.storageKey, $0) }
        }
    }

    /// Forgets history up to now: watches from an older version get 410.
    public func compact() {
        state.withLockedValue { s in
            s.compactedRevision = s.revision
            s.history.removeAll()
        }
    }

    /// Sends a BOOKMARK at the current revision to every watcher that asked for them.
    public func sendBookmarks() {
        state.withLockedValue { s in
            for w in s.watchers.values where w.bookmarks {
                w.continuation.yield(.bytes(Self.bookmarkBytes(apiVersion: w.apiVersion, kind: Self.kind(of: w.storageKey), revision: s.revision)))
            }
        }
    }

    /// Cuts every open watch connection mid-stream.
    public func dropWatches() {
        let watchers = state.withLockedValue { s in
            let all = s.watchers
            s.watchers = [:]
            return all
        }
        for w in watchers.values {
            w.continuation.yield(.drop)
            w.continuation.finish()
        }
    }

    /// Ends every watch (server shutdown).
    public func endWatches() {
        let watchers = state.withLockedValue { s in
            let all = s.watchers
            s.watchers = [:]
            return all
        }
        for w in watchers.values { w.continuation.finish() }
    }

    // MARK: - Watch registration

    enum WatchStart: Sendable {
        case stream(id: Int, initial: [UInt8], signals: AsyncStream<WatchSignal>)
        /// The version asked for is compacted: send this ERROR event and end.
        case expired([UInt8])
    }

    /// Registers a watch and returns the events it must start with (the
    /// current objects for version "" or "0", the history after the
    /// version otherwise), atomically with registration so nothing is
    /// missed or repeated.
    func startWatch(resource: FakeResource, apiVersion: String, namespace: String?, resourceVersion: String?,
                    labelSelector: String?, bookmarks: Bool) -> WatchStart {
        let (stream, continuation) = AsyncStream<WatchSignal>.makeStream(bufferingPolicy: .unbounded)
        return state.withLockedValue { s in
            s.watchesStarted += 1
            var initial: [UInt8] = []
            let selector = FakeLabelSelector(labelSelector)
            if let rvText = resourceVersion, !rvText.isEmpty, rvText != "0" {
                guard let rv = Int(rvText) else {
                    return .expired(Self.eventBytes("ERROR", FakeStatus.failure(400, reason: "BadRequest", message: "invalid resourceVersion \(rvText)")))
                }
                if rv < s.compactedRevision {
                    let status = FakeStatus.failure(410, reason: "Expired", message: "too old resource version: \(rv) (\(s.compactedRevision))")
                    return .expired(Self.eventBytes("ERROR", status))
                }
                for e in s.history where e.revision > rv && e.storageKey == resource.storageKey
                    && Self.matches(e.object, namespace: namespace, selector: selector) {
                    initial += Self.eventBytes(e.type, e.object, encoded: e.encoded, apiVersion: apiVersion)
                }
            } else {
                let encoded = s.encoded[resource.storageKey] ?? [:]
                for (key, object) in (s.objects[resource.storageKey] ?? [:]).sorted(by: { $0.key < $1.key })
                    where Self.matches(object, namespace: namespace, selector: selector) {
                    initial += Self.eventBytes("ADDED", object, encoded: encoded[key], apiVersion: apiVersion)
                }
            }
            let id = s.nextWatcherID
            s.nextWatcherID += 1
            s.watchers[id] = Watcher(storageKey: resource.storageKey, namespace: namespace, apiVersion: apiVersion,
                                     labelSelector: labelSelector, bookmarks: bookmarks, continuation: continuation)
            return .stream(id: id, initial: initial, signals: stream)
        }
    }

    func signal(_ id: Int, _ signal: WatchSignal) {
        state.withLockedValue { _ = $0.watchers[id]?.continuation.yield(signal) }
    }

    func stopWatch(_ id: Int) {
        let watcher = state.withLockedValue { $0.watchers.removeValue(forKey: id) }
        watcher?.continuation.finish()
    }

    /// The bookmark sent before a watch times out.
    func bookmarkForWatcher(_ id: Int) -> [UInt8]? {
        state.withLockedValue { s in
            guard let w = s.watchers[id], w.bookmarks else { return nil }
            return Self.bookmarkBytes(apiVersion: w.apiVersion, kind: Self.kind(of: w.storageKey), revision: s.revision)
        }
    }

    // MARK: - Request-level operations (used by the HTTP layer)

    enum Outcome: Sendable {
        case ok(Int, Value)
        case failure(Value)
    }

    /// Runs `body` on the stored object under the lock. `body` returns the
    /// new object (or `nil` to delete), or a failure Status.
    func mutate(_ resource: FakeResource, namespace: String?, name: String,
                _ body: (Value?) -> Result<Value?, FakeStatusError>) -> Outcome {
        state.withLockedValue { s in
            let key = Self.key(namespace: namespace, name: name)
            let existing = Self.stored(s, resource.storageKey, key)
            switch body(existing) {
            case .failure(let error):
                return .failure(error.status)
            case .success(nil):
                guard let existing else { return .failure(FakeStatus.notFound(resource, name)) }
                _ = Self.unstore(key: key, resource: resource, state: &s)
                s.revision += 1
                let deleted = existing.settingMeta("resourceVersion", .string(String(s.revision)))
                Self.record("DELETED", deleted, resource: resource, state: &s, bump: false)
                return .ok(200, deleted)
            case .success(let new?):
                let stored = Self.stamp(new, resource: resource, existing: existing, state: &s)
                let encoded = Self.store(stored, key: key, resource: resource, state: &s)
                Self.record(existing == nil ? "ADDED" : "MODIFIED", stored, encoded: encoded, resource: resource, state: &s)
                return .ok(existing == nil ? 201 : 200, stored)
            }
        }
    }

    /// One list item: a value, or an encoded resource's JSON.
    enum ListItem: Sendable {
        case value(Value)
        case encoded(Encoded)
    }

    struct ListPage: Sendable {
        var items: [ListItem]
        var revision: Int
        var continueToken: String?
        var remaining: Int
    }

    /// One page of a list, from `start` (exclusive) in key order.
    func list(_ resource: FakeResource, namespace: String?, labelSelector: String?, limit: Int?,
              continueFrom: (revision: Int, key: String)?) -> Result<ListPage, FakeStatusError> {
        state.withLockedValue { s in
            if let token = continueFrom, token.revision < s.compactedRevision {
                return .failure(FakeStatusError(FakeStatus.failure(410, reason: "Expired", message:
                    "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.")))
            }
            let selector = FakeLabelSelector(labelSelector)
            let sorted = (s.objects[resource.storageKey] ?? [:]).sorted { $0.key < $1.key }
                .filter { continueFrom == nil || $0.key > continueFrom!.key }
                .filter { Self.matches($0.value, namespace: namespace, selector: selector) }
            let revision = continueFrom?.revision ?? s.revision
            let limit = limit.flatMap { $0 > 0 ? min($0, s.maxListPage ?? $0) : nil }
            let encoded = s.encoded[resource.storageKey] ?? [:]
            func item(_ entry: (key: String, value: Value)) -> ListItem {
                encoded[entry.key].map(ListItem.encoded) ?? .value(entry.value)
            }
            guard let limit, limit > 0, sorted.count > limit else {
                return .success(ListPage(items: sorted.map(item), revision: revision, continueToken: nil, remaining: 0))
            }
            let page = sorted.prefix(limit)
            let token = FakeContinueToken.encode(revision: revision, key: page.last!.key)
            return .success(ListPage(items: page.map(item), revision: revision, continueToken: token, remaining: sorted.count - limit))
        }
    }

    // MARK: - Helpers

    static func key(of object: Value) -> String {
        key(namespace: object.at("metadata", "namespace")?.string, name: object.at("metadata", "name")?.string ?? "")
    }

    static func key(namespace: String?, name: String) -> String {
        if let namespace, !namespace.isEmpty { return namespace + "/" + name }
        return name
    }

    /// Stores a stamped object under `key`: as it is, or for an encoded
    /// resource as its head plus its JSON (returned).
    private static func store(_ object: Value, key: String, resource: FakeResource, state s: inout State) -> Encoded? {
        guard s.encodedResources.contains(resource.storageKey) else {
            s.objects[resource.storageKey, default: [:]][key] = object
            return nil
        }
        let encoded = Encoded(apiVersion: object["apiVersion"]?.string ?? resource.apiVersion(resource.versions[0]),
                              bytes: JSONWriter.bytes(object))
        s.objects[resource.storageKey, default: [:]][key] = head(object)
        s.encoded[resource.storageKey, default: [:]][key] = encoded
        return encoded
    }

    /// Removes the object under `key` and returns it whole.
    private static func unstore(key: String, resource: FakeResource, state s: inout State) -> Value? {
        let object = stored(s, resource.storageKey, key)
        s.objects[resource.storageKey]?.removeValue(forKey: key)
        s.encoded[resource.storageKey]?.removeValue(forKey: key)
        return object
    }

    /// The whole object under `key` (decoded again if kept encoded).
    private static func stored(_ s: State, _ storageKey: String, _ key: String) -> Value? {
        if let encoded = s.encoded[storageKey]?[key] { return decode(encoded) }
        return s.objects[storageKey]?[key]
    }

    /// What selectors and stamping need of an encoded object: all but its status.
    private static func head(_ object: Value) -> Value {
        var head = object
        head.remove("status")
        return head
    }

    static func decode(_ encoded: Encoded) -> Value {
        (try? JSONReader().parse(encoded.bytes)) ?? .null
    }

    private static func kind(of storageKey: String) -> String {
        FakeResource.all.first { $0.storageKey == storageKey }?.kind ?? ""
    }

    /// Server-set metadata: resourceVersion, uid, creationTimestamp, generation.
    private static func stamp(_ object: Value, resource: FakeResource, existing: Value?, state s: inout State) -> Value {
        s.revision += 1
        var out = object
        if out["apiVersion"] == nil { out.set("apiVersion", .string(resource.apiVersion(resource.versions[0]))) }
        if out["kind"] == nil { out.set("kind", .string(resource.kind)) }
        out = out.settingMeta("resourceVersion", .string(String(s.revision)))
        if let existing {
            for field in ["uid", "creationTimestamp"] {
                if let v = existing.at("metadata", field) { out = out.settingMeta(field, v) }
            }
            let generation = existing.at("metadata", "generation")?.int64 ?? 1
            let specChanged = existing["spec"] != out["spec"] || existing["desiredState"] != out["desiredState"]
            out = out.settingMeta("generation", .int(specChanged ? generation + 1 : generation))
        } else {
            s.uidCounter += 1
            out = out.settingMeta("uid", .string("00000000-0000-4000-8000-\(String(format: "%012d", s.uidCounter))"))
            out = out.settingMeta("creationTimestamp", .string("2024-01-01T00:00:00Z"))
            out = out.settingMeta("generation", .int(1))
        }
        return out
    }

    /// Appends to the history and tells the watchers. With `encoded`, the
    /// history keeps the object's head and its (shared) JSON.
    private static func record(_ type: String, _ object: Value, encoded: Encoded? = nil, resource: FakeResource, state s: inout State, bump: Bool = true) {
        let kept = encoded == nil ? object : head(object)
        s.history.append(StoredEvent(revision: s.revision, storageKey: resource.storageKey, type: type, object: kept, encoded: encoded))
        let namespace = object.at("metadata", "namespace")?.string
        for w in s.watchers.values where w.storageKey == resource.storageKey {
            if let ns = w.namespace, ns != namespace { continue }
            guard FakeLabelSelector(w.labelSelector).matches(object) else { continue }
            w.continuation.yield(.bytes(eventBytes(type, object, encoded: encoded, apiVersion: w.apiVersion)))
        }
    }

    private static func matches(_ object: Value, namespace: String?, selector: FakeLabelSelector) -> Bool {
        if let namespace, object.at("metadata", "namespace")?.string != namespace { return false }
        return selector.matches(object)
    }

    static func eventBytes(_ type: String, _ object: Value) -> [UInt8] {
        var out = JSONWriter.bytes(.mapping(["type": .string(type), "object": object]))
        out.append(UInt8(ascii: "\n"))
        return out
    }

    /// A watch event for `object` served as `apiVersion`, spliced from the
    /// stored JSON when there is one in that version (the same bytes the
    /// value would serialise to).
    static func eventBytes(_ type: String, _ object: Value, encoded: Encoded?, apiVersion: String) -> [UInt8] {
        guard let encoded else { return eventBytes(type, object.withAPIVersion(apiVersion)) }
        guard encoded.apiVersion == apiVersion else { return eventBytes(type, decode(encoded).withAPIVersion(apiVersion)) }
        var out: [UInt8] = []
        out.reserveCapacity(encoded.bytes.count + type.utf8.count + 24)
        out.append(contentsOf: #"{"type":"#.utf8)
        JSONWriter.writeString(type, into: &out)
        out.append(contentsOf: #","object":"#.utf8)
        out.append(contentsOf: encoded.bytes)
        out.append(contentsOf: "}\n".utf8)
        return out
    }

    static func bookmarkBytes(apiVersion: String, kind: String, revision: Int) -> [UInt8] {
        eventBytes("BOOKMARK", .mapping([
            "kind": .string(kind), "apiVersion": .string(apiVersion),
            "metadata": .mapping(["resourceVersion": .string(String(revision)),
                                  "annotations": .mapping(["k8s.io/initial-events-end": .string("true")])]),
        ]))
    }
}

extension Value {
    /// A copy with `metadata.<key>` set (creating `metadata` if needed).
    public func settingMeta(_ key: String, _ value: Value) -> Value {
        var copy = self
        var meta = copy["metadata"] ?? .mapping([Value.Member]())
        meta.set(key, value)
        copy.set("metadata", meta)
        return copy
    }

    func withAPIVersion(_ apiVersion: String) -> Value {
        var copy = self
        copy.set("apiVersion", .string(apiVersion))
        return copy
    }
}

/// Equality-based label selectors (`a=b`, `a==b`, `a!=b`, `a`, `!a`).
struct FakeLabelSelector: Sendable {
    enum Requirement: Sendable { case equals(String, String), notEquals(String, String), exists(String), absent(String) }
    var requirements: [Requirement] = []

    init(_ text: String?) {
        guard let text, !text.isEmpty else { return }
        for part in text.split(separator: ",") {
            let p = String(part).trimmingCharacters(in: .whitespaces)
            if let r = p.range(of: "!=") {
                requirements.append(.notEquals(String(p[..<r.lowerBound]), String(p[r.upperBound...])))
            } else if let r = p.range(of: "==") ?? p.range(of: "=") {
                requirements.append(.equals(String(p[..<r.lowerBound]), String(p[r.upperBound...])))
            } else if p.hasPrefix("!") {
                requirements.append(.absent(String(p.dropFirst())))
            } else {
                requirements.append(.exists(p))
            }
        }
    }

    func matches(_ object: Value) -> Bool {
        let labels = object.at("metadata", "labels")
        for r in requirements {
            switch r {
            case .equals(let k, let v): if labels?[k]?.string != v { return false }
            case .notEquals(let k, let v): if labels?[k]?.string == v { return false }
            case .exists(let k): if labels?[k] == nil { return false }
            case .absent(let k): if labels?[k] != nil { return false }
            }
        }
        return true
    }
}

enum FakeContinueToken {
    static func encode(revision: Int, key: String) -> String {
        let json = JSONWriter.bytes(.mapping(["v": .string("meta.k8s.io/v1"), "rv": .int(revision), "start": .string(key)]))
        return Base64.encode(json)
    }

    static func decode(_ token: String) -> (revision: Int, key: String)? {
        guard let data = Base64.decode(token), let value = try? JSONReader().parse(data),
              let rv = value["rv"]?.int64, let key = value["start"]?.string else { return nil }
        return (Int(rv), key)
    }
}
