import Admission
import CertRotation
import Foundation
import Logging
import NIOCore
import WebhookServer

/// A throwaway certificate directory: CA + localhost serving pair.
struct TestCertificates {
    let directory: String
    let authority: CertificateAuthority
    let paths: CertificateBundle.Paths
    let servingSerial: String

    static func make() throws -> TestCertificates {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nncp-guard-test-\(UUID().uuidString)").path
        let bundle = try CertificateBundle.generateForLocalhost()
        let paths = try bundle.write(to: dir)
        return TestCertificates(directory: dir, authority: bundle.authority, paths: paths, servingSerial: bundle.serving.serialHex)
    }

    /// Issues a new serving certificate from the same CA and writes it over
    /// the old files; returns its serial.
    func rotate() throws -> String {
        let issued = try authority.issueServingCertificate(.localhost())
        try issued.privateKeyPEM().write(toFile: paths.key, atomically: true, encoding: .utf8)
        try issued.certificatePEM().write(toFile: paths.certificate, atomically: true, encoding: .utf8)
        return issued.serialHex
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: directory)
    }
}

/// A handler that answers like a webhook without any rules: allowed unless
/// the body contains `deny`, echoing method and path in the log fields.
struct StubHandler: WebhookHandler {
    func handle(_ request: WebhookRequest) -> WebhookResponse {
        let text = String(decoding: request.body, as: UTF8.self)
        let allowed = !text.contains("deny")
        let body = #"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","response":{"uid":"u","allowed":\#(allowed)}}"#
        return WebhookResponse(status: 200, body: Array(body.utf8), logFields: [("decision", allowed ? "allow" : "deny")])
    }
}

struct NotReady: ReadinessSource {
    var notReadyReason: String? { "cluster caches not synced" }
}

/// Starts a server on ephemeral ports with short timeouts, runs `body`,
/// and always shuts it down.
@discardableResult
func withTestServer<T>(
    handler: any WebhookHandler = StubHandler(),
    readiness: (any ReadinessSource)? = nil,
    certificates: TestCertificates? = nil,
    configure: (inout ServerConfiguration) -> Void = { _ in },
    _ body: (WebhookServer, WebhookServer.ListeningAddresses, TestCertificates) async throws -> T
) async throws -> T {
    let certs = try certificates ?? TestCertificates.make()
    var config = ServerConfiguration(
        bind: BindAddress(host: "127.0.0.1", port: 0),
        metricsBind: BindAddress(host: "127.0.0.1", port: 0),
        tls: TLSSettings(certificateFile: certs.paths.certificate, keyFile: certs.paths.key, reloadInterval: .seconds(3600)),
        limits: Limits(maxBodyBytes: 64 * 1024, headerReadTimeout: .seconds(2), idleTimeout: .seconds(5), requestTimeout: .seconds(3), maxConnections: 64),
        eventLoopThreads: 1,
        shutdownGracePeriod: .seconds(5)
    )
    configure(&config)
    var logger = Logger(label: "test")
    logger.logLevel = .critical
    let server = WebhookServer(configuration: config, handler: handler, readiness: readiness, logger: logger)
    let addresses = try await server.start()
    do {
        let result = try await body(server, addresses, certs)
        await server.shutdown()
        if certificates == nil { certs.remove() }
        return result
    } catch {
        await server.shutdown()
        if certificates == nil { certs.remove() }
        throw error
    }
}

/// A plain-HTTP GET against the metrics port.
func plainGET(port: Int, path: String) async throws -> TestResponse {
    let connection = try await TestConnection.connectPlain(port: port)
    defer { Task { await connection.close() } }
    return try await connection.request("GET", path, contentType: nil)
}
