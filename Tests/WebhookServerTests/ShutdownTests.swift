import Foundation
import Logging
import NIOCore
import Testing
@testable import WebhookServer

@Suite("Graceful shutdown")
struct ShutdownTests {
    /// A server of its own (shutdown is the test), with the test servers'
    /// hour-long timeouts so no connection closes for time on its own.
    static func server(_ certs: TestCertificates, gracePeriod: Duration, logger: Logger = quietLogger()) -> WebhookServer {
        WebhookServer(
            configuration: ServerConfiguration(
                bind: BindAddress(host: "127.0.0.1", port: 0), metricsBind: nil,
                tls: TLSSettings(certificateFile: certs.paths.certificate, keyFile: certs.paths.key),
                limits: testServerLimits,
                eventLoopThreads: 1, shutdownGracePeriod: gracePeriod),
            routes: Router(fallback: StubHandler()), logger: logger)
    }

    /// Sends a request's header with `Expect: 100-continue` and waits for
    /// the 100: from then on the server has the request in flight.
    static func startRequest(_ c: TestConnection, contentLength: Int) async throws {
        try await c.send("POST /validate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: \(contentLength)\r\nExpect: 100-continue\r\n\r\n")
        #expect(try await c.readResponse().status == 100)
    }

    @Test("a request in flight when shutdown starts is completed; then the server stops")
    func inFlightCompletes() async throws {
        let certs = try TestCertificates.make()
        defer { certs.remove() }
        // The grace period is not what this test is about: it never runs out.
        let server = Self.server(certs, gracePeriod: .seconds(3600))
        let addresses = try await server.start()

        let busy = try await TestConnection.connect(port: addresses.tlsPort, caFile: certs.paths.caCertificate)
        let idle = try await TestConnection.connect(port: addresses.tlsPort, caFile: certs.paths.caCertificate)
        #expect(try await idle.request("GET", "/healthz").status == 200)

        // The header is in and half the body; the rest follows after shutdown began.
        let body = Array(#"{"request":"allow"}"#.utf8)
        try await Self.startRequest(busy, contentLength: body.count)
        try await busy.send(Array(body.prefix(5)))

        let shutdown = Task { await server.shutdown() }
        // The idle connection is closed right away.
        #expect(await idle.waitForClose())
        // New connections are refused.
        await #expect(throws: (any Error).self) {
            _ = try await TestConnection.connect(port: addresses.tlsPort, caFile: certs.paths.caCertificate)
        }
        try await busy.send(Array(body.dropFirst(5)))
        let response = try await busy.readResponse()
        #expect(response.status == 200)
        #expect(response.text.contains(#""allowed":true"#))
        #expect(response.header("connection") == "close")
        #expect(await busy.waitForClose())
        await shutdown.value
    }

    @Test("the grace period bounds the wait for a stuck client")
    func gracePeriodBounds() async throws {
        let certs = try TestCertificates.make()
        defer { certs.remove() }
        let log = LogRecorder()
        // The request timeout is an hour: only the grace period can end the
        // stuck request, and the shutdown that waits for it, before then.
        let server = Self.server(certs, gracePeriod: .milliseconds(500), logger: log.logger())
        let addresses = try await server.start()
        let stuck = try await TestConnection.connect(port: addresses.tlsPort, caFile: certs.paths.caCertificate)
        try await Self.startRequest(stuck, contentLength: 10)
        try await stuck.send("{")

        let shutdown = Task { await server.shutdown() }
        #expect(await stuck.waitForClose())
        await shutdown.value
        #expect(log.contains("grace period over; closing remaining connections"), "\(log.messages)")
    }
}
