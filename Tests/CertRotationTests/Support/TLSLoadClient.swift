import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import NIOTLS

/// Why a client exchange failed, so the load test can count handshakes and
/// requests separately.
enum LoadClientError: Error, CustomStringConvertible {
    /// TCP or TLS failed before the handshake completed (untrusted chain,
    /// hostname mismatch, no certificate loaded, connection refused).
    case handshake(String)
    /// The handshake succeeded but the request did not get a 200.
    case request(String)

    var description: String {
        switch self {
        case .handshake(let why): return "handshake failed: \(why)"
        case .request(let why): return "request failed: \(why)"
        }
    }
}

/// One HTTP/1.1-over-TLS connection for the load test: a handshake that
/// reports the server's certificate serial, then keep-alive requests.
final class LoadConnection: Sendable {
    let channel: any Channel
    let peerSerialHex: String
    private let responses: ResponseReader

    private init(channel: any Channel, peerSerialHex: String, responses: ResponseReader) {
        self.channel = channel
        self.peerSerialHex = peerSerialHex
        self.responses = responses
    }

    /// Connects and completes the TLS handshake, verifying the chain
    /// against the context's trust roots and `serverHostname`.
    static func connect(port: Int, context: NIOSSLContext, serverHostname: String,
                        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) async throws(LoadClientError) -> LoadConnection {
        let (stream, continuation) = AsyncStream<ByteBuffer>.makeStream()
        let handshake = group.next().makePromise(of: Void.self)
        let channel: any Channel
        do {
            channel = try await ClientBootstrap(group: group)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: context, serverHostname: serverHostname))
                        try channel.pipeline.syncOperations.addHandler(ByteCollector(continuation: continuation, handshake: handshake))
                    }
                }
                .connect(host: "127.0.0.1", port: port)
                .get()
        } catch {
            handshake.fail(error)
            throw .handshake("\(error)")
        }
        do {
            try await handshake.futureResult.get()
            let serial = try await channel.eventLoop.submit {
                try channel.pipeline.syncOperations.handler(type: NIOSSLClientHandler.self).peerCertificate?.serialNumber
            }.get()
            return LoadConnection(channel: channel, peerSerialHex: hexSerial(serial ?? []), responses: ResponseReader(stream))
        } catch {
            try? await channel.close()
            throw .handshake("\(error)")
        }
    }

    /// POSTs a small AdmissionReview and waits for the response status.
    func post(_ path: String, body: String) async throws(LoadClientError) -> Int {
        let request = "POST \(path) HTTP/1.1\r\nHost: nncp-guard.nmstate.svc\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
        do {
            try await channel.writeAndFlush(ByteBuffer(string: request))
        } catch {
            throw .request("write: \(error)")
        }
        guard let status = await responses.nextStatus() else { throw .request("connection closed before a response") }
        return status
    }

    func close() async {
        try? await channel.close()
    }
}

/// Reads whole responses (status line, headers, Content-Length body) from
/// the byte stream; one reader at a time.
private final class ResponseReader: @unchecked Sendable {
    private var iterator: AsyncStream<ByteBuffer>.Iterator
    private var buffer: [UInt8] = []

    init(_ stream: AsyncStream<ByteBuffer>) { iterator = stream.makeAsyncIterator() }

    func nextStatus() async -> Int? {
        while true {
            if let (status, consumed) = parse() {
                buffer.removeFirst(consumed)
                return status
            }
            guard let chunk = await iterator.next() else { return nil }
            buffer.append(contentsOf: chunk.readableBytesView)
        }
    }

    private func parse() -> (Int, Int)? {
        let separator: [UInt8] = [13, 10, 13, 10]
        guard buffer.count >= 4, let end = (0...(buffer.count - 4)).first(where: { buffer[$0..<($0 + 4)].elementsEqual(separator) }) else { return nil }
        let head = String(decoding: buffer[..<end], as: UTF8.self)
        let lines = head.components(separatedBy: "\r\n")
        let parts = lines.first?.split(separator: " ") ?? []
        guard parts.count >= 2, let status = Int(parts[1]) else { return (0, end + 4) }
        let length = lines.dropFirst().compactMap { line -> Int? in
            let pair = line.split(separator: ":", maxSplits: 1)
            guard pair.count == 2, pair[0].lowercased() == "content-length" else { return nil }
            return Int(pair[1].trimmingCharacters(in: .whitespaces))
        }.first ?? 0
        guard buffer.count >= end + 4 + length else { return nil }
        return (status, end + 4 + length)
    }
}

private final class ByteCollector: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    let continuation: AsyncStream<ByteBuffer>.Continuation
    let handshake: EventLoopPromise<Void>
    var handshakeDone = false

    init(continuation: AsyncStream<ByteBuffer>.Continuation, handshake: EventLoopPromise<Void>) {
        self.continuation = continuation
        self.handshake = handshake
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
            handshake.fail(LoadClientError.handshake("closed during the handshake"))
        }
        continuation.finish()
        context.fireChannelInactive()
    }
}

func hexSerial(_ bytes: [UInt8]) -> String {
    let digits = Array("0123456789abcdef")
    var out = ""
    for b in bytes.drop(while: { $0 == 0 }) {
        out.append(digits[Int(b >> 4)])
        out.append(digits[Int(b & 0xf)])
    }
    return out.isEmpty ? "0" : out
}
