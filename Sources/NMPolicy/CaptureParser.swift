/// The structure nmstate builds from capture tokens
/// (`NetworkCaptureCommand::parse` in `policy/capture.rs`), before
/// nncp-guard's own checks. Errors and positions are nmstate's.
struct CaptureCommand: Sendable {
    enum Action: Sendable {
        case none, equal, replace, regex

        /// How current nmstate names the action in its messages.
        var symbol: String {
            switch self {
            case .none: return ""
            case .equal: return "=="
            case .replace: return ":="
            case .regex: return "=~"
            }
        }
    }

    /// Index of the pipe token, if any.
    var pipeIndex: Int?
    /// `capture.<name>` before the pipe, with nmstate's (zero) position.
    var pipeSource: (name: String, position: Int)?
    var action: Action = .none
    /// Index of `==` / `:=` in the tokens.
    var actionIndex: Int?
    /// The key path with any `capture.<name>` prefix removed; nil when
    /// nmstate stores the whole state.
    var key: CaptureToken?
    /// `capture.<name>` prefix of the key path (name and name position).
    var keyCapture: (name: String, position: Int)?
    var value: CaptureToken?
    /// `capture.<name>` prefix of a path operand.
    var valueCapture: (name: String, position: Int)?
}

struct CaptureParser {
    let line: String
    let tokens: [CaptureToken]
    var dialect: CaptureDialect = .latest

    private func error(_ message: String, at position: Int) -> PolicyError {
        PolicyError(message, line: line, position: position)
    }

    func parse() throws(PolicyError) -> CaptureCommand {
        var command = CaptureCommand()
        if let p = tokens.firstIndex(where: \.isPipe) {
            command.pipeIndex = p
            command.pipeSource = try pipeSource(tokens[..<p], pipe: tokens[p])
            if p + 1 < tokens.count {
                try parseAction(tokens[(p + 1)...], into: &command)
            }
        } else {
            try parseAction(tokens[...], into: &command)
        }
        return command
    }

    private func pipeSource(_ before: ArraySlice<CaptureToken>, pipe: CaptureToken) throws(PolicyError) -> (name: String, position: Int) {
        let message = "The pipe action should always in format of 'capture.<capture_name>'"
        guard let first = before.first else { throw error(message, at: pipe.position) }
        guard case .path(let names, _) = first, names.count == 2, names[0] == "capture" else {
            throw error(message, at: first.position)
        }
        // nmstate leaves the position of a piped capture at 0.
        return (names[1], 0)
    }

    private func parseAction(_ part: ArraySlice<CaptureToken>, into command: inout CaptureCommand) throws(PolicyError) {
        // nmstate looks for `==`, then `:=`, then `=~`.
        if let e = part.firstIndex(where: \.isEqual) {
            try action(.equal, at: e, in: part, into: &command)
        } else if let r = part.firstIndex(where: \.isReplace) {
            try action(.replace, at: r, in: part, into: &command)
        } else if let x = part.firstIndex(where: \.isRegex) {
            try action(.regex, at: x, in: part, into: &command)
        } else if let first = part.first, first.isPath {
            command.action = .none
            command.key = first
        }
    }

    /// 2.2.38 checks for a missing value after `==` only; current nmstate
    /// checks it after every action and names the action by its symbol.
    private func action(_ action: CaptureCommand.Action, at index: Int, in part: ArraySlice<CaptureToken>, into command: inout CaptureCommand) throws(PolicyError) {
        if index + 1 >= part.endIndex {
            switch dialect {
            case .latest:
                throw error("The \(action.symbol) action got no value defined afterwards", at: part[index].position)
            case .v2_2_38 where action == .equal:
                throw error("The equal action got no value defined afterwards", at: part[index].position)
            case .v2_2_38:
                break
            }
        }
        command.action = action
        command.actionIndex = index
        try fillKeyAndValue(part, action: index, into: &command)
    }

    private func fillKeyAndValue(_ part: ArraySlice<CaptureToken>, action: Int, into command: inout CaptureCommand) throws(PolicyError) {
        let (key, keyCapture) = try conditionKey(part[..<action], action: part[action])
        if command.pipeSource == nil, let keyCapture { command.keyCapture = keyCapture }
        command.key = key
        let (value, valueCapture) = try conditionValue(part[(action + 1)...], action: part[action])
        command.value = value
        command.valueCapture = valueCapture
    }

    private func conditionKey(_ before: ArraySlice<CaptureToken>, action: CaptureToken) throws(PolicyError) -> (CaptureToken, (name: String, position: Int)?) {
        let message = "The equal or replace action should always start with property path"
        guard before.count == 1, let first = before.first else { throw error(message, at: action.position) }
        guard case .path(let names, let pos) = first else { throw error(message, at: first.position) }
        guard names.first == "capture" else { return (first, nil) }
        guard names.count > 2 else { throw error("No property path after capture name", at: pos) }
        // nmstate's key position after the prefix points at the dot that
        // follows the capture name.
        let rest = CaptureToken.path(Array(names[2...]), pos + PolicyText.count("capture.") + PolicyText.count(names[1]))
        return (rest, (names[1], pos + PolicyText.count("capture.")))
    }

    private func conditionValue(_ after: ArraySlice<CaptureToken>, action: CaptureToken) throws(PolicyError) -> (CaptureToken, (name: String, position: Int)?) {
        guard after.count == 1, let first = after.first else {
            throw error("The equal or replace action should end with single value or property path",
                        at: after.count >= 2 ? after[after.startIndex].position : action.position)
        }
        switch first {
        case .path(let names, let pos):
            guard names.first == "capture" else { return (first, nil) }
            guard names.count >= 3 else {
                throw PolicyError(
                    kind: .invalidArgument,
                    "When using equal action to match against captured data, the correct format should be 'interfaces.name == capture.default-gw.interfaces.0.name', but got: \(line)",
                    line: line, position: pos)
            }
            let rest = CaptureToken.path(Array(names[2...]), pos + PolicyText.count("capture.\(names[1])."))
            return (rest, (names[1], pos + PolicyText.count("capture.")))
        case .value, .null:
            return (first, nil)
        case .pipe, .equal, .replace, .regex:
            throw PolicyError(kind: .invalidArgument,
                              "The equal action should end with single value or property path but got: \(line)",
                              line: line, position: first.position)
        }
    }
}
