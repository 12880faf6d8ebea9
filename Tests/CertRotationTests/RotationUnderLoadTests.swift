import Foundation
import KubeAPITesting
import Logging
import NIOCore
import NIOSSL
import Testing
import WebhookServer
@testable import CertRotation

/// Answers every POST like an allowing webhook; the load test is about TLS.
private struct AllowHandler: HTTPResponder {
    func respond(to request: HTTPRequest) -> HTTPResponse {
        HTTPResponse(status: 200, body: Array(#"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","response":{"uid":"u","allowed":true}}"#.utf8))
    }
}

/// Counters shared by the client workers and the rotator.
private final class LoadCounters: Sendable {
    struct Values: Sendable {
        var handshakes = 0
        var failedHandshakes = 0
        var requests = 0
        var failedRequests = 0
        var keepAliveRequests = 0
        var serialsSeen: Set<String> = []
        var failures: [String] = []
    }

    private let box = NIOLockedBox(Values())
    var values: Values { box.withLock { $0 } }

    func handshake(serial: String) { box.withLock { $0.handshakes += 1; $0.serialsSeen.insert(serial) } }
    func request(keepAlive: Bool) { box.withLock { $0.requests += 1; if keepAlive { $0.keepAliveRequests += 1 } } }
    func failure(_ error: LoadClientError) {
        box.withLock { v in
            switch error {
            case .handshake: v.failedHandshakes += 1
            case .request: v.failedRequests += 1
            }
            if v.failures.count < 10 { v.failures.append(error.description) }
        }
    }
}

/// Issue acceptance: 100 serving-certificate rotations (files rewritten,
/// then `reloadNow()`) while clients keep sending requests over new and
/// keep-alive connections, with zero failed handshakes and requests.
///
/// The clients trust only the bundle as it was when they started. Rotation
/// 50 is a CA rotation, so the second half also proves that a client with
/// the old bundle verifies certificates from the new CA (through the
/// cross-signed chain) during the overlap. Pacing is by progress, not by
/// time: after each rotation the rotator waits until a new handshake has
/// seen the new certificate.
@Suite("rotation under load")
struct RotationUnderLoadTests {
    static let rotations = 100
    static let caRotationAt = 50
    static let hostname = "nncp-guard.nmstate.svc"

    @Test func hundredRotationsWithoutAFailedRequest() async throws {
        try await withTemporaryDirectory { dir in
            let options = RotationOptions.test()
            let planner = RotationPlanner(options: options)
            let executor = RotationExecutor(options: options)
            let files = ServingCertificateFiles(directory: dir)
            var stored = try firstIssue(options: options, now: Date())
            let initial = try ServingCertificate(try #require(stored.serving))
            try files.write(initial)

            var serverLogger = Logger(label: "rotation-under-load")
            serverLogger.logLevel = .critical
            let configuration = ServerConfiguration(
                bind: BindAddress(host: "127.0.0.1", port: 0), metricsBind: nil,
                tls: TLSSettings(certificateFile: files.certificatePath, keyFile: files.keyPath, reloadInterval: .seconds(3600)),
                // No connection may close for time: a handshake or request
                // that takes seconds on a loaded machine must still succeed.
                limits: Limits(headerReadTimeout: .seconds(3600), idleTimeout: .seconds(3600), requestTimeout: .seconds(3600), maxConnections: 256),
                eventLoopThreads: 1, shutdownGracePeriod: .seconds(2))
            let server = WebhookServer(configuration: configuration, routes: Router(fallback: AllowHandler()), logger: serverLogger)
            let port = try await server.start().tlsPort
            #expect(server.certificates.current?.serialHex == initial.serialHex)

            // Clients trust the bundle as it is now, and never re-read it.
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(Array(initial.caBundlePEM.utf8)))
            tls.applicationProtocols = ["http/1.1"]
            let context = try NIOSSLContext(configuration: tls)
            let counters = LoadCounters()
            let body = #"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u"}}"#

            var issuedSerials = [initial.serialHex]
            var reloadMismatches = 0
            var loadError: (any Error)?
            do {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    // Two workers open a new connection per request.
                    for _ in 0..<2 {
                        group.addTask {
                            while !Task.isCancelled {
                                do {
                                    let connection = try await LoadConnection.connect(port: port, context: context, serverHostname: Self.hostname)
                                    counters.handshake(serial: connection.peerSerialHex)
                                    let status = try await connection.post("/validate", body: body)
                                    await connection.close()
                                    guard status == 200 else { throw LoadClientError.request("status \(status)") }
                                    counters.request(keepAlive: false)
                                } catch let error as LoadClientError {
                                    if !Task.isCancelled { counters.failure(error) }
                                }
                            }
                        }
                    }
                    // Two workers keep one connection for 50 requests at a time.
                    for _ in 0..<2 {
                        group.addTask {
                            while !Task.isCancelled {
                                do {
                                    let connection = try await LoadConnection.connect(port: port, context: context, serverHostname: Self.hostname)
                                    counters.handshake(serial: connection.peerSerialHex)
                                    for _ in 0..<50 where !Task.isCancelled {
                                        let status = try await connection.post("/validate", body: body)
                                        guard status == 200 else { throw LoadClientError.request("status \(status)") }
                                        counters.request(keepAlive: true)
                                    }
                                    await connection.close()
                                } catch let error as LoadClientError {
                                    if !Task.isCancelled { counters.failure(error) }
                                }
                            }
                        }
                    }

                    try await eventually("a handshake presents the first certificate") {
                        counters.values.serialsSeen.contains(initial.serialHex)
                    }
                    // The rotator: plan as if the deadline had come, issue
                    // now, write the files, reload, wait until a new
                    // connection presents the new certificate.
                    for index in 1...Self.rotations {
                        let now = Date()
                        let planTime = index == Self.caRotationAt
                            ? now.adding(options.intervals.caValidity - options.intervals.caOverlap + .seconds(1))
                            : now.adding(options.intervals.certificateValidity - options.intervals.certificateOverlap + .seconds(1))
                        let plan = planner.plan(stored, now: planTime)
                        #expect(plan.issuesServing)
                        #expect(plan.issuesCA == (index == Self.caRotationAt))
                        stored = try executor.execute(plan, on: stored, now: now).stored
                        let next = try ServingCertificate(try #require(stored.serving))
                        try files.write(next)
                        if server.certificates.reloadNow()?.serialHex != next.serialHex { reloadMismatches += 1 }
                        issuedSerials.append(next.serialHex)
                        try await eventually("a handshake presents certificate \(index)") {
                            counters.values.serialsSeen.contains(next.serialHex)
                        }
                    }
                    // Let the keep-alive workers finish a few more requests on
                    // their long-lived connections, then stop everyone.
                    let before = counters.values.keepAliveRequests
                    try await eventually("keep-alive traffic continues") { counters.values.keepAliveRequests >= before + 20 }
                    group.cancelAll()
                }
            } catch {
                loadError = error
            }
            await server.shutdown()

            let v = counters.values
            print("""
            rotation under load: \(Self.rotations) rotations (CA rotation at #\(Self.caRotationAt)), \
            \(v.requests) requests (\(v.keepAliveRequests) keep-alive), \(v.failedRequests) failed requests, \
            \(v.handshakes) handshakes, \(v.failedHandshakes) failed handshakes, \
            \(issuedSerials.filter(v.serialsSeen.contains).count)/\(issuedSerials.count) certificates seen by clients, \
            \(reloadMismatches) reloads that did not pick up the new pair
            """)
            if let loadError { throw loadError }
            #expect(v.failedHandshakes == 0, "\(v.failures)")
            #expect(v.failedRequests == 0, "\(v.failures)")
            #expect(reloadMismatches == 0)
            #expect(issuedSerials.filter { !v.serialsSeen.contains($0) } == [], "certificates no client saw")
            #expect(try stored.bundle().count == 2, "old CA still in the bundle during the overlap")
        }
    }
}
