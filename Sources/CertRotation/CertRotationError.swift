/// Errors from issuing or writing certificates.
///
/// A struct wrapping a private enum (the swift-certificates convention): new
/// cases can be added without breaking callers, who match on ``code``.
public struct CertRotationError: Error, Hashable, CustomStringConvertible, Sendable {
    /// What went wrong, for matching in callers and tests.
    public enum Code: Hashable, Sendable {
        case invalidIPAddress
        case invalidDNSName
        case invalidValidity
        case writeFailed
        /// A Go-syntax duration (`8760h0m0s`) that does not parse.
        case invalidDuration
        /// Rotation options that contradict each other (overlap longer than validity, …).
        case invalidOptions
        /// PEM text that holds no certificate or key, or one that does not parse.
        case invalidPEM
        /// The stored certificates changed between read and write (another writer).
        case concurrentModification
        /// Reading or writing the certificate store failed.
        case storeFailed
    }

    public let code: Code
    /// Human-readable detail: the offending value or path. Never key material.
    public let detail: String

    init(_ code: Code, _ detail: String) {
        self.code = code
        self.detail = detail
    }

    public var description: String {
        switch code {
        case .invalidIPAddress: return "not an IPv4 or IPv6 address: \(detail)"
        case .invalidDNSName: return "not a valid DNS name: \(detail)"
        case .invalidValidity: return "invalid validity period: \(detail)"
        case .writeFailed: return "cannot write certificate files: \(detail)"
        case .invalidDuration: return detail
        case .invalidOptions: return "failed validating certificate options, \(detail)"
        case .invalidPEM: return "invalid PEM: \(detail)"
        case .concurrentModification: return "stored certificates changed concurrently: \(detail)"
        case .storeFailed: return "certificate store: \(detail)"
        }
    }
}
