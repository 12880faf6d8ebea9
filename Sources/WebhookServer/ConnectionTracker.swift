import Logging
import NIOCore

/// Counts and remembers the open connections of one listener, on the
/// listening channel's event loop.
///
/// - Enforces the connection cap. At the cap a new connection is admitted
///   by closing an idle one, the way nginx reuses keep-alive connections:
///   first the oldest connection that never started a request (a TLS
///   handshake or an idle TCP connect that sent nothing), then the least
///   recently used idle keep-alive connection. Only when every connection
///   has a request in flight is the new one closed, right after accept and
///   before any byte is read or TLS work is done. So a flood of idle
///   connections cannot lock out the apiserver until the header-read
///   timeout fires, and cannot push out the apiserver's busy connections
///   either.
/// - Implements graceful shutdown: ``quiesce(on:)`` sends each open
///   connection NIO's `ChannelShouldQuiesceEvent`, which
///   `HTTPServerPipelineHandler` turns into "close when idle, or after the
///   response in flight", and completes a future when the last one closed.
///
/// Bookkeeping: every connection sits in one of two queues, `fresh`
/// (accepted, no request started yet; oldest first) and `used` (a request
/// was started at some point). Whether a connection is busy lives in its
/// ``ConnectionActivity``, written by the connection's own event loop and
/// read here only at the cap. Queues are not reordered on every request
/// (that would cost a cross-thread hop per request); instead `used` is a
/// CLOCK (second-chance) queue: looking at an entry rotates it to the back,
/// and an idle entry is evicted only if it started no request since the
/// last look, which approximates least recently used. An entry moves from
/// `fresh` to `used` once, each accept at the cap looks at no more than
/// ``scanBudget`` entries of `used`, and a closed connection leaves a dead
/// entry behind that is dropped when reached or when dead entries outnumber
/// live ones: the accept path is O(1) amortised even when every slot is
/// busy (then the newcomer may be refused while an idle connection sits
/// beyond the budget; the next accepts go on from there).
///
/// Hand-written rather than swift-nio-extras' `ServerQuiescingHelper`
/// because that type neither caps connections nor reports the count, and
/// both need the same bookkeeping; this is that bookkeeping, once.
final class ConnectionTracker: ChannelInboundHandler {
    typealias InboundIn = Channel
    typealias InboundOut = Channel

    /// Most `used` entries looked at per accept at the cap.
    static let scanBudget = 64

    private final class Entry {
        enum Queue { case fresh, used, gone }
        /// Dropped when the connection closes: a dead entry waits in its
        /// queue until reached or purged, and a closed channel still holds
        /// its buffers (NIO's pooled receive buffers, up to 64 KiB each).
        var channel: (any Channel)?
        let activity: ConnectionActivity
        var queue = Queue.fresh
        /// `requestsStarted` when the CLOCK hand last looked.
        var seenRequests: UInt64 = 0

        init(channel: any Channel, activity: ConnectionActivity) {
            self.channel = channel
            self.activity = activity
        }
    }

    private let maxConnections: Int
    private let metrics: ServerMetrics?
    private let logger: Logger
    private var fresh = CircularBuffer<Entry>()
    private var used = CircularBuffer<Entry>()
    /// Entries of closed connections still sitting in `fresh` or `used`.
    private var deadEntries = 0
    private(set) var openCount = 0
    /// The highest ``openCount`` ever reached (tests check the cap holds).
    private(set) var peakOpenCount = 0
    private(set) var evictedCount = 0
    private(set) var refusedCount = 0
    private var quiescing = false
    private var drained: EventLoopPromise<Void>?
    private var evictionLog = LogThrottle()
    private var refusalLog = LogThrottle()

    init(maxConnections: Int, metrics: ServerMetrics?, logger: Logger) {
        self.maxConnections = maxConnections
        self.metrics = metrics
        self.logger = logger
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let child = unwrapInboundIn(data)
        guard !quiescing else {
            child.close(promise: nil)
            return
        }
        if openCount >= maxConnections, !evictIdleConnection() {
            refuse(child)
            return
        }
        let activity = ConnectionActivity()
        let entry = Entry(channel: child, activity: activity)
        fresh.append(entry)
        openCount += 1
        peakOpenCount = max(peakOpenCount, openCount)
        metrics?.openConnections.set(to: Double(openCount))
        // Runs on the child's loop before NIO's accept handler runs the
        // child initializer there, which takes the activity out again.
        child.pipeline.addHandler(ConnectionActivityCarrier(activity), position: .first).whenFailure { _ in
            child.close(promise: nil)
        }
        let loop = context.eventLoop
        let bound = NIOLoopBound((self, entry), eventLoop: loop)
        child.closeFuture.whenComplete { _ in
            loop.execute {
                let (tracker, entry) = bound.value
                tracker.removed(entry)
            }
        }
        context.fireChannelRead(data)
    }

    // MARK: - Eviction

    /// Closes one idle connection to make room; false if none was found
    /// within the scan budget (every connection looked at is busy).
    private func evictIdleConnection() -> Bool {
        // Connections that never started a request, oldest first. One that
        // has started one since it was queued moves over to `used`; an
        // entry leaves `fresh` only once, so this loop costs O(1) per
        // accept amortised.
        while let entry = fresh.popFirst() {
            guard entry.queue == .fresh else { deadEntries -= 1; continue }
            let seen = entry.activity.snapshot
            if seen.requestsStarted == 0 {
                evict(entry)
                return true
            }
            entry.queue = .used
            entry.seenRequests = seen.requestsStarted
            used.append(entry)
        }
        // Idle keep-alive connections, by second chance: at most one round,
        // and at most `scanBudget` looks, so an accept while every
        // connection is busy stays cheap.
        var budget = min(Self.scanBudget, used.count)
        while budget > 0, let entry = used.popFirst() {
            guard entry.queue == .used else { deadEntries -= 1; continue }
            budget -= 1
            let seen = entry.activity.snapshot
            if !seen.requestInFlight, seen.requestsStarted == entry.seenRequests {
                evict(entry)
                return true
            }
            entry.seenRequests = seen.requestsStarted
            used.append(entry)
        }
        return false
    }

    /// The entry is already out of its queue. It stops counting now, before
    /// its close completes, so the new connection fits under the cap.
    ///
    /// A request can still race the close (bytes in flight from a client
    /// that was idle until now), as it can with any server-side close of an
    /// idle connection; that is why the least recently used one goes.
    private func evict(_ entry: Entry) {
        // Before the queue changes: a connection that never started a
        // request is closed without the TLS close_notify exchange, which an
        // idle flood would never answer (see `closeSkippingTLSShutdown`).
        let neverUsed = entry.queue == .fresh
        entry.queue = .gone
        openCount -= 1
        evictedCount += 1
        metrics?.evictedConnections.increment()
        if let evicted = evictionLog.record() {
            logger.notice("connection limit reached; closing idle connections to admit new ones", metadata: [
                "max_connections": "\(maxConnections)",
                "evicted": "\(evicted)",
            ])
        }
        if neverUsed {
            entry.channel?.closeSkippingTLSShutdown()
        } else {
            entry.channel?.close(promise: nil)
        }
    }

    private func refuse(_ child: any Channel) {
        refusedCount += 1
        metrics?.rejectedConnections.increment()
        if let refused = refusalLog.record() {
            logger.warning("connection limit reached and every connection has a request in flight; closing new connection", metadata: [
                "max_connections": "\(maxConnections)",
                "refused": "\(refused)",
            ])
        }
        child.close(promise: nil)
    }

    // MARK: - Removal

    private func removed(_ entry: Entry) {
        entry.channel = nil
        guard entry.queue != .gone else { return }   // evicted: already uncounted
        entry.queue = .gone
        openCount -= 1
        deadEntries += 1
        metrics?.openConnections.set(to: Double(openCount))
        if deadEntries > 64, deadEntries > openCount {
            fresh.removeAll { $0.queue == .gone }
            used.removeAll { $0.queue == .gone }
            deadEntries = 0
        }
        if openCount == 0, let drained {
            self.drained = nil
            drained.succeed()
        }
    }

    private var openEntries: [Entry] {
        (Array(fresh) + Array(used)).filter { $0.queue != .gone }
    }

    /// The open connections' channels (tests).
    var openChannels: [any Channel] { openEntries.compactMap(\.channel) }

    // MARK: - Shutdown

    /// Stops admitting connections and asks every open one to finish.
    /// The returned future succeeds once all are closed.
    func quiesce(on loop: any EventLoop) -> EventLoopFuture<Void> {
        quiescing = true
        if openCount == 0 { return loop.makeSucceededFuture(()) }
        let promise = drained ?? loop.makePromise(of: Void.self)
        drained = promise
        for entry in openEntries {
            entry.channel?.pipeline.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent())
        }
        return promise.futureResult
    }

    /// Closes whatever is still open (after the grace period).
    func closeAll() {
        for entry in openEntries { entry.channel?.close(promise: nil) }
    }
}

/// Counts events and says when to log them: at most one line a second
/// under a flood, carrying how many happened since the last one.
struct LogThrottle {
    private var lastLine: NIODeadline = .uptimeNanoseconds(0)
    private var sinceLastLine = 0

    /// Counts one event; the count to log when a line is due, else nil.
    mutating func record(now: NIODeadline = .now()) -> Int? {
        sinceLastLine += 1
        guard now - lastLine > .seconds(1) else { return nil }
        lastLine = now
        defer { sinceLastLine = 0 }
        return sinceLastLine
    }
}
