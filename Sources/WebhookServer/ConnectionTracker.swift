import Logging
import NIOCore

/// Counts and remembers the open connections of one listener, on the
/// listening channel's event loop.
///
/// - Enforces the connection cap: a connection accepted beyond it is closed
///   before any byte is read or TLS work is done, so a flood costs an
///   accept and a close each; existing connections are unaffected.
/// - Implements graceful shutdown: ``quiesce(on:)`` sends each open
///   connection NIO's `ChannelShouldQuiesceEvent`, which
///   `HTTPServerPipelineHandler` turns into "close when idle, or after the
///   response in flight", and completes a future when the last one closed.
///
/// Hand-written rather than swift-nio-extras' `ServerQuiescingHelper`
/// because that type neither caps connections nor reports the count, and
/// both need the same bookkeeping; this is that bookkeeping, once.
final class ConnectionTracker: ChannelInboundHandler {
    typealias InboundIn = Channel
    typealias InboundOut = Channel

    private let maxConnections: Int
    private let metrics: ServerMetrics?
    private let logger: Logger
    private var open: [ObjectIdentifier: Channel] = [:]
    private var quiescing = false
    private var drained: EventLoopPromise<Void>?
    private var lastRejectionLog: NIODeadline = .uptimeNanoseconds(0)

    init(maxConnections: Int, metrics: ServerMetrics?, logger: Logger) {
        self.maxConnections = maxConnections
        self.metrics = metrics
        self.logger = logger
    }

    var openCount: Int { open.count }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let child = unwrapInboundIn(data)
        if quiescing || open.count >= maxConnections {
            metrics?.rejectedConnections.increment()
            // At most one log line a second under a flood.
            let now = NIODeadline.now()
            if !quiescing, now - lastRejectionLog > .seconds(1) {
                lastRejectionLog = now
                logger.warning("connection limit reached; closing new connection", metadata: ["max_connections": "\(maxConnections)"])
            }
            child.close(promise: nil)
            return
        }
        let id = ObjectIdentifier(child)
        open[id] = child
        metrics?.openConnections.set(to: Double(open.count))
        let loop = context.eventLoop
        let bound = NIOLoopBound(self, eventLoop: loop)
        child.closeFuture.whenComplete { _ in
            loop.execute { bound.value.removed(id) }
        }
        context.fireChannelRead(data)
    }

    private func removed(_ id: ObjectIdentifier) {
        open.removeValue(forKey: id)
        metrics?.openConnections.set(to: Double(open.count))
        if open.isEmpty, let drained {
            self.drained = nil
            drained.succeed()
        }
    }

    /// Stops admitting connections and asks every open one to finish.
    /// The returned future succeeds once all are closed.
    func quiesce(on loop: any EventLoop) -> EventLoopFuture<Void> {
        quiescing = true
        if open.isEmpty { return loop.makeSucceededFuture(()) }
        let promise = drained ?? loop.makePromise(of: Void.self)
        drained = promise
        for child in open.values {
            child.pipeline.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent())
        }
        return promise.futureResult
    }

    /// Closes whatever is still open (after the grace period).
    func closeAll() {
        for child in open.values { child.close(promise: nil) }
    }
}
