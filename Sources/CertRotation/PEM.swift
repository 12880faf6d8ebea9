import SwiftASN1
import X509

/// PEM bundles and keys as the Secrets and files hold them.
///
/// A bundle is a plain concatenation of `CERTIFICATE` blocks, newest first
/// (upstream's layout for `caBundle` and `tls.crt`); other block types in a
/// certificate file are an error rather than skipped, so a key pasted into
/// `ca.crt` by mistake is noticed instead of being half-ignored.
public enum PEM {
    /// Every certificate in `text`, in order. Throws when `text` holds no
    /// certificate, a non-certificate block, or a block that does not parse.
    public static func certificates(_ text: String) throws(CertRotationError) -> [Certificate] {
        let documents: [PEMDocument]
        do {
            documents = try PEMDocument.parseMultiple(pemString: text)
        } catch {
            throw CertRotationError(.invalidPEM, "not PEM: \(error)")
        }
        guard !documents.isEmpty else { throw CertRotationError(.invalidPEM, "no CERTIFICATE block") }
        var out: [Certificate] = []
        out.reserveCapacity(documents.count)
        for (index, document) in documents.enumerated() {
            guard document.discriminator == "CERTIFICATE" else {
                throw CertRotationError(.invalidPEM, "block \(index + 1) is \(document.discriminator), expected CERTIFICATE")
            }
            do {
                out.append(try Certificate(derEncoded: document.derBytes))
            } catch {
                throw CertRotationError(.invalidPEM, "certificate \(index + 1) does not parse: \(error)")
            }
        }
        return out
    }

    /// A private key: PKCS#8 `PRIVATE KEY`, PKCS#1 `RSA PRIVATE KEY` or SEC1
    /// `EC PRIVATE KEY` (what upstream, cert-manager and openssl write).
    /// The error never includes key bytes.
    public static func privateKey(_ text: String) throws(CertRotationError) -> Certificate.PrivateKey {
        let documents: [PEMDocument]
        do {
            documents = try PEMDocument.parseMultiple(pemString: text)
        } catch {
            throw CertRotationError(.invalidPEM, "private key is not PEM")
        }
        guard documents.count == 1, let document = documents.first else {
            throw CertRotationError(.invalidPEM, documents.isEmpty ? "no private key block" : "more than one block where one private key was expected")
        }
        do {
            return try Certificate.PrivateKey(pemDocument: document)
        } catch {
            throw CertRotationError(.invalidPEM, "\(document.discriminator) block is not a supported private key")
        }
    }

    /// The certificates as concatenated PEM blocks, each ending in a newline.
    public static func encode(_ certificates: [Certificate]) throws -> String {
        var out = ""
        for certificate in certificates {
            out += try certificate.serializeAsPEM().pemString + "\n"
        }
        return out
    }
}
