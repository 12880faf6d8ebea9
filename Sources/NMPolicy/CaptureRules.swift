/// nncp-guard's checks on top of nmstate's parser, and the conversion of
/// nmstate's command structure into a ``CaptureExpression``.
///
/// The checks are ``PolicyError/Origin/guardRule`` checks for input nmstate
/// accepts but that cannot mean what was written: Go-only single quotes,
/// words that are neither names nor numbers, empty path names, a lone word
/// (nmstate would capture the whole state), text nmstate silently ignores.
/// nmstate's own resolution-time rules on the key path are in
/// ``CaptureExpression/keywordError``.
struct CaptureRules {
    let line: String
    let tokens: [CaptureToken]
    let command: CaptureCommand

    /// Top-level keys of an nmstate state (`net_state.rs`).
    static let stateKeys = ["hostname", "dns-resolver", "route-rules", "routes", "interfaces", "ovs-db", "ovn"]

    private func guardError(_ message: String, at position: Int) -> PolicyError {
        PolicyError(message, line: line, position: position, origin: .guardRule)
    }

    func expression() throws(PolicyError) -> CaptureExpression {
        try checkTokens()
        try checkStructure()
        let source = sourceOfInput()
        switch command.action {
        case .none:
            guard case .path(let names, let pos)? = command.key else {
                return CaptureExpression(text: line, source: nil, operation: .wholeState)
            }
            return CaptureExpression(text: line, source: source, operation: .retain(PropertyPath(names, position: pos)))
        case .equal, .replace:
            guard case .path(let names, let pos)? = command.key, let valueToken = command.value else {
                throw PolicyError(kind: .bug, "Capture command without key or value: \(line)", line: line)
            }
            let key = PropertyPath(names, position: pos)
            let value = try operand(valueToken)
            return CaptureExpression(text: line, source: source,
                                     operation: command.action == .equal ? .filter(key: key, value: value) : .replace(key: key, value: value))
        case .regex:
            // The lexer only lets a quoted string follow `=~`.
            guard case .path(let names, let pos)? = command.key, case .value(let pattern, true, let patternPosition)? = command.value else {
                throw PolicyError(kind: .bug, "Regex capture command without key or pattern: \(line)", line: line)
            }
            return CaptureExpression(text: line, source: source,
                                     operation: .match(key: PropertyPath(names, position: pos), pattern: try CapturePattern(pattern, position: patternPosition, line: line)))
        }
    }

    private func sourceOfInput() -> CaptureExpression.Source? {
        if let pipe = command.pipeSource { return .init(capture: pipe.name, position: pipe.position, isPipe: true) }
        if let k = command.keyCapture { return .init(capture: k.name, position: k.position, isPipe: false) }
        return nil
    }

    private func operand(_ token: CaptureToken) throws(PolicyError) -> CaptureOperand {
        switch token {
        case .value(let text, let quoted, let pos):
            return CaptureOperand(quoted ? .string(text) : .word(text), position: pos)
        case .null(let pos):
            return CaptureOperand(.null, position: pos)
        case .path(let names, let pos):
            if let vc = command.valueCapture {
                return CaptureOperand(.capturePath(capture: vc.name, path: PropertyPath(names, position: pos)), position: vc.position)
            }
            return CaptureOperand(.statePath(PropertyPath(names, position: pos)), position: pos)
        case .pipe, .equal, .replace, .regex:
            throw PolicyError(kind: .bug, "Unexpected operand token in \(line)", line: line, position: token.position)
        }
    }

    // MARK: - Token-level checks

    /// Checks every bare word and path in the order they appear.
    private func checkTokens() throws(PolicyError) {
        for token in tokens {
            switch token {
            case .value(let text, false, let pos):
                try checkSingleQuote(text, at: pos)
                if text == "capture" {
                    throw guardError("'capture' needs a capture name and a property path, as in capture.<name>.interfaces.0.name", at: pos)
                }
                guard PolicyText.isIdentity(text) || PolicyText.isNumber(text) else {
                    throw guardError("Invalid word '\(text)': an unquoted value must be a name (a letter, then letters, digits, '-' or '_') or a number (digits only); put other text in double quotes", at: pos)
                }
            case .path(let names, let pos):
                try checkSingleQuote(names.joined(separator: "."), at: pos)
                if isStateOperand(token), let first = names.first, !Self.stateKeys.contains(first) {
                    throw guardError("Unquoted '\(names.joined(separator: "."))' is read as a property path of the current state, which has no '\(first)'; put text values in double quotes", at: pos)
                }
                try checkPathNames(names, at: pos)
            default:
                continue
            }
        }
    }

    /// Whether `token` is the operand of `==`/`:=` and reads the state
    /// rather than a capture.
    private func isStateOperand(_ token: CaptureToken) -> Bool {
        guard let a = command.actionIndex, a + 1 < tokens.count, tokens[a + 1] == token else { return false }
        if case .path(let names, _) = token { return names.first != "capture" }
        return false
    }

    private func checkSingleQuote(_ text: String, at position: Int) throws(PolicyError) {
        guard let offset = text.unicodeScalars.firstIndex(of: "'") else { return }
        let at = position + text.unicodeScalars.distance(from: text.unicodeScalars.startIndex, to: offset)
        throw guardError("Single-quoted strings are only supported by Go nmpolicy; nmstate 2.2.38 keeps the quotes as part of the value, use double quotes", at: at)
    }

    /// Every name of a path must be a name or an index.
    private func checkPathNames(_ names: [String], at position: Int) throws(PolicyError) {
        var start = position
        let last = max(0, PolicyText.count(line) - 1)
        for name in names {
            if name.isEmpty {
                throw guardError("Invalid property path: a name is missing before or after '.'", at: min(start, last))
            }
            guard PolicyText.isIdentity(name) || PolicyText.isNumber(name) else {
                throw guardError("Invalid property path: '\(name)' is neither a name (a letter, then letters, digits, '-' or '_') nor an index (digits only)", at: start)
            }
            start += PolicyText.count(name) + 1
        }
    }

    // MARK: - Structure checks

    private func checkStructure() throws(PolicyError) {
        guard let first = tokens.first else {
            throw guardError("Empty capture expression: nmstate would capture the whole current state; write a property path such as interfaces.name==\"eth1\"", at: 0)
        }
        if let p = command.pipeIndex, p > 1 {
            throw guardError("Unexpected text before the pipe: only capture.<name> can be piped", at: tokens[1].position)
        }
        let body = command.pipeIndex.map { Array(tokens[($0 + 1)...]) } ?? tokens
        switch command.action {
        case .none:
            guard case .path(let names, let pos)? = command.key else {
                try checkWholeState(first)
                return
            }
            if names.first == "capture" {
                throw guardError("A property path cannot start with 'capture' here: nmstate reads it from the current state and captures nothing; pipe the capture instead: capture.<name> | <path>", at: pos)
            }
            if body.count > 1 {
                throw guardError("Unexpected text after the property path: use '==' to filter or ':=' to replace", at: body[1].position)
            }
            if let top = names.first, !Self.stateKeys.contains(top) {
                throw guardError("An nmstate state has no '\(top)'; the state keys are \(Self.stateKeys.joined(separator: ", "))", at: pos)
            }
        case .equal, .replace, .regex:
            if let pipe = command.pipeSource, let a = command.actionIndex,
               case .path(let names, let pos) = tokens[a - 1], names.first == "capture", names.count > 2, names[1] != pipe.name {
                throw guardError("This expression reads capture '\(pipe.name)' through the pipe; nmstate ignores the 'capture.\(names[1])' prefix of the property path", at: pos)
            }
        }
    }

    /// The free-text form is only accepted as a list of words, the way
    /// kubernetes-nmstate's placeholders (`override me with the cache`) are
    /// written; a lone word is almost always a path missing its dot.
    private func checkWholeState(_ first: CaptureToken) throws(PolicyError) {
        if tokens.count == 1, case .value(let word, false, let pos) = first {
            throw guardError("'\(word)' is not a property path (it has no '.'): nmstate would capture the whole current state; write a path such as interfaces.name==\"eth1\"", at: pos)
        }
        for token in tokens {
            guard case .value(_, false, _) = token else {
                throw guardError("Expected a property path at the start of the capture expression", at: first.position)
            }
        }
    }
}
