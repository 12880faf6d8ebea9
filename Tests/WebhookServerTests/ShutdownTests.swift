import Foundation
import Logging
import NIOCore
import Testing
@testable import WebhookServer

@Suite("Graceful shutdown")
struct ShutdownTests {
    @Test("a request in flight when shutdown starts is completed; then the server stops")
    func inFlightCompletes() async throws {
        let certs = try TestCertificates.make()
        defer { certs.remove() }
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let server = WebhookServer(
            configuration: ServerConfiguration(
                bind: BindAddress(host: "127.0.0.1", port: 0), metricsBind: nil,
                tls: TLSSettings(certificateFile: certs.paths.certificate, keyFile: certs.paths.key),
                eventLoopThreads: 1, shutdownGracePeriod: .seconds(10)),
            handler: StubHandler(), logger: logger)
        let addresses = try await server.start()

        let busy = try await TestConnection.connect(port: addresses.tlsPort, caFile: certs.paths.caCertificate)
        let idle = try await TestConnection.connect(port: addresses.tlsPort, caFile: certs.paths.caCertificate)
        #expect(try await idle.request("GET", "/healthz").status == 200)

        // Header and half the body are in; the rest follows after shutdown began.
        let body = Array(#"{"request":"allow"}"#.utf8)
        try await busy.send("POST /validate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: \(body.count)\r\n\r\n")
        try await busy.send(Array(body.prefix(5)))
        try await Task.sleep(for: .milliseconds(100))

        let shutdown = Task { await server.shutdown() }
        // The idle connection is closed right away.
        #expect(await idle.waitForClose(timeout: .seconds(5)))
        // New connections are refused.
        await #expect(throws: (any Error).self) {
            _ = try await TestConnection.connect(port: addresses.tlsPort, caFile: certs.paths.caCertificate)
        }
        try await busy.send(Array(body.dropFirst(5)))
        let response = try await busy.readResponse()
        #expect(response.status == 200)
        #expect(response.text.contains(#""allowed":true"#))
        #expect(response.header("connection") == "close")
        #expect(await busy.waitForClose(timeout: .seconds(5)))
        await shutdown.value
    }

    @Test("the grace period bounds the wait for a stuck client")
    func gracePeriodBounds() async throws {
        let certs = try TestCertificates.make()
        defer { certs.remove() }
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let server = WebhookServer(
            configuration: ServerConfiguration(
                bind: BindAddress(host: "127.0.0.1", port: 0), metricsBind: nil,
                tls: TLSSettings(certificateFile: certs.paths.certificate, keyFile: certs.paths.key),
                limits: Limits(requestTimeout: .seconds(60)),
                eventLoopThreads: 1, shutdownGracePeriod: .milliseconds(500)),
            handler: StubHandler(), logger: logger)
        let addresses = try await server.start()
        let stuck = try await TestConnection.connect(port: addresses.tlsPort, caFile: certs.paths.caCertificate)
        try await stuck.send("POST /validate HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n{")
        try await Task.sleep(for: .milliseconds(100))
        let started = ContinuousClock.now
        await server.shutdown()
        #expect(ContinuousClock.now - started < .seconds(5))
        #expect(await stuck.waitForClose(timeout: .seconds(5)))
    }
}
