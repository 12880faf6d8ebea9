import NMPolicy
import NMStateSchema
import PolicyRules
import RuleCatalog
import SourceModel

/// Checks an nmstate / nmpolicy policy document: `capture` (name →
/// expression), `desired` or its alias `desiredState` (a desired state whose
/// values may be `{{ capture.… }}` templates), and an optional `current`.
///
/// Three passes, cheapest first:
/// 1. Shape: nmstate reads the document as a "deny" struct (reference
///    §19.3), so other keys and a `desired` given twice are errors.
/// 2. Without a current state: NMPolicy's ``CaptureCheck`` (expression
///    syntax, undefined captures, ordering, template syntax) and the
///    desired state with templates standing for any value.
/// 3. With a current state (the document's own `current:`, else
///    `--current`) and no error so far: resolve the policy as
///    `nmstatectl policy` does and validate the resulting state, which
///    catches what only shows after templates are filled (a captured
///    interface section under the wrong key, a capture matching nothing).
///
/// Rules: `policy-document.structure`, `capture.*` (NMPolicy),
/// `capture.resolve`, and the desired-state rules.
struct PolicyDocumentChecker: Sendable {
    static let keys = ["capture", "desired", "current"]

    let options: LintOptions

    func check(_ document: Value) -> [Diagnostic] {
        var out = structure(of: document)
        let key = document.member("desired") != nil ? "desired" : "desiredState"
        let desired = document[key]
        let desiredPath: DocumentPath = [.key(key)]
        out += CaptureCheck.check(capture: document["capture"], desiredState: desired, capturePath: ["capture"], desiredPath: desiredPath, dialect: options.profile.captureDialect)

        var current = options.current
        if let embedded = document["current"], embedded.isMapping { current = embedded }
        guard let desired, desired.isMapping else { return out }
        let templated = DesiredStateValidator(options: options.validationOptions(current: current, allowTemplates: true))
        var desiredFindings = templated.validate(desired, at: desiredPath).diagnostics
        if current == nil && options.profile == .latest {
            // Without a state to resolve against, the desired part is only a
            // template: its final shape is known after resolution (and
            // nmpolicy's own test documents are opaque maps). Under `latest`,
            // which must never reject a valid configuration, its findings
            // are warnings; `--current` or an embedded `current:` makes them
            // decidable, and the 2.2.38 profile keeps nmstate's strictness.
            for i in desiredFindings.indices where desiredFindings[i].severity == .error {
                desiredFindings[i].severity = .warning
                desiredFindings[i].message += " (unresolved policy; checked fully with --current)"
            }
        }
        out += desiredFindings

        guard let current, !out.contains(where: { $0.severity == .error }) else { return out }
        out += resolved(document, desired: desired, desiredPath: desiredPath, current: current, known: out)
        return out
    }

    /// Pass 1: keys and types nmstate's deserialiser insists on.
    func structure(of document: Value) -> [Diagnostic] {
        var out: [Diagnostic] = []
        func report(_ message: String, _ path: DocumentPath, _ location: SourceLocation) {
            out.append(Diagnostic(rule: .policyDocumentStructure, message: message, path: path, location: location))
        }
        for m in document.members ?? [] where !Self.keys.contains(m.key) && m.key != "desiredState" {
            report("unknown field `\(m.key)`, expected one of `capture`, `desired`, `current`", [.key(m.key)], m.keyLocation)
        }
        if let alias = document.member("desiredState"), document.member("desired") != nil {
            report("duplicate field `desired`: `desiredState` is an alias of `desired`; keep one", ["desiredState"], alias.keyLocation)
        }
        for key in ["desired", "desiredState", "current"] {
            guard let value = document[key], !value.isNull, !value.isMapping else { continue }
            report("`\(key)` must be an nmstate state (a map), got \(value.kindName)", [.key(key)], value.location)
        }
        return out
    }

    /// Pass 3: resolve against `current`, then validate the filled state.
    /// Findings already reported for the templated state are not repeated;
    /// positions point at the nearest part of the policy's own `desired`.
    func resolved(_ document: Value, desired: Value, desiredPath: DocumentPath, current: Value, known: [Diagnostic]) -> [Diagnostic] {
        let captures: [(name: String, expression: String)] = (document["capture"]?.members ?? []).compactMap { m in
            m.value.string.map { (m.key, $0) }
        }
        let state: Value
        do {
            state = try PolicyResolver().resolve(captures: captures, desired: desired, current: current, dialect: options.profile.captureDialect)
        } catch {
            let culprit = document["capture"]?.members?.first { $0.value.string == error.line && !error.line.isEmpty }
            let path: DocumentPath = culprit.map { ["capture", .key($0.key)] } ?? desiredPath
            let location = culprit?.value.location ?? desired.location
            let message = "resolving the policy against the current state fails: \(error.nmstateDisplay)"
            return [Diagnostic(rule: .captureResolve, message: message, path: path, location: location)]
        }
        let seen = Set(known.map { "\($0.rule) \($0.path)" })
        let plain = DesiredStateValidator(options: options.validationOptions(current: current))
        var out: [Diagnostic] = []
        for var d in plain.validate(state, at: desiredPath).diagnostics where !seen.contains("\(d.rule) \(d.path)") {
            d.location = document.location(of: d.path)
            d.message = "after filling capture templates: \(d.message)"
            out.append(d)
        }
        return out
    }
}
