import Foundation
import Logging
import NIOCore
import NIOEmbedded
import Testing
@testable import WebhookServer

/// Timeouts over real TLS connections. Each test shortens only the timeout
/// it checks (the others stay at ``testServerLimits``' hour), so a close can
/// only come from that timeout, and the server's log says which one fired:
/// nothing here depends on how long anything took.
@Suite("Timeouts and connection limits")
struct LimitsTests {
    @Test("a client dribbling its TLS handshake is cut off by the header-read timeout")
    func slowHandshake() async throws {
        let log = LogRecorder()
        try await withTestServer(logger: log.logger(), configure: { $0.limits.headerReadTimeout = .seconds(1) }) { _, addresses, _ in
            let c = try await TestConnection.connectPlain(port: addresses.tlsPort)
            // The start of a ClientHello in a record declared 512 bytes long,
            // then one more byte every 100 ms: the TLS handler waits for the
            // rest of the record, so only the deadline guard can end this.
            // The timeout runs from accept, so on a loaded machine it may
            // close the connection before any of it is sent; sending then
            // fails, and the log below still says which timeout closed it.
            let dribble = Task {
                try await c.send([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03])
                for _ in 0..<400 {
                    try await Task.sleep(for: .milliseconds(100))
                    try await c.send([0])
                }
            }
            defer { dribble.cancel() }
            #expect(await c.waitForClose())
            #expect(log.contains("request header not received in time"), "\(log.messages)")
        }
    }

    @Test("an idle keep-alive connection is closed after the idle timeout")
    func idle() async throws {
        let log = LogRecorder()
        try await withTestServer(logger: log.logger(level: .debug), configure: { $0.limits.idleTimeout = .seconds(1) }) { _, addresses, certs in
            let c = try await TestConnection.connect(port: addresses.tlsPort, caFile: certs.paths.caCertificate)
            #expect(try await c.request("GET", "/healthz").status == 200)
            #expect(await c.waitForClose())
            #expect(log.contains("closing idle keep-alive connection"), "\(log.messages)")
        }
    }

    @Test("a body that stops arriving gets 408 after the request timeout")
    func slowBody() async throws {
        try await withTestServer(configure: { $0.limits.requestTimeout = .seconds(1) }) { _, addresses, certs in
            let c = try await TestConnection.connect(port: addresses.tlsPort, caFile: certs.paths.caCertificate)
            try await c.send("POST /validate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{")
            let r = try await c.readResponse()
            #expect(r.status == 408)
            #expect(await c.waitForClose())
        }
    }

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

/// The same timeouts to the millisecond: the server's connection pipeline
/// on an `EmbeddedChannel`, whose clock moves only when the test moves it.
@Suite("Timeouts on the event loop's clock")
struct DeadlineTests {
    static let limits = Limits(headerReadTimeout: .seconds(1), idleTimeout: .seconds(30), requestTimeout: .seconds(3))

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

/// One server connection without sockets or TLS: the pipeline every
/// accepted connection gets (deadline guard, HTTP codec, webhook handler),
/// on an `EmbeddedChannel`. Time stands still until ``advance(by:)``.
struct EmbeddedConnection {
    let channel: EmbeddedChannel

    init(limits: Limits, logger: Logger = quietLogger()) throws {
        channel = EmbeddedChannel()
        let shared = WebhookHTTPHandler.Shared(
            handler: StubHandler(), health: HealthState(certificates: nil, source: nil), metrics: nil,
            maxBodyBytes: limits.maxBodyBytes, accessLog: .logger(quietLogger()))
        try WebhookServer.configureHTTPPipeline(channel.pipeline.syncOperations, shared: shared, limits: limits, logger: logger)
        // Active from here, as a socket is once accepted: the guard's timer starts.
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 9443)).wait()
    }

    var isOpen: Bool { channel.isActive }

    /// Delivers `bytes` as one read and runs what that leaves for the end
    /// of the tick (the deferred flush of an answer).
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
