import Foundation
import GuardCore
import SwiftASN1
import X509

/// A self-signed CA that signs serving certificates.
///
/// A value type: it holds the CA certificate and key and nothing else, so
/// the later rotation code can keep two of them side by side (old and new
/// CA during a caBundle overlap) without shared state.
public struct CertificateAuthority: Sendable {
    public let issued: IssuedCertificate
    public let keyAlgorithm: KeyAlgorithm

    public var certificate: Certificate { issued.certificate }

    public init(issued: IssuedCertificate, keyAlgorithm: KeyAlgorithm) {
        self.issued = issued
        self.keyAlgorithm = keyAlgorithm
    }

    /// Creates a new self-signed CA.
    ///
    /// - Parameters:
    ///   - commonName: Subject CN, shown by `openssl x509 -subject`.
    ///   - validity: Lifetime from `now`.
    ///   - keyAlgorithm: P-256 (default) or RSA-2048.
    ///   - now: Issue time; `notBefore` is set 5 minutes earlier so that a
    ///     client whose clock runs slightly behind still accepts it.
    public static func generate(
        commonName: String = "nncp-guard CA",
        validity: Duration = .seconds(10 * 365 * 24 * 3600),
        keyAlgorithm: KeyAlgorithm = .ecdsaP256,
        now: Date = Date()
    ) throws -> CertificateAuthority {
        let (notBefore, notAfter) = try validityWindow(validity, now: now)
        let key = try keyAlgorithm.generatePrivateKey()
        let name = try DistinguishedName {
            OrganizationName("nncp-guard")
            CommonName(commonName)
        }
        let ski = SubjectKeyIdentifier(hash: key.publicKey)
        let extensions = try Certificate.Extensions {
            Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
            Critical(KeyUsage(digitalSignature: true, keyCertSign: true, cRLSign: true))
            ski
            AuthorityKeyIdentifier(keyIdentifier: ski.keyIdentifier)
        }
        let certificate = try Certificate(
            version: .v3,
            serialNumber: Certificate.SerialNumber(),
            publicKey: key.publicKey,
            notValidBefore: notBefore,
            notValidAfter: notAfter,
            issuer: name,
            subject: name,
            signatureAlgorithm: keyAlgorithm.signatureAlgorithm,
            extensions: extensions,
            issuerPrivateKey: key
        )
        return CertificateAuthority(issued: IssuedCertificate(certificate: certificate, privateKey: key), keyAlgorithm: keyAlgorithm)
    }

    /// Issues a serving certificate for `request`, signed by this CA.
    ///
    /// The certificate carries the DNS and IP SANs, `serverAuth` extended key
    /// usage, `digitalSignature` (plus `keyEncipherment` for RSA, which TLS 1.2
    /// RSA key exchange needs), SKI and an AKI pointing at this CA.
    public func issueServingCertificate(_ request: ServingCertificateRequest, now: Date = Date()) throws -> IssuedCertificate {
        let (notBefore, notAfter) = try Self.validityWindow(request.validity, now: now)
        let dnsNames = request.dnsNames
        for name in dnsNames where !Self.isPlausibleDNSName(name) {
            throw CertRotationError(.invalidDNSName, name)
        }
        var sans: [GeneralName] = dnsNames.map { .dnsName($0) }
        for ip in request.ipAddresses {
            guard let bytes = IPAddress.parse(ip)?.bytes else { throw CertRotationError(.invalidIPAddress, ip) }
            sans.append(.ipAddress(ASN1OctetString(contentBytes: bytes[...])))
        }

        let key = try request.keyAlgorithm.generatePrivateKey()
        let subject = try DistinguishedName {
            OrganizationName("nncp-guard")
            CommonName(request.commonName)
        }
        let caSKI = try certificate.extensions.subjectKeyIdentifier?.keyIdentifier
            ?? SubjectKeyIdentifier(hash: certificate.publicKey).keyIdentifier
        let extensions = try Certificate.Extensions {
            Critical(BasicConstraints.notCertificateAuthority)
            Critical(KeyUsage(digitalSignature: true, keyEncipherment: request.keyAlgorithm == .rsa2048))
            try ExtendedKeyUsage([.serverAuth])
            SubjectKeyIdentifier(hash: key.publicKey)
            AuthorityKeyIdentifier(keyIdentifier: caSKI)
            if !sans.isEmpty {
                SubjectAlternativeNames(sans)
            }
        }
        let certificate = try Certificate(
            version: .v3,
            serialNumber: Certificate.SerialNumber(),
            publicKey: key.publicKey,
            notValidBefore: notBefore,
            notValidAfter: notAfter,
            issuer: self.certificate.subject,
            subject: subject,
            signatureAlgorithm: keyAlgorithm.signatureAlgorithm,
            extensions: extensions,
            issuerPrivateKey: issued.privateKey
        )
        return IssuedCertificate(certificate: certificate, privateKey: key)
    }

    static func validityWindow(_ validity: Duration, now: Date) throws -> (Date, Date) {
        let seconds = validity.inSeconds
        guard seconds > 0 else { throw CertRotationError(.invalidValidity, "\(validity)") }
        return (now.addingTimeInterval(-300), now.addingTimeInterval(seconds))
    }

    /// RFC 1123 labels (letters, digits, hyphens; 1–63 characters), dots
    /// between; a leading `*.` wildcard label is allowed. Stops typos such as
    /// a stray `:` or space before they end up in a certificate.
    static func isPlausibleDNSName(_ name: String) -> Bool {
        guard !name.isEmpty, name.utf8.count <= 253 else { return false }
        var labels = name.split(separator: ".", omittingEmptySubsequences: false)
        if labels.first == "*" { labels.removeFirst() }
        guard !labels.isEmpty else { return false }
        return labels.allSatisfy { label in
            !label.isEmpty && label.utf8.count <= 63
                && label.first != "-" && label.last != "-"
                && label.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5a) || ($0 >= 0x61 && $0 <= 0x7a) || $0 == 0x2d }
        }
    }
}
