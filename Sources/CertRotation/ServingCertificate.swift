import Foundation
import X509

/// The serving pair every replica must serve, as delivered to
/// ``RotationManager``'s `onServingCertificateChanged` hook.
///
/// Only built from a pair whose key belongs to its certificate, so a hook
/// that writes it to files never hands the server a mismatched pair. Its
/// `description` leaves the key out: it is safe to log by accident.
public struct ServingCertificate: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    /// `tls.crt`: the leaf, then any chain certificate.
    public var certificateChainPEM: String
    /// `tls.key`. Secret.
    public var privateKeyPEM: String
    /// `ca.crt`: the trust bundle, newest first (may be empty).
    public var caBundlePEM: String
    /// Serial of the leaf, lower-case hex.
    public var serialHex: String
    public var notValidAfter: Date
    /// `notAfter` of the newest CA in the bundle, when it parses.
    public var caNotValidAfter: Date?

    /// Checks and describes the pair: throws when the certificate or key
    /// does not parse or the key belongs to another certificate.
    public init(certificateChainPEM: String, privateKeyPEM: String, caBundlePEM: String = "") throws(CertRotationError) {
        let chain = try PEM.certificates(certificateChainPEM)
        let key = try PEM.privateKey(privateKeyPEM)
        guard let leaf = chain.first, key.publicKey == leaf.publicKey else {
            throw CertRotationError(.invalidPEM, "tls.key does not belong to the certificate in tls.crt")
        }
        self.certificateChainPEM = certificateChainPEM
        self.privateKeyPEM = privateKeyPEM
        self.caBundlePEM = caBundlePEM
        self.serialHex = CertificateFacts.serialHex(leaf)
        self.notValidAfter = leaf.notValidAfter
        self.caNotValidAfter = (try? PEM.certificates(caBundlePEM))?.first?.notValidAfter
    }

    /// From the serving part of a store.
    public init(_ stored: StoredCertificates.Serving) throws(CertRotationError) {
        try self.init(certificateChainPEM: stored.certificatePEM, privateKeyPEM: stored.keyPEM, caBundlePEM: stored.caBundlePEM)
    }

    public var description: String {
        "ServingCertificate(serial: \(serialHex), notAfter: \(RotationPlan.timestamp(notValidAfter)))"
    }

    public var debugDescription: String { description }
}

/// Where the server reads its certificate: the files behind
/// `--tls-cert-file` and `--tls-key-file` (and optionally a CA file for
/// clients), written atomically with keys at 0600.
///
/// Use it from `onServingCertificateChanged`: write, then tell the server
/// to reload (`server.certificates.reloadNow()`). The key is written first:
/// a periodic reload between the two renames sees a mismatched pair, which
/// the reloader rejects while keeping the previous pair in service.
public struct ServingCertificateFiles: Sendable, Hashable {
    public var certificatePath: String
    public var keyPath: String
    public var caBundlePath: String?

    public init(certificatePath: String, keyPath: String, caBundlePath: String? = nil) {
        self.certificatePath = certificatePath
        self.keyPath = keyPath
        self.caBundlePath = caBundlePath
    }

    /// `tls.crt`, `tls.key` and `ca.crt` in `directory`.
    public init(directory: String) {
        let paths = CertificateBundle.Paths(directory: directory)
        self.init(certificatePath: paths.certificate, keyPath: paths.key, caBundlePath: paths.caCertificate)
    }

    /// Writes the pair (and bundle), creating parent directories.
    public func write(_ certificate: ServingCertificate) throws {
        for path in [certificatePath, keyPath] + (caBundlePath.map { [$0] } ?? []) {
            let parent = (path as NSString).deletingLastPathComponent
            if !parent.isEmpty {
                do {
                    try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
                } catch {
                    throw CertRotationError(.writeFailed, "\(parent): \(error)")
                }
            }
        }
        if let caBundlePath, !certificate.caBundlePEM.isEmpty {
            try SecureFileWriter.writeFile(certificate.caBundlePEM, to: caBundlePath, mode: 0o644)
        }
        try SecureFileWriter.writeFile(certificate.privateKeyPEM, to: keyPath, mode: 0o600)
        try SecureFileWriter.writeFile(certificate.certificateChainPEM, to: certificatePath, mode: 0o644)
    }
}
