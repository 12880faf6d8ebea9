import Logging
import NIOConcurrencyHelpers
import SourceModel

/// A local, always-current copy of one resource's objects, kept by listing
/// once and then watching, the way client-go's reflector and informer do.
///
/// - Readers take a ``snapshot`` synchronously from any thread; the write
///   path swaps state under a lock and never holds it across an await.
/// - ``run()`` lists, stores the list, watches from the list's
///   `resourceVersion`, applies events and bookmarks, and on a watch that
///   ends or breaks, watches again from the newest version seen. A 410
///   (`ERROR` event or status) means that version is compacted away: it
///   relists and reports the difference as ordinary changes. Errors and
///   watches that end without progress back off exponentially with jitter.
///   A watch the server keeps open past its own timeout without a word
///   (a stalled stream) is abandoned and followed by a relist: events may
///   have been lost on the way.
/// - The `onHealth` handler hears whether the loop is getting answers
///   (``InformerHealth``), so a consumer can tell a cache that is merely
///   reconnecting from one that has been cut off for a while.
/// - ``subscribe()`` and the `onChange` handler deliver every change after
///   it is visible in the snapshot, so other components (the conflict
///   index, the certificate manager) can update incrementally.
///
/// `run()` is the only task the informer needs; it belongs to the caller's
/// task tree and stops when that task is cancelled.
public final class Informer: Sendable {
    public let resource: APIResource
    /// The namespace watched; `nil` for cluster-scoped resources or all namespaces.
    public let namespace: String?
    private let client: KubeClient
    private let options: InformerOptions
    private let logger: Logger
    private let onChange: (@Sendable (CacheEvent) -> Void)?
    private let onHealth: (@Sendable (InformerHealth) -> Void)?
    private let state = NIOLockedValueBox(State())

    private struct State: Sendable {
        var objects: [ObjectKey: Value] = [:]
        /// Without ``InformerOptions/keepsObjects``: key → resourceVersion.
        var versions: [ObjectKey: String] = [:]
        var resourceVersion = ""
        var hasSynced = false
        var running = false
        var subscribers: [Int: AsyncStream<CacheEvent>.Continuation] = [:]
        var nextSubscriberID = 0
        var statistics = InformerStatistics()
        /// Since the last failure, nothing has succeeded yet.
        var failing = false

        var snapshot: CacheSnapshot {
            CacheSnapshot(objects: objects, resourceVersion: resourceVersion, hasSynced: hasSynced)
        }

        func publish(_ event: CacheEvent) {
            for continuation in subscribers.values { continuation.yield(event) }
        }
    }

    /// - Parameters:
    ///   - onChange: called synchronously, in order, after each change is
    ///     visible in the snapshot, on the informer's task. Keep it short;
    ///     use ``subscribe()`` for anything that awaits.
    ///   - onHealth: called synchronously on the informer's task with
    ///     ``InformerHealth/failing(_:)`` after every failed list or watch,
    ///     and with ``InformerHealth/healthy`` once when the next one
    ///     succeeds. Keep it short.
    public init(
        client: KubeClient,
        resource: APIResource,
        namespace: String? = nil,
        options: InformerOptions = InformerOptions(),
        logger: Logger? = nil,
        onChange: (@Sendable (CacheEvent) -> Void)? = nil,
        onHealth: (@Sendable (InformerHealth) -> Void)? = nil
    ) {
        self.client = client
        self.resource = resource
        self.namespace = namespace
        self.options = options
        var logger = logger ?? client.logger
        logger[metadataKey: "resource"] = "\(resource)"
        self.logger = logger
        self.onChange = onChange
        self.onHealth = onHealth
    }

    // MARK: - Readers

    /// The current objects. Synchronous and cheap: safe on the admission path.
    public var snapshot: CacheSnapshot { state.withLockedValue { $0.snapshot } }

    /// Whether the first complete list has been stored.
    public var hasSynced: Bool { state.withLockedValue { $0.hasSynced } }

    public var statistics: InformerStatistics { state.withLockedValue { $0.statistics } }

    /// Live subscriptions (for tests: a dropped subscription must not linger).
    var subscriberCount: Int { state.withLockedValue { $0.subscribers.count } }

    /// The current snapshot plus a stream of every later change. The stream
    /// ends when ``run()`` returns or the consuming task is cancelled;
    /// releasing the stream unsubscribes. Buffering is unbounded: a
    /// subscriber must keep consuming.
    public func subscribe() -> CacheSubscription {
        let (subscription, _) = register()
        return subscription
    }

    /// Returns once the first list has been stored.
    public func waitUntilSynced() async throws {
        let (subscription, id) = register()
        defer { removeSubscriber(id) }
        if subscription.snapshot.hasSynced { return }
        for await event in subscription.events {
            if case .synced = event { return }
        }
        try Task.checkCancellation()
        throw KubeAPIError(.other, "informer for \(resource) stopped before its first list")
    }

    private func register() -> (CacheSubscription, Int) {
        let (stream, continuation) = AsyncStream<CacheEvent>.makeStream(bufferingPolicy: .unbounded)
        let (snapshot, id) = state.withLockedValue { s in
            let id = s.nextSubscriberID
            s.nextSubscriberID += 1
            s.subscribers[id] = continuation
            return (s.snapshot, id)
        }
        continuation.onTermination = { [weak self] _ in self?.removeSubscriber(id) }
        return (CacheSubscription(snapshot: snapshot, events: stream), id)
    }

    private func removeSubscriber(_ id: Int) {
        state.withLockedValue { _ = $0.subscribers.removeValue(forKey: id) }
    }

    // MARK: - List and watch

    /// Lists and watches until the calling task is cancelled (then throws
    /// `CancellationError`). Errors never end it: they are logged, counted
    /// in ``statistics`` and retried with backoff.
    public func run() async throws {
        let claimed = state.withLockedValue { s in
            if s.running { return false }
            s.running = true
            return true
        }
        guard claimed else { throw KubeAPIError(.invalidRequest, "informer for \(resource) is already running") }
        defer { stopped() }

        var backoff = options.backoff
        var needsList = true
        while true {
            try Task.checkCancellation()
            let eventsBefore = statistics.events
            var listedNow = false
            do {
                if needsList {
                    try await relist()
                    needsList = false
                    listedNow = true
                }
                switch try await watchOnce() {
                case .progressed:
                    backoff.reset()
                case .stalled:
                    // The stream went quiet past its own timeout: events may
                    // be lost, so start over from a fresh list.
                    needsList = true
                case .quiet:
                    // Ended without a single event: a proxy closing at once
                    // must not turn this loop into a busy loop.
                    try await Task.sleep(for: backoff.next())
                }
            } catch let error as KubeAPIError where error.code == .gone {
                needsList = true
                recordError(error, relist: true)
                reportFailure(error)
                logger.info("watch version too old; relisting", metadata: ["error": "\(error.message)"])
                // Relist at once, unless a fresh list led straight here.
                if listedNow && statistics.events == eventsBefore {
                    try await Task.sleep(for: backoff.next())
                }
            } catch {
                if error is CancellationError || Task.isCancelled { throw CancellationError() }
                recordError(error, relist: false)
                reportFailure(error)
                if statistics.events > eventsBefore { backoff.reset() }
                let delay = backoff.next()
                logger.warning("list/watch failed; retrying", metadata: ["error": "\(error)", "delay": "\(delay)"])
                try await Task.sleep(for: delay)
            }
        }
    }

    private func stopped() {
        let subscribers = state.withLockedValue { s in
            s.running = false
            let all = s.subscribers
            s.subscribers = [:]
            return all
        }
        // Outside the lock: finishing runs each stream's onTermination,
        // which takes the lock.
        for continuation in subscribers.values { continuation.finish() }
    }

    /// A list or watch failed: tell `onHealth` (every time, so it sees the
    /// latest error).
    private func reportFailure(_ error: any Error) {
        state.withLockedValue { $0.failing = true }
        onHealth?(.failing("\(error)"))
    }

    /// The server answered: tell `onHealth` if this ends a failure.
    private func reportSuccess() {
        let recovered = state.withLockedValue { s in
            defer { s.failing = false }
            return s.failing
        }
        if recovered { onHealth?(.healthy) }
    }

    private func recordError(_ error: any Error, relist: Bool) {
        state.withLockedValue { s in
            s.statistics.errors += relist ? 0 : 1
            s.statistics.relistsAfterGone += relist ? 1 : 0
            s.statistics.lastError = "\(error)"
        }
    }

    /// Lists every page and replaces the store, publishing the difference.
    private func relist() async throws {
        guard options.keepsObjects else { return try await relistByPage() }
        let list = try await client.listAll(
            resource, namespace: namespace,
            options: ListOptions(labelSelector: options.labelSelector, fieldSelector: options.fieldSelector, limit: options.pageSize))
        var fresh: [ObjectKey: Value] = [:]
        fresh.reserveCapacity(list.items.count)
        for item in list.items {
            if let key = ObjectKey(object: item) { fresh[key] = item }
        }
        let changes: [CacheEvent] = state.withLockedValue { s in
            var changes: [CacheEvent] = []
            for key in s.objects.keys.sorted() where fresh[key] == nil {
                changes.append(.deleted(s.objects[key]!))
            }
            for key in fresh.keys.sorted() {
                let new = fresh[key]!
                if let old = s.objects[key] {
                    if ObjectMetadata(old).resourceVersion != ObjectMetadata(new).resourceVersion {
                        changes.append(.updated(old: old, new: new))
                    }
                } else {
                    changes.append(.added(new))
                }
            }
            changes.append(.synced)
            s.objects = fresh
            s.resourceVersion = list.resourceVersion
            s.hasSynced = true
            s.statistics.lists += 1
            for change in changes { s.publish(change) }
            return changes
        }
        logger.debug("listed", metadata: ["objects": "\(fresh.count)", "resourceVersion": "\(list.resourceVersion)"])
        if let onChange { for change in changes { onChange(change) } }
        // After the changes: a consumer that trusts the cache again sees
        // the new list, not the old one.
        reportSuccess()
    }

    /// The relist of an informer that keeps only versions: each page's
    /// additions and updates are handed out as the page arrives, removals
    /// once the last page has shown what is gone.
    private func relistByPage() async throws {
        var seen = Set<ObjectKey>()
        let listOptions = ListOptions(labelSelector: options.labelSelector, fieldSelector: options.fieldSelector, limit: options.pageSize)
        let resourceVersion = try await client.listPages(resource, namespace: namespace, options: listOptions) { page in
            let changes: [CacheEvent] = state.withLockedValue { s in
                var changes: [CacheEvent] = []
                for item in page.items {
                    guard let key = ObjectKey(object: item) else { continue }
                    seen.insert(key)
                    let version = ObjectMetadata(item).resourceVersion ?? ""
                    if let old = s.versions.updateValue(version, forKey: key) {
                        if old != version { changes.append(.updated(old: Self.stub(key, resourceVersion: old), new: item)) }
                    } else {
                        changes.append(.added(item))
                    }
                }
                for change in changes { s.publish(change) }
                return changes
            }
            if let onChange { for change in changes { onChange(change) } }
        }
        let changes: [CacheEvent] = state.withLockedValue { s in
            var changes: [CacheEvent] = []
            for key in s.versions.keys.sorted() where !seen.contains(key) {
                changes.append(.deleted(Self.stub(key, resourceVersion: s.versions.removeValue(forKey: key)!)))
            }
            changes.append(.synced)
            s.resourceVersion = resourceVersion
            s.hasSynced = true
            s.statistics.lists += 1
            for change in changes { s.publish(change) }
            return changes
        }
        logger.debug("listed", metadata: ["objects": "\(seen.count)", "resourceVersion": "\(resourceVersion)"])
        if let onChange { for change in changes { onChange(change) } }
        reportSuccess()
    }

    /// What an informer that keeps no objects knows of one: its name,
    /// namespace and version (the `old` of an update, a removed object).
    private static func stub(_ key: ObjectKey, resourceVersion: String) -> Value {
        var metadata: [Value.Member] = [.init(key: "name", value: .string(key.name))]
        if let namespace = key.namespace { metadata.append(.init(key: "namespace", value: .string(namespace))) }
        metadata.append(.init(key: "resourceVersion", value: .string(resourceVersion)))
        return .mapping([.init(key: "metadata", value: .mapping(metadata))])
    }

    /// How one watch ended, when it ended without an error.
    private enum WatchEnd {
        /// Events or bookmarks arrived.
        case progressed
        /// The server ended it without sending anything.
        case quiet
        /// The server neither sent anything nor ended it within its own
        /// timeout (plus grace): the stream is presumed dead.
        case stalled
    }

    /// One watch from the newest version seen. Throws on a broken
    /// connection or an `ERROR` event.
    ///
    /// Health: a watch the server accepts (200) counts as success, so a
    /// dropped connection that reconnects at once, or a server-side timeout,
    /// is never a lasting failure; a stalled stream counts as a failure.
    private func watchOnce() async throws -> WatchEnd {
        let (resourceVersion, eventsBefore) = state.withLockedValue { s in
            s.statistics.watches += 1
            return (s.resourceVersion, s.statistics.events)
        }
        let timeoutSeconds = Int.random(in: options.watchTimeoutSeconds)
        let watchOptions = WatchOptions(
            resourceVersion: resourceVersion, labelSelector: options.labelSelector, fieldSelector: options.fieldSelector,
            timeoutSeconds: timeoutSeconds, allowBookmarks: true)
        let limit = Duration.seconds(timeoutSeconds) + client.configuration.timeouts.watchGrace + client.configuration.timeouts.request
        do {
            try await withTimeout(limit, "watch \(resource)") { [self] in
                let stream = try await client.watch(resource, namespace: namespace, options: watchOptions)
                reportSuccess()
                for try await event in stream {
                    try apply(event)
                }
            }
        } catch let error as KubeAPIError where error.code == .timeout && error.reason == KubeAPIError.clientDeadlineReason {
            // The server kept the stream open past its own timeout; start
            // a new watch rather than wait on a stream that may be dead.
            let progressed = statistics.events > eventsBefore
            if progressed {
                logger.debug("watch outlived its timeout; reconnecting", metadata: ["error": "\(error.message)"])
                return .progressed
            }
            logger.warning("watch stalled: nothing received and not ended by the server; relisting", metadata: ["error": "\(error.message)"])
            let stalled = KubeAPIError(.timeout, "watch \(resource) stalled: no event and no end from the server within \(limit)",
                                       reason: KubeAPIError.clientDeadlineReason)
            recordError(stalled, relist: false)
            reportFailure(stalled)
            return .stalled
        }
        return statistics.events > eventsBefore ? .progressed : .quiet
    }

    /// Applies one watch event to the store and publishes the change.
    private func apply(_ event: WatchEvent) throws {
        if let error = event.error { throw error }
        let resource = self.resource
        let keepsObjects = options.keepsObjects
        let change: CacheEvent? = state.withLockedValue { s in
            s.statistics.events += 1
            if let rv = event.resourceVersion, !rv.isEmpty { s.resourceVersion = rv }
            let change: CacheEvent?
            switch event.type {
            case .added, .modified:
                let object = event.object.withTypeMeta(apiVersion: resource.apiVersion, kind: resource.kind)
                guard let key = ObjectKey(object: object) else { return nil }
                if !keepsObjects {
                    let version = ObjectMetadata(object).resourceVersion ?? ""
                    if let old = s.versions.updateValue(version, forKey: key) {
                        change = .updated(old: Self.stub(key, resourceVersion: old), new: object)
                    } else {
                        change = .added(object)
                    }
                } else if let old = s.objects.updateValue(object, forKey: key) {
                    change = .updated(old: old, new: object)
                } else {
                    change = .added(object)
                }
            case .deleted:
                let object = event.object.withTypeMeta(apiVersion: resource.apiVersion, kind: resource.kind)
                guard let key = ObjectKey(object: object) else { return nil }
                if !keepsObjects {
                    guard s.versions.removeValue(forKey: key) != nil else { return nil }
                } else {
                    guard s.objects.removeValue(forKey: key) != nil else { return nil }
                }
                change = .deleted(object)
            case .bookmark, .error:
                change = nil
            }
            if let change { s.publish(change) }
            return change
        }
        if let change, let onChange { onChange(change) }
    }
}
