import Crypto
import Foundation
import GuardCore
import X509
import _CryptoExtras

/// What `nncp-guard certs inspect` shows about one certificate.
public struct CertificateSummary: Sendable, Hashable {
    /// Position in its file (0 = first).
    public var index: Int
    public var subject: String
    public var issuer: String
    public var serialHex: String
    public var dnsNames: [String]
    public var ipAddresses: [String]
    public var notValidBefore: Date
    public var notValidAfter: Date
    public var isCA: Bool
    /// `ECDSA P-256`, `RSA 2048`, …
    public var keyType: String

    public init(_ certificate: Certificate, index: Int = 0) {
        self.index = index
        subject = certificate.subject.description
        issuer = certificate.issuer.description
        serialHex = CertificateFacts.serialHex(certificate)
        dnsNames = CertificateFacts.dnsNames(certificate)
        ipAddresses = CertificateFacts.ipAddresses(certificate)
        notValidBefore = certificate.notValidBefore
        notValidAfter = certificate.notValidAfter
        isCA = CertificateFacts.isCA(certificate)
        keyType = Self.keyType(certificate.publicKey)
    }

    /// Whole days until `notAfter` (negative once expired), rounded down.
    public func daysLeft(at now: Date) -> Int {
        Int((notValidAfter.timeIntervalSince(now) / 86_400).rounded(.down))
    }

    static func keyType(_ key: Certificate.PublicKey) -> String {
        if P256.Signing.PublicKey(key) != nil { return "ECDSA P-256" }
        if P384.Signing.PublicKey(key) != nil { return "ECDSA P-384" }
        if P521.Signing.PublicKey(key) != nil { return "ECDSA P-521" }
        if let rsa = _RSA.Signing.PublicKey(key) { return "RSA \(rsa.keySizeInBits)" }
        if Curve25519.Signing.PublicKey(key) != nil { return "Ed25519" }
        return "unknown"
    }
}

/// The outcome of checking a certificate file against a CA bundle.
public struct ChainVerification: Sendable, Hashable {
    public var verified: Bool
    /// The path found (`leaf ← intermediate ← root` by subject and serial),
    /// or why none was.
    public var detail: String
}

public enum CertificateInspection {
    /// Verifies `chain[0]` (the rest of `chain` as intermediates) against
    /// `roots` now, with swift-certificates' RFC 5280 verifier, and for
    /// `serverName` (a DNS name or IP) when given, as a TLS client would.
    public static func verify(chain: [Certificate], roots: [Certificate], serverName: String? = nil) async -> ChainVerification {
        guard let leaf = chain.first else { return ChainVerification(verified: false, detail: "no certificate") }
        guard !roots.isEmpty else { return ChainVerification(verified: false, detail: "no CA certificate to verify against") }
        let store = X509.CertificateStore(roots)
        let intermediates = X509.CertificateStore(Array(chain.dropFirst()))
        let result: CertificateValidationResult
        if let serverName, !serverName.isEmpty {
            let isIP = IPAddress.parse(serverName) != nil
            var verifier = Verifier(rootCertificates: store) {
                RFC5280Policy()
                ServerIdentityPolicy(serverHostname: isIP ? nil : serverName, serverIP: isIP ? serverName : nil)
            }
            result = await verifier.validate(leaf: leaf, intermediates: intermediates)
        } else {
            var verifier = Verifier(rootCertificates: store) { RFC5280Policy() }
            result = await verifier.validate(leaf: leaf, intermediates: intermediates)
        }
        switch result {
        case .validCertificate(let path):
            let text = path.map { "\($0.subject) #\(CertificateFacts.serialHex($0))" }.joined(separator: " <- ")
            return ChainVerification(verified: true, detail: text)
        case .couldNotValidate(let failures):
            let reasons = failures.map { "\($0.policyFailureReason)" }
            let unique = reasons.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
            return ChainVerification(verified: false, detail: unique.isEmpty ? "no path to a trusted CA" : unique.joined(separator: "; "))
        }
    }
}
