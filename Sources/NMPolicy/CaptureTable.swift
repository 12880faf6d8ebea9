import RuleCatalog
import SourceModel

/// The captures of one object: every name, and the parsed expression of
/// those that parse.
struct CaptureTable {
    struct Entry {
        var name: String
        var path: DocumentPath
        var location: SourceLocation
        var expression: CaptureExpression?
    }

    var entries: [Entry] = []
    /// Whether `spec.capture` defines at least one capture.
    var isEmpty: Bool { entries.isEmpty }

    init(_ capture: Value?, path: DocumentPath, dialect: CaptureDialect = .latest, diagnostics: inout [Diagnostic]) {
        guard let capture, !capture.isNull else { return }
        guard let members = capture.members else {
            diagnostics.append(Diagnostic(rule: .captureSyntax,
                                          message: "capture must map capture names to expressions, not a \(capture.kindName)",
                                          path: path, location: capture.location))
            return
        }
        for member in members {
            let memberPath = path.appending(member.key)
            let location = member.value.location.isKnown ? member.value.location : member.keyLocation
            var entry = Entry(name: member.key, path: memberPath, location: location)
            if member.key.unicodeScalars.contains(where: { $0 == "." || $0 == "{" || $0 == "}" || PolicyText.isWhitespace($0) }) {
                diagnostics.append(Diagnostic(rule: .captureSyntax, severity: .warning,
                                              message: "Capture name '\(member.key)' cannot be referenced: capture.<name> paths split on '.' and whitespace",
                                              path: memberPath, location: member.keyLocation))
            }
            if let text = member.value.string {
                do {
                    let expression = try CaptureExpression.parse(text, dialect: dialect)
                    entry.expression = expression
                    if let error = expression.keywordError {
                        diagnostics.append(Diagnostic(rule: .captureSyntax,
                                                      message: "Invalid capture '\(member.key)': \(error.description)",
                                                      path: memberPath, location: location))
                    }
                } catch {
                    // Expressions nmstate itself would accept but we find
                    // suspicious are warnings: a valid policy is never rejected.
                    diagnostics.append(Diagnostic(rule: .captureSyntax,
                                                  severity: error.origin == .guardRule ? .warning : .error,
                                                  message: "Invalid capture '\(member.key)': \(error.description)",
                                                  path: memberPath, location: location))
                }
            } else {
                diagnostics.append(Diagnostic(rule: .captureSyntax,
                                              message: "Invalid capture '\(member.key)': Expecting a string, but got \(ValueText.comparable(member.value))",
                                              path: memberPath, location: location))
            }
            entries.append(entry)
        }
    }

    var names: Set<String> { Set(entries.map(\.name)) }

    func entry(named name: String) -> Entry? { entries.first { $0.name == name } }

    /// Expressions reading captures that do not exist.
    func checkReferences(into diagnostics: inout [Diagnostic]) {
        let defined = names
        for entry in entries {
            guard let expression = entry.expression else { continue }
            for reference in expression.referencedCaptures.sorted() where !defined.contains(reference) {
                let consequence = reference == expression.orderingDependency
                    ? CaptureOrdering.failureMessage : "Capture \(reference) not found"
                diagnostics.append(Diagnostic(rule: .captureUndefinedReference,
                                              message: "Capture '\(entry.name)' reads capture '\(reference)', which is not defined in capture; nmstate fails with: \(consequence)",
                                              path: entry.path, location: entry.location))
            }
        }
    }

    /// nmstate's ordering rounds, and operands read before they are resolved.
    func checkOrdering(into diagnostics: inout [Diagnostic]) {
        let names = entries.map(\.name)
        let dependencies = entries.map { $0.expression?.orderingDependency }
        let outcome = CaptureOrdering.rank(names: names, dependencies: dependencies)
        guard outcome.isComplete else {
            reportUnordered(outcome, into: &diagnostics)
            return
        }
        var resolved: Set<String> = []
        for index in outcome.order {
            let entry = entries[index]
            if let operandCapture = entry.expression?.operand?.capture,
               self.names.contains(operandCapture), !resolved.contains(operandCapture) {
                diagnostics.append(Diagnostic(rule: .captureCycle,
                                              message: "Capture '\(entry.name)' reads capture '\(operandCapture)', which nmstate resolves after it (nmstate orders a capture only after its piped capture); nmstate fails with: Capture \(operandCapture) not found",
                                              path: entry.path, location: entry.location))
            }
            resolved.insert(entry.name)
        }
    }

    private func reportUnordered(_ outcome: CaptureOrdering.Outcome, into diagnostics: inout [Diagnostic]) {
        let defined = names
        for (index, entry) in entries.enumerated() where outcome.priorities[index] == 0 {
            // Follow the dependency chain from this capture.
            var chain = [entry.name]
            var current = entry.expression?.orderingDependency
            var reason: String?
            while let next = current {
                guard defined.contains(next) else { break } // reported as undefined
                if let loopStart = chain.firstIndex(of: next) {
                    let loop = (chain[loopStart...] + [next]).joined(separator: " → ")
                    reason = loopStart == 0
                        ? "Capture '\(entry.name)' depends on itself (\(loop))"
                        : "Capture '\(entry.name)' depends on a cycle of captures (\(loop))"
                    break
                }
                chain.append(next)
                current = self.entry(named: next)?.expression?.orderingDependency
                if current == nil {
                    reason = "Capture '\(entry.name)' cannot be ordered within \(CaptureOrdering.maxRounds) rounds: its dependencies (\(chain.joined(separator: " → "))) are written after it, too deep; place each capture before its consumer"
                }
            }
            guard let reason else { continue }
            diagnostics.append(Diagnostic(rule: .captureCycle,
                                          message: "\(reason); nmstate fails with: \(CaptureOrdering.failureMessage)",
                                          path: entry.path, location: entry.location))
        }
    }
}
