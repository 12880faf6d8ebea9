/// One lexical unit of a desired-state string, as nmstate splits it when
/// looking for `{{ … }}` references (`parse_str_to_template_tokens`).
enum TemplateToken: Sendable, Hashable {
    /// A word that is not a path (prefix or suffix text).
    case value(String, Int)
    /// `{{`
    case referenceStart(Int)
    /// A word with a `.` that does not start with `.`, split on `.`.
    case path([String], Int)
    /// `}}`
    case referenceEnd(Int)

    var position: Int {
        switch self {
        case .value(_, let p), .referenceStart(let p), .path(_, let p), .referenceEnd(let p): return p
        }
    }

    var isStart: Bool { if case .referenceStart = self { return true } else { return false } }
    var isEnd: Bool { if case .referenceEnd = self { return true } else { return false } }
}

/// Tokenises a (trimmed) desired-state string with nmstate 2.2.38's rules
/// and messages. Any `{` or `}` in the string is template syntax to
/// nmstate, which is why a stray brace is an error.
struct TemplateLexer {
    let line: String
    private let scalars: [Unicode.Scalar]

    init(line: String) {
        self.line = line
        self.scalars = Array(line.unicodeScalars)
    }

    private func error(_ message: String, at position: Int) -> PolicyError {
        PolicyError(message, line: line, position: position)
    }

    func tokenize() throws(PolicyError) -> [TemplateToken] {
        var tokens: [TemplateToken] = []
        var i = 0
        while i < scalars.count {
            let c = scalars[i]
            let pos = i
            i += 1
            switch c {
            case "{":
                guard i < scalars.count else {
                    throw error("Invalid reference action string after =, expecting another '{', but got nothing", at: pos)
                }
                let next = scalars[i]
                i += 1
                guard next == "{" else {
                    throw error("Invalid reference action string after {, expecting another '{'", at: pos)
                }
                if tokens.contains(where: \.isStart) {
                    throw error("Nmpolicy does not allow multiple references {{}}", at: pos)
                }
                tokens.append(.referenceStart(pos))
                while i < scalars.count, PolicyText.isWhitespace(scalars[i]) { i += 1 }
            case "}":
                guard i < scalars.count else {
                    throw error("Invalid reference action string after }, expecting another '}', but got nothing", at: pos)
                }
                let next = scalars[i]
                i += 1
                guard next == "}" else {
                    throw error("Invalid reference action string after }, expecting another '}'", at: pos)
                }
                if tokens.contains(where: \.isEnd) {
                    throw error("Nmpolicy does not allow multiple references {{}}", at: pos)
                }
                tokens.append(.referenceEnd(pos))
            default:
                // A word runs to the next brace (left for the next round) or
                // the next whitespace (consumed). Its position is where the
                // scan started, even if that was whitespace.
                var word: [Unicode.Scalar] = [c]
                while i < scalars.count {
                    let s = scalars[i]
                    if s == "{" || s == "}" { break }
                    i += 1
                    if PolicyText.isWhitespace(s) { break }
                    word.append(s)
                }
                let text = PolicyText.trim(PolicyText.string(word[...]))
                if text.isEmpty { continue }
                if text.unicodeScalars.contains("."), text.unicodeScalars.first != "." {
                    tokens.append(.path(text.split(separator: ".", omittingEmptySubsequences: false).map(String.init), pos))
                } else {
                    tokens.append(.value(text, pos))
                }
            }
        }
        try checkPairing(tokens)
        return tokens
    }

    private func checkPairing(_ tokens: [TemplateToken]) throws(PolicyError) {
        let start = tokens.firstIndex(where: \.isStart)
        let end = tokens.firstIndex(where: \.isEnd)
        if let start, end == nil {
            throw error("No reference end }} found", at: tokens[start].position)
        }
        if let end, start == nil {
            throw error("No reference start {{ found", at: tokens[end].position)
        }
        guard let start, let end else { return }
        if start >= end {
            throw error("The reference start {{ can not be placed before reference end }}", at: tokens[end].position)
        }
        if start + 1 >= end {
            throw error("No property path between reference start {{ and reference end }}", at: tokens[end].position - 1)
        }
        if start + 2 != end {
            throw error("Only allows single property path between reference start {{ and reference end }}", at: tokens[start + 2].position)
        }
    }
}
