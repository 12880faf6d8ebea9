import SourceModel

/// Why a client configuration could not be built: which file, which field,
/// what is wrong. Shown to the operator verbatim at start-up, so every
/// message names the file and the field to fix.
public struct ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file at fault (a kubeconfig, a service-account file), if any.
    public var file: String?
    /// The field at fault, as a path into the kubeconfig
    /// (`users[name=dev].user.client-key`) or an environment variable name.
    public var field: String?
    public var message: String
    /// Line and column of the field in the file, when known.
    public var location: SourceLocation

    public init(file: String? = nil, field: String? = nil, _ message: String, at location: SourceLocation = .unknown) {
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
