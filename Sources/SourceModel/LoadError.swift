/// Why a document could not be read, and where.
public struct LoadError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// The text is not well-formed YAML or JSON.
        case syntax
        /// A mapping repeats a key.
        case duplicateKey
        /// Anchors and aliases would expand past the configured budget.
        case aliasBudget
        /// Nesting is deeper than the configured limit.
        case tooDeep
        /// The input is larger than the configured limit.
        case tooLarge
        /// The bytes are not UTF-8.
        case encoding
        /// An alias names an anchor that was never defined.
        case undefinedAlias
    }

    public var code: Code
    public var message: String
    public var location: SourceLocation

    public init(_ code: Code, _ message: String, at location: SourceLocation = .unknown) {
        self.code = code
        self.message = message
        self.location = location
    }

    public var description: String {
        location.isKnown ? "\(location): \(message)" : message
    }
}

/// Limits that keep hostile input from costing more than it is worth.
///
/// The defaults follow the kube-apiserver: a 3 MiB request body, so nothing
/// a cluster would accept is refused here.
public struct LoadLimits: Sendable, Equatable {
    /// Largest input accepted, in bytes.
    public var maxBytes: Int
    /// Deepest nesting of sequences and mappings.
    public var maxDepth: Int
    /// Most nodes that aliases may add to a stream in total. Aliases share
    /// storage, but every consumer walks the expanded tree, so a "billion
    /// laughs" file must be stopped while it is being read.
    public var maxAliasNodes: Int

    public init(maxBytes: Int = 3 * 1024 * 1024, maxDepth: Int = 200, maxAliasNodes: Int = 100_000) {
        self.maxBytes = maxBytes
        self.maxDepth = maxDepth
        self.maxAliasNodes = maxAliasNodes
    }

    public static let `default` = LoadLimits()
}
