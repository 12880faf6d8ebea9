import Logging
import NIOCore

/// Enforces the header-read, request and idle timeouts of one connection.
///
/// Sits right after the TLS handler, where it sees decrypted bytes before
/// the HTTP decoder does: that is how it notices the first byte of a new
/// request on an idle keep-alive connection, and so how a client that sends
/// a header one byte a second gets cut off after the header-read timeout
/// rather than the (much longer) idle timeout.
///
/// One timer per connection, not per request: each time it fires it either
/// acts or reschedules itself for `min(deadline, now + shortestTimeout)`.
/// Any phase change sets a deadline at least `shortestTimeout` after itself,
/// so that schedule never fires late, and a busy keep-alive connection costs
/// one timer wake-up per `shortestTimeout` instead of a schedule/cancel pair
/// per request.
///
/// Time comes from the channel's event loop (`EventLoop.now`): the system
/// clock on a real loop, and on an `EmbeddedEventLoop` the loop's own clock,
/// which its timers also follow, so tests can step through every timeout
/// with `advanceTime(by:)` instead of waiting for it.
final class ConnectionGuardHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let deadlines: ConnectionDeadlines
    private let logger: Logger
    private var timer: Scheduled<Void>?

    init(deadlines: ConnectionDeadlines, logger: Logger) {
        self.deadlines = deadlines
        self.logger = logger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { startTimer(context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        startTimer(context: context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        deadlines.closing()
        timer?.cancel()
        timer = nil
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        deadlines.bytesArrived(now: context.eventLoop.now)
        context.fireChannelRead(data)
    }

    private func startTimer(context: ChannelHandlerContext) {
        guard timer == nil else { return }
        schedule(context: context, at: min(deadlines.deadline, context.eventLoop.now + deadlines.shortestTimeout))
    }

    private func schedule(context: ChannelHandlerContext, at when: NIODeadline) {
        timer = context.eventLoop.assumeIsolated().scheduleTask(deadline: when) { [self] in
            self.timerFired(context: context)
        }
    }

    private func timerFired(context: ChannelHandlerContext) {
        timer = nil
        let now = context.eventLoop.now
        let deadline = deadlines.deadline
        guard now >= deadline else {
            schedule(context: context, at: min(deadline, now + deadlines.shortestTimeout))
            return
        }
        switch deadlines.phase {
        case .closing:
            return
        case .idle:
            logger.debug("closing idle keep-alive connection")
            deadlines.closing()
            context.close(promise: nil)
        case .awaitingHead:
            logger.info("closing connection: request header not received in time", metadata: [
                "timeout_ms": "\(deadlines.limits.headerReadTimeout.milliseconds)",
                "remote": "\(context.channel.remoteAddress?.description ?? "?")",
            ])
            deadlines.closing()
            context.channel.closeSkippingTLSShutdown()
        case .inRequest:
            // The HTTP handler answers 408 (and the connection closes once
            // that is flushed, or after another request timeout); if it
            // cannot, the phase is unchanged and the connection closes now.
            context.fireUserInboundEventTriggered(RequestDeadlineExceeded())
            if deadlines.phase == .inRequest {
                deadlines.closing()
                context.close(promise: nil)
            } else if deadlines.phase != .closing {
                schedule(context: context, at: min(deadlines.deadline, now + deadlines.shortestTimeout))
            }
        case .flushingLastResponse:
            // The client is not reading the last response.
            logger.debug("closing connection: last response not flushed in time", metadata: [
                "remote": "\(context.channel.remoteAddress?.description ?? "?")",
            ])
            deadlines.closing()
            context.channel.closeSkippingTLSShutdown()
        }
    }
}
