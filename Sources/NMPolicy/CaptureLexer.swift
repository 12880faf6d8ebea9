/// Splits a capture expression into ``CaptureToken``s with nmstate's rules
/// and messages (`policy/token.rs`) in the chosen ``CaptureDialect``, so
/// errors and carets match what `nmstatectl policy` prints.
///
/// The only departure: `!=` (Go nmpolicy's inequality filter) is reported as
/// such. nmstate has no `!=` and fails on it with a message about `=` that
/// does not tell the user why.
struct CaptureLexer {
    let line: String
    let dialect: CaptureDialect
    private let scalars: [Unicode.Scalar]
    /// Characters that end a bare word or path.
    private let boundaries: Set<Unicode.Scalar>

    init(line: String, dialect: CaptureDialect = .latest) {
        self.line = line
        self.dialect = dialect
        self.scalars = Array(line.unicodeScalars)
        // Current nmstate also ends a word at `~`, the second half of `=~`.
        self.boundaries = dialect == .latest ? [" ", "=", "!", "|", "\"", ":", "~"] : [" ", "=", "!", "|", "\"", ":"]
    }

    private func error(_ message: String, at position: Int, origin: PolicyError.Origin = .nmstate) -> PolicyError {
        PolicyError(message, line: line, position: position, origin: origin)
    }

    func tokenize() throws(PolicyError) -> [CaptureToken] {
        var tokens: [CaptureToken] = []
        var i = 0
        while i < scalars.count {
            let c = scalars[i]
            let pos = i
            i += 1
            switch c {
            case "=" where dialect == .latest:
                guard i < scalars.count else {
                    throw error("Invalid equal or regex action, string after =, expecting another '=' or '~', but got nothing", at: pos)
                }
                let next = scalars[i]
                i += 1
                if next == "=" {
                    if tokens.contains(where: \.isEqual) {
                        throw error("Nmpolicy does not allows two equal action", at: pos)
                    }
                    tokens.append(.equal(pos))
                } else if next == "~" {
                    if tokens.contains(where: \.isRegex) {
                        throw error("Nmpolicy does not allows two regex action", at: pos)
                    }
                    // The pattern must follow at once, as a quoted string.
                    guard i < scalars.count, scalars[i] == "\"" else {
                        throw error("Missing double quote after regex", at: pos)
                    }
                    tokens.append(.regex(pos))
                } else {
                    throw error("Invalid equal or regex action string after =, expecting another '=' or '~'", at: pos + 1)
                }
            case "=":
                guard i < scalars.count else {
                    throw error("Invalid equal action string after =, expecting another '=', but got nothing", at: pos)
                }
                let next = scalars[i]
                i += 1
                guard next == "=" else {
                    // nmstate 2.2.38's message, and why `=~` lands here.
                    let hint = next == "~" ? " (the regex filter '=~' is newer than nmstate 2.2.38; not accepted by profile 2.2.38)" : ""
                    throw error("Invalid equal action string after =, expecting another '='" + hint, at: pos + 1)
                }
                if tokens.contains(where: \.isEqual) {
                    throw error("Nmpolicy does not allows two equal action", at: pos)
                }
                tokens.append(.equal(pos))
            case "|":
                if tokens.contains(where: \.isPipe) {
                    throw error("Nmpolicy does not allows two pipe action", at: pos)
                }
                tokens.append(.pipe(pos))
            case ":":
                guard i < scalars.count else {
                    throw error("Invalid replace action string after =, expecting another '=', but got nothing", at: pos)
                }
                let next = scalars[i]
                i += 1
                guard next == "=" else {
                    throw error("Invalid replace action string after =, expecting another '='", at: pos + 1)
                }
                if tokens.contains(where: \.isReplace) {
                    throw error("Nmpolicy does not allows two replace action", at: pos)
                }
                tokens.append(.replace(pos))
            case "\"":
                guard let close = scalars[i...].firstIndex(of: "\"") else {
                    throw error("No ending double quote", at: pos)
                }
                // nmstate drops an empty string ("") without a token.
                if close > i {
                    tokens.append(.value(PolicyText.string(scalars[i..<close]), quoted: true, pos + 1))
                }
                i = close + 1
            case "!" where i < scalars.count && scalars[i] == "=":
                throw error(
                    "The inequality action '!=' is only supported by Go nmpolicy; nmstate 2.2.38 (nmstatectl policy) has no '!=', only '==' and ':='",
                    at: pos, origin: .guardRule)
            default:
                if PolicyText.isWhitespace(c) { continue }
                var end = i
                while end < scalars.count, !boundaries.contains(scalars[end]) { end += 1 }
                let block = PolicyText.trim(PolicyText.string(scalars[pos..<end]))
                i = end
                if block.unicodeScalars.contains(".") {
                    tokens.append(.path(block.split(separator: ".", omittingEmptySubsequences: false).map(String.init), pos))
                } else if block.lowercased() == "null" {
                    tokens.append(.null(pos))
                } else if !block.isEmpty {
                    tokens.append(.value(block, quoted: false, pos))
                }
            }
        }

        if let p = tokens.firstIndex(where: \.isPipe) {
            guard p + 1 < tokens.count else {
                throw error("Invalid pipe action: no property path defined", at: tokens[p].position)
            }
            guard tokens[p + 1].isPath else {
                throw error("Invalid pipe action: only property path allowed after pipe", at: tokens[p + 1].position)
            }
        }
        return tokens
    }
}
