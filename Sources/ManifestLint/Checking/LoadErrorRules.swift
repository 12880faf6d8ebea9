import RuleCatalog
import SourceModel

/// Rule ids for documents that could not be read, so that a broken file
/// shows up in every output format like any other finding.
enum LoadErrorRules {
    /// `yaml.syntax`, `yaml.duplicate-key`, `json.syntax`, … by error code.
    static func rule(for code: LoadError.Code, syntax: LintInput.Syntax) -> RuleID {
        let json = syntax == .json
        switch code {
        case .syntax: return json ? .jsonSyntax : .yamlSyntax
        case .duplicateKey: return json ? .jsonDuplicateKey : .yamlDuplicateKey
        case .aliasBudget: return .yamlAliasBudget
        case .tooDeep: return json ? .jsonTooDeep : .yamlTooDeep
        case .tooLarge: return .lintTooLarge
        case .encoding: return json ? .jsonEncoding : .yamlEncoding
        case .undefinedAlias: return .yamlUndefinedAlias
        }
    }

    static func finding(for error: LoadError, syntax: LintInput.Syntax) -> Finding {
        Finding(Diagnostic(rule: rule(for: error.code, syntax: syntax), severity: .error, message: error.message, location: error.location))
    }

    static func tooLarge(size: Int?, limit: Int) -> Finding {
        let seen = size.map { "is \($0) bytes" } ?? "has more"
        return Finding(Diagnostic(
            rule: .lintTooLarge,
            message: "input \(seen), over the limit of \(limit) bytes (--max-size; the kube-apiserver refuses requests over 3 MiB)"
        ))
    }

    /// `reason` as `strerror` words it; the report shows the path already.
    static func ioFailure(_ reason: String) -> Finding {
        Finding(Diagnostic(rule: .lintIo, message: "cannot read: \(reason)"))
    }
}
