/// One thing to lint: a file, or standard input.
public struct LintInput: Sendable, Hashable {
    public enum Source: Sendable, Hashable {
        case file(String)
        case standardInput
    }

    /// How the bytes are read. JSON files go through the strict JSON reader
    /// (exact positions, RFC 8259 errors); everything else is a YAML stream,
    /// which also reads JSON.
    public enum Syntax: String, Sendable, Hashable {
        case yaml
        case json
    }

    public var source: Source
    /// The name shown in reports: the path as the user wrote it (or as it
    /// was found under a directory they named), `<stdin>` for `-`.
    public var displayPath: String
    public var syntax: Syntax

    public init(source: Source, displayPath: String, syntax: Syntax) {
        self.source = source
        self.displayPath = displayPath
        self.syntax = syntax
    }

    public static func file(_ path: String) -> LintInput {
        LintInput(source: .file(path), displayPath: path, syntax: Syntax(forPath: path))
    }

    public static let standardInput = LintInput(source: .standardInput, displayPath: "<stdin>", syntax: .yaml)
}

extension LintInput.Syntax {
    /// `.json` files are JSON, anything else YAML.
    public init(forPath path: String) {
        self = path.lowercased().hasSuffix(".json") ? .json : .yaml
    }
}
