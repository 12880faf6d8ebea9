import RuleCatalog
import SourceModel

/// Walks a desired state for `{{ … }}` references.
struct TemplateCheck {
    let captures: CaptureTable

    func walk(_ value: Value, path: DocumentPath, into diagnostics: inout [Diagnostic]) {
        switch value.content {
        case .string(let s):
            check(s, value: value, path: path, into: &diagnostics)
        case .mapping(let members):
            for m in members { walk(m.value, path: path.appending(m.key), into: &diagnostics) }
        case .sequence(let items):
            for (i, item) in items.enumerated() { walk(item, path: path.appending(i), into: &diagnostics) }
        default:
            return
        }
    }

    /// nmstate scans every string for braces when it runs a policy; without
    /// captures the policy may not run at all, so only strings that look
    /// like templates are checked then.
    private func shouldScan(_ s: String) -> Bool {
        if s.contains("{{") || s.contains("}}") { return true }
        return !captures.isEmpty && s.unicodeScalars.contains(where: { $0 == "{" || $0 == "}" })
    }

    private func check(_ s: String, value: Value, path: DocumentPath, into diagnostics: inout [Diagnostic]) {
        guard shouldScan(s) else { return }
        let references: [TemplateReference]
        do {
            references = try TemplateReference.scan(s)
        } catch {
            diagnostics.append(Diagnostic(rule: .captureTemplateSyntax,
                                          message: "Invalid template: \(error.description)",
                                          path: path, location: value.location))
            return
        }
        for reference in references {
            guard let entry = captures.entry(named: reference.captureName) else {
                let failure = PolicyError("Failed to find capture \(reference.captureName)", line: reference.text,
                                          position: reference.captureNamePosition)
                diagnostics.append(Diagnostic(rule: .captureUndefinedReference,
                                              message: "Template refers to capture '\(reference.captureName)', which is not defined in capture; nmstate fails with: \(failure.description)",
                                              path: path, location: value.location))
                continue
            }
            if let expression = entry.expression, let shape = CaptureShape(expression), let failure = shape.violation(of: reference) {
                diagnostics.append(Diagnostic(rule: .captureUndefinedReference,
                                              message: "Template reads a property that capture '\(entry.name)' cannot have; nmstate fails with: \(failure.description)",
                                              path: path, location: value.location))
            }
        }
    }
}
