import X509
import SwiftASN1

/// A certificate and its private key, as issued by ``CertificateAuthority``.
///
/// A plain value: holding one does not touch the file system. PEM text is
/// produced on demand; keys come out as PKCS#8 `PRIVATE KEY` for P-256 and
/// PKCS#1 `RSA PRIVATE KEY` for RSA, both of which swift-nio-ssl, Go and
/// OpenSSL accept.
public struct IssuedCertificate: Sendable {
    public let certificate: Certificate
    public let privateKey: Certificate.PrivateKey

    public init(certificate: Certificate, privateKey: Certificate.PrivateKey) {
        self.certificate = certificate
        self.privateKey = privateKey
    }

    /// The certificate as a PEM `CERTIFICATE` block (with trailing newline).
    public func certificatePEM() throws -> String {
        try certificate.serializeAsPEM().pemString + "\n"
    }

    /// The private key as PEM (with trailing newline). Secret: never log it.
    public func privateKeyPEM() throws -> String {
        try privateKey.serializeAsPEM().pemString + "\n"
    }

    /// Lower-case hex of the serial number, as `openssl x509 -serial` shows it
    /// (without leading zero bytes). Useful in logs to tell certificates apart.
    public var serialHex: String {
        Self.hex(Array(certificate.serialNumber.bytes))
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let trimmed = bytes.drop(while: { $0 == 0 })
        let digits = Array("0123456789abcdef")
        var out = ""
        out.reserveCapacity(trimmed.count * 2)
        for b in trimmed {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0xf)])
        }
        return out.isEmpty ? "0" : out
    }
}
