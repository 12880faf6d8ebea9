import X509

/// ``StoredCertificates`` parsed once: each piece is either usable or
/// carries why not. Parsing failures are data here, not errors: the planner
/// turns them into forced rotations.
struct ParsedCertificates: Sendable {
    /// The CA Secret as a signing CA; `nil` when there is no CA Secret.
    var authority: Result<CertificateAuthority, CertRotationError>?
    /// The serving Secret's `ca.crt`; `nil` when there is no serving Secret.
    var bundle: Result<[Certificate], CertRotationError>?
    /// `tls.crt`: leaf first, then chain; `nil` without a serving Secret.
    var certificates: Result<[Certificate], CertRotationError>?
    /// `tls.key`; `nil` without a serving Secret.
    var servingKey: Result<Certificate.PrivateKey, CertRotationError>?

    init(_ stored: StoredCertificates) {
        if let ca = stored.ca {
            authority = Result { () throws(CertRotationError) in
                if ca.certificatePEM.isEmpty { throw CertRotationError(.invalidPEM, "ca.crt is empty") }
                if ca.keyPEM.isEmpty { throw CertRotationError(.invalidPEM, "ca.key is empty") }
                return try CertificateAuthority(certificatePEM: ca.certificatePEM, keyPEM: ca.keyPEM)
            }
        }
        if let serving = stored.serving {
            bundle = Result { () throws(CertRotationError) in
                if serving.caBundlePEM.isEmpty { throw CertRotationError(.invalidPEM, "ca.crt is empty") }
                return try PEM.certificates(serving.caBundlePEM)
            }
            certificates = Result { () throws(CertRotationError) in
                if serving.certificatePEM.isEmpty { throw CertRotationError(.invalidPEM, "tls.crt is empty") }
                return try PEM.certificates(serving.certificatePEM)
            }
            servingKey = Result { () throws(CertRotationError) in
                if serving.keyPEM.isEmpty { throw CertRotationError(.invalidPEM, "tls.key is empty") }
                return try PEM.privateKey(serving.keyPEM)
            }
        }
    }

    /// The usable CA, if any.
    var usableAuthority: CertificateAuthority? { try? authority?.get() }

    /// The bundle if it parsed, else empty.
    var bundleCertificates: [Certificate] { (try? bundle?.get()) ?? [] }

    /// The leaf, if `tls.crt` parsed.
    var leaf: Certificate? { (try? certificates?.get())?.first }

    /// What follows the leaf in `tls.crt`.
    var chain: [Certificate] { Array(((try? certificates?.get()) ?? []).dropFirst()) }
}
