import Logging
import NIOCertificateReloading
import NIOConcurrencyHelpers
import NIOCore
import NIOSSL
import ServiceLifecycle

/// The serving certificate and key, re-read from files while the server runs.
///
/// A thin layer over swift-nio-extras' `TimedCertificateReloader`, which does
/// the real work: reads both files on every check (so kubelet's atomic
/// `..data` symlink swap is seen), verifies the key matches the certificate,
/// and keeps the last good pair in service when a new one is broken. Every
/// TLS handshake asks it for the current pair, so new connections get a new
/// certificate at once and existing connections are left alone.
///
/// This type adds what the server needs on top: a reload you can trigger now
/// (for the later cert-rotation manager), logs on change and failure, and
/// the facts `/readyz` and the expiry gauge report.
public struct ServingCertificates: Sendable {
    /// Facts about the certificate in service.
    public struct Info: Sendable, Hashable {
        /// Serial number, lower-case hex without leading zero bytes.
        public var serialHex: String
        /// `notAfter` as seconds since the Unix epoch.
        public var notValidAfter: Int64
    }

    let reloader: TimedCertificateReloader
    let files: (certificate: String, key: String)

    /// Sets up reloading from `certificateFile` and `keyFile`.
    ///
    /// Does not fail when the files are missing or broken: the server can
    /// start before a certificate manager has written them, and reports not
    /// ready until they load. Call ``reloadNow()`` to find out at once.
    public init(certificateFile: String, keyFile: String, checkInterval: Duration = .seconds(30), logger: Logger) {
        let lastFailure = LastFailureLog()
        let configuration = TimedCertificateReloader.Configuration(
            refreshInterval: checkInterval,
            certificateSource: .init(location: .file(path: certificateFile), format: .pem),
            privateKeySource: .init(location: .file(path: keyFile), format: .pem)
        ) { config in
            config.onCertificateLoaded = { diff in
                lastFailure.reset()
                let new = Self.info(diff.currentCertificateChain)
                let old = diff.previousCertificateChain.flatMap(Self.info)
                guard new != old, let new else { return }
                logger.notice("serving certificate loaded", metadata: [
                    "serial": "\(new.serialHex)",
                    "previous_serial": "\(old?.serialHex ?? "none")",
                    "not_after_unix": "\(new.notValidAfter)",
                    "cert_file": "\(certificateFile)",
                ])
            }
            config.onCertificateLoadFailed = { failure in
                // Logged once per distinct error, not every check interval:
                // a half-written Secret update would otherwise flood the log.
                let text = "\(failure.error)"
                guard lastFailure.shouldLog(text) else { return }
                logger.warning("serving certificate reload failed; keeping the previous certificate", metadata: [
                    "error": "\(text)",
                    "cert_file": "\(certificateFile)",
                    "key_file": "\(keyFile)",
                ])
            }
        }
        self.reloader = TimedCertificateReloader(configuration: configuration)
        self.files = (certificateFile, keyFile)
    }

    /// Checks the files now instead of waiting for the next interval.
    /// Returns the certificate in service afterwards (the old one if the new
    /// files are broken), or nil when none has ever loaded.
    @discardableResult
    public func reloadNow() -> Info? {
        try? reloader.reload()
        return current
    }

    /// The certificate new handshakes get, or nil before the first good load.
    public var current: Info? {
        reloader.sslContextConfigurationOverride.certificateChain.flatMap(Self.info)
    }

    /// Runs periodic checks until graceful shutdown (a swift-service-lifecycle
    /// `Service`; ``WebhookServer`` runs it for you).
    public func run() async throws {
        try await reloader.run()
    }

    /// TLS configuration for the listener: certificates from this reloader,
    /// the minimum version set explicitly (NIO defaults to TLS 1.0), ALPN
    /// `http/1.1`, optional client-certificate verification.
    func makeTLSConfiguration(_ settings: TLSSettings) -> TLSConfiguration {
        // Built from the client template because the server one requires a
        // key up front; with an empty chain the per-handshake callback below
        // supplies the pair, so the listener can start before the files exist.
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.certificateVerification = .none
        tls.trustRoots = nil
        tls.setCertificateReloader(reloader)
        if let current = reloader.sslContextConfigurationOverride.certificateChain,
           let key = reloader.sslContextConfigurationOverride.privateKey {
            tls.certificateChain = current
            tls.privateKey = key
        }
        tls.minimumTLSVersion = settings.minimumVersion == .tls13 ? .tlsv13 : .tlsv12
        tls.applicationProtocols = ["http/1.1"]
        if let caFile = settings.clientCAFile {
            tls.certificateVerification = .noHostnameVerification
            tls.trustRoots = .file(caFile)
            // Tell clients which CAs we accept, as Go's servers do.
            tls.sendCANameList = true
        }
        return tls
    }

    static func info(_ chain: [NIOSSLCertificateSource]) -> Info? {
        guard case .certificate(let leaf)? = chain.first else { return nil }
        return Info(serialHex: hex(leaf.serialNumber), notValidAfter: Int64(leaf.notValidAfter))
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits: [Character] = Array("0123456789abcdef")
        var out = ""
        for b in bytes.drop(while: { $0 == 0 }) {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0xf)])
        }
        return out.isEmpty ? "0" : out
    }
}

/// Remembers the last reload error so repeated identical failures are
/// logged once. The reloader calls back from whatever task runs the check,
/// hence the lock (NIO's, already linked; not the macOS-15-only `Mutex`).
final class LastFailureLog: Sendable {
    private let box = NIOLockedValueBox<String?>(nil)

    func shouldLog(_ text: String) -> Bool {
        box.withLockedValue { last in
            if last == text { return false }
            last = text
            return true
        }
    }

    func reset() { box.withLockedValue { $0 = nil } }
}
