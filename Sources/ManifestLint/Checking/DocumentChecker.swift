import NMStateSchema
import PolicyRules
import RuleCatalog
import SourceModel

/// Checks one YAML document: classifies it, runs the validator that fits,
/// and expands `List`s into one report per item.
///
/// Built once per run and shared by every file task: the validators are
/// immutable values, so the per-document path allocates only the findings.
struct DocumentChecker: Sendable {
    let options: LintOptions
    let policyValidator: PolicyValidator
    let stateValidator: DesiredStateValidator
    let policyDocuments: PolicyDocumentChecker

    init(options: LintOptions) {
        self.options = options
        self.policyValidator = PolicyValidator(options: options.validationOptions())
        self.stateValidator = DesiredStateValidator(options: options.validationOptions())
        self.policyDocuments = PolicyDocumentChecker(options: options)
    }

    /// Reports for the document at `index` of its stream: one, or one per
    /// `List` item.
    func check(_ document: Value, index: Int) -> [DocumentReport] {
        var out: [DocumentReport] = []
        check(document, index: index, itemPath: .root, into: &out)
        return out
    }

    private func check(_ value: Value, index: Int, itemPath: DocumentPath, into out: inout [DocumentReport]) {
        var classification = DocumentClassifier.classify(value)
        if options.assumeDesiredState, classification == .kind(.unrecognized), value.isMapping,
           value["apiVersion"] == nil, value["kind"] == nil {
            classification = .kind(.desiredState)
        }
        if case .list = classification {
            let items = value["items"]
            if let items = items?.sequence {
                for (i, item) in items.enumerated() {
                    check(item, index: index, itemPath: itemPath.appending("items").appending(i), into: &out)
                }
            } else if let items, !items.isNull {
                var report = makeReport(value, kind: .unrecognized, index: index, itemPath: itemPath)
                let diagnostic = Diagnostic(rule: .lintList, message: "`items` of a \(value["kind"]?.string ?? "List") must be a sequence of objects, got \(items.kindName)", path: ["items"], location: items.location)
                report.findings = [Finding(diagnostic.prefixed(with: itemPath))]
                out.append(report)
            }
            return
        }
        guard case .kind(var kind) = classification else { return }
        if kind == .unrecognized, !UnrecognizedDocument.isNearMiss(value) { kind = .foreign }
        var report = makeReport(value, kind: kind, index: index, itemPath: itemPath)
        let diagnostics: [Diagnostic]
        switch kind {
        case .nncp:
            var found = NNCPVersionRule.check(value) + policyValidator.validate(value)
            if let current = options.current {
                found += ResolvedPolicyCheck(profile: options.profile, current: current).check(value, known: found)
            }
            diagnostics = found
        case .desiredState:
            diagnostics = stateValidator.validate(value).diagnostics
        case .policy:
            diagnostics = policyDocuments.check(value)
        case .nodeNetworkState, .otherKubernetes, .foreign:
            diagnostics = []
        case .unrecognized:
            diagnostics = [UnrecognizedDocument.diagnostic(for: value)]
        }
        report.findings = diagnostics.map { Finding($0.prefixed(with: itemPath)) }
        if kind == .nncp { report.object = value }
        out.append(report)
    }

    private func makeReport(_ value: Value, kind: DocumentKind, index: Int, itemPath: DocumentPath) -> DocumentReport {
        DocumentReport(
            index: index,
            itemPath: itemPath,
            kind: kind,
            apiVersion: value["apiVersion"]?.string,
            objectKind: value["kind"]?.string,
            name: value.at("metadata", "name")?.string,
            location: value.location
        )
    }
}

extension Diagnostic {
    /// The same diagnostic with `prefix` in front of its path (a `List` item).
    func prefixed(with prefix: DocumentPath) -> Diagnostic {
        guard !prefix.isEmpty else { return self }
        var copy = self
        copy.path = prefix.appending(path)
        return copy
    }
}
