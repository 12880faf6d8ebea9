import RuleCatalog
import SourceModel

/// Words the `lint.unrecognized` warning for a document that is neither a
/// Kubernetes object nor an nmstate document, with a hint when it is close
/// to one (a misspelt top-level key, a policy without `desired`).
enum UnrecognizedDocument {
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
            if let suggestion = closestNMStateKey(to: m.key) {
                return "document is not a Kubernetes object or an nmstate state: unknown top-level key `\(m.key)` (did you mean `\(suggestion)`?)\(tail)"
            }
        }
        let keys = members.prefix(3).map { "`\($0.key)`" }.joined(separator: ", ")
        return "document is not a Kubernetes object (no apiVersion/kind), an nmstate desired state or a policy document (top-level keys \(keys)\(members.count > 3 ? ", …" : ""))\(tail)"
    }

    /// An nmstate top-level key within two edits of `key`.
    static func closestNMStateKey(to key: String) -> String? {
        let lowered = key.lowercased()
        var best: (String, Int)?
        for candidate in DocumentClassifier.nmstateTopLevelKeys.sorted() {
            let d = editDistance(lowered, candidate)
            if d <= 2, d < (best?.1 ?? .max) { best = (candidate, d) }
        }
        return best?.0
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
