/// A `{{ capture.<name>.<path> }}` reference inside a desired-state string.
///
/// nmstate 2.2.38 allows one reference per string, optionally with text
/// before or after it (`"{{ capture.base.interfaces.0.name }}.100"`); the
/// text is kept only when the reference resolves to a string.
public struct TemplateReference: Sendable, Hashable, CustomStringConvertible {
    /// The trimmed string the reference was found in; positions point into it.
    public var text: String
    /// The dotted path between the braces, split on `.`.
    public var path: [String]
    /// Position of the path in ``text``.
    public var position: Int
    /// Text before `{{` and after `}}`. nmstate joins the words around the
    /// reference without the spaces between them, and so do we.
    public var prefix: String
    public var suffix: String

    public init(text: String, path: [String], position: Int, prefix: String = "", suffix: String = "") {
        self.text = text
        self.path = path
        self.position = position
        self.prefix = prefix
        self.suffix = suffix
    }

    /// Whether there is text around the reference.
    public var hasAffixes: Bool { !prefix.isEmpty || !suffix.isEmpty }

    /// The capture the reference reads (`path[1]`).
    public var captureName: String { path.count > 1 ? path[1] : "" }

    /// The property path inside the capture's state (`path[2...]`).
    public var propertyPath: [String] { path.count > 2 ? Array(path[2...]) : [] }

    /// nmstate's position of ``captureName`` (used by "Failed to find capture").
    public var captureNamePosition: Int { position + PolicyText.count("capture.") }

    /// nmstate's position of ``propertyPath``.
    public var propertyPathPosition: Int { position + PolicyText.count("capture.\(captureName).") }

    public var description: String { "{{ \(path.joined(separator: ".")) }}" }

    /// The references in one desired-state string: none, or one.
    ///
    /// Throws nmstate's messages for malformed braces, for a reference
    /// without a single property path, for text around the reference that
    /// is not plain words, and for paths that do not name a capture. (The
    /// last two nmstate reports while filling the template; they depend on
    /// the string alone, so they are reported here.)
    public static func scan(_ string: String) throws(PolicyError) -> [TemplateReference] {
        guard string.unicodeScalars.contains(where: { $0 == "{" || $0 == "}" }) else { return [] }
        let line = PolicyText.trim(string)
        let tokens = try TemplateLexer(line: line).tokenize()
        guard let start = tokens.firstIndex(where: \.isStart), let end = tokens.firstIndex(where: \.isEnd) else {
            return []
        }
        guard case .path(let path, let position) = tokens[start + 1] else {
            throw PolicyError("Only allow property path between reference start {{ and reference end }}",
                              line: line, position: tokens[start].position)
        }
        var prefix = ""
        for token in tokens[..<start] {
            guard case .value(let word, _) = token else {
                throw PolicyError("Only allows string before reference", line: line, position: token.position)
            }
            prefix += word
        }
        var suffix = ""
        for token in tokens[(end + 1)...] {
            guard case .value(let word, _) = token else {
                throw PolicyError("Only allows string after reference", line: line, position: token.position)
            }
            suffix += word
        }
        if path.count < 2 {
            throw PolicyError("Invalid capture reference string, should be in the format capture.<capture_name>.<property_path>",
                              line: line, position: position)
        }
        if path[0] != "capture" {
            throw PolicyError("Can only refer to captured data", line: line, position: position)
        }
        let reference = TemplateReference(text: line, path: path, position: position, prefix: prefix, suffix: suffix)
        if path.count == 2 {
            // nmstate fails here with an internal "Got zero length prop_path".
            throw PolicyError("No property path after capture name", line: line,
                              position: reference.captureNamePosition, origin: .guardRule)
        }
        return [reference]
    }
}
