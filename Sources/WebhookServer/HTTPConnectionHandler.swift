import Logging
import NIOCore
import NIOHTTP1
import NIOSSL

/// Serves one connection: turns HTTP/1.1 messages into ``HTTPRequest``s for
/// the ``Router`` and the answers back into messages, and carries out what
/// the connection's ``ConnectionStateMachine`` decides about deadlines,
/// back-pressure and flushing. It owns the connection's one timer and
/// writes the one metrics update and access log line per request.
///
/// Aggregates the body itself (instead of NIO's `NIOHTTPServerRequestAggregator`)
/// so the cap can be enforced from the `Content-Length` header before any
/// body byte is read, and so a single-chunk body (the common case) is not
/// copied into an accumulation buffer first.
///
/// Runs inline on the event loop, and time comes from the event loop
/// (`EventLoop.now`): the system clock on a real loop, and on an
/// `EmbeddedEventLoop` the loop's own clock, which its timers follow too,
/// so tests step through every timeout with `advanceTime(by:)`.
final class HTTPConnectionHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    /// What every connection of one listener shares.
    struct Shared: Sendable {
        let router: Router
        let metrics: ServerMetrics?
        let limits: Limits
        let accessLog: AccessLog
        let logger: Logger
    }

    /// The request being read or waiting for its answer.
    private struct PendingRequest {
        var head: HTTPRequestHead
        var body: ByteBuffer?
        var started: NIODeadline
    }

    private let shared: Shared
    private var machine: ConnectionStateMachine
    private let activity: ConnectionActivity?
    private var request: PendingRequest?
    private var timer: Scheduled<Void>?
    private var quiescing = false
    /// True while ``answerCompleteRequest(context:)`` runs. Writing an
    /// answer's end makes NIO's pipelining handler deliver the next held
    /// request synchronously, from inside that write; answering it right
    /// there would recurse once per held request (a read burst can hold
    /// thousands) and could overflow the stack. The inner call leaves it
    /// to the outer loop.
    private var answering = false
    private var requestComplete = false
    private var counters: RequestCounterCache?

    init(shared: Shared, activity: ConnectionActivity?, now: NIODeadline) {
        self.shared = shared
        self.activity = activity
        self.machine = ConnectionStateMachine(timeouts: .init(limits: shared.limits), now: now)
        if let metrics = shared.metrics { counters = RequestCounterCache(routes: metrics.routeLabels.count) }
    }

    // MARK: - Lifecycle

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { startTimer(context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        startTimer(context: context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        markClosed()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        shared.accessLog.connectionError(error)
        // A FIN without TLS close_notify: the end of input follows as an
        // event, which flushes what is answered and closes.
        if case NIOSSLError.uncleanShutdown = error { return }
        // HTTP parse errors were answered with 400 by NIO's error handler;
        // TLS and I/O errors have nobody to answer. Either way: close.
        markClosed()
        context.close(promise: nil)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is ChannelShouldQuiesceEvent {
            // NIO's pipelining handler closes the connection after the
            // response in flight; say so in that response's headers.
            quiescing = true
        } else if case ChannelEvent.inputClosed = event {
            // The client sent its FIN (the server allows half-closure so
            // that this arrives as an event, not as a closed socket): send
            // what is answered, then close; nothing more can come.
            if machine.inputClosed() { context.flush() }
            markClosed()
            context.channel.closeSkippingTLSShutdown()
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    // MARK: - Reading

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        machine.partArrived()
        guard machine.acceptsRequestParts else { return }
        switch unwrapInboundIn(data) {
        case .head(let head):
            let now = context.eventLoop.now
            apply(machine.headReceived(now: now))
            let maxBody = shared.limits.maxBodyBytes
            if let length = head.headers.first(name: "content-length").flatMap({ Int($0) }), length > maxBody {
                reject(context: context, head: head, started: now, status: 413, message: "request body larger than \(maxBody) bytes")
                return
            }
            request = PendingRequest(head: head, body: nil, started: now)
            requestComplete = false
            // curl (before 8.x) asks before sending any body over 1 KiB and
            // otherwise waits a second; the apiserver never asks.
            if head.version.minor >= 1, head.headers.first(name: "expect")?.lowercased() == "100-continue" {
                context.writeAndFlush(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: .continue))), promise: nil)
            }

        case .body(var chunk):
            guard var pending = request, !requestComplete else { return }
            // Drop the reference held by `request` first so appending does not copy.
            request = nil
            if pending.body == nil {
                pending.body = chunk
            } else {
                pending.body!.writeBuffer(&chunk)
            }
            if let b = pending.body, b.readableBytes > shared.limits.maxBodyBytes {
                reject(context: context, head: pending.head, started: pending.started, status: 413,
                       message: "request body larger than \(shared.limits.maxBodyBytes) bytes")
                return
            }
            request = pending

        case .end:
            guard request != nil, !requestComplete else { return }
            requestComplete = true
            if machine.requestEnded(isWritable: context.channel.isWritable) {
                answerCompleteRequest(context: context)
            }
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        let (scheduleFlush, change) = machine.readComplete(now: context.eventLoop.now)
        apply(change)
        if scheduleFlush {
            // Why at the end of the tick: see ConnectionStateMachine.responseWritten.
            context.eventLoop.assumeIsolatedUnsafeUnchecked().execute {
                if self.machine.endOfTick() { context.flush() }
            }
        }
        context.fireChannelReadComplete()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        let outsideRead = !machine.inReadBurst
        if machine.writabilityChanged(isWritable: context.channel.isWritable) {
            answerCompleteRequest(context: context)
        }
        if machine.takeUnflushed(outsideRead: outsideRead) { context.flush() }
        context.fireChannelWritabilityChanged()
    }

    /// Answers the complete request, and any pipelined one delivered while
    /// answering, as long as the channel stays writable (see ``answering``).
    private func answerCompleteRequest(context: ChannelHandlerContext) {
        guard !answering else { return }
        answering = true
        defer { answering = false }
        while requestComplete, let pending = request {
            request = nil
            requestComplete = false
            respond(context: context, pending)
            // A request delivered during that write is complete only if its
            // end came too; it is answered here when the channel can take it.
            guard requestComplete, machine.requestEnded(isWritable: context.channel.isWritable) else { return }
        }
    }

    // MARK: - Responding

    private func respond(context: ChannelHandlerContext, _ pending: PendingRequest) {
        let head = pending.head
        let uri = head.uri[...]
        let queryStart = uri.firstIndex(of: "?")
        let path = queryStart.map { uri[..<$0] } ?? uri
        let response = shared.router.respond(to: HTTPRequest(
            method: head.method.rawValue,
            path: String(path),
            query: queryStart.map { String(uri[uri.index(after: $0)...]) },
            contentType: head.headers.first(name: "content-type"),
            body: pending.body.map { Array($0.readableBytesView) } ?? []
        ))
        let keepAlive = head.isKeepAlive && !quiescing
        write(context: context, version: head.version, response: response, keepAlive: keepAlive, isHead: head.method == .HEAD)
        finish(head: head, path: path, response: response, started: pending.started, now: context.eventLoop.now)
    }

    /// Answers an error before the request is complete, then closes: the
    /// rest of the body is never read.
    private func reject(context: ChannelHandlerContext, head: HTTPRequestHead, started: NIODeadline, status: Int, message: String) {
        request = nil
        requestComplete = false
        let response = HTTPResponse(status: status, body: Array("{\"error\":\"\(message)\"}\n".utf8), logFields: [("reason", message)])
        write(context: context, version: head.version, response: response, keepAlive: false, isHead: false)
        let uri = head.uri[...]
        let path = uri.firstIndex(of: "?").map { uri[..<$0] } ?? uri
        finish(head: head, path: path, response: response, started: started, now: context.eventLoop.now)
    }

    private func write(context: ChannelHandlerContext, version: HTTPVersion, response: HTTPResponse, keepAlive: Bool, isHead: Bool) {
        var headers = HTTPHeaders()
        headers.reserveCapacity(3 + response.headers.count)
        headers.add(name: "content-type", value: response.contentType)
        for (name, value) in response.headers { headers.add(name: name, value: value) }
        headers.add(name: "content-length", value: String(response.body.count))
        if !keepAlive { headers.add(name: "connection", value: "close") }
        let status = HTTPResponseStatus(statusCode: response.status)
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: version, status: status, headers: headers))), promise: nil)
        if !isHead, !response.body.isEmpty {
            var buffer = context.channel.allocator.buffer(capacity: response.body.count)
            buffer.writeBytes(response.body)
            context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
        }
        // Before the write of the end: it may deliver the next pipelined request.
        let (flushNow, change) = machine.responseWritten(keepAlive: keepAlive, now: context.eventLoop.now)
        apply(change)
        if keepAlive {
            context.write(wrapOutboundOut(.end(nil)), promise: nil)
            if flushNow { context.flush() }
        } else {
            let promise = context.eventLoop.makePromise(of: Void.self)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: promise)
            let channel = context.channel
            promise.futureResult.whenComplete { _ in channel.close(promise: nil) }
        }
    }

    /// The request's one measurement: server metrics, the application's
    /// observer, and the access log line.
    private func finish(head: HTTPRequestHead, path: Substring, response: HTTPResponse, started: NIODeadline, now: NIODeadline) {
        let nanoseconds = (now - started).nanoseconds
        if let metrics = shared.metrics {
            let route = metrics.route(for: path)
            counters?.increment(metrics, route: route, status: response.status)
            metrics.durations[route].recordNanoseconds(nanoseconds)
        }
        response.observer?.responseWritten(status: response.status, nanoseconds: nanoseconds)
        shared.accessLog.request(method: head.method.rawValue, path: path, status: response.status,
                                 durationMicroseconds: nanoseconds / 1000, fields: response.logFields)
    }

    // MARK: - Timer

    private func startTimer(context: ChannelHandlerContext) {
        guard timer == nil else { return }
        schedule(context: context, at: machine.nextTimer(now: context.eventLoop.now))
    }

    private func schedule(context: ChannelHandlerContext, at when: NIODeadline) {
        timer = context.eventLoop.assumeIsolated().scheduleTask(deadline: when) { [self] in
            self.timerFired(context: context)
        }
    }

    private func timerFired(context: ChannelHandlerContext) {
        timer = nil
        let now = context.eventLoop.now
        switch machine.timerFired(now: now) {
        case .none:
            return
        case .schedule(let when):
            schedule(context: context, at: when)
        case .closeIdle:
            shared.logger.debug("closing idle keep-alive connection")
            markClosed()
            context.close(promise: nil)
        case .closeHeaderTimeout:
            shared.logger.info("closing connection: request header not received in time", metadata: [
                "timeout_ms": "\(shared.limits.headerReadTimeout.milliseconds)",
                "remote": "\(context.channel.remoteAddress?.description ?? "?")",
            ])
            markClosed()
            context.channel.closeSkippingTLSShutdown()
        case .answerRequestTimeout:
            guard let pending = request else {
                markClosed()
                context.close(promise: nil)
                return
            }
            reject(context: context, head: pending.head, started: pending.started, status: 408,
                   message: "request not completed within \(shared.limits.requestTimeout.milliseconds) ms")
            // The 408 is written; if the client does not take it, the
            // request timeout closes the connection once more.
            schedule(context: context, at: machine.nextTimer(now: now))
        case .closeNotReading:
            // Still not writable after the request timeout: the client is
            // not reading. A 408 would not reach it either.
            if let pending = request {
                request = nil
                let uri = pending.head.uri[...]
                let path = uri.firstIndex(of: "?").map { uri[..<$0] } ?? uri
                finish(head: pending.head, path: path,
                       response: HTTPResponse(status: 408, body: [], logFields: [("reason", "client not reading responses")]),
                       started: pending.started, now: now)
            }
            markClosed()
            context.channel.closeSkippingTLSShutdown()
        case .closeUnflushed:
            shared.logger.debug("closing connection: last response not flushed in time", metadata: [
                "remote": "\(context.channel.remoteAddress?.description ?? "?")",
            ])
            markClosed()
            context.channel.closeSkippingTLSShutdown()
        }
    }

    private func markClosed() {
        apply(machine.closed())
        timer?.cancel()
        timer = nil
    }

    private func apply(_ change: ConnectionStateMachine.ActivityChange) {
        switch change {
        case .none: break
        case .requestStarted: activity?.requestStarted()
        case .requestFinished: activity?.requestFinished()
        }
    }
}
