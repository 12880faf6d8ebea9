import Foundation

/// A CA and the serving certificate it signed, written as files the server
/// and clients read.
///
/// File names follow the kubernetes.io/tls Secret keys (`tls.crt`,
/// `tls.key`) plus `ca.crt`, so the same directory layout works for
/// `--dev`, for a mounted Secret and for `curl --cacert`.
public struct CertificateBundle: Sendable {
    public let authority: CertificateAuthority
    public let serving: IssuedCertificate

    public init(authority: CertificateAuthority, serving: IssuedCertificate) {
        self.authority = authority
        self.serving = serving
    }

    /// Paths of a bundle inside `directory`.
    public struct Paths: Sendable, Hashable {
        public let caCertificate: String
        public let caKey: String
        public let certificate: String
        public let key: String

        public init(directory: String) {
            let dir = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
            caCertificate = dir + "/ca.crt"
            caKey = dir + "/ca.key"
            certificate = dir + "/tls.crt"
            key = dir + "/tls.key"
        }

        /// True when the serving pair and the CA certificate exist.
        public var exist: Bool {
            let fm = FileManager.default
            return fm.fileExists(atPath: caCertificate) && fm.fileExists(atPath: certificate) && fm.fileExists(atPath: key)
        }
    }

    /// Creates a throwaway CA and a localhost serving certificate: what
    /// `nncp-guard serve --dev` uses.
    public static func generateForLocalhost(keyAlgorithm: KeyAlgorithm = .ecdsaP256, now: Date = Date()) throws -> CertificateBundle {
        let ca = try CertificateAuthority.generate(commonName: "nncp-guard dev CA", validity: .seconds(365 * 24 * 3600), keyAlgorithm: keyAlgorithm, now: now)
        let serving = try ca.issueServingCertificate(.localhost(keyAlgorithm: keyAlgorithm), now: now)
        return CertificateBundle(authority: ca, serving: serving)
    }

    /// Writes the four files into `directory` (created if missing).
    ///
    /// Each file is written to a temporary name and renamed into place, so a
    /// server reloading certificates never reads half a file; `tls.crt` and
    /// `tls.key` may still be seen as a mismatched pair for a moment, which
    /// the reloader rejects and retries. Private keys are created with mode
    /// 0600 before any byte is written.
    @discardableResult
    public func write(to directory: String) throws -> Paths {
        let paths = Paths(directory: directory)
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw CertRotationError(.writeFailed, "\(directory): \(error)")
        }
        try SecureFileWriter.writeFile(try authority.issued.certificatePEM(), to: paths.caCertificate, mode: 0o644)
        try SecureFileWriter.writeFile(try authority.issued.privateKeyPEM(), to: paths.caKey, mode: 0o600)
        try SecureFileWriter.writeFile(try serving.privateKeyPEM(), to: paths.key, mode: 0o600)
        try SecureFileWriter.writeFile(try serving.certificatePEM(), to: paths.certificate, mode: 0o644)
        return paths
    }
}
