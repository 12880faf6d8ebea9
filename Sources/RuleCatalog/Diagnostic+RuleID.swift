import SourceModel

extension Diagnostic {
    /// A finding of a registered rule. Rules report through this
    /// initialiser, so the id they emit is one ``RuleRegistry`` describes.
    public init(rule: RuleID, severity: Severity = .error, message: String, path: DocumentPath = .root, location: SourceLocation = .unknown, dependsOnNode: Bool = false) {
        self.init(rule: rule.rawValue, severity: severity, message: message, path: path, location: location, dependsOnNode: dependsOnNode)
    }

    /// ``rule`` as a typed id.
    public var ruleID: RuleID { RuleID(rawValue: rule) }
}
