import Foundation

/// Certificates in a directory, for running without Kubernetes (and for
/// `nncp-guard certs generate`):
///
/// | file | contents | mode |
/// |---|---|---|
/// | `ca.crt` | trust bundle, newest CA first (what clients pass to `--cacert`) | 0644 |
/// | `ca.key` | key of the newest CA | 0600 |
/// | `tls.crt` | serving certificate, then any chain certificate | 0644 |
/// | `tls.key` | serving key | 0600 |
///
/// The same names as the Secrets' keys and as ``CertificateBundle/write(to:)``,
/// so `serve --dev`, a mounted Secret and this store share one layout. The
/// CA Secret's `ca.crt` (one certificate) is the first certificate of the
/// bundle here.
///
/// Every file is written to a temporary name with its final mode and
/// renamed into place (``SecureFileWriter``), so readers never see half a
/// file or a key with loose permissions. Writes go key before certificate
/// and bundle before serving pair: a reader may briefly see a key that does
/// not match its certificate (the server's reloader rejects that and keeps
/// the old pair), but never a served certificate its clients cannot yet
/// verify.
public struct DirectoryStore: RotationStore {
    public let directory: String

    public init(directory: String) {
        self.directory = directory.hasSuffix("/") && directory.count > 1 ? String(directory.dropLast()) : directory
    }

    public var paths: CertificateBundle.Paths { CertificateBundle.Paths(directory: directory) }

    public func load() async throws -> StoredCertificates {
        try read()
    }

    /// Synchronous ``load()``, for command-line use.
    public func read() throws -> StoredCertificates {
        let paths = self.paths
        let caBundle = try Self.readIfPresent(paths.caCertificate)
        let caKey = try Self.readIfPresent(paths.caKey)
        let certificate = try Self.readIfPresent(paths.certificate)
        let key = try Self.readIfPresent(paths.key)
        var stored = StoredCertificates()
        if caBundle != nil || caKey != nil {
            stored.ca = .init(certificatePEM: Self.firstCertificatePEM(caBundle ?? ""), keyPEM: caKey ?? "")
        }
        if certificate != nil || key != nil || caBundle != nil {
            stored.serving = .init(certificatePEM: certificate ?? "", keyPEM: key ?? "", caBundlePEM: caBundle ?? "")
        }
        return stored
    }

    public func save(_ desired: StoredCertificates, replacing current: StoredCertificates) async throws {
        try write(desired, replacing: current)
    }

    /// Synchronous ``save(_:replacing:)``.
    public func write(_ desired: StoredCertificates, replacing current: StoredCertificates) throws {
        guard desired != current else { return }
        guard try read() == current else {
            throw CertRotationError(.concurrentModification, "files in \(directory) changed since they were read")
        }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw CertRotationError(.writeFailed, "\(directory): \(error)")
        }
        let paths = self.paths
        // The bundle is the CA file; the CA part only adds its key.
        if let ca = desired.ca, ca.keyPEM != current.ca?.keyPEM {
            try SecureFileWriter.writeFile(ca.keyPEM, to: paths.caKey, mode: 0o600)
        }
        let bundle = desired.serving?.caBundlePEM ?? desired.ca?.certificatePEM
        if let bundle, bundle != current.serving?.caBundlePEM {
            try SecureFileWriter.writeFile(bundle, to: paths.caCertificate, mode: 0o644)
        }
        if let serving = desired.serving {
            if serving.keyPEM != current.serving?.keyPEM {
                try SecureFileWriter.writeFile(serving.keyPEM, to: paths.key, mode: 0o600)
            }
            if serving.certificatePEM != current.serving?.certificatePEM {
                try SecureFileWriter.writeFile(serving.certificatePEM, to: paths.certificate, mode: 0o644)
            }
        }
    }

    private static func readIfPresent(_ path: String) throws -> String? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        do {
            return try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw CertRotationError(.storeFailed, "cannot read \(path): \(error)")
        }
    }

    /// The first certificate of a bundle as PEM; the whole text when it
    /// does not parse (the planner then reports it unusable).
    private static func firstCertificatePEM(_ bundle: String) -> String {
        guard let first = try? PEM.certificates(bundle).first, let text = try? PEM.encode([first]) else { return bundle }
        return text
    }
}
