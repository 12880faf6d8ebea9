import NIOSSL

/// Builds the TLS client configuration from a ``KubeConfiguration``.
///
/// The cluster CA replaces the system trust store rather than joining it,
/// as in client-go: a kube-apiserver certificate is issued by the cluster's
/// own CA, and nothing a public CA signed should be accepted in its place.
/// (This is also why the client is built on async-http-client and
/// swift-nio-ssl: URLSession on Linux ignores a private CA bundle.)
enum TLSSetup {
    static func configuration(for config: KubeConfiguration) throws(ConfigurationError) -> TLSConfiguration {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.minimumTLSVersion = .tlsv12
        switch config.trust {
        case .systemRoots:
            break
        case .certificateAuthority(let pem):
            let roots = try certificates(pem, what: "certificate authority", source: config.source)
            tls.trustRoots = .certificates(roots)
        case .insecureSkipVerify:
            tls.certificateVerification = .none
        }
        if let client = config.credentials.clientCertificate {
            let chain = try certificates(client.certificatePEM, what: "client certificate", source: config.source)
            tls.certificateChain = chain.map { .certificate($0) }
            do {
                tls.privateKey = .privateKey(try NIOSSLPrivateKey(bytes: client.privateKeyPEM, format: .pem))
            } catch {
                throw ConfigurationError(.malformed, field: "client key", "\(config.source): not a PEM private key (\(error))")
            }
        }
        return tls
    }

    private static func certificates(_ pem: [UInt8], what: String, source: String) throws(ConfigurationError) -> [NIOSSLCertificate] {
        let certificates: [NIOSSLCertificate]
        do {
            certificates = try NIOSSLCertificate.fromPEMBytes(pem)
        } catch {
            throw ConfigurationError(.malformed, field: what, "\(source): not PEM certificates (\(error))")
        }
        guard !certificates.isEmpty else {
            throw ConfigurationError(.malformed, field: what, "\(source): no PEM certificate found")
        }
        return certificates
    }
}
