import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix
import SourceModel

/// An in-process Kubernetes API server for tests: plain HTTP/1.1 on
/// 127.0.0.1, speaking kube-apiserver's wire format (paths, query
/// parameters, content types, `Status` errors, `<Kind>List` pages with
/// `continue`, chunked newline-delimited watch streams with bookmarks and
/// 410 `ERROR` events), plus scripted faults.
///
/// Run it with ``withServer(_:)``; the server lives exactly as long as the
/// closure, inside the test's task tree. ``stopListening()`` and
/// ``startListening()`` take it away and bring it back on the same port
/// (an API server restart), keeping the stored objects.
public final class FakeAPIServer: Sendable {
    /// The server's storage; tests put and remove objects here directly.
    public let cluster = FakeCluster()
    public let port: Int
    private let settings = NIOLockedValueBox(Settings())
    private let log = NIOLockedValueBox([RecordedRequest].init())
    private let commands: AsyncStream<ListenerCommand>.Continuation
    private let listening = NIOLockedValueBox(true)

    private typealias Listener = NIOAsyncChannel<AcceptedConnection, Never>

    /// Requests to the task that owns the listening socket.
    enum ListenerCommand: Sendable {
        case stop(CheckedContinuation<Void, Never>)
        case start(CheckedContinuation<Void, any Error>)
    }

    struct Settings: Sendable {
        /// Requests without `Authorization: Bearer <token>` get 401.
        var expectedToken: String? = nil
        var faults: [Fault] = []
        /// Write each live watch event in pieces of this many bytes, each
        /// flushed separately, so events straddle chunks.
        var watchSplitSize: Int? = nil
    }

    public struct RecordedRequest: Sendable {
        public var method: String
        public var path: String
        public var query: [String: String]
        public var headers: [(String, String)]
        public var body: [UInt8]

        public func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
        public var isWatch: Bool { query["watch"] == "true" || query["watch"] == "1" }
    }

    public struct Fault: Sendable {
        public enum Action: Sendable {
            /// Answer with this status code and a `Status` body.
            case status(Int, reason: String)
            /// Wait before handling the request normally.
            case delay(Duration)
            /// Close the connection without answering.
            case drop
            /// (Watches) send this many events, then cut the connection.
            case dropWatchAfter(events: Int)
            /// Hold the request until the test opens the gate, then handle it normally.
            case hold(Gate)
            /// Never answer, until the client goes away or the server stops
            /// listening. A watch gets its `200` head first and then silence:
            /// no events, no bookmarks, no end at `timeoutSeconds`.
            case stall
        }
        var method: String?
        var pathContains: String?
        var watchOnly: Bool?
        var queryKey: String?
        var action: Action
        var remaining: Int

        func matches(_ r: RecordedRequest) -> Bool {
            if let method, method != r.method { return false }
            if let pathContains, !r.path.contains(pathContains) { return false }
            if let watchOnly, watchOnly != r.isWatch { return false }
            if let queryKey, r.query[queryKey] == nil { return false }
            return true
        }
    }

    private init(port: Int, commands: AsyncStream<ListenerCommand>.Continuation) {
        self.port = port
        self.commands = commands
    }

    public var baseURL: String { "http://127.0.0.1:\(port)" }

    public var expectedToken: String? {
        get { settings.withLockedValue { $0.expectedToken } }
        set { settings.withLockedValue { $0.expectedToken = newValue } }
    }

    public var watchSplitSize: Int? {
        get { settings.withLockedValue { $0.watchSplitSize } }
        set { settings.withLockedValue { $0.watchSplitSize = newValue } }
    }

    /// Queues a fault for the next `times` matching requests.
    public func addFault(method: String? = nil, pathContains: String? = nil, watchOnly: Bool? = nil, queryKey: String? = nil,
                  _ action: Fault.Action, times: Int = 1) {
        settings.withLockedValue {
            $0.faults.append(Fault(method: method, pathContains: pathContains, watchOnly: watchOnly, queryKey: queryKey, action: action, remaining: times))
        }
    }

    public func clearFaults() { settings.withLockedValue { $0.faults.removeAll() } }

    public var requests: [RecordedRequest] { log.withLockedValue { $0 } }
    public func clearRequests() { log.withLockedValue { $0.removeAll() } }

    // MARK: - Lifetime

    /// Starts a server, runs `body` with it, and stops it. `port` 0 picks
    /// a free one; a benchmark in another process passes the one it expects.
    public static func withServer<T: Sendable>(port: Int = 0, _ body: (FakeAPIServer) async throws -> T) async throws -> T {
        let first = try await bind(port: port)
        let (commands, continuation) = AsyncStream<ListenerCommand>.makeStream(bufferingPolicy: .unbounded)
        let server = FakeAPIServer(port: first.channel.localAddress?.port ?? 0, commands: continuation)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.supervise(first, commands: commands) }
            defer {
                continuation.finish()
                group.cancelAll()
                server.cluster.endWatches()
            }
            return try await body(server)
        }
    }

    /// Whether the server accepts connections (see ``stopListening()``).
    public var isListening: Bool { listening.withLockedValue { $0 } }

    /// Takes the server away: closes the listening socket and every open
    /// connection (watches are cut mid-stream, requests in progress get no
    /// answer), as a crashed or restarting kube-apiserver would. New
    /// connections are refused until ``startListening()``. Returns once
    /// everything is closed. A request held by a ``Gate`` must be released
    /// first. Stored objects and their history stay, as in etcd.
    public func stopListening() async {
        await withCheckedContinuation { (ack: CheckedContinuation<Void, Never>) in
            if case .terminated = commands.yield(.stop(ack)) { ack.resume() }
        }
    }

    /// Listens again on the same port. Returns once connections are accepted.
    public func startListening() async throws {
        try await withCheckedThrowingContinuation { (ack: CheckedContinuation<Void, any Error>) in
            if case .terminated = commands.yield(.start(ack)) { ack.resume(throwing: CancellationError()) }
        }
    }

    private static func bind(port: Int) async throws -> Listener {
        try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    return AcceptedConnection(try NIOAsyncChannel(wrappingChannelSynchronously: channel))
                }
            }
    }

    /// Owns the listening socket: accepts connections while listening,
    /// obeys stop and start, ends when cancelled or when `commands` ends.
    private func supervise(_ first: Listener, commands: AsyncStream<ListenerCommand>) async throws {
        var current: Listener? = first
        var pending = commands.makeAsyncIterator()
        while true {
            if let listener = current {
                // Accept until told to stop; cancelling the accept loop closes
                // the socket and, through the connection tasks, every connection.
                // `nil`: the commands ended (the server is going away).
                let stop: CheckedContinuation<Void, Never>? = await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await self.accept(listener) }
                    defer { group.cancelAll() }
                    while let command = await pending.next() {
                        switch command {
                        case .start(let ack): ack.resume()
                        case .stop(let ack):
                            group.cancelAll()
                            try? await group.waitForAll()
                            return ack
                        }
                    }
                    return nil
                }
                guard let ack = stop else { return }
                current = nil
                listening.withLockedValue { $0 = false }
                ack.resume()
            } else {
                guard let command = await pending.next() else { return }
                switch command {
                case .stop(let ack): ack.resume()
                case .start(let ack):
                    do {
                        current = try await Self.bind(port: port)
                        listening.withLockedValue { $0 = true }
                        ack.resume()
                    } catch {
                        ack.resume(throwing: error)
                    }
                }
            }
        }
    }

    private func accept(_ listener: Listener) async throws {
        try await listener.executeThenClose { inbound in
            try await withThrowingDiscardingTaskGroup { connections in
                for try await connection in inbound {
                    connections.addTask { await self.serve(connection.claim()) }
                }
            }
        }
    }

    // MARK: - Connections

    private func serve(_ connection: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>) async {
        let channel = connection.channel
        do {
            try await connection.executeThenClose { inbound, outbound in
                var head: HTTPRequestHead?
                var body: [UInt8] = []
                for try await part in inbound {
                    switch part {
                    case .head(let h):
                        head = h
                        body = []
                    case .body(let buffer):
                        body += buffer.readableBytesView
                    case .end:
                        guard let head else { continue }
                        let keepOpen = try await self.respond(to: head, body: body, outbound: outbound, channel: channel)
                        if !keepOpen {
                            channel.close(promise: nil)
                            return
                        }
                    }
                }
            }
        } catch {
            // A client that went away; nothing to do.
        }
    }

    private typealias Outbound = NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>

    /// Handles one request; `false` means close the connection now.
    private func respond(to head: HTTPRequestHead, body: [UInt8], outbound: Outbound, channel: any Channel) async throws -> Bool {
        let (path, queryText) = Self.split(head.uri)
        let request = RecordedRequest(
            method: head.method.rawValue, path: path, query: FakeQuery.parse(queryText),
            headers: head.headers.map { ($0.name, $0.value) }, body: body)
        log.withLockedValue { $0.append(request) }

        var dropWatchAfter: Int?
        var stall = false
        let fault: Fault.Action? = settings.withLockedValue { s in
            guard let i = s.faults.firstIndex(where: { $0.matches(request) }) else { return nil }
            s.faults[i].remaining -= 1
            let action = s.faults[i].action
            if s.faults[i].remaining <= 0 { s.faults.remove(at: i) }
            return action
        }
        switch fault {
        case .status(let code, let reason)?:
            try await write(code, FakeStatus.failure(code, reason: reason, message: "injected fault: \(reason)"), outbound)
            return true
        case .delay(let duration)?:
            try await Task.sleep(for: duration)
        case .drop?:
            return false
        case .dropWatchAfter(let n)?:
            dropWatchAfter = n
        case .hold(let gate)?:
            await gate.wait()
        case .stall?:
            stall = true
        case nil:
            break
        }

        if let token = settings.withLockedValue({ $0.expectedToken }), request.header("Authorization") != "Bearer \(token)" {
            try await write(401, FakeStatus.unauthorized, outbound)
            return true
        }
        guard let route = FakeRoute(path: path) else {
            try await write(404, FakeStatus.failure(404, reason: "NotFound", message: "the server could not find the requested resource"), outbound)
            return true
        }
        let isWatch = request.isWatch && request.method == "GET" && route.name == nil
        if stall {
            if isWatch { try await writeWatchHead(outbound) }
            // Until the client hangs up, or the server stops.
            try? await withTaskCancellationHandler {
                try await channel.closeFuture.get()
            } onCancel: {
                channel.close(promise: nil)
            }
            return false
        }
        if isWatch {
            return try await watch(route, request, outbound: outbound, channel: channel, dropAfter: dropWatchAfter)
        }
        let (code, body) = FakeHandlers(cluster: cluster).handle(route, request)
        try await write(code, bytes: body.bytes, outbound)
        return true
    }

    private func write(_ code: Int, _ value: Value, _ outbound: Outbound) async throws {
        try await write(code, bytes: JSONWriter.bytes(value), outbound)
    }

    private func write(_ code: Int, bytes: [UInt8], _ outbound: Outbound) async throws {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/json")
        headers.add(name: "Content-Length", value: String(bytes.count))
        try await outbound.write(.head(HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: code), headers: headers)))
        try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: bytes))))
        try await outbound.write(.end(nil))
    }

    // MARK: - Watch

    private func writeWatchHead(_ outbound: Outbound) async throws {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/json")
        headers.add(name: "Transfer-Encoding", value: "chunked")
        try await outbound.write(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers)))
    }

    private func watch(_ route: FakeRoute, _ request: RecordedRequest, outbound: Outbound, channel: any Channel, dropAfter: Int?) async throws -> Bool {
        let start = cluster.startWatch(
            resource: route.resource, apiVersion: route.apiVersion, namespace: route.namespace,
            resourceVersion: request.query["resourceVersion"], labelSelector: request.query["labelSelector"],
            bookmarks: request.query["allowWatchBookmarks"] == "true")
        try await writeWatchHead(outbound)

        switch start {
        case .expired(let errorEvent):
            try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: errorEvent))))
            try await outbound.write(.end(nil))
            return true
        case .stream(let id, let initial, let signals):
            defer { cluster.stopWatch(id) }
            // End the stream when the client goes away or the watch times out.
            let timeout = request.query["timeoutSeconds"].flatMap(Int.init).map { TimeAmount.seconds(Int64($0)) }
            let timer = timeout.map { t in
                channel.eventLoop.scheduleTask(in: t) { [cluster] in cluster.timeOutWatch(id) }
            }
            defer { timer?.cancel() }
            channel.closeFuture.whenComplete { [cluster] _ in cluster.stopWatch(id) }

            var eventsLeft = dropAfter
            if !initial.isEmpty {
                // Initial events share one chunk, unless a drop is scripted.
                if eventsLeft == nil {
                    try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: initial))))
                } else {
                    for event in Self.lines(initial) {
                        if eventsLeft == 0 { return false }
                        try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: event))))
                        eventsLeft! -= 1
                    }
                }
            }
            for await signal in signals {
                switch signal {
                case .bytes(let bytes):
                    if eventsLeft == 0 { return false }
                    if let split = watchSplitSize, split > 0 {
                        var index = 0
                        while index < bytes.count {
                            let end = min(bytes.count, index + split)
                            try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: bytes[index..<end]))))
                            index = end
                        }
                    } else {
                        try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: bytes))))
                    }
                    if eventsLeft != nil { eventsLeft! -= 1 }
                case .drop:
                    return false
                case .end:
                    if let bookmark = cluster.bookmarkForWatcher(id) {
                        try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: bookmark))))
                    }
                    try await outbound.write(.end(nil))
                    return true
                }
            }
            // Stream finished: server shutting down or client gone.
            return false
        }
    }

    private static func lines(_ bytes: [UInt8]) -> [[UInt8]] {
        bytes.split(separator: UInt8(ascii: "\n")).map { Array($0) + [UInt8(ascii: "\n")] }
    }

    private static func split(_ uri: String) -> (String, Substring?) {
        guard let q = uri.firstIndex(of: "?") else { return (uri, nil) }
        return (String(uri[..<q]), uri[uri.index(after: q)...])
    }
}

extension FakeCluster {
    /// The server-side timeout of one watch: send a bookmark (if asked for)
    /// and end the response normally.
    func timeOutWatch(_ id: Int) {
        signal(id, .end)
    }

}

/// One accepted connection on its way to being served.
///
/// NIO hands accepted connections over through the listener's inbound
/// stream. A connection accepted while the listener is being closed (a
/// client reconnecting the moment ``FakeAPIServer/stopListening()`` cuts
/// its watch, or as the server goes away) can reach that stream after
/// nobody reads it any more, and is dropped there; NIO stops the process
/// when such a connection becomes active with its writer never finished.
/// One that no task claimed to serve is finished and closed here instead.
final class AcceptedConnection: Sendable {
    private let connection: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>
    private let claimed = NIOLockedValueBox(false)

    init(_ connection: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>) {
        self.connection = connection
    }

    /// The connection, for the task that serves it (and closes it).
    func claim() -> NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart> {
        claimed.withLockedValue { $0 = true }
        return connection
    }

    deinit {
        guard !claimed.withLockedValue({ $0 }) else { return }
        // Closed as a served one is; the task keeps the writer alive until
        // executeThenClose has finished it.
        let connection = self.connection
        Task { try? await connection.executeThenClose { _, _ in } }
    }
}
