import RuleCatalog
import SourceModel

/// Tells a document that is close to an NNCP or an nmstate document from
/// other tools' YAML, and words the `lint.unrecognized` warning for it,
/// with a hint (a misspelt top-level key, a policy without `desired`).
enum UnrecognizedDocument {
    /// True when a document the classifier did not recognise looks like an
    /// attempt at one of the kinds lint checks, so that skipping it would
    /// hide a mistake: a key one typo away from nmstate's, nmpolicy's
    /// `capture`/`desired`, an NNCP without its header, or a Kubernetes
    /// header that names nmstate. Anything else (CI workflows, compose
    /// files, Helm values and charts, sequences, scalars) is other tools'
    /// YAML and is skipped.
    static func isNearMiss(_ document: Value) -> Bool {
        guard let members = document.members, !members.isEmpty else { return false }
        if document.at("spec", "desiredState") != nil { return true }
        let apiVersion = document["apiVersion"], kind = document["kind"]
        if apiVersion != nil || kind != nil {
            if let version = apiVersion?.string, version.hasPrefix("nmstate.io") { return true }
            if let kind = kind?.string, nmstateKinds.contains(where: { editDistance(kind.lowercased(), $0) <= 2 }) { return true }
            // Both present but not strings: a broken Kubernetes object.
            return apiVersion != nil && kind != nil
        }
        if document["capture"] != nil || document["desired"] != nil || document["desiredState"] != nil { return true }
        return members.contains { DocumentClassifier.closestNMStateKey(to: $0.key) != nil }
    }

    /// Kinds a document with only one of `apiVersion` and `kind` is taken
    /// to have meant, lower-cased.
    static let nmstateKinds = ["nodenetworkconfigurationpolicy", "nodenetworkstate", "nodenetworkconfigurationpolicylist"]

    static func diagnostic(for document: Value) -> Diagnostic {
        Diagnostic(rule: .lintUnrecognized, severity: .warning, message: message(for: document), location: document.location)
    }

    static func message(for document: Value) -> String {
        let tail = "; not checked"
        guard let members = document.members else {
            return "document is a \(document.kindName), not a Kubernetes object or an nmstate state\(tail)"
        }
        if members.isEmpty { return "document is an empty mapping\(tail)" }
        let hasAPIVersion = document["apiVersion"] != nil, hasKind = document["kind"] != nil
        if hasAPIVersion != hasKind {
            return hasKind ? "document has `kind` but no `apiVersion`\(tail)" : "document has `apiVersion` but no `kind`\(tail)"
        }
        if hasAPIVersion {
            return "document's `apiVersion` and `kind` must be strings\(tail)"
        }
        if document["capture"] != nil {
            return "document has `capture` but no `desired` or `desiredState`, so it is not a policy document\(tail)"
        }
        if document["desired"] != nil || document["desiredState"] != nil {
            return "document has `desired`/`desiredState` next to keys a policy document does not have, and no `capture`; an NNCP needs apiVersion, kind and spec\(tail)"
        }
        for m in members {
            if let suggestion = DocumentClassifier.closestNMStateKey(to: m.key) {
                return "document is not a Kubernetes object or an nmstate state: unknown top-level key `\(m.key)` (did you mean `\(suggestion)`?)\(tail)"
            }
        }
        let keys = members.prefix(3).map { "`\($0.key)`" }.joined(separator: ", ")
        return "document is not a Kubernetes object (no apiVersion/kind), an nmstate desired state or a policy document (top-level keys \(keys)\(members.count > 3 ? ", …" : ""))\(tail)"
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a.utf8), b = Array(b.utf8)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var row = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            row[0] = i
            for j in 1...b.count {
                row[j] = Swift.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &row)
        }
        return previous[b.count]
    }
}
