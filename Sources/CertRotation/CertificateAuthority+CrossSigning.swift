import Foundation
import X509

extension CertificateAuthority {
    /// A certificate for `newer`'s name and key, signed by this (older) CA:
    /// the "new with old" certificate of a CA key rollover (RFC 4210 §4.4).
    ///
    /// Why: after a CA rotation the serving certificate comes from the new
    /// CA at once, but a client may still hold only the old `caBundle` (the
    /// API server has not re-read the webhook configuration yet, or someone
    /// copied `ca.crt` earlier). Sent after the leaf, this certificate lets
    /// such a client build leaf → new CA (signed by old) → old CA, while a
    /// client with the new bundle stops at the new CA. It is valid only
    /// while both CAs are, so it disappears with the overlap.
    ///
    /// Both CAs must have the same subject: the certificate is then
    /// self-issued and does not count against the old CA's path length
    /// limit (0), RFC 5280 §6.1.4 (l). Returns `nil` when the subjects
    /// differ or the two validity periods do not overlap.
    public func crossSign(_ newer: Certificate, now: Date = Date()) throws -> Certificate? {
        guard newer.subject == certificate.subject, newer.publicKey != certificate.publicKey else { return nil }
        let notBefore = max(newer.notValidBefore, certificate.notValidBefore)
        let notAfter = min(newer.notValidAfter, certificate.notValidAfter)
        guard notBefore < notAfter, now < notAfter else { return nil }
        let newerSKI = try newer.extensions.subjectKeyIdentifier?.keyIdentifier
            ?? SubjectKeyIdentifier(hash: newer.publicKey).keyIdentifier
        let ownSKI = try certificate.extensions.subjectKeyIdentifier?.keyIdentifier
            ?? SubjectKeyIdentifier(hash: certificate.publicKey).keyIdentifier
        let extensions = try Certificate.Extensions {
            Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
            Critical(KeyUsage(digitalSignature: true, keyCertSign: true, cRLSign: true))
            SubjectKeyIdentifier(keyIdentifier: newerSKI)
            AuthorityKeyIdentifier(keyIdentifier: ownSKI)
        }
        return try Certificate(
            version: .v3,
            serialNumber: Certificate.SerialNumber(),
            publicKey: newer.publicKey,
            notValidBefore: notBefore,
            notValidAfter: notAfter,
            issuer: certificate.subject,
            subject: newer.subject,
            signatureAlgorithm: keyAlgorithm.signatureAlgorithm,
            extensions: extensions,
            issuerPrivateKey: issued.privateKey
        )
    }
}
