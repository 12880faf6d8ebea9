import Foundation
import GuardCore
import Testing
@testable import CertRotation

@Suite("inspection and hygiene")
struct InspectionTests {
    @Test func summaryAndChainCheck() async throws {
        let now = Date()
        let stored = try firstIssue(options: .test(extraDNSNames: ["localhost"]).withIP("127.0.0.1"), now: now)
        let chain = try stored.chain()
        let summary = CertificateSummary(chain[0])
        #expect(summary.dnsNames.contains("nncp-guard.nmstate.svc"))
        #expect(summary.ipAddresses == ["127.0.0.1"])
        #expect(!summary.isCA)
        #expect(summary.keyType == "ECDSA P-256")
        #expect(summary.daysLeft(at: now) == 182)
        #expect(summary.issuer == CertificateSummary(try stored.caCertificate()).subject)

        let ok = await CertificateInspection.verify(chain: chain, roots: try stored.bundle(), serverName: "nncp-guard.nmstate.svc")
        #expect(ok.verified, "\(ok.detail)")
        let byIP = await CertificateInspection.verify(chain: chain, roots: try stored.bundle(), serverName: "127.0.0.1")
        #expect(byIP.verified, "\(byIP.detail)")
        let wrongName = await CertificateInspection.verify(chain: chain, roots: try stored.bundle(), serverName: "example.com")
        #expect(!wrongName.verified)
        let other = try firstIssue(now: now)
        let wrongCA = await CertificateInspection.verify(chain: chain, roots: try other.bundle())
        #expect(!wrongCA.verified)
    }

    @Test func ipv6TextForm() {
        #expect(CertificateFacts.ipText(IPAddress.parse("2001:db8::1")!.bytes) == "2001:db8::1")
        #expect(CertificateFacts.ipText(IPAddress.parse("::1")!.bytes) == "::1")
        #expect(CertificateFacts.ipText(IPAddress.parse("fe80:0:0:1:0:0:0:1")!.bytes) == "fe80:0:0:1::1", "longest run of zeros")
        #expect(CertificateFacts.ipText(IPAddress.parse("1:0:0:2:0:0:3:4")!.bytes) == "1::2:0:0:3:4", "first of equal runs")
        #expect(CertificateFacts.ipText(IPAddress.parse("1:0:2:0:3:0:4:0")!.bytes) == "1:0:2:0:3:0:4:0")
    }

    @Test func keysNeverAppearInDescriptions() throws {
        let stored = try firstIssue(now: Date())
        let serving = try ServingCertificate(try #require(stored.serving))
        for text in ["\(stored)", String(reflecting: stored), "\(serving)", String(reflecting: serving), "\(try #require(stored.ca))"] {
            #expect(!text.contains("PRIVATE KEY"), "\(text)")
            #expect(!text.contains("MII"), "\(text)")
        }
    }
}

extension RotationOptions {
    func withIP(_ ip: String) -> RotationOptions {
        var copy = self
        copy.serving.ipAddresses.append(ip)
        return copy
    }
}
