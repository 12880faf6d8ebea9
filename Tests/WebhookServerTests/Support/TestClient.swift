import NIOCore
import NIOPosix
import NIOSSL
import NIOTLS
import Foundation

/// One parsed HTTP/1.1 response.
struct TestResponse: Sendable {
    var status: Int
    var headers: [(String, String)]
    var body: [UInt8]

    func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }
    var text: String { String(decoding: body, as: UTF8.self) }
}

/// How long a test waits for something that must happen (an answer, a
/// close): long enough that only a hang reaches it, never a slow machine.
/// Passing tests never wait this long; they go on as soon as it happens.
let hangLimit: Duration = .seconds(60)

enum TestClientError: Error {
    case closedBeforeResponse
    case timedOut
    case malformedResponse(String)
}

/// A minimal HTTP/1.1-over-TLS client for tests: raw bytes out (so tests can
/// send malformed or dribbled requests), parsed responses in.
final class TestConnection: Sendable {
    let channel: any Channel
    let stream: AsyncStream<ByteBuffer>
    private let iterator: IteratorBox
    /// Serial of the certificate the server presented, lower-case hex.
    let peerSerialHex: String?

    init(channel: any Channel, stream: AsyncStream<ByteBuffer>, peerSerialHex: String?) {
        self.channel = channel
        self.stream = stream
        self.iterator = IteratorBox(stream.makeAsyncIterator())
        self.peerSerialHex = peerSerialHex
    }

    /// Connects without TLS (the metrics port).
    static func connectPlain(port: Int, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) async throws -> TestConnection {
        let (stream, continuation) = AsyncStream<ByteBuffer>.makeStream()
        let handshake = group.next().makePromise(of: Void.self)
        handshake.succeed()
        let channel = try await ClientBootstrap(group: group)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(Collector(continuation: continuation, handshake: handshake, handshakeDone: true))
                }
            }
            .connect(host: "127.0.0.1", port: port)
            .get()
        return TestConnection(channel: channel, stream: stream, peerSerialHex: nil)
    }

    /// Connects, completes the TLS handshake (or throws its error).
    static func connect(
        port: Int, caFile: String, maximumTLSVersion: TLSVersion? = nil, serverHostname: String = "localhost",
        socketBufferSize: Int? = nil,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws -> TestConnection {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .file(caFile)
        if let maximumTLSVersion {
            tls.minimumTLSVersion = .tlsv1
            tls.maximumTLSVersion = maximumTLSVersion
        }
        tls.applicationProtocols = ["http/1.1"]
        let context = try NIOSSLContext(configuration: tls)
        let (stream, continuation) = AsyncStream<ByteBuffer>.makeStream()
        let handshake = group.next().makePromise(of: Void.self)
        let channel: any Channel
        do {
            var bootstrap = ClientBootstrap(group: group)
            if let socketBufferSize {
                // Small kernel buffers make back-pressure show up after
                // kilobytes instead of after the kernel's autotuned megabytes.
                bootstrap = bootstrap
                    .channelOption(.socketOption(.so_rcvbuf), value: SocketOptionValue(socketBufferSize))
                    .channelOption(.socketOption(.so_sndbuf), value: SocketOptionValue(socketBufferSize))
            }
            channel = try await bootstrap
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: context, serverHostname: serverHostname))
                        try channel.pipeline.syncOperations.addHandler(Collector(continuation: continuation, handshake: handshake))
                    }
                }
                .connect(host: "127.0.0.1", port: port)
                .get()
        } catch {
            handshake.fail(error)
            throw error
        }
        do {
            try await handshake.futureResult.get()
        } catch {
            try? await channel.close()
            throw error
        }
        let serial = try await channel.eventLoop.submit {
            try channel.pipeline.syncOperations.handler(type: NIOSSLClientHandler.self).peerCertificate?.serialNumber
        }.get()
        return TestConnection(channel: channel, stream: stream, peerSerialHex: serial.map(hex))
    }

    func send(_ text: String) async throws {
        try await send(Array(text.utf8))
    }

    func send(_ bytes: [UInt8]) async throws {
        try await channel.writeAndFlush(ByteBuffer(bytes: bytes))
    }

    /// A complete request with `Content-Length`.
    func request(_ method: String, _ path: String, body: [UInt8] = [], contentType: String? = "application/json", extraHeaders: String = "") async throws -> TestResponse {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: localhost\r\nContent-Length: \(body.count)\r\n"
        if let contentType { head += "Content-Type: \(contentType)\r\n" }
        head += extraHeaders + "\r\n"
        try await send(Array(head.utf8) + body)
        return try await readResponse()
    }

    /// Reads one response; throws `closedBeforeResponse` if the server closed first.
    func readResponse(timeout: Duration = hangLimit) async throws -> TestResponse {
        try await withTimeout(timeout) { [iterator] in
            var buffer: [UInt8] = []
            func fill() async throws {
                guard let chunk = await iterator.next() else { throw TestClientError.closedBeforeResponse }
                buffer.append(contentsOf: chunk.readableBytesView)
            }
            var headerEnd: Int?
            while headerEnd == nil {
                headerEnd = Self.find([13, 10, 13, 10], in: buffer)
                if headerEnd == nil { try await fill() }
            }
            let headText = String(decoding: buffer[..<headerEnd!], as: UTF8.self)
            var lines = headText.components(separatedBy: "\r\n")
            let statusLine = lines.removeFirst().split(separator: " ")
            guard statusLine.count >= 2, let status = Int(statusLine[1]) else { throw TestClientError.malformedResponse(headText) }
            let headers = lines.compactMap { line -> (String, String)? in
                guard let colon = line.firstIndex(of: ":") else { return nil }
                return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
            }
            let length = headers.first { $0.0.lowercased() == "content-length" }.flatMap { Int($0.1) } ?? 0
            let bodyStart = headerEnd! + 4
            while buffer.count < bodyStart + length { try await fill() }
            let body = Array(buffer[bodyStart..<(bodyStart + length)])
            // Keep-alive tests send one request at a time, so nothing is left over.
            return TestResponse(status: status, headers: headers, body: body)
        }
    }

    /// Reads `count` responses sent back to back (pipelining), keeping the
    /// bytes of one response that arrive with the previous one.
    func readResponses(_ count: Int, timeout: Duration = hangLimit) async throws -> [TestResponse] {
        try await withTimeout(timeout) { [iterator] in
            var buffer: [UInt8] = []
            var start = 0
            var responses: [TestResponse] = []
            func fill() async throws {
                guard let chunk = await iterator.next() else { throw TestClientError.closedBeforeResponse }
                if start > 1 << 20 {
                    buffer.removeFirst(start)
                    start = 0
                }
                buffer.append(contentsOf: chunk.readableBytesView)
            }
            while responses.count < count {
                var headerEnd: Int?
                while headerEnd == nil {
                    headerEnd = Self.find([13, 10, 13, 10], in: buffer[start...])
                    if headerEnd == nil { try await fill() }
                }
                let response = try Self.parseHead(buffer[start..<headerEnd!])
                let bodyStart = headerEnd! + 4
                let length = response.header("content-length").flatMap { Int($0) } ?? 0
                while buffer.count < bodyStart + length { try await fill() }
                responses.append(TestResponse(status: response.status, headers: response.headers, body: Array(buffer[bodyStart..<(bodyStart + length)])))
                start = bodyStart + length
            }
            return responses
        }
    }

    /// Reads whatever arrives until the server closes the connection; nil
    /// if it is still open after `timeout`.
    func readUntilClose(timeout: Duration = hangLimit) async -> [UInt8]? {
        try? await withTimeout(timeout) { [iterator] in
            var bytes: [UInt8] = []
            while let chunk = await iterator.next() { bytes.append(contentsOf: chunk.readableBytesView) }
            return bytes
        }
    }

    private static func parseHead(_ head: ArraySlice<UInt8>) throws -> TestResponse {
        let headText = String(decoding: head, as: UTF8.self)
        var lines = headText.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst().split(separator: " ")
        guard statusLine.count >= 2, statusLine[0].hasPrefix("HTTP/1."), let status = Int(statusLine[1]) else {
            throw TestClientError.malformedResponse(headText)
        }
        let headers = lines.compactMap { line -> (String, String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        return TestResponse(status: status, headers: headers, body: [])
    }

    /// Waits until the server closes the connection (true) or `timeout` passes (false).
    func waitForClose(timeout: Duration = hangLimit) async -> Bool {
        (try? await withTimeout(timeout) { [iterator] in
            while await iterator.next() != nil {}
            return true
        }) ?? false
    }

    var isActive: Bool { channel.isActive }

    func close() async {
        try? await channel.close()
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        find(needle, in: haystack[...])
    }

    /// Index (in `haystack`'s own indices) of the first occurrence of `needle`.
    static func find(_ needle: [UInt8], in haystack: ArraySlice<UInt8>) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for i in haystack.startIndex...(haystack.endIndex - needle.count) where haystack[i..<(i + needle.count)].elementsEqual(needle) {
            return i
        }
        return nil
    }
}

/// Lets a `Sendable` connection own its stream iterator; tests use one
/// reader at a time.
final class IteratorBox: @unchecked Sendable {
    private var iterator: AsyncStream<ByteBuffer>.Iterator
    init(_ iterator: AsyncStream<ByteBuffer>.Iterator) { self.iterator = iterator }
    func next() async -> ByteBuffer? { await iterator.next() }
}

private final class Collector: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    let continuation: AsyncStream<ByteBuffer>.Continuation
    let handshake: EventLoopPromise<Void>
    var handshakeDone = false

    init(continuation: AsyncStream<ByteBuffer>.Continuation, handshake: EventLoopPromise<Void>, handshakeDone: Bool = false) {
        self.continuation = continuation
        self.handshake = handshake
        self.handshakeDone = handshakeDone
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case TLSUserEvent.handshakeCompleted = event, !handshakeDone {
            handshakeDone = true
            handshake.succeed()
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        continuation.yield(unwrapInboundIn(data))
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if !handshakeDone {
            handshakeDone = true
            handshake.fail(error)
        }
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        if !handshakeDone {
            handshakeDone = true
            handshake.fail(TestClientError.closedBeforeResponse)
        }
        continuation.finish()
        context.fireChannelInactive()
    }
}

func hex(_ bytes: [UInt8]) -> String {
    let s = bytes.drop(while: { $0 == 0 }).map { String(format: "%02x", $0) }.joined()
    return s.isEmpty ? "0" : s
}

/// Runs `operation`, throwing `TestClientError.timedOut` after `timeout`.
func withTimeout<T: Sendable>(_ timeout: Duration, _ operation: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Task.sleep(for: timeout)
            throw TestClientError.timedOut
        }
        defer { group.cancelAll() }
        return try await group.next()!
    }
}
