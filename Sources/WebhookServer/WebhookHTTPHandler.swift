import Admission
import Logging
import NIOCore
import NIOHTTP1

/// Turns HTTP/1.1 messages into ``WebhookRequest``s and back.
///
/// Aggregates the body itself (instead of NIO's `NIOHTTPServerRequestAggregator`)
/// so the cap can be enforced from the `Content-Length` header before any
/// body byte is read, and so a single-chunk body (the common case) is not
/// copied into an accumulation buffer first.
///
/// The handler runs inline on the event loop: admission rules are CPU-light
/// and synchronous by design, and a hop to another executor would cost more
/// than most requests take.
///
/// Back-pressure: a complete request is answered only while the channel is
/// writable. A client that stops reading its responses therefore gets no
/// more of them once NIO's outbound buffer passes its high-water mark; the
/// request waits, `HTTPServerPipelineHandler` stops reading from the socket
/// while a request is unanswered, and the request timeout closes the
/// connection. Without this a pipelining client that never reads could make
/// the server buffer responses without bound.
final class WebhookHTTPHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    struct Shared: Sendable {
        let handler: any WebhookHandler
        let health: HealthState
        let metrics: ServerMetrics?
        let maxBodyBytes: Int
        let accessLog: AccessLog
    }

    private enum State {
        case idle
        case receiving(head: HTTPRequestHead, body: ByteBuffer?, started: NIODeadline)
        /// The request is complete and waits to be answered: the channel is
        /// not writable, or an answer is being written further up the stack.
        case complete(head: HTTPRequestHead, body: ByteBuffer?, started: NIODeadline)
        /// A response was sent before the request ended (413/408); drop the
        /// rest and close.
        case discarding
    }

    private let shared: Shared
    private let deadlines: ConnectionDeadlines
    private var state = State.idle
    private var quiescing = false
    /// True while ``answerCompleteRequests(context:)`` runs. While an
    /// answer waits for writability, `HTTPServerPipelineHandler` holds the
    /// pipelined requests that arrive meanwhile (a read burst can hold
    /// thousands), and writing an answer's end makes it deliver the next one
    /// synchronously, from inside that write. Answering it right there would
    /// recurse once per held request and could overflow the event loop's
    /// stack; instead the inner call leaves the request `.complete` and the
    /// outer loop answers it.
    private var answering = false
    private var counters: RequestCounterCache?
    private var flushScheduled = false

    init(shared: Shared, deadlines: ConnectionDeadlines) {
        self.shared = shared
        self.deadlines = deadlines
        if let metrics = shared.metrics { counters = RequestCounterCache(routes: metrics.routeLabels.count) }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            // The loop's clock, as in ConnectionGuardHandler, which judges these deadlines.
            let now = context.eventLoop.now
            deadlines.headReceived(now: now)
            if let length = head.headers.first(name: "content-length").flatMap({ Int($0) }), length > shared.maxBodyBytes {
                reject(context: context, head: head, started: now, status: 413, message: "request body larger than \(shared.maxBodyBytes) bytes")
                return
            }
            state = .receiving(head: head, body: nil, started: now)
            // curl (before 8.x) asks before sending any body over 1 KiB and
            // otherwise waits a second; the apiserver never asks.
            if head.version.minor >= 1, head.headers.first(name: "expect")?.lowercased() == "100-continue" {
                context.writeAndFlush(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: .continue))), promise: nil)
            }

        case .body(var chunk):
            guard case .receiving(let head, var body, let started) = state else { return }
            // Drop the reference held by `state` first so appending does not copy.
            state = .idle
            if body == nil {
                body = chunk
            } else {
                body!.writeBuffer(&chunk)
            }
            if let b = body, b.readableBytes > shared.maxBodyBytes {
                reject(context: context, head: head, started: started, status: 413, message: "request body larger than \(shared.maxBodyBytes) bytes")
                return
            }
            state = .receiving(head: head, body: body, started: started)

        case .end:
            guard case .receiving(let head, let body, let started) = state else { return }
            state = .complete(head: head, body: body, started: started)
            answerCompleteRequests(context: context)
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        answerCompleteRequests(context: context)
        context.fireChannelWritabilityChanged()
    }

    /// Answers the complete request, and any pipelined one delivered while
    /// answering, as long as the channel stays writable (see ``answering``).
    private func answerCompleteRequests(context: ChannelHandlerContext) {
        guard !answering else { return }
        answering = true
        defer { answering = false }
        while case .complete(let head, let body, let started) = state, context.channel.isWritable {
            state = .idle
            respond(context: context, head: head, body: body, started: started)
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is ChannelShouldQuiesceEvent {
            // HTTPServerPipelineHandler closes the connection after the
            // response in flight; say so in that response's headers.
            quiescing = true
        } else if event is RequestDeadlineExceeded {
            switch state {
            case .receiving(let head, _, let started):
                reject(context: context, head: head, started: started, status: 408, message: "request not completed within \(deadlines.limits.requestTimeout.milliseconds) ms")
            case .complete(let head, _, let started):
                // Still not writable after the request timeout: the client
                // is not reading. A 408 would not reach it either.
                state = .discarding
                let uri = head.uri[...]
                let path = uri.firstIndex(of: "?").map { uri[..<$0] } ?? uri
                finish(head: head, path: path, status: 408, started: started, now: context.eventLoop.now, fields: [("reason", "client not reading responses")])
                deadlines.closing()
                context.channel.closeSkippingTLSShutdown()
            case .idle, .discarding:
                break
            }
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // HTTP parse errors were answered with 400 by NIO's error handler;
        // TLS and I/O errors have nobody to answer. Either way: close.
        shared.accessLog.connectionError(error)
        deadlines.closing()
        context.close(promise: nil)
    }

    // MARK: - Responding

    private func respond(context: ChannelHandlerContext, head: HTTPRequestHead, body: ByteBuffer?, started: NIODeadline) {
        let uri = head.uri[...]
        let queryStart = uri.firstIndex(of: "?")
        let path = queryStart.map { uri[..<$0] } ?? uri
        let method = head.method.rawValue

        let response: WebhookResponse
        if let health = HealthEndpoints.respond(method: method[...], path: path, health: shared.health) {
            response = health
        } else {
            let request = WebhookRequest(
                method: method,
                path: String(path),
                query: queryStart.map { String(uri[uri.index(after: $0)...]) },
                contentType: head.headers.first(name: "content-type"),
                body: body.map { Array($0.readableBytesView) } ?? []
            )
            response = shared.handler.handle(request)
        }
        let keepAlive = head.isKeepAlive && !quiescing
        write(context: context, version: head.version, response: response, keepAlive: keepAlive, isHead: head.method == .HEAD)
        finish(head: head, path: path, status: response.status, started: started, now: context.eventLoop.now, fields: response.logFields)
    }

    /// Answers an error before the request is complete, then closes: the
    /// rest of the body is never read.
    private func reject(context: ChannelHandlerContext, head: HTTPRequestHead, started: NIODeadline, status: Int, message: String) {
        state = .discarding
        let response = WebhookResponse(
            status: status,
            body: Array("{\"error\":\"\(message)\"}\n".utf8),
            logFields: [("reason", message)]
        )
        write(context: context, version: head.version, response: response, keepAlive: false, isHead: false)
        let uri = head.uri[...]
        let path = uri.firstIndex(of: "?").map { uri[..<$0] } ?? uri
        finish(head: head, path: path, status: status, started: started, now: context.eventLoop.now, fields: response.logFields)
    }

    private func write(context: ChannelHandlerContext, version: HTTPVersion, response: WebhookResponse, keepAlive: Bool, isHead: Bool) {
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
        if keepAlive {
            // Before the write: it may deliver the next pipelined request.
            deadlines.responseSent(keepAlive: true, now: context.eventLoop.now)
            context.write(wrapOutboundOut(.end(nil)), promise: nil)
            flushAtEndOfTick(context: context)
        } else {
            deadlines.responseSent(keepAlive: false, now: context.eventLoop.now)
            let promise = context.eventLoop.makePromise(of: Void.self)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: promise)
            let channel = context.channel
            promise.futureResult.whenComplete { _ in channel.close(promise: nil) }
        }
    }

    /// Flushes once the event loop has handled every channel that was ready.
    ///
    /// Why not flush right away: under load one `epoll_wait` returns many
    /// connections with a request each. Flushing each response as it is made
    /// spaces the writes by a whole request's work, so every write finds the
    /// client asleep and pays to wake it (on loopback and in VMs that wake is
    /// an inter-processor interrupt charged to this thread). Deferred to the
    /// end of the tick, the responses go out back to back and the client is
    /// woken once. A request that arrives alone waits for nothing: its tick
    /// ends when it is answered. When the client's FIN comes with its
    /// request, NIO closes the socket before the tick ends;
    /// ``InputEndFlushHandler`` flushes first.
    ///
    /// Only one answer per connection waits. A second one in the same tick
    /// (a pipelining client) flushes at once, as before: TLS holds unflushed
    /// writes where the channel's writability cannot see them, and the
    /// back-pressure described above needs every answer to reach the
    /// channel's buffer.
    private func flushAtEndOfTick(context: ChannelHandlerContext) {
        if flushScheduled {
            context.flush()
            return
        }
        flushScheduled = true
        context.eventLoop.assumeIsolatedUnsafeUnchecked().execute {
            self.flushScheduled = false
            context.flush()
        }
    }

    /// Metrics and the access log line.
    private func finish(head: HTTPRequestHead, path: Substring, status: Int, started: NIODeadline, now: NIODeadline, fields: [(String, String)]) {
        let elapsed = now - started
        if let metrics = shared.metrics {
            let route = metrics.route(for: path)
            counters?.increment(metrics, route: route, status: status)
            metrics.durations[route].recordNanoseconds(elapsed.nanoseconds)
        }
        shared.accessLog.request(method: head.method.rawValue, path: path, status: status,
                                 durationMicroseconds: elapsed.nanoseconds / 1000, fields: fields)
    }
}
