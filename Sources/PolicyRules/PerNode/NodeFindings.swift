import NMPolicy
import RuleCatalog
import SourceModel

/// Turns a per-node evaluation into findings that name nodes: one finding
/// per distinct verdict, saying on how many of the selected nodes it holds
/// and which ("on 37 of 120 selected nodes (w1, w2, w3, …): …").
public enum NodeFindings {
    /// A selected node has no NodeNetworkState: nothing was checked there.
    public static let stateMissingRule = RuleID.nodeStateMissing.rawValue
    /// The policy's captures do not resolve on a node: its handler fails there.
    public static let captureResolveRule = RuleID.captureResolve.rawValue

    /// The findings of `evaluation` for the policy `object`.
    ///
    /// - Parameter stateless: what the rules said about the text without any
    ///   node; a per-node finding that repeats one of those exactly is left
    ///   out (it is already reported).
    public static func diagnostics(_ evaluation: PolicyNodeEvaluation, object: Value, view: ClusterView, stateless: [Diagnostic]) -> [Diagnostic] {
        guard !evaluation.isSkipped else { return [] }
        let selectedCount = evaluation.selected.count
        var out: [Diagnostic] = []

        struct Key: Hashable { var rule: String; var severity: Diagnostic.Severity; var path: String; var message: String }
        let known = Set(stateless.map { Key(rule: $0.rule, severity: $0.severity, path: $0.path.description, message: $0.message) })
        var merged: [Key: (diagnostic: Diagnostic, nodes: [Int])] = [:]
        var order: [Key] = []
        for group in evaluation.groups {
            for d in group.diagnostics {
                let key = Key(rule: d.rule, severity: d.severity, path: d.path.description, message: d.message)
                if known.contains(key) { continue }
                if merged[key] == nil { merged[key] = (d, []); order.append(key) }
                merged[key]!.nodes += group.nodes
            }
        }
        for key in order {
            var (d, nodes) = merged[key]!
            d.message = "\(where_(nodes, of: selectedCount, view: view)): \(d.message)"
            d.location = object.location(of: d.path)
            out.append(d)
        }

        for failure in evaluation.failures {
            let path = place(of: failure.error, in: object)
            let message = "\(where_(failure.nodes, of: selectedCount, view: view)): resolving the policy's captures fails, so the handler fails there: \(oneLine(failure.error))"
            out.append(Diagnostic(rule: captureResolveRule, message: message, path: path, location: object.location(of: path)))
        }

        if !evaluation.withoutState.isEmpty {
            let path: DocumentPath = object["spec"]?["nodeSelector"] != nil ? ["spec", "nodeSelector"] : ["spec"]
            let nodes = evaluation.withoutState
            let verb = nodes.count == 1 ? "has" : "have"
            let message = "not checked \(where_(nodes, of: selectedCount, view: view)): \(nodes.count == 1 ? "it" : "they") \(verb) no NodeNetworkState yet, so what the policy does there (captures, merge with the current state) is unknown"
            out.append(Diagnostic(rule: stateMissingRule, severity: .warning, message: message, path: path, location: object.location(of: path)))
        }
        return out
    }

    /// Indices of `stateless` findings that per-node verdicts replace: the
    /// guesses about unknown nodes, once every selected node was judged
    /// from its own state.
    public static func superseded(_ evaluation: PolicyNodeEvaluation, stateless: [Diagnostic]) -> [Int] {
        guard evaluation.isComplete else { return [] }
        return stateless.indices.filter { stateless[$0].dependsOnNode }
    }

    /// "on node w1", "on all 3 selected nodes (w1, w2, w3)",
    /// "on 37 of 120 selected nodes (w1, w2, w3, …)".
    static func where_(_ nodes: [Int], of selected: Int, view: ClusterView) -> String {
        let names = view.names(nodes, limit: 3)
        if selected == 1 && nodes.count == 1 { return "on node \(names[0])" }
        let more = nodes.count > names.count ? ", …" : ""
        let list = "(\(names.joined(separator: ", "))\(more))"
        if nodes.count == selected { return "on all \(selected) selected nodes \(list)" }
        return "on \(nodes.count) of \(selected) selected node\(selected == 1 ? "" : "s") \(list)"
    }

    /// nmstate's error on one line: the caret snippet becomes "at column N
    /// of `…`", since findings also travel as admission warnings, which
    /// must not contain line breaks.
    public static func oneLine(_ error: PolicyError) -> String {
        guard error.hasSnippet, !error.line.isEmpty else { return "\(error.kind.rawValue): \(error.message)" }
        return "\(error.kind.rawValue): \(error.message) (at character \(error.position + 1) of `\(error.line)`)"
    }

    /// Where a resolution error belongs: the capture whose expression it
    /// quotes, else the template string it quotes, else the desired state.
    public static func place(of error: PolicyError, in object: Value) -> DocumentPath {
        if !error.line.isEmpty {
            for m in object["spec"]?["capture"]?.members ?? [] where m.value.string.map(PolicyTextForm.normalized) == error.line {
                return ["spec", "capture", .key(m.key)]
            }
            if let desired = object["spec"]?["desiredState"], let path = firstString(in: desired, equalTo: error.line, at: ["spec", "desiredState"]) {
                return path
            }
        }
        return ["spec", "desiredState"]
    }

    private static func firstString(in value: Value, equalTo text: String, at path: DocumentPath) -> DocumentPath? {
        switch value.content {
        case .string(let s): return PolicyTextForm.normalized(s) == text ? path : nil
        case .sequence(let items):
            for (i, item) in items.enumerated() { if let p = firstString(in: item, equalTo: text, at: path.appending(i)) { return p } }
            return nil
        case .mapping(let members):
            for m in members { if let p = firstString(in: m.value, equalTo: text, at: path.appending(m.key)) { return p } }
            return nil
        default: return nil
        }
    }
}
