import Foundation
import NIOCore
import Testing
@testable import WebhookServer

@Suite("Timeouts and connection limits")
struct LimitsTests {
    @Test("a client dribbling its header a byte at a time is cut off by the header-read timeout")
    func slowloris() async throws {
        try await withTestServer(configure: {
            $0.limits.headerReadTimeout = .seconds(1)
            $0.limits.idleTimeout = .seconds(30)
        }) { _, addresses, certs in
            let c = try await TestConnection.connect(port: addresses.tlsPort, caFile: certs.paths.caCertificate)
            // A first, normal request makes the connection idle (keep-alive);
            // the dribble then starts a new request on it.
            #expect(try await c.request("GET", "/healthz").status == 200)
            let started = ContinuousClock.now
            let header = Array("POST /validate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n".utf8)
            var closed = false
            for byte in header {
                do { try await c.send([byte]) } catch { closed = true; break }
                if !c.isActive { closed = true; break }
                try await Task.sleep(for: .milliseconds(100))
            }
            if !closed { closed = await c.waitForClose(timeout: .seconds(5)) }
            #expect(closed)
            // Cut off by the 1 s header timeout, not the 30 s idle timeout.
            #expect(ContinuousClock.now - started < .seconds(10))
        }
    }

    @Test("an idle keep-alive connection is closed after the idle timeout")
    func idle() async throws {
        try await withTestServer(configure: { $0.limits.idleTimeout = .seconds(1) }) { _, addresses, certs in
            let c = try await TestConnection.connect(port: addresses.tlsPort, caFile: certs.paths.caCertificate)
            #expect(try await c.request("GET", "/healthz").status == 200)
            #expect(await c.waitForClose(timeout: .seconds(10)))
        }
    }

    @Test("a body that stops arriving gets 408 after the request timeout")
    func slowBody() async throws {
        try await withTestServer(configure: { $0.limits.requestTimeout = .seconds(1) }) { _, addresses, certs in
            let c = try await TestConnection.connect(port: addresses.tlsPort, caFile: certs.paths.caCertificate)
            try await c.send("POST /validate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{")
            let r = try await c.readResponse()
            #expect(r.status == 408)
            #expect(await c.waitForClose(timeout: .seconds(5)))
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
            #expect(await a.waitForClose(timeout: .seconds(5)))
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
