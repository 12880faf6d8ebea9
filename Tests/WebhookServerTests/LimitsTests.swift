import Foundation
import Logging
import NIOCore
import NIOEmbedded
import NIOSSL
import Testing
@testable import WebhookServer

/// Connection limits over real TLS connections. (Timeouts are tested on
/// the event loop's clock, below.)
@Suite("Connection limits")
struct LimitsTests {
    @Test("at the cap an idle connection makes room; busy ones are kept and the newcomer is refused")
    func connectionCap() async throws {
        try await withTestServer(configure: { $0.limits.maxConnections = 2 }) { server, addresses, certs in
            let a = try await TestConnection.connect(port: addresses.tlsPort, caFile: certs.paths.caCertificate)
            let b = try await TestConnection.connect(port: addresses.tlsPort, caFile: certs.paths.caCertificate)
            #expect(try await a.request("GET", "/healthz").status == 200)
            #expect(try await b.request("GET", "/healthz").status == 200)

            // Both idle: a third connection is admitted by closing the
            // least recently used one, a.
            let c = try await TestConnection.connect(port: addresses.tlsPort, caFile: certs.paths.caCertificate)
            #expect(try await c.request("GET", "/healthz").status == 200)
            #expect(await a.waitForClose())
            #expect(try await b.request("POST", "/validate", body: Array("{}".utf8)).status == 200)

            // Both with a request in flight: a newcomer is closed at once.
            for conn in [b, c] {
                try await conn.send("POST /validate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n")
                #expect(try await conn.readResponse().status == 100)
            }
            await #expect(throws: (any Error).self) {
                let d = try await TestConnection.connect(port: addresses.tlsPort, caFile: certs.paths.caCertificate)
                _ = try await d.request("GET", "/healthz")
            }
            for conn in [b, c] {
                try await conn.send("{}")
                #expect(try await conn.readResponse().status == 200)
            }
            let counts = try #require(await server.connectionCounts())
            #expect(counts.peak <= 2)
            #expect(counts.evicted >= 1)
            #expect(counts.refused >= 1)
            await b.close()
            await c.close()
        }
    }
}

/// Every timeout, to the millisecond: the server's connection pipeline
/// on an `EmbeddedChannel`, whose clock moves only when the test moves it.
@Suite("Timeouts on the event loop's clock")
struct DeadlineTests {
    static let limits = Limits(headerReadTimeout: .seconds(1), idleTimeout: .seconds(30), requestTimeout: .seconds(3))

    @Test("a client dribbling its TLS handshake is cut off by the header-read timeout, counted from accept")
    func slowHandshake() throws {
        let certs = try TestCertificates.make()
        defer { certs.remove() }
        let tls = try NIOSSLContext(configuration: .makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMFile(certs.paths.certificate).map { .certificate($0) },
            privateKey: .privateKey(try NIOSSLPrivateKey(file: certs.paths.key, format: .pem))))
        let log = LogRecorder()
        let c = try EmbeddedConnection(limits: Self.limits, logger: log.logger(), tls: tls)
        // The start of a ClientHello in a record declared 512 bytes long,
        // then one more byte now and then: the TLS handler waits for the
        // rest of the record, so only the deadline can end this.
        try c.send([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03])
        for _ in 0..<9 {
            c.advance(by: .milliseconds(100))
            try c.send([0])
        }
        c.advance(by: .milliseconds(99))
        #expect(c.isOpen)
        c.advance(by: .milliseconds(1))
        #expect(!c.isOpen)
        #expect(log.contains("request header not received in time"), "\(log.messages)")
    }

    @Test("a connection that sends nothing is closed by the header-read timeout, not the idle timeout")
    func silentConnection() throws {
        let log = LogRecorder()
        let c = try EmbeddedConnection(limits: Self.limits, logger: log.logger())
        c.advance(by: .seconds(1) - .milliseconds(1))
        #expect(c.isOpen)
        c.advance(by: .milliseconds(1))
        #expect(!c.isOpen)
        #expect(log.contains("request header not received in time"), "\(log.messages)")
    }

    @Test("a keep-alive connection that keeps sending requests is never closed for time")
    func busyKeepAlive() throws {
        let c = try EmbeddedConnection(limits: Self.limits)
        for _ in 0..<100 {
            c.advance(by: .milliseconds(900))
            try c.send("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")
            #expect(try c.output().hasPrefix("HTTP/1.1 200 "))
        }
        #expect(c.isOpen)
    }

    @Test("a request that arrives together with the end of input is answered before the connection closes")
    func requestWithEndOfInput() throws {
        let c = try EmbeddedConnection(limits: Self.limits)
        // As NIO reports a read that ends with EOF when half-closure is
        // allowed: the bytes, the end of the burst, then the end of input,
        // all before the event loop's tick ends.
        c.channel.pipeline.fireChannelRead(ByteBuffer(string: "GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n"))
        c.channel.pipeline.fireChannelReadComplete()
        c.channel.pipeline.fireUserInboundEventTriggered(ChannelEvent.inputClosed)
        #expect(try c.output().hasPrefix("HTTP/1.1 200 "))
        #expect(!c.isOpen)
    }

    @Test("a complete request waits while the channel is not writable and is answered once it is")
    func backPressure() throws {
        let c = try EmbeddedConnection(limits: Self.limits)
        c.channel.isWritable = false
        try c.send("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")
        #expect(try c.output() == "")
        c.channel.isWritable = true
        c.channel.pipeline.fireChannelWritabilityChanged()
        #expect(try c.output().hasPrefix("HTTP/1.1 200 "))
        #expect(c.isOpen)
    }

    @Test("a client that takes no answers is closed without one when the request timeout runs out")
    func clientNotReading() throws {
        let c = try EmbeddedConnection(limits: Self.limits)
        c.channel.isWritable = false
        try c.send("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")
        c.advance(by: .seconds(3) - .milliseconds(1))
        #expect(c.isOpen)
        c.advance(by: .milliseconds(1))
        #expect(!c.isOpen)
        #expect(try c.output() == "")
    }

    @Test("a header dribbled a byte at a time on a keep-alive connection is cut off by the header-read timeout, not the idle timeout")
    func slowloris() throws {
        let log = LogRecorder()
        let c = try EmbeddedConnection(limits: Self.limits, logger: log.logger())
        // A first, normal request makes the connection idle (keep-alive);
        // the dribble then starts a new request on it.
        try c.send("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")
        #expect(try c.output().hasPrefix("HTTP/1.1 200 "))
        c.advance(by: .seconds(20))
        #expect(c.isOpen)

        // Ten bytes 100 ms apart: 900 ms since the first one.
        let header = Array("POST /validate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n".utf8)
        try c.send(header[0..<1])
        for byte in header[1..<10] {
            c.advance(by: .milliseconds(100))
            try c.send([byte])
        }
        c.advance(by: .milliseconds(99))
        #expect(c.isOpen)
        #expect(try c.output() == "")
        // One second after the first byte, 21 s into the 30 s idle timeout.
        c.advance(by: .milliseconds(1))
        #expect(!c.isOpen)
        #expect(log.contains("request header not received in time"), "\(log.messages)")
    }

    @Test("an idle keep-alive connection is closed when the idle timeout runs out, not before")
    func idle() throws {
        let c = try EmbeddedConnection(limits: Self.limits)
        try c.send("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")
        #expect(try c.output().hasPrefix("HTTP/1.1 200 "))
        c.advance(by: .seconds(30) - .milliseconds(1))
        #expect(c.isOpen)
        c.advance(by: .milliseconds(1))
        #expect(!c.isOpen)
        #expect(try c.output() == "")
    }

    @Test("a body that stops arriving gets 408 when the request timeout runs out, then the connection closes")
    func slowBody() throws {
        let c = try EmbeddedConnection(limits: Self.limits)
        try c.send("POST /validate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{")
        c.advance(by: .seconds(3) - .milliseconds(1))
        #expect(c.isOpen)
        #expect(try c.output() == "")
        c.advance(by: .milliseconds(1))
        #expect(try c.output().hasPrefix("HTTP/1.1 408 "))
        #expect(!c.isOpen)
    }
}

/// One server connection without sockets: the pipeline every accepted
/// connection gets (TLS when asked for, HTTP codec, connection handler),
/// on an `EmbeddedChannel`. Time stands still until ``advance(by:)``.
struct EmbeddedConnection {
    let channel: EmbeddedChannel

    init(limits: Limits, logger: Logger = quietLogger(), tls: NIOSSLContext? = nil) throws {
        channel = EmbeddedChannel()
        let router = HealthResponder.adding(to: Router(fallback: StubHandler()), health: HealthState(certificates: nil, source: nil))
        let shared = HTTPConnectionHandler.Shared(
            router: router, metrics: nil, limits: limits, accessLog: .logger(quietLogger()), logger: logger)
        if let tls { try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls)) }
        try WebhookServer.configureHTTPPipeline(channel.pipeline.syncOperations, shared: shared)
        // Active from here, as a socket is once accepted: the guard's timer starts.
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 9443)).wait()
    }

    var isOpen: Bool { channel.isActive }

    /// Delivers `bytes` as one read burst (read, then read complete).
    func send<Bytes: Sequence<UInt8>>(_ bytes: Bytes) throws {
        try channel.writeInbound(ByteBuffer(bytes: Array(bytes)))
        channel.embeddedEventLoop.run()
    }

    func send(_ text: String) throws {
        try send(Array(text.utf8))
    }

    /// Moves the loop's clock, firing every timer that comes due.
    func advance(by amount: Duration) {
        channel.embeddedEventLoop.advanceTime(by: amount.timeAmount)
    }

    /// Everything written to the client since the last call.
    func output() throws -> String {
        var bytes: [UInt8] = []
        while let data = try channel.readOutbound(as: IOData.self) {
            if case .byteBuffer(let buffer) = data { bytes += buffer.readableBytesView }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
