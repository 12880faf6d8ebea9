import Foundation
import X509

/// What a PEM certificate file says about its first certificate.
///
/// For deciding whether to regenerate (`--dev`) and, later, when to rotate.
public struct CertificateFileInfo: Sendable, Hashable {
    public var serialHex: String
    public var notValidBefore: Date
    public var notValidAfter: Date

    /// Reads and parses `path`; throws if it is not a PEM certificate.
    public static func read(_ path: String) throws -> CertificateFileInfo {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let certificate = try Certificate(pemEncoded: text)
        return CertificateFileInfo(
            serialHex: IssuedCertificate.hex(Array(certificate.serialNumber.bytes)),
            notValidBefore: certificate.notValidBefore,
            notValidAfter: certificate.notValidAfter)
    }
}
