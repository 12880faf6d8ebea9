import Admission
import Foundation
import NIOCore
import Testing
import WebhookCLI
@testable import WebhookServer

@Suite("Requests over TLS")
struct RequestHandlingTests {
    @Test("allowed and denied reviews go through the handler on one keep-alive connection")
    func allowedAndDenied() async throws {
        try await withTestServer { _, addresses, certs in
            let c = try await TestConnection.connect(port: addresses.tlsPort, caFile: certs.paths.caCertificate)
            defer { Task { await c.close() } }
            let allowed = try await c.request("POST", "/validate?timeout=10s", body: Array(#"{"request":"allow"}"#.utf8))
            #expect(allowed.status == 200)
            #expect(allowed.text.contains(#""allowed":true"#))
            #expect(allowed.header("content-type") == "application/json")
            #expect(allowed.header("connection") == nil)
            let denied = try await c.request("POST", "/validate", body: Array(#"{"request":"deny"}"#.utf8))
            #expect(denied.status == 200)
            #expect(denied.text.contains(#""allowed":false"#))
        }
    }

    @Test("a body over the cap gets 413 and the connection is closed without reading the rest")
    func bodyTooLarge() async throws {
        try await withTestServer(configure: { $0.limits.maxBodyBytes = 1024 }) { _, addresses, certs in
            let c = try await TestConnection.connect(port: addresses.tlsPort, caFile: certs.paths.caCertificate)
            // Declared length over the cap: answered from the header alone.
            try await c.send("POST /validate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{\"a\":")
            let response = try await c.readResponse()
            #expect(response.status == 413)
            #expect(response.header("connection") == "close")
            #expect(await c.waitForClose())

            // Chunked body that grows past the cap.
            let c2 = try await TestConnection.connect(port: addresses.tlsPort, caFile: certs.paths.caCertificate)
            let chunk = String(repeating: "x", count: 800)
            try await c2.send("POST /validate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
            try await c2.send("320\r\n\(chunk)\r\n")
            try await c2.send("320\r\n\(chunk)\r\n")
            let r2 = try await c2.readResponse()
            #expect(r2.status == 413)
            #expect(await c2.waitForClose())
        }
    }

    @Test("wrong method and unknown path are answered by the real admission handler with 4xx")
    func badMethodAndPath() async throws {
        try await withTestServer(handler: admissionRoutes()) { _, addresses, certs in
            let c = try await TestConnection.connect(port: addresses.tlsPort, caFile: certs.paths.caCertificate)
            defer { Task { await c.close() } }
            let get = try await c.request("GET", "/validate")
            #expect(get.status == 405)
            let missing = try await c.request("POST", "/nope", body: Array("{}".utf8))
            #expect(missing.status == 404)
            let wrongType = try await c.request("POST", "/validate", body: Array("{}".utf8), contentType: "text/plain")
            #expect(wrongType.status == 415)
        }
    }

    @Test("fixtures from testdata/admission get a well-formed AdmissionReview from the real handler")
    func realHandlerFixtures() async throws {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../testdata/admission").standardized.path
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasSuffix(".json") }.sorted()
        try #require(!files.isEmpty, "no fixtures in \(dir)")
        try await withTestServer(handler: admissionRoutes()) { _, addresses, certs in
            let c = try await TestConnection.connect(port: addresses.tlsPort, caFile: certs.paths.caCertificate)
            defer { Task { await c.close() } }
            for file in files {
                let body = try Array(Data(contentsOf: URL(fileURLWithPath: dir + "/" + file)))
                for path in ["/validate", "/mutate"] {
                    let r = try await c.request("POST", path, body: body)
                    #expect(r.status == 200, "\(path) \(file): \(r.text)")
                    #expect(r.text.contains("\"AdmissionReview\""), "\(path) \(file)")
                }
            }
        }
    }

    @Test("Expect: 100-continue is answered before the body is sent")
    func expectContinue() async throws {
        try await withTestServer { _, addresses, certs in
            let c = try await TestConnection.connect(port: addresses.tlsPort, caFile: certs.paths.caCertificate)
            defer { Task { await c.close() } }
            let body = Array(#"{"request":"allow"}"#.utf8)
            try await c.send("POST /validate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: \(body.count)\r\nExpect: 100-continue\r\n\r\n")
            let interim = try await c.readResponse()
            #expect(interim.status == 100)
            try await c.send(body)
            let final = try await c.readResponse()
            #expect(final.status == 200)
        }
    }

    @Test("malformed HTTP gets 400 and close")
    func malformed() async throws {
        try await withTestServer { _, addresses, certs in
            let c = try await TestConnection.connect(port: addresses.tlsPort, caFile: certs.paths.caCertificate)
            try await c.send("THIS IS NOT HTTP\r\n\r\n")
            let r = try await c.readResponse()
            #expect(r.status == 400)
            #expect(await c.waitForClose())
        }
    }

    @Test("oversized header block gets 400 and close")
    func hugeHeaders() async throws {
        try await withTestServer(configure: { $0.limits.maxHeaderBytes = 2048 }) { _, addresses, certs in
            let c = try await TestConnection.connect(port: addresses.tlsPort, caFile: certs.paths.caCertificate)
            let big = String(repeating: "a", count: 4096)
            try await c.send("POST /validate HTTP/1.1\r\nHost: x\r\nX-Big: \(big)\r\nContent-Length: 0\r\n\r\n")
            let r = try await c.readResponse()
            #expect(r.status == 400)
            #expect(await c.waitForClose())
        }
    }

    @Test("healthz, readyz and metrics on both ports")
    func probesAndMetrics() async throws {
        try await withTestServer { server, addresses, certs in
            let c = try await TestConnection.connect(port: addresses.tlsPort, caFile: certs.paths.caCertificate)
            defer { Task { await c.close() } }
            #expect(try await c.request("GET", "/healthz").status == 200)
            #expect(try await c.request("GET", "/readyz").status == 200)
            _ = try await c.request("POST", "/validate", body: Array("{}".utf8))
            _ = try await c.request("POST", "/some/random/path", body: Array("{}".utf8))

            let metricsPort = try #require(addresses.metricsPort)
            #expect(try await plainGET(port: metricsPort, path: "/healthz").status == 200)
            #expect(try await plainGET(port: metricsPort, path: "/readyz").status == 200)
            #expect(try await plainGET(port: metricsPort, path: "/nope").status == 404)
            let metrics = try await plainGET(port: metricsPort, path: "/metrics")
            #expect(metrics.status == 200)
            #expect(metrics.text.contains(#"nncp_guard_http_requests_total{route="/validate",code="200"} 1"#))
            #expect(metrics.text.contains(#"nncp_guard_http_requests_total{route="other",code="200"} 1"#))
            #expect(metrics.text.contains("nncp_guard_tls_serving_certificate_expiry_seconds"))
            #expect(metrics.text.contains("nncp_guard_http_request_duration_seconds_bucket"))
            // The expiry gauge is about 30 days for the dev certificate. The
            // certificate stores notAfter in whole seconds (rounded) and the
            // gauge uses time(), which truncates: up to one second over.
            let line = metrics.text.split(separator: "\n").first { $0.hasPrefix("nncp_guard_tls_serving_certificate_expiry_seconds ") }
            let seconds = line.flatMap { Double($0.split(separator: " ").last ?? "") } ?? 0
            #expect(seconds > 29 * 86400 && seconds <= 30 * 86400 + 1, "\(seconds)")
        }
    }

    @Test("readyz is 503 with the reason while the readiness source objects")
    func notReady() async throws {
        try await withTestServer(readiness: NotReady()) { _, addresses, certs in
            let c = try await TestConnection.connect(port: addresses.tlsPort, caFile: certs.paths.caCertificate)
            defer { Task { await c.close() } }
            let r = try await c.request("GET", "/readyz")
            #expect(r.status == 503)
            #expect(r.text.contains("cluster caches not synced"))
            #expect(try await c.request("GET", "/healthz").status == 200)
        }
    }
}
