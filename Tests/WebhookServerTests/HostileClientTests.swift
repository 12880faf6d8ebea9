import Admission
import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import Testing
@testable import WebhookServer
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Clients that misbehave on purpose. Each test ends by checking that a
/// well-behaved client, on a new TLS connection, still gets a correct
/// AdmissionReview answer from the real admission handler.
@Suite("Hostile clients", .serialized)
struct HostileClientTests {
    // MARK: - Plain HTTP on the TLS port

    @Test("plain HTTP sent to the TLS port is closed at once, without an HTTP answer")
    func plainHTTPOnTLSPort() async throws {
        // The test server's header-read timeout is an hour, so a close can
        // only come from the TLS error.
        try await withTestServer(handler: Self.controller) { server, addresses, certs in
            for request in [
                "POST /validate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}",
                "GET /healthz HTTP/1.0\r\n\r\n",
                "\r\n\r\nPRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
            ] {
                let c = try await TestConnection.connectPlain(port: addresses.tlsPort)
                try? await c.send(request)
                let answer = await c.readUntilClose()
                let bytes = try #require(answer, "connection still open after \(request.debugDescription): the server waits for a TLS record that never comes")
                // At most a TLS alert record (content type 21), never HTTP.
                #expect(!String(decoding: bytes, as: UTF8.self).hasPrefix("HTTP/"))
                if let first = bytes.first { #expect(first == 21) }
                await c.close()
            }
            try await Self.expectConnections(server, count: 0)
            try await Self.expectServed(addresses, certs)
        }
    }

    @Test("a request line with a version other than HTTP/1.x gets one 400, then the connection closes", arguments: ["HTTP/2.0", "HTTP/0.9", "HTTP/3.1"])
    func badHTTPVersion(_ version: String) async throws {
        try await withTestServer(handler: Self.controller) { _, addresses, certs in
            let c = try await TestConnection.connect(port: addresses.tlsPort, caFile: certs.paths.caCertificate)
            try await c.send("POST /validate \(version)\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}")
            let tls = try #require(await c.readUntilClose(), "not closed")
            // The plain-HTTP metrics listener builds the same pipeline.
            let plain = try await TestConnection.connectPlain(port: try #require(addresses.metricsPort))
            try await plain.send("GET /healthz \(version)\r\nHost: x\r\n\r\n")
            let text = try #require(await plain.readUntilClose(), "not closed")
            for answer in [tls, text].map({ String(decoding: $0, as: UTF8.self) }) {
                #expect(answer.hasPrefix("HTTP/1.1 400 "), "\(answer)")
                // NIO's decoder reports such a request twice; only one 400 may go out.
                #expect(answer.components(separatedBy: "HTTP/1.").count == 2, "more than one response: \(answer)")
            }
            await c.close()
            await plain.close()
            try await Self.expectServed(addresses, certs)
        }
    }

    // MARK: - A client that never reads

    @Test("a client that pipelines requests and never reads is held off by back-pressure, then closed")
    func clientThatNeverReads() async throws {
        // Only the request timeout is short: it is what closes the connection.
        try await withTestServer(handler: BigAnswers(), configure: { $0.limits.requestTimeout = .seconds(2) }) { server, addresses, certs in
            let c = try await TestConnection.connect(port: addresses.tlsPort, caFile: certs.paths.caCertificate, socketBufferSize: 16 * 1024)
            try await c.channel.setOption(.autoRead, value: false).get()
            // 2 KiB requests for 4 KiB answers, pipelined 16 to a write.
            let request = Array("POST /big HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2048\r\n\r\n".utf8)
                + Array(repeating: UInt8(ascii: " "), count: 2048)
            let chunk = ByteBuffer(bytes: Array([[UInt8]](repeating: request, count: 16).joined()))
            // Without back-pressure the server would read all of this and
            // buffer twice as much in answers. With it, the server stops
            // reading once it holds answers it cannot send, so a write stays
            // pending until the request timeout closes the connection and
            // fails it. How long a write takes decides nothing.
            let attempt = 128 * 1024 * 1024
            var written = 0
            var checkedWhileStuck = false
            while written < attempt {
                let write: EventLoopFuture<Void> = c.channel.writeAndFlush(chunk)
                var done = await Self.outcome(of: write, within: .milliseconds(100))
                while done == nil {
                    if !checkedWhileStuck {
                        let stuck = await server.openConnectionChannels().filter { !$0.isWritable }
                        if !stuck.isEmpty {
                            checkedWhileStuck = true
                            // What the server holds for that connection in user space:
                            // about NIO's high-water mark (64 KiB) plus one answer.
                            for channel in stuck {
                                if let buffered = try? await channel.getOption(ChannelOptions.bufferedWritableBytes).get() {
                                    #expect(buffered < 256 * 1024, "\(buffered) bytes buffered for one connection")
                                }
                            }
                            // Others are served while it is stuck.
                            try await Self.expectServed(addresses, certs)
                        }
                    }
                    done = await Self.outcome(of: write, within: .milliseconds(100))
                }
                guard done == true else { break }  // closed by the server
                written += chunk.readableBytes
            }
            #expect(written < attempt, "the server read all \(written) bytes: no back-pressure")
            // The request timeout closed it.
            try await Self.expectConnections(server, count: 0)
            await c.close()
            try await Self.expectServed(addresses, certs)
        }
    }

    @Test("a request sent together with the client's FIN (no close_notify) is still answered")
    func requestThenFIN() async throws {
        try await withTestServer(handler: Self.controller) { _, addresses, certs in
            let body = Self.review
            try #require(!body.isEmpty)
            let head = "POST /validate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: \(body.count)\r\n\r\n"
            // Repeated: the race (FIN read in the same event as the request,
            // then NIO closes the socket) is likely on loopback, not certain.
            for _ in 0..<20 {
                for request in [Array("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n".utf8), Array(head.utf8) + body] {
                    let c = try await TestConnection.connect(port: addresses.tlsPort, caFile: certs.paths.caCertificate)
                    try await c.channel.eventLoop.submit {
                        c.channel.writeAndFlush(ByteBuffer(bytes: request), promise: nil)
                        // From below TLS: a bare FIN, as from shutdown(SHUT_WR).
                        try c.channel.pipeline.syncOperations.context(handlerType: NIOSSLClientHandler.self).close(mode: .output, promise: nil)
                    }.get()
                    let response = try await c.readResponse()
                    #expect(response.status == 200)
                    await c.close()
                }
            }
        }
    }

    @Test("pipelined requests with big answers are all answered, in order, to a client that reads")
    func pipelinedBigAnswers() async throws {
        try await withTestServer(handler: BigAnswers()) { server, addresses, certs in
            let c = try await TestConnection.connect(port: addresses.tlsPort, caFile: certs.paths.caCertificate, socketBufferSize: 16 * 1024)
            var batch: [UInt8] = []
            let count = 2000
            for i in 0..<count {
                batch += Array("GET /big?n=\(i) HTTP/1.1\r\nHost: x\r\n\r\n".utf8)
            }
            try await c.send(batch)
            let responses = try await c.readResponses(count)
            #expect(responses.count == count)
            #expect(responses.allSatisfy { $0.status == 200 && $0.body.count == BigAnswers.size })
            // Each answer names its request: order kept.
            let order = responses.map { Int(String(decoding: $0.body.prefix(while: { $0 != UInt8(ascii: " ") }), as: UTF8.self)) ?? -1 }
            #expect(order == Array(0..<count))
            await c.close()
            try await Self.expectServed(addresses, certs)
        }
    }

    // MARK: - Idle connections and the connection cap

    @Test(
        "10,000 idle TCP connections: the cap holds, the oldest idle ones are closed, new clients are served",
        .enabled(if: HostileClientTests.raiseOpenFileLimit(to: 4096), "needs 4096 open files (ulimit -n)")
    )
    func tenThousandIdleConnections() async throws {
        let cap = 512
        // Timeouts must not be what frees the slots: the test server's
        // are an hour long.
        try await withTestServer(handler: Self.controller, configure: { $0.limits.maxConnections = cap }) { server, addresses, certs in
            let group = MultiThreadedEventLoopGroup.singleton
            var clients: [any Channel] = []
            clients.reserveCapacity(10_000)
            var connectFailures = 0
            // Batches of 250, below the listen backlog (512), each accepted
            // before the next starts: no SYN is dropped and retried.
            let batches = 40, perBatch = 250
            for batch in 0..<batches {
                // TCP connects that send nothing. No handlers: when the
                // server closes one, NIO sees EOF and closes the client side.
                let connects = (0..<perBatch).map { _ in
                    ClientBootstrap(group: group).connectTimeout(.seconds(60)).connect(host: "127.0.0.1", port: addresses.tlsPort)
                }
                for connect in connects {
                    if let channel = try? await connect.get() { clients.append(channel) } else { connectFailures += 1 }
                }
                var counts = try #require(await server.connectionCounts())
                try await waitUntil("batch \(batch) accepted") {
                    counts = try #require(await server.connectionCounts())
                    return counts.open + counts.evicted >= clients.count
                }
                #expect(counts.open <= cap)
                if batch == batches / 2 {
                    // The cap is full of idle connections: a new client is
                    // admitted by closing one of them.
                    try await Self.expectServed(addresses, certs)
                }
            }
            #expect(connectFailures == 0)
            #expect(clients.count == batches * perBatch)

            // Connects complete in the kernel's backlog; wait until the
            // server has accepted (and so evicted for) all of them.
            var counts = try #require(await server.connectionCounts())
            try await waitUntil("every connection accepted") {
                counts = try #require(await server.connectionCounts())
                return counts.evicted >= clients.count - cap
            }
            #expect(counts.peak <= cap, "open connections reached \(counts.peak), cap \(cap)")
            #expect(counts.refused == 0, "no connection had a request in flight, so none should be refused")
            #expect(counts.evicted >= clients.count - cap)

            // Evicted sockets are closed on the client side too.
            try await waitUntil("evicted connections closed on the client side") { clients.filter(\.isActive).count <= cap }
            // The newest connections survived; the first ones were closed.
            #expect(!clients[0].isActive)
            #expect(clients[clients.count - 1].isActive)

            try await Self.expectServed(addresses, certs)
            #expect(try #require(await server.connectionCounts()).peak <= cap)
            for channel in clients where channel.isActive { channel.close(promise: nil) }
            try await Self.expectConnections(server, count: 0)
            let metrics = server.metrics.registry
            var text: [UInt8] = []
            metrics.emit(into: &text)
            #expect(String(decoding: text, as: UTF8.self).contains("nncp_guard_http_evicted_connections_total"))
        }
    }

    @Test("idle TLS connections (handshake done, no request) are evicted oldest first at the cap")
    func idleTLSConnectionsEvicted() async throws {
        let cap = 8
        // Only eviction closes these: the header-read timeout is an hour.
        try await withTestServer(handler: Self.controller, configure: { $0.limits.maxConnections = cap }) { server, addresses, certs in
            var idle: [TestConnection] = []
            for _ in 0..<(3 * cap) {
                idle.append(try await TestConnection.connect(port: addresses.tlsPort, caFile: certs.paths.caCertificate))
                #expect(try #require(await server.connectionCounts()).open <= cap)
            }
            #expect(await idle[0].waitForClose())
            #expect(await idle[2 * cap - 1].waitForClose())
            // The newest are still open and usable.
            let last = idle[idle.count - 1]
            #expect(try await last.request("POST", "/validate", body: Self.review).status == 200)
            try await Self.expectServed(addresses, certs)
            #expect(try #require(await server.connectionCounts()).peak <= cap)
            for c in idle { await c.close() }
        }
    }

    @Test("at the cap with a request in flight everywhere, new connections are refused and the requests complete")
    func busyConnectionsAreNotEvicted() async throws {
        let cap = 4
        try await withTestServer(handler: Self.controller, configure: { $0.limits.maxConnections = cap }) { server, addresses, certs in
            var busy: [TestConnection] = []
            for _ in 0..<cap {
                let c = try await TestConnection.connect(port: addresses.tlsPort, caFile: certs.paths.caCertificate)
                // The 100 Continue proves the server has the header: the
                // request is in flight.
                try await c.send("POST /validate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: \(Self.review.count)\r\nExpect: 100-continue\r\n\r\n")
                #expect(try await c.readResponse().status == 100)
                busy.append(c)
            }
            await #expect(throws: (any Error).self) {
                let c = try await TestConnection.connect(port: addresses.tlsPort, caFile: certs.paths.caCertificate)
                _ = try await c.request("GET", "/healthz")
            }
            #expect(try #require(await server.connectionCounts()).refused >= 1)
            for c in busy {
                try await c.send(Self.review)
                let r = try await c.readResponse()
                #expect(r.status == 200)
                #expect(Self.isAllowedReview(r))
            }
            // Now idle: the next client gets in by evicting one of them.
            try await Self.expectServed(addresses, certs)
            #expect(try #require(await server.connectionCounts()).peak <= cap)
            for c in busy { await c.close() }
        }
    }

    // MARK: - Resets

    @Test("a connection reset mid-request is cleaned up; the connection count returns to where it was")
    func resetMidRequest() async throws {
        try await withTestServer(handler: Self.controller) { server, addresses, certs in
            let keeper = try await TestConnection.connect(port: addresses.tlsPort, caFile: certs.paths.caCertificate)
            #expect(try await keeper.request("GET", "/healthz").status == 200)
            try await Self.expectConnections(server, count: 1)

            for _ in 0..<3 {
                // Header and half the body over TLS, then RST.
                let c = try await TestConnection.connect(port: addresses.tlsPort, caFile: certs.paths.caCertificate)
                try await c.send("POST /validate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: \(Self.review.count)\r\nExpect: 100-continue\r\n\r\n")
                #expect(try await c.readResponse().status == 100)
                try await c.send(Array(Self.review.prefix(Self.review.count / 2)))
                try await Self.reset(c.channel, skippingTLS: true)
                try await Self.expectConnections(server, count: 1)

                // The same during the TLS handshake: a partial ClientHello.
                let raw = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton).connect(host: "127.0.0.1", port: addresses.tlsPort).get()
                try await raw.writeAndFlush(ByteBuffer(bytes: [0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03]))
                try await Self.reset(raw, skippingTLS: false)
                try await Self.expectConnections(server, count: 1)
            }
            // The connection that was there all along still works.
            #expect(try await keeper.request("POST", "/validate", body: Self.review).status == 200)
            await keeper.close()
            try await Self.expectServed(addresses, certs)
        }
    }

    // MARK: - Support

    static let controller: Router = admissionRoutes()

    static let reviewFile = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../testdata/admission/create-bond-vlan.json").standardized
    static let review: [UInt8] = (try? Array(Data(contentsOf: reviewFile))) ?? []
    static let reviewUID = "0b5e8d2c-4a6f-4c1e-9d3b-7f8a2e6c4b1d"

    static func isAllowedReview(_ r: TestResponse) -> Bool {
        guard let object = try? JSONSerialization.jsonObject(with: Data(r.body)) as? [String: Any],
              object["kind"] as? String == "AdmissionReview",
              let response = object["response"] as? [String: Any] else { return false }
        return response["uid"] as? String == reviewUID && response["allowed"] as? Bool == true
    }

    /// A well-behaved client: a new TLS connection, one review, the right answer.
    static func expectServed(_ addresses: WebhookServer.ListeningAddresses, _ certs: TestCertificates) async throws {
        try #require(!review.isEmpty, "fixture missing: \(reviewFile.path)")
        let c = try await TestConnection.connect(port: addresses.tlsPort, caFile: certs.paths.caCertificate)
        let r = try await c.request("POST", "/validate", body: review)
        #expect(r.status == 200)
        #expect(isAllowedReview(r), "\(r.text)")
        await c.close()
    }

    /// Waits (liveness bound, not a timing assertion) until the TLS
    /// listener counts `count` open connections.
    static func expectConnections(_ server: WebhookServer, count: Int, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        var open = -1
        try await waitUntil("\(count) open connections (still \(open))", sourceLocation: sourceLocation) {
            open = try #require(await server.connectionCounts()).open
            return open == count
        }
    }

    /// Closes the socket with SO_LINGER 0, so the peer gets an RST, and
    /// (with `skippingTLS`) without a TLS close_notify: the close starts
    /// below the TLS handler.
    static func reset(_ channel: any Channel, skippingTLS: Bool) async throws {
        guard let provider = channel as? any SocketOptionProvider else {
            Issue.record("not a socket channel")
            return
        }
        try await provider.setSoLinger(linger(l_onoff: 1, l_linger: 0)).get()
        try await channel.eventLoop.submit {
            if skippingTLS, let context = try? channel.pipeline.syncOperations.context(handlerType: NIOSSLClientHandler.self) {
                context.close(promise: nil)
            } else {
                channel.close(promise: nil)
            }
        }.get()
        try await channel.closeFuture.get()
    }

    /// Waits at most `timeout` for `future`: true if it succeeded, false if
    /// it failed, nil if it is still pending. (A future cannot be cancelled,
    /// so `withTimeout` would wait for it anyway.)
    static func outcome(of future: EventLoopFuture<Void>, within timeout: TimeAmount) async -> Bool? {
        let loop = future.eventLoop
        let promise = loop.makePromise(of: Bool?.self)
        loop.execute {
            let done = NIOLoopBoundBox(false, eventLoop: loop)
            let timer = loop.scheduleTask(in: timeout) {
                if !done.value { done.value = true; promise.succeed(nil) }
            }
            future.whenComplete { result in
                timer.cancel()
                if !done.value {
                    done.value = true
                    if case .success = result { promise.succeed(true) } else { promise.succeed(false) }
                }
            }
        }
        return try? await promise.futureResult.get()
    }

    /// Raises the soft open-file limit to `needed` if the hard limit allows;
    /// false if it cannot be had (the test is skipped).
    static func raiseOpenFileLimit(to needed: Int) -> Bool {
        var limit = rlimit()
        #if os(Linux)
        let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
        #else
        let resource = RLIMIT_NOFILE
        #endif
        guard getrlimit(resource, &limit) == 0 else { return false }
        if limit.rlim_cur >= rlim_t(needed) { return true }
        guard limit.rlim_max >= rlim_t(needed) else { return false }
        limit.rlim_cur = rlim_t(needed)
        return setrlimit(resource, &limit) == 0
    }
}

/// `/big` answers 4 KiB that start with the request's `n` query value
/// (so pipelined answers can be matched to requests); everything else goes
/// to the real admission controller.
struct BigAnswers: HTTPResponder {
    static let size = 4096

    func respond(to request: HTTPRequest) -> HTTPResponse {
        guard request.path == "/big" else { return HostileClientTests.controller.respond(to: request) }
        let n = request.query?.split(separator: "=").last.map(String.init) ?? "0"
        var body = Array((n + " ").utf8)
        body += Array(repeating: UInt8(ascii: "x"), count: Self.size - body.count)
        return HTTPResponse(status: 200, contentType: "text/plain", body: body)
    }
}
