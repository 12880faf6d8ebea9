import CertRotation
import Foundation
import NIOCore
import NIOSSL
import Testing
@testable import WebhookServer

@Suite("TLS and certificate reloading")
struct TLSTests {
    @Test("a TLS 1.1 client is refused; TLS 1.2 works")
    func oldTLSRefused() async throws {
        try await withTestServer { _, addresses, certs in
            await #expect(throws: (any Error).self) {
                _ = try await TestConnection.connect(port: addresses.tlsPort, caFile: certs.paths.caCertificate, maximumTLSVersion: .tlsv11)
            }
            let c = try await TestConnection.connect(port: addresses.tlsPort, caFile: certs.paths.caCertificate, maximumTLSVersion: .tlsv12)
            #expect(try await c.request("GET", "/healthz").status == 200)
            await c.close()
        }
    }

    @Test("--tls-min-version 1.3 refuses TLS 1.2")
    func tls13Only() async throws {
        try await withTestServer(configure: { $0.tls.minimumVersion = .tls13 }) { _, addresses, certs in
            await #expect(throws: (any Error).self) {
                _ = try await TestConnection.connect(port: addresses.tlsPort, caFile: certs.paths.caCertificate, maximumTLSVersion: .tlsv12)
            }
            let c = try await TestConnection.connect(port: addresses.tlsPort, caFile: certs.paths.caCertificate)
            #expect(try await c.request("GET", "/healthz").status == 200)
            await c.close()
        }
    }

    @Test("rewritten files: new connections get the new certificate, old ones keep working")
    func hotReload() async throws {
        try await withTestServer { server, addresses, certs in
            let old = try await TestConnection.connect(port: addresses.tlsPort, caFile: certs.paths.caCertificate)
            #expect(old.peerSerialHex == certs.servingSerial)

            let newSerial = try certs.rotate()
            #expect(server.certificates.reloadNow()?.serialHex == newSerial)

            let fresh = try await TestConnection.connect(port: addresses.tlsPort, caFile: certs.paths.caCertificate)
            #expect(fresh.peerSerialHex == newSerial)
            #expect(try await fresh.request("POST", "/validate", body: Array("{}".utf8)).status == 200)
            #expect(try await old.request("POST", "/validate", body: Array("{}".utf8)).status == 200)
            await old.close()
            await fresh.close()
        }
    }

    @Test("periodic check picks up a change without an explicit reload")
    func periodicReload() async throws {
        try await withTestServer(configure: { $0.tls.reloadInterval = .milliseconds(200) }) { server, addresses, certs in
            let runner = Task { try await server.certificates.run() }
            defer { runner.cancel() }
            let newSerial = try certs.rotate()
            try await waitUntil("the periodic check loads \(newSerial)") { server.certificates.current?.serialHex == newSerial }
            let c = try await TestConnection.connect(port: addresses.tlsPort, caFile: certs.paths.caCertificate)
            #expect(c.peerSerialHex == newSerial)
            await c.close()
        }
    }

    @Test("kubelet-style ..data symlink swap is picked up")
    func symlinkSwap() async throws {
        let source = try TestCertificates.make()
        defer { source.remove() }
        let volume = source.directory + "/volume"
        let fm = FileManager.default

        // Layout of a Secret volume: tls.crt -> ..data/tls.crt, ..data -> ..<timestamp>/
        func publish(_ name: String, cert: String, key: String) throws {
            let dir = volume + "/" + name
            try fm.createDirectory(atPath: dir, withIntermediateDirectories: true)
            try cert.write(toFile: dir + "/tls.crt", atomically: false, encoding: .utf8)
            try key.write(toFile: dir + "/tls.key", atomically: false, encoding: .utf8)
            try? fm.removeItem(atPath: volume + "/..data_tmp")
            try fm.createSymbolicLink(atPath: volume + "/..data_tmp", withDestinationPath: name)
            // rename(2) over the old link is the atomic step kubelet uses.
            #expect(rename(volume + "/..data_tmp", volume + "/..data") == 0)
        }
        let first = try String(contentsOfFile: source.paths.certificate, encoding: .utf8)
        let firstKey = try String(contentsOfFile: source.paths.key, encoding: .utf8)
        try publish("..2025_01_01", cert: first, key: firstKey)
        try fm.createSymbolicLink(atPath: volume + "/tls.crt", withDestinationPath: "..data/tls.crt")
        try fm.createSymbolicLink(atPath: volume + "/tls.key", withDestinationPath: "..data/tls.key")

        let mounted = TestCertificates(
            directory: volume, authority: source.authority,
            paths: CertificateBundle.Paths(directory: volume), servingSerial: source.servingSerial)
        try await withTestServer(certificates: mounted, configure: {
            $0.tls.certificateFile = volume + "/tls.crt"
            $0.tls.keyFile = volume + "/tls.key"
        }) { server, addresses, _ in
            let before = try await TestConnection.connect(port: addresses.tlsPort, caFile: source.paths.caCertificate)
            #expect(before.peerSerialHex == source.servingSerial)

            let next = try source.authority.issueServingCertificate(.localhost())
            try publish("..2025_02_01", cert: next.certificatePEM(), key: next.privateKeyPEM())
            #expect(server.certificates.reloadNow()?.serialHex == next.serialHex)

            let after = try await TestConnection.connect(port: addresses.tlsPort, caFile: source.paths.caCertificate)
            #expect(after.peerSerialHex == next.serialHex)
            #expect(try await before.request("GET", "/healthz").status == 200)
            await before.close()
            await after.close()
        }
    }

    @Test("a broken new pair keeps the old certificate in service")
    func brokenPairKeepsOld() async throws {
        try await withTestServer { server, addresses, certs in
            // A key that does not match the certificate.
            let other = try CertificateAuthority.generate().issueServingCertificate(.localhost())
            try other.privateKeyPEM().write(toFile: certs.paths.key, atomically: true, encoding: .utf8)
            #expect(server.certificates.reloadNow()?.serialHex == certs.servingSerial)

            // Garbage instead of a certificate.
            try "not a certificate".write(toFile: certs.paths.certificate, atomically: true, encoding: .utf8)
            #expect(server.certificates.reloadNow()?.serialHex == certs.servingSerial)

            let c = try await TestConnection.connect(port: addresses.tlsPort, caFile: certs.paths.caCertificate)
            #expect(c.peerSerialHex == certs.servingSerial)
            #expect(try await c.request("GET", "/readyz").status == 200)
            await c.close()
        }
    }

    @Test("starts without certificate files: not ready, then serves once they appear")
    func startsBeforeCertificatesExist() async throws {
        let certs = try TestCertificates.make()
        defer { certs.remove() }
        let pending = certs.directory + "/pending"
        try await withTestServer(certificates: certs, configure: {
            $0.tls.certificateFile = pending + "/tls.crt"
            $0.tls.keyFile = pending + "/tls.key"
        }) { server, addresses, _ in
            let metricsPort = try #require(addresses.metricsPort)
            let r = try await plainGET(port: metricsPort, path: "/readyz")
            #expect(r.status == 503)
            #expect(r.text.contains("certificate"))
            await #expect(throws: (any Error).self) {
                _ = try await TestConnection.connect(port: addresses.tlsPort, caFile: certs.paths.caCertificate)
            }
            try FileManager.default.createDirectory(atPath: pending, withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: certs.paths.certificate, toPath: pending + "/tls.crt")
            try FileManager.default.copyItem(atPath: certs.paths.key, toPath: pending + "/tls.key")
            #expect(server.certificates.reloadNow() != nil)
            let c = try await TestConnection.connect(port: addresses.tlsPort, caFile: certs.paths.caCertificate)
            #expect(try await c.request("GET", "/readyz").status == 200)
            await c.close()
        }
    }

    @Test("with --client-ca-file a client without a certificate is refused")
    func clientCertificateRequired() async throws {
        let certs = try TestCertificates.make()
        defer { certs.remove() }
        try await withTestServer(certificates: certs, configure: { $0.tls.clientCAFile = certs.paths.caCertificate }) { _, addresses, _ in
            await #expect(throws: (any Error).self) {
                let c = try await TestConnection.connect(port: addresses.tlsPort, caFile: certs.paths.caCertificate)
                // TLS 1.3: the server's verdict on the client certificate
                // arrives after the client considers the handshake done.
                _ = try await c.request("GET", "/healthz")
            }
        }
    }
}
