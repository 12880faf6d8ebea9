import Admission
import CertRotation
import Foundation
import Logging
import NIOCore
import NIOEmbedded
import NIOHTTP1
import SwiftASN1
import Testing
import X509
@testable import WebhookServer

@Suite("Small parts")
struct UnitTests {
    @Test("bind addresses", arguments: [
        ("0.0.0.0:9443", "0.0.0.0", 9443),
        ("127.0.0.1:0", "127.0.0.1", 0),
        ("[::]:9443", "::", 9443),
        ("[::1]:9090", "::1", 9090),
        (":8443", "0.0.0.0", 8443),
        ("localhost:9090", "localhost", 9090),
    ])
    func bindAddress(text: String, host: String, port: Int) {
        let parsed = BindAddress(parsing: text)
        #expect(parsed == BindAddress(host: host, port: port))
    }

    @Test("bad bind addresses", arguments: ["9443", "::1:9443", "[::1]9443", "host:70000", "host:", "[::1"])
    func badBindAddress(text: String) {
        #expect(BindAddress(parsing: text) == nil)
    }

    @Test("serving certificate: SANs, EKU, SKI/AKI, validity, CA signature")
    func servingCertificate() throws {
        let ca = try CertificateAuthority.generate(commonName: "test CA")
        let request = ServingCertificateRequest(
            serviceName: "nncp-guard", namespace: "nmstate", extraDNSNames: ["localhost"],
            ipAddresses: ["10.0.0.1", "fd00::1"], validity: .seconds(3600))
        let issued = try ca.issueServingCertificate(request)
        let cert = issued.certificate

        let sans = try #require(try cert.extensions.subjectAlternativeNames)
        let dns = sans.compactMap { if case .dnsName(let n) = $0 { return n } else { return nil } }
        #expect(dns == ["nncp-guard", "nncp-guard.nmstate", "nncp-guard.nmstate.svc", "nncp-guard.nmstate.svc.cluster.local", "localhost"])
        let ips = sans.compactMap { if case .ipAddress(let b) = $0 { return Array(b.bytes) } else { return nil } }
        #expect(ips == [[10, 0, 0, 1], [0xfd] + Array(repeating: 0, count: 14) + [1]])
        #expect(try cert.extensions.extendedKeyUsage?.contains(.serverAuth) == true)
        #expect(try cert.extensions.basicConstraints == .notCertificateAuthority)
        #expect(try cert.extensions.authorityKeyIdentifier?.keyIdentifier == ca.certificate.extensions.subjectKeyIdentifier?.keyIdentifier)
        #expect(try cert.extensions.subjectKeyIdentifier != nil)
        #expect(cert.issuer == ca.certificate.subject)
        #expect(cert.notValidAfter.timeIntervalSince(cert.notValidBefore) > 3600)
        #expect(ca.certificate.publicKey.isValidSignature(cert.signature, for: cert))
        #expect(try issued.privateKeyPEM().contains("PRIVATE KEY"))
    }

    @Test("RSA-2048 option")
    func rsa() throws {
        let ca = try CertificateAuthority.generate(keyAlgorithm: .rsa2048)
        let issued = try ca.issueServingCertificate(.localhost(keyAlgorithm: .rsa2048))
        #expect(try issued.privateKeyPEM().contains("RSA PRIVATE KEY"))
        #expect(ca.certificate.publicKey.isValidSignature(issued.certificate.signature, for: issued.certificate))
    }

    @Test("invalid SAN input is refused")
    func invalidSANs() throws {
        let ca = try CertificateAuthority.generate()
        #expect(throws: CertRotationError.self) { try ca.issueServingCertificate(.init(ipAddresses: ["300.1.1.1"])) }
        #expect(throws: CertRotationError.self) { try ca.issueServingCertificate(.init(extraDNSNames: ["bad name"])) }
    }

    @Test("written key files are private")
    func fileModes() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nncp-guard-modes-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let paths = try CertificateBundle.generateForLocalhost().write(to: dir)
        func mode(_ p: String) throws -> Int { (try FileManager.default.attributesOfItem(atPath: p)[.posixPermissions] as? Int) ?? -1 }
        #expect(try mode(paths.key) == 0o600)
        #expect(try mode(paths.caKey) == 0o600)
        #expect(try mode(paths.certificate) == 0o644)
        #expect(paths.exist)
    }

    /// Lines an access log writes, read back from a pipe.
    static func accessLines(_ body: (AccessLog) -> Void, level: Logger.Level) throws -> [[String: Any]] {
        var fds: [Int32] = [0, 0]
        try #require(pipe(&fds) == 0)
        body(.jsonLines(fileDescriptor: fds[1], label: "nncp-guard.access", level: level))
        close(fds[1])
        let data = FileHandle(fileDescriptor: fds[0], closeOnDealloc: true).readDataToEndOfFile()
        return try String(decoding: data, as: UTF8.self).split(separator: "\n").map {
            try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    @Test("log lines are throttled to one a second, carrying the count")
    func logThrottle() {
        var throttle = LogThrottle()
        let t0 = NIODeadline.uptimeNanoseconds(5_000_000_000)
        #expect(throttle.record(now: t0) == 1)
        #expect(throttle.record(now: t0 + .milliseconds(10)) == nil)
        #expect(throttle.record(now: t0 + .milliseconds(900)) == nil)
        #expect(throttle.record(now: t0 + .milliseconds(1001)) == 3)
        #expect(throttle.record(now: t0 + .milliseconds(1002)) == nil)
    }

    @Test("writes between flushes leave as one buffer")
    func writeCoalescing() throws {
        let channel = EmbeddedChannel(handler: WriteCoalescingHandler())
        let first = channel.eventLoop.makePromise(of: Void.self)
        let second = channel.eventLoop.makePromise(of: Void.self)
        channel.write(channel.allocator.buffer(string: "HTTP/1.1 200 OK\r\n\r\n"), promise: first)
        channel.write(channel.allocator.buffer(string: "{}"), promise: nil)
        channel.write(channel.allocator.buffer(string: ""), promise: second)
        #expect(try channel.readOutbound(as: ByteBuffer.self) == nil)
        channel.flush()
        #expect(try channel.readOutbound(as: ByteBuffer.self) == channel.allocator.buffer(string: "HTTP/1.1 200 OK\r\n\r\n{}"))
        #expect(try channel.readOutbound(as: ByteBuffer.self) == nil)
        var written = 0
        first.futureResult.assumeIsolated().whenSuccess { written += 1 }
        second.futureResult.assumeIsolated().whenSuccess { written += 1 }
        (channel.eventLoop as? EmbeddedEventLoop)?.run()
        #expect(written == 2)
        // A large buffer is not copied: what is pending goes first, then it.
        let large = channel.allocator.buffer(repeating: UInt8(ascii: "x"), count: WriteCoalescingHandler.copyLimit)
        channel.write(channel.allocator.buffer(string: "a"), promise: nil)
        channel.write(large, promise: nil)
        channel.write(channel.allocator.buffer(string: "b"), promise: nil)
        channel.flush()
        #expect(try channel.readOutbound(as: ByteBuffer.self) == channel.allocator.buffer(string: "a"))
        #expect(try channel.readOutbound(as: ByteBuffer.self) == large)
        #expect(try channel.readOutbound(as: ByteBuffer.self) == channel.allocator.buffer(string: "b"))
    }

    /// Answers every request with its path, so the order can be checked.
    struct EchoPath: HTTPResponder {
        func respond(to request: HTTPRequest) -> HTTPResponse {
            HTTPResponse(status: 200, contentType: "text/plain", body: Array(request.path.utf8))
        }
    }

    /// The connection handler alone, fed HTTP parts directly, so a test
    /// says where each read burst ends.
    static func httpHandlerChannel() throws -> EmbeddedChannel {
        let quiet = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        let shared = HTTPConnectionHandler.Shared(
            router: Router(fallback: EchoPath()), metrics: nil, limits: Limits(), accessLog: .logger(quiet), logger: quiet)
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(HTTPConnectionHandler(shared: shared, activity: nil, now: channel.eventLoop.now))
        return channel
    }

    /// One request's parts, read without ending the read burst.
    static func readRequest(_ channel: EmbeddedChannel, path: String) {
        channel.pipeline.fireChannelRead(HTTPServerRequestPart.head(HTTPRequestHead(version: .http1_1, method: .GET, uri: path)))
        channel.pipeline.fireChannelRead(HTTPServerRequestPart.end(nil))
    }

    /// The paths answered so far, in order (each answer is head, body, end).
    static func answeredPaths(_ channel: EmbeddedChannel) throws -> [String] {
        var paths: [String] = []
        while let part = try channel.readOutbound(as: HTTPServerResponsePart.self) {
            if case .body(.byteBuffer(let buffer)) = part { paths.append(String(buffer: buffer)) }
        }
        return paths
    }

    @Test("an answer is flushed when the event loop's tick ends; a second answer in the same burst flushes both at once")
    func flushAtEndOfTick() throws {
        let channel = try Self.httpHandlerChannel()
        Self.readRequest(channel, path: "/a")
        // Written, not flushed: EmbeddedChannel shows only flushed writes.
        #expect(try Self.answeredPaths(channel) == [])
        channel.pipeline.fireChannelReadComplete()
        #expect(try Self.answeredPaths(channel) == [])
        channel.embeddedEventLoop.run()
        #expect(try Self.answeredPaths(channel) == ["/a"])

        // Two requests in one burst: the second answer does not wait, so
        // writability (back-pressure) sees both.
        Self.readRequest(channel, path: "/b")
        Self.readRequest(channel, path: "/c")
        #expect(try Self.answeredPaths(channel) == ["/b", "/c"])
        channel.pipeline.fireChannelReadComplete()
        #expect(try Self.answeredPaths(channel) == [])
        _ = try channel.finish()
    }

    @Test("JSON access lines carry the request and the handler's fields")
    func jsonAccessLines() throws {
        let lines = try Self.accessLines({ log in
            log.request(method: "POST", path: "/validate"[...], status: 200, durationMicroseconds: 42,
                        fields: [("uid", "u-1"), ("duration_us", "40.1"), ("msg", "clash"), ("note", "a \"quoted\"\nnote")])
            log.connectionError(CocoaError(.fileNoSuchFile))
        }, level: .info)
        try #require(lines.count == 1)
        let line = lines[0]
        #expect(line["level"] as? String == "info")
        #expect(line["msg"] as? String == "request")
        #expect(line["logger"] as? String == "nncp-guard.access")
        #expect((line["ts"] as? String)?.hasSuffix("Z") == true)
        #expect(line["method"] as? String == "POST")
        #expect(line["path"] as? String == "/validate")
        #expect(line["status"] as? String == "200")
        #expect(line["duration_us"] as? String == "42")
        #expect(line["handler_duration_us"] as? String == "40.1")
        #expect(line["uid"] as? String == "u-1")
        #expect(line["_msg"] as? String == "clash")
        #expect(line["note"] as? String == "a \"quoted\"\nnote")
        // Levels: debug shows connection errors, warning shows no requests.
        #expect(try Self.accessLines({ $0.connectionError(CocoaError(.fileNoSuchFile)) }, level: .debug).first?["level"] as? String == "debug")
        let quiet = try Self.accessLines({ log in
            log.request(method: "GET", path: "/healthz"[...], status: 200, durationMicroseconds: 1, fields: [])
        }, level: .warning)
        #expect(quiet.isEmpty)
    }

    @Test("JSON log lines escape and carry metadata")
    func jsonLine() {
        var line = JSONLine()
        line.field("msg", "a \"quoted\"\nline\u{01}")
        line.key("meta")
        line.value(.dictionary(["k": .array([.string("x"), .stringConvertible(3)])]))
        line.finish()
        let text = String(decoding: line.bytes, as: UTF8.self)
        #expect(text == "{\"msg\":\"a \\\"quoted\\\"\\nline\\u0001\",\"meta\":{\"k\":[\"x\",\"3\"]}}\n")
        let json = try? JSONSerialization.jsonObject(with: Data(line.bytes))
        #expect(json != nil)
        // RFC 3339 UTC with milliseconds, digits where digits belong.
        let ts = Array(JSONLogHandler.timestamp().utf8)
        let shape = Array("dddd-dd-ddTdd:dd:dd.dddZ".utf8)
        #expect(ts.count == shape.count)
        for (c, s) in zip(ts, shape) {
            if s == UInt8(ascii: "d") { #expect(c >= 48 && c <= 57) } else { #expect(c == s) }
        }
        #expect(JSONLogHandler.timestamp().hasPrefix("20"))
        // Fixed keys are recognised by name; others are not.
        for key in ["ts", "level", "msg", "logger", "source"] { #expect(JSONLogHandler.isReserved(key)) }
        for key in ["t", "uid", "levels", "sources", "path", "status", "", "msg "] { #expect(!JSONLogHandler.isReserved(key)) }
    }
}
