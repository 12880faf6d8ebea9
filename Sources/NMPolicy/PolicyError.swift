/// Why a capture expression, a `{{ … }}` template or a policy could not be
/// parsed or resolved.
///
/// The shape follows nmstate's `NmstateError`: a kind, a message, the text the
/// error is about (`line`) and a 0-based character position in it. Keeping
/// the same shape lets us render errors exactly the way `nmstatectl policy`
/// does, which is what users see in an NNCE when kubernetes-nmstate fails.
public struct PolicyError: Error, Sendable, Hashable, CustomStringConvertible {
    /// nmstate's `ErrorKind` values that the policy engine produces.
    public enum Kind: String, Sendable, Hashable {
        /// A syntax or lookup error with a caret position (`ErrorKind::PolicyError`).
        case policyError = "PolicyError"
        /// A semantic error without position (`ErrorKind::InvalidArgument`).
        case invalidArgument = "InvalidArgument"
        /// nmstate reports an internal inconsistency (`ErrorKind::Bug`);
        /// reachable from a few malformed inputs.
        case bug = "Bug"
    }

    /// Who would report this error.
    public enum Origin: String, Sendable, Hashable {
        /// nmstate 2.2.38 fails with this message (parse or resolution).
        case nmstate
        /// nmstate would accept the input (or fail with a misleading
        /// message) but nncp-guard rejects it: Go-only syntax, words that are
        /// neither names nor numbers, paths with empty names, and similar
        /// mistakes that nmstate silently turns into surprising captures.
        case guardRule
    }

    public var kind: Kind
    public var message: String
    /// The text the position points into: the trimmed capture expression or
    /// template string. Empty for errors that are not about one line.
    public var line: String
    /// 0-based position (in Unicode scalars) of the offending character.
    public var position: Int
    public var origin: Origin

    public init(kind: Kind = .policyError, _ message: String, line: String = "", position: Int = 0, origin: Origin = .nmstate) {
        self.kind = kind
        self.message = message
        self.line = line
        self.position = position
        self.origin = origin
    }

    /// Whether the error carries a caret snippet (nmstate prints one only for
    /// `PolicyError`).
    public var hasSnippet: Bool { kind == .policyError }

    /// The two snippet lines nmstate prints under the message:
    /// `| <line>` and `| ....^` with one dot per character before the caret.
    public var snippet: String {
        "| \(line)\n| \(String(repeating: ".", count: max(0, position)))^"
    }

    /// `<message>\n| <line>\n| ....^` for policy errors, the bare message
    /// otherwise.
    public var description: String {
        hasSnippet ? "\(message)\n\(snippet)" : message
    }

    /// nmstate's own `Display`: the description prefixed with the kind, as
    /// in `PolicyError: No reference end }} found\n| …`.
    public var nmstateDisplay: String { "\(kind.rawValue): \(description)" }
}
