import RuleCatalog
import SourceModel

/// Everything wrong with an enforcement configuration, each issue with the
/// line and column it was found at, so a bad `--config` fails at start-up
/// with a message that points into the file.
public struct EnforcementConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    public struct Issue: Sendable, Equatable {
        public var message: String
        public var location: SourceLocation
        /// Where this issue comes from when it is not the error's
        /// ``EnforcementConfigError/source`` (a flag next to a file).
        public var source: String?

        public init(_ message: String, at location: SourceLocation = .unknown, source: String? = nil) {
            self.message = message
            self.location = location
            self.source = source
        }
    }

    /// File name (or `--rule-action`) the issues refer to.
    public var source: String
    public var issues: [Issue]

    public init(source: String, issues: [Issue]) {
        self.source = source
        self.issues = issues
    }

    /// One line per issue: `config.yaml:3:5: unknown action "block" …`.
    public var description: String {
        issues.map { issue in
            let source = issue.source ?? self.source
            return issue.location.isKnown ? "\(source):\(issue.location): \(issue.message)" : "\(source): \(issue.message)"
        }.joined(separator: "\n")
    }
}

extension EnforcementPolicy {
    static let topLevelKeys = ["rules", "clusterUnavailable"]

    /// Reads a configuration file (see ``defaultConfigYAML``) in `format`.
    /// Every key is optional; an empty file gives the defaults. All problems
    /// are reported together, not just the first.
    public init(configBytes bytes: [UInt8], format: ConfigFileFormat, source: String = "config") throws(EnforcementConfigError) {
        self.init()
        let (documents, loadError) = format.loadDocuments(bytes)
        if let loadError {
            throw EnforcementConfigError(source: source, issues: [.init(loadError.message + format.hint, at: loadError.location)])
        }
        guard documents.count <= 1 else {
            throw EnforcementConfigError(source: source, issues: [.init("expected one \(format.name) document, found \(documents.count)", at: documents[1].location)])
        }
        guard let root = documents.first else { return }
        guard let members = root.members else {
            throw EnforcementConfigError(source: source, issues: [.init("the configuration must be a mapping with `rules` and `clusterUnavailable`, got \(root.kindName)", at: root.location)])
        }
        var issues: [EnforcementConfigError.Issue] = []
        for m in members {
            switch m.key {
            case "rules":
                parseRules(m.value, into: &issues)
            case "clusterUnavailable":
                let allowed = ClusterUnavailableAction.allCases.map(\.rawValue)
                if let s = m.value.string, let a = ClusterUnavailableAction(rawValue: s) {
                    clusterUnavailable = a
                } else {
                    issues.append(.init("clusterUnavailable must be \(Self.alternatives(allowed)), got \(m.value.typeDescription)", at: m.value.location))
                }
            default:
                issues.append(.init("unknown key \(JSONWriter.quoted(m.key)); expected \(Self.alternatives(Self.topLevelKeys))", at: m.keyLocation))
            }
        }
        if !issues.isEmpty { throw EnforcementConfigError(source: source, issues: issues) }
    }

    private mutating func parseRules(_ value: Value, into issues: inout [EnforcementConfigError.Issue]) {
        if value.isNull { return }
        guard let members = value.members else {
            issues.append(.init("rules must be a mapping of rule id (or `prefix.*`) to an action, got \(value.kindName)", at: value.location))
            return
        }
        for m in members {
            let pattern: RulePattern
            switch RulePattern.parse(m.key) {
            case .success(let p): pattern = p
            case .failure(let e):
                issues.append(.init(e.message, at: m.keyLocation))
                continue
            }
            guard let text = m.value.string, let action = RuleAction(rawValue: text) else {
                let got = m.value.string.map { JSONWriter.quoted($0) } ?? m.value.typeDescription
                issues.append(.init("unknown action \(got) for rule \(JSONWriter.quoted(m.key)); expected \(Self.alternatives(RuleAction.allCases.reversed().map(\.rawValue)))", at: m.value.location))
                continue
            }
            set(action, for: pattern)
            origins.append(PatternOrigin(pattern: pattern, source: nil, location: m.keyLocation))
        }
    }

    /// Refuses patterns that name no rule of ``RuleRegistry``: a misspelt id
    /// would otherwise match nothing and the rule would keep its default
    /// action without anyone noticing. Each issue points at the file
    /// position or the flag it came from and suggests the closest id.
    public func checkRuleIDs(source: String = "config") throws(EnforcementConfigError) {
        var issues: [EnforcementConfigError.Issue] = []
        for origin in origins {
            guard let problem = RuleRegistry.problem(with: origin.pattern.description) else { continue }
            if let flag = origin.source {
                issues.append(.init("\(flag): \(problem)", source: "command line"))
            } else {
                issues.append(.init(problem, at: origin.location))
            }
        }
        if !issues.isEmpty { throw EnforcementConfigError(source: source, issues: issues) }
    }

    /// Parses one `--rule-action` value, `id=action` (`schema.*=warn`).
    public static func parseRuleAction(_ text: String) throws(EnforcementConfigError) -> (RulePattern, RuleAction) {
        let source = "--rule-action \(JSONWriter.quoted(text))"
        guard let eq = text.firstIndex(of: "=") else {
            throw EnforcementConfigError(source: source, issues: [.init("expected `rule-id=action`, e.g. `nmstate.bond.mode-required=warn`")])
        }
        let id = String(text[..<eq]).trimmingASCIISpaces
        let actionText = String(text[text.index(after: eq)...]).trimmingASCIISpaces
        var issues: [EnforcementConfigError.Issue] = []
        var pattern: RulePattern?
        switch RulePattern.parse(id) {
        case .success(let p): pattern = p
        case .failure(let e): issues.append(.init(e.message))
        }
        let action = RuleAction(rawValue: actionText)
        if action == nil {
            issues.append(.init("unknown action \(JSONWriter.quoted(actionText)); expected \(alternatives(RuleAction.allCases.reversed().map(\.rawValue)))"))
        }
        guard let pattern, let action, issues.isEmpty else {
            throw EnforcementConfigError(source: source, issues: issues)
        }
        return (pattern, action)
    }

    /// Applies `--rule-action` flags in order on top of the file's table.
    /// An override replaces the file's entry for the same pattern; other
    /// entries still resolve by specificity (an exact id in the file beats a
    /// wildcard on the command line).
    public mutating func applyRuleActions(_ flags: [String]) throws(EnforcementConfigError) {
        var issues: [EnforcementConfigError.Issue] = []
        for flag in flags {
            do {
                let (pattern, action) = try Self.parseRuleAction(flag)
                set(action, for: pattern)
                origins.append(PatternOrigin(pattern: pattern, source: "--rule-action \(JSONWriter.quoted(flag))", location: .unknown))
            } catch {
                issues += error.issues.map { .init("\(error.source): \($0.message)") }
            }
        }
        if !issues.isEmpty { throw EnforcementConfigError(source: "command line", issues: issues) }
    }

    static func alternatives(_ words: [String]) -> String {
        switch words.count {
        case 0: return ""
        case 1: return words[0]
        default: return words.dropLast().joined(separator: ", ") + " or " + words.last!
        }
    }
}

extension String {
    var trimmingASCIISpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return String(s)
    }
}
