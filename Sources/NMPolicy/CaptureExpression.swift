/// A dotted property path inside a capture expression
/// (`routes.running.next-hop-interface`), with the position nmstate uses
/// for errors about it.
public struct PropertyPath: Sendable, Hashable, CustomStringConvertible {
    public var names: [String]
    /// nmstate's position for this path. For a path written after
    /// `capture.<name>`, nmstate points at the `.` that follows the name
    /// (key side) or at the first name of the rest (value side); we keep
    /// its arithmetic so resolution errors put the caret where nmstate does.
    public var position: Int

    public init(_ names: [String], position: Int = 0) {
        self.names = names
        self.position = position
    }

    public var description: String { names.joined(separator: ".") }
}

/// The right-hand side of `==` or `:=`.
public struct CaptureOperand: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// A double-quoted string.
        case string(String)
        /// An unquoted word: `eth1`, `true`, `500`.
        case word(String)
        /// Unquoted `null`: compares equal to an empty value, and a
        /// replacement with it removes the property.
        case null
        /// A property path read from the state the expression runs on
        /// (usually the current state).
        case statePath(PropertyPath)
        /// `capture.<name>.<path>`: a property read from an earlier capture.
        case capturePath(capture: String, path: PropertyPath)
    }

    public var kind: Kind
    public var position: Int

    public init(_ kind: Kind, position: Int = 0) {
        self.kind = kind
        self.position = position
    }

    /// The capture this operand reads, if any.
    public var capture: String? {
        if case .capturePath(let name, _) = kind { return name }
        return nil
    }

    public var description: String {
        switch kind {
        case .string(let s): return "\"\(s)\""
        case .word(let w): return w
        case .null: return "null"
        case .statePath(let p): return p.description
        case .capturePath(let name, let p): return "capture.\(name).\(p)"
        }
    }
}

/// One parsed `spec.capture` expression.
///
/// The accepted language is nmstate 2.2.38's (`nmstatectl policy`, which
/// kubernetes-nmstate runs on each node), minus Go-only syntax and a few
/// forms that nmstate accepts but that cannot do what the author meant
/// (see ``PolicyError/Origin/guardRule``).
public struct CaptureExpression: Sendable, Hashable, CustomStringConvertible {
    public enum Operation: Sendable, Hashable {
        /// Free text without path or action (`override me with the cache`):
        /// nmstate stores the whole input state under the capture name.
        /// kubernetes-nmstate documents this form for captures that are
        /// replaced from its cache.
        case wholeState
        /// A path alone (`dns-resolver.running`): keeps only that subtree.
        case retain(PropertyPath)
        /// `path == value`: keeps the list entries whose property equals value.
        case filter(key: PropertyPath, value: CaptureOperand)
        /// `path := value`: sets the property on every list entry.
        case replace(key: PropertyPath, value: CaptureOperand)
        /// `path =~ "pattern"`: keeps the list entries whose property
        /// contains a match of the pattern (``CaptureDialect/latest``).
        case match(key: PropertyPath, pattern: CapturePattern)
    }

    /// Where the expression reads its input from when it is not the current
    /// state: `capture.<name> | …` (a pipe) or `capture.<name>.path == …`.
    public struct Source: Sendable, Hashable {
        public var capture: String
        /// nmstate's position of the capture name (0 for a pipe, which is
        /// what nmstate reports when the capture is missing).
        public var position: Int
        public var isPipe: Bool

        public init(capture: String, position: Int, isPipe: Bool) {
            self.capture = capture
            self.position = position
            self.isPipe = isPipe
        }
    }

    /// The expression as nmstate parses it: trimmed, non-breaking spaces
    /// replaced by spaces. Error positions point into this text.
    public var text: String
    public var source: Source?
    public var operation: Operation

    public init(text: String, source: Source?, operation: Operation) {
        self.text = text
        self.source = source
        self.operation = operation
    }

    /// Parses one capture expression in the given dialect.
    public static func parse(_ text: String, dialect: CaptureDialect = .latest) throws(PolicyError) -> CaptureExpression {
        let line = PolicyText.normalizedCaptureLine(text)
        let tokens = try CaptureLexer(line: line, dialect: dialect).tokenize()
        let command = try CaptureParser(line: line, tokens: tokens, dialect: dialect).parse()
        return try CaptureRules(line: line, tokens: tokens, command: command).expression()
    }

    /// The operand of a filter or replacement (a `=~` pattern is not one:
    /// it never reads the state or a capture).
    public var operand: CaptureOperand? {
        switch operation {
        case .filter(_, let v), .replace(_, let v): return v
        case .wholeState, .retain, .match: return nil
        }
    }

    /// The property path the operation works on.
    public var keyPath: PropertyPath? {
        switch operation {
        case .filter(let k, _), .replace(let k, _), .match(let k, _), .retain(let k): return k
        case .wholeState: return nil
        }
    }

    /// Every capture this expression reads.
    public var referencedCaptures: Set<String> {
        var names: Set<String> = []
        if let source { names.insert(source.capture) }
        if let c = operand?.capture { names.insert(c) }
        return names
    }

    /// The one capture nmstate orders this expression after: the input
    /// source if there is one, else the capture the operand reads. nmstate
    /// ignores the operand's capture for ordering when both exist.
    public var orderingDependency: String? { source?.capture ?? operand?.capture }

    public var description: String { text }
}
