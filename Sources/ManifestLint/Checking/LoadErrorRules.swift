import SourceModel

/// Rule ids for documents that could not be read, so that a broken file
/// shows up in every output format like any other finding.
enum LoadErrorRules {
    /// `yaml.syntax`, `yaml.duplicate-key`, `json.syntax`, … by error code.
    static func rule(for code: LoadError.Code, syntax: LintInput.Syntax) -> String {
        let prefix = syntax == .json ? "json" : "yaml"
        switch code {
        case .syntax: return "\(prefix).syntax"
        case .duplicateKey: return "\(prefix).duplicate-key"
        case .aliasBudget: return "yaml.alias-budget"
        case .tooDeep: return "\(prefix).too-deep"
        case .tooLarge: return "lint.too-large"
        case .encoding: return "\(prefix).encoding"
        case .undefinedAlias: return "yaml.undefined-alias"
        }
    }

    static func finding(for error: LoadError, syntax: LintInput.Syntax) -> Finding {
        Finding(Diagnostic(rule: rule(for: error.code, syntax: syntax), severity: .error, message: error.message, location: error.location))
    }

    static func tooLarge(size: Int?, limit: Int) -> Finding {
        let seen = size.map { "is \($0) bytes" } ?? "has more"
        return Finding(Diagnostic(
            rule: "lint.too-large",
            message: "input \(seen), over the limit of \(limit) bytes (--max-size; the kube-apiserver refuses requests over 3 MiB)"
        ))
    }

    /// `reason` as `strerror` words it; the report shows the path already.
    static func ioFailure(_ reason: String) -> Finding {
        Finding(Diagnostic(rule: "lint.io", message: "cannot read: \(reason)"))
    }
}
