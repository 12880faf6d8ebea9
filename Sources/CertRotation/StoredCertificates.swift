/// The certificate material as a store holds it: PEM text, exactly as read.
///
/// Two parts, because Kubernetes keeps them in two Secrets with different
/// readers: the CA (certificate and key; only the rotating replica reads
/// it) and the serving pair plus the trust bundle (every replica serves it,
/// and clients take `ca.crt`). Text is kept verbatim, not re-encoded, so a
/// store can tell "unchanged" from "changed" without spurious writes.
public struct StoredCertificates: Sendable, Hashable {
    /// The CA Secret (`Opaque`): `ca.crt` is one CA certificate, `ca.key` its key.
    public struct CA: Sendable, Hashable {
        public var certificatePEM: String
        public var keyPEM: String

        public init(certificatePEM: String, keyPEM: String) {
            self.certificatePEM = certificatePEM
            self.keyPEM = keyPEM
        }
    }

    /// The serving Secret (`kubernetes.io/tls`): `tls.crt` is the leaf
    /// followed by any chain certificates, `tls.key` the leaf's key, `ca.crt`
    /// the trust bundle, newest CA first.
    public struct Serving: Sendable, Hashable {
        public var certificatePEM: String
        public var keyPEM: String
        public var caBundlePEM: String

        public init(certificatePEM: String, keyPEM: String, caBundlePEM: String) {
            self.certificatePEM = certificatePEM
            self.keyPEM = keyPEM
            self.caBundlePEM = caBundlePEM
        }
    }

    /// `nil` when the CA Secret does not exist. A Secret with a key missing
    /// is present with an empty string there.
    public var ca: CA?
    /// `nil` when the serving Secret does not exist.
    public var serving: Serving?

    public init(ca: CA? = nil, serving: Serving? = nil) {
        self.ca = ca
        self.serving = serving
    }

    /// Nothing stored at all: a first install.
    public var isEmpty: Bool { ca == nil && serving == nil }
}

// Keys never reach a log line, even through `"\(stored)"` or a debugger's
// `print`: the descriptions show sizes and redact every key.
extension StoredCertificates: CustomStringConvertible, CustomDebugStringConvertible {
    public var description: String {
        "StoredCertificates(ca: \(ca.map(\.description) ?? "nil"), serving: \(serving.map(\.description) ?? "nil"))"
    }

    public var debugDescription: String { description }
}

extension StoredCertificates.CA: CustomStringConvertible, CustomDebugStringConvertible {
    public var description: String {
        "CA(ca.crt: \(certificatePEM.utf8.count) bytes, ca.key: \(keyPEM.isEmpty ? "empty" : "<redacted>"))"
    }

    public var debugDescription: String { description }
}

extension StoredCertificates.Serving: CustomStringConvertible, CustomDebugStringConvertible {
    public var description: String {
        "Serving(tls.crt: \(certificatePEM.utf8.count) bytes, tls.key: \(keyPEM.isEmpty ? "empty" : "<redacted>"), ca.crt: \(caBundlePEM.utf8.count) bytes)"
    }

    public var debugDescription: String { description }
}
