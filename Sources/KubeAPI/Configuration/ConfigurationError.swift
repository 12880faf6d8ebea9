import SourceModel

/// Why a client configuration could not be built: which file, which field,
/// what is wrong. Shown to the operator verbatim at start-up, so every
/// message names the file and the field to fix.
public struct ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of problem, for callers and tests to match on.
    public enum Code: Sendable, Hashable {
        /// A file that is missing, unreadable or empty.
        case unreadable
        /// Text that does not parse: not YAML, not a mapping, not base64,
        /// not PEM.
        case malformed
        /// A required field, context or environment variable is absent.
        case missing
        /// A field whose value is wrong (not a URL, not a port number).
        case invalidValue
        /// A valid kubeconfig feature nncp-guard does not support
        /// (credential plugins, basic authentication).
        case unsupported
    }

    public var code: Code
    /// The file at fault (a kubeconfig, a service-account file), if any.
    public var file: String?
    /// The field at fault, as a path into the kubeconfig
    /// (`users[name=dev].user.client-key`) or an environment variable name.
    public var field: String?
    public var message: String
    /// Line and column of the field in the file, when known.
    public var location: SourceLocation

    public init(_ code: Code, file: String? = nil, field: String? = nil, _ message: String, at location: SourceLocation = .unknown) {
        self.code = code
        self.file = file
        self.field = field
        self.message = message
        self.location = location
    }

    public var description: String {
        var out = ""
        if let file {
            out += file
            if location.isKnown { out += ":\(location)" }
            out += ": "
        }
        if let field { out += "\(field): " }
        return out + message
    }
}
