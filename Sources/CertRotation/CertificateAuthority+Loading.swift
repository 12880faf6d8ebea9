import X509

extension CertificateAuthority {
    /// A CA read back from storage (the CA Secret's `ca.crt` and `ca.key`).
    ///
    /// Checks what signing with it requires: the certificate parses, is a
    /// CA (basic constraints), the key parses and belongs to it, and the key
    /// type is one nncp-guard signs with. Validity dates are the planner's
    /// business, not checked here.
    public init(certificatePEM: String, keyPEM: String) throws(CertRotationError) {
        let certificates = try PEM.certificates(certificatePEM)
        guard let certificate = certificates.first else { throw CertRotationError(.invalidPEM, "no CA certificate") }
        let key = try PEM.privateKey(keyPEM)
        guard key.publicKey == certificate.publicKey else {
            throw CertRotationError(.invalidPEM, "the CA key does not belong to the CA certificate")
        }
        guard CertificateFacts.isCA(certificate) else {
            throw CertRotationError(.invalidPEM, "the CA certificate is not a CA (basic constraints)")
        }
        guard let algorithm = KeyAlgorithm(publicKey: certificate.publicKey) else {
            throw CertRotationError(.invalidPEM, "the CA key is neither ECDSA P-256 nor RSA")
        }
        self.init(issued: IssuedCertificate(certificate: certificate, privateKey: key), keyAlgorithm: algorithm)
    }
}
