import Foundation
import X509

/// Carries out a ``RotationPlan``'s certificate actions: generates keys,
/// issues certificates, and returns the material to store.
///
/// Separate from the planner because key generation is random and, for
/// RSA, slow: the planner stays a pure function, and this is the only place
/// that makes new secrets. Parts the plan does not touch are returned
/// verbatim, so the store sees no change there and writes nothing.
public struct RotationExecutor: Sendable {
    public let options: RotationOptions

    public init(options: RotationOptions) {
        self.options = options
    }

    /// What was made, for logs and metrics (serials only, never keys).
    public struct Outcome: Sendable {
        /// The material to store.
        public var stored: StoredCertificates
        /// Serial of a new CA, when one was made.
        public var newCASerial: String?
        /// Serial of a new serving certificate, when one was issued.
        public var newServingSerial: String?
        /// Whether tls.crt carries a cross-signed copy of the new CA.
        public var crossSigned: Bool
    }

    /// Applies `plan` (made from `stored`) at `now`. Injection actions are
    /// not this type's business and are ignored.
    public func execute(_ plan: RotationPlan, on stored: StoredCertificates, now: Date) throws -> Outcome {
        let parsed = plan.parsed
        if plan.issuesCA {
            return try rotateCA(parsed, now: now)
        }
        guard var serving = stored.serving, let authority = parsed.usableAuthority else {
            // Unreachable for plans from RotationPlanner: without a usable CA
            // it always rotates the CA.
            throw CertRotationError(.invalidOptions, "plan without a usable CA does not rotate the CA")
        }
        var outcome = Outcome(stored: stored, newCASerial: nil, newServingSerial: nil, crossSigned: false)
        let bundle = RotationPlanner.prune(bundle: parsed.bundleCertificates, now: now, limit: options.maxBundleSize)
        if bundle != parsed.bundleCertificates {
            serving.caBundlePEM = try PEM.encode(bundle)
        }
        if plan.issuesServing {
            let chain = keptChain(parsed.chain, for: authority, bundle: bundle, now: now)
            let leaf = try authority.issueServingCertificate(options.servingRequest, now: now)
            serving.certificatePEM = try PEM.encode([leaf.certificate] + chain)
            serving.keyPEM = try leaf.privateKeyPEM()
            outcome.newServingSerial = leaf.serialHex
            outcome.crossSigned = !chain.isEmpty
        } else if let leaf = parsed.leaf {
            let chain = parsed.chain.filter { CertificateFacts.isCA($0) && now < $0.notValidAfter }
            if chain != parsed.chain {
                serving.certificatePEM = try PEM.encode([leaf] + chain)
            }
        }
        outcome.stored.serving = serving
        return outcome
    }

    /// New CA first in the bundle, older CAs that are still valid after it,
    /// a serving certificate from the new CA, and (when the previous CA is
    /// usable and trusted) the new CA cross-signed by it in `tls.crt`.
    private func rotateCA(_ parsed: ParsedCertificates, now: Date) throws -> Outcome {
        let newCA = try CertificateAuthority.generate(
            commonName: options.caCommonName, validity: options.intervals.caValidity,
            keyAlgorithm: options.caKeyAlgorithm, now: now)
        let previousBundle = parsed.bundleCertificates.filter { now < $0.notValidAfter && $0 != newCA.certificate }
        let bundle = Array(([newCA.certificate] + previousBundle).prefix(options.maxBundleSize))

        var chain: [Certificate] = []
        if let old = parsed.usableAuthority, CertificateFacts.isValid(old.certificate, at: now),
           bundle.contains(old.certificate), let cross = try old.crossSign(newCA.certificate, now: now) {
            chain = [cross]
        }
        let leaf = try newCA.issueServingCertificate(options.servingRequest, now: now)
        let stored = StoredCertificates(
            ca: .init(certificatePEM: try newCA.issued.certificatePEM(), keyPEM: try newCA.issued.privateKeyPEM()),
            serving: .init(
                certificatePEM: try PEM.encode([leaf.certificate] + chain),
                keyPEM: try leaf.privateKeyPEM(),
                caBundlePEM: try PEM.encode(bundle)))
        return Outcome(stored: stored, newCASerial: newCA.issued.serialHex, newServingSerial: leaf.serialHex, crossSigned: !chain.isEmpty)
    }

    /// Chain certificates worth keeping behind a new leaf from `authority`:
    /// cross-signed copies of that CA that are still valid and verify
    /// against the bundle.
    private func keptChain(_ chain: [Certificate], for authority: CertificateAuthority, bundle: [Certificate], now: Date) -> [Certificate] {
        chain.filter { certificate in
            CertificateFacts.isCA(certificate)
                && certificate != authority.certificate
                && certificate.publicKey == authority.certificate.publicKey
                && certificate.subject == authority.certificate.subject
                && CertificateFacts.isValid(certificate, at: now)
                && bundle.contains { CertificateFacts.isValid($0, at: now) && CertificateFacts.isSigned(certificate, by: $0) }
        }
    }
}
