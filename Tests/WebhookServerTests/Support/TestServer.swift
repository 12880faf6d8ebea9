import Admission
import CoreMetrics
import CertRotation
import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import Testing
import WebhookCLI
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

/// A responder that answers like a webhook without any rules: allowed
/// unless the body contains `deny`.
struct StubHandler: HTTPResponder {
    func respond(to request: HTTPRequest) -> HTTPResponse {
        let text = String(decoding: request.body, as: UTF8.self)
        let allowed = !text.contains("deny")
        let body = #"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","response":{"uid":"u","allowed":\#(allowed)}}"#
        return HTTPResponse(status: 200, body: Array(body.utf8), logFields: [("decision", allowed ? "allow" : "deny")])
    }
}

struct NotReady: ReadinessSource {
    var notReadyReason: String? { "cluster caches not synced" }
}

/// Timeouts for test servers: far longer than any test runs, so that a
/// connection is only ever closed for time by a test that sets a short
/// timeout on purpose. (The header-read timeout runs from accept and covers
/// the TLS handshake, which takes seconds when the machine is loaded.)
let testServerLimits = Limits(
    maxBodyBytes: 64 * 1024, headerReadTimeout: .seconds(3600), idleTimeout: .seconds(3600),
    requestTimeout: .seconds(3600), maxConnections: 64)

/// The real admission controller on its routes, with metrics that go nowhere.
func admissionRoutes() -> Router {
    AdmissionRoutes.router(controller: AdmissionController(), metrics: AdmissionMetrics(factory: NOOPMetricsHandler.instance))
}

/// A logger that drops everything but critical lines.
func quietLogger() -> Logger {
    var logger = Logger(label: "test")
    logger.logLevel = .critical
    return logger
}

/// Starts a server on ephemeral ports with ``testServerLimits``, runs
/// `body`, and always shuts it down. `logger` gets the server's log (quiet
/// by default; a ``LogRecorder`` lets a test check why a connection closed).
@discardableResult
func withTestServer<T>(
    handler: any HTTPResponder = StubHandler(),
    readiness: (any ReadinessSource)? = nil,
    certificates: TestCertificates? = nil,
    logger: Logger = quietLogger(),
    configure: (inout ServerConfiguration) -> Void = { _ in },
    _ body: (WebhookServer, WebhookServer.ListeningAddresses, TestCertificates) async throws -> T
) async throws -> T {
    let certs = try certificates ?? TestCertificates.make()
    var config = ServerConfiguration(
        bind: BindAddress(host: "127.0.0.1", port: 0),
        metricsBind: BindAddress(host: "127.0.0.1", port: 0),
        tls: TLSSettings(certificateFile: certs.paths.certificate, keyFile: certs.paths.key, reloadInterval: .seconds(3600)),
        limits: testServerLimits,
        eventLoopThreads: 1,
        shutdownGracePeriod: .seconds(5),
        metricRoutes: AdmissionEndpoint.allCases.map(\.rawValue)
    )
    configure(&config)
    let server = WebhookServer(configuration: config, routes: Router(fallback: handler), readiness: readiness, logger: logger)
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

/// Keeps the messages logged through ``logger(level:)`` so a test can check
/// what the server did (which timeout closed a connection, say) instead of
/// inferring it from how long something took.
final class LogRecorder: Sendable {
    private let lines = NIOLockedValueBox<[String]>([])

    /// A logger at `level` that records into this recorder.
    func logger(level: Logger.Level = .info) -> Logger {
        var logger = Logger(label: "test") { _ in Handler(recorder: self) }
        logger.logLevel = level
        return logger
    }

    var messages: [String] { lines.withLockedValue { $0 } }

    func contains(_ text: String) -> Bool { messages.contains { $0.contains(text) } }

    private struct Handler: LogHandler {
        let recorder: LogRecorder
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            recorder.lines.withLockedValue { $0.append(event.message.description) }
        }
    }
}

/// Polls `condition` until it holds; fails the test after `limit`, a bound
/// that only a hang reaches (a passing test returns as soon as it holds).
func waitUntil(
    _ what: @autoclosure () -> String, limit: Duration = hangLimit, sourceLocation: SourceLocation = #_sourceLocation,
    _ condition: () async throws -> Bool
) async throws {
    let deadline = ContinuousClock.now + limit
    while ContinuousClock.now < deadline {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(10))
    }
    Issue.record("timed out waiting for \(what())", sourceLocation: sourceLocation)
}
