import NMStateSchema
import RuleCatalog
import SourceModel

/// How two policies fight when they reach the same nodes: the comparisons
/// behind `conflict.*`, shared by lint (every pair of inputs) and admission
/// (the new policy against the indexed cluster policies).
enum PairConflicts {
    struct Finding {
        var rule: String
        var message: String
        /// Path in *our* object.
        var path: DocumentPath

        init(rule: RuleID, message: String, path: DocumentPath) {
            self.rule = rule.rawValue
            self.message = message
            self.path = path
        }
    }

    /// Conflicts of `ours` with `theirs`, given that both reach the nodes
    /// `overlap` describes (e.g. "on nodes n1, n2").
    static func findings(ours: PolicyFacts, theirs: PolicyFacts, other: String, overlap: String) -> [Finding] {
        var out: [Finding] = []
        // (a), (d): the same interface name.
        for b in ours.interfaces {
            for a in theirs.interfaces where a.name == b.name {
                if a.isAbsent != b.isAbsent {
                    let what = b.isAbsent ? "this policy marks it absent and \(other) configures it" : "\(other) marks it absent and this policy configures it"
                    out.append(Finding(rule: .conflictAbsentVsConfigured, message: "interface \(b.name) is removed by one policy and configured by another: \(what), \(overlap)", path: b.path.appending("state")))
                    break
                }
                if a.isAbsent { continue }
                if a.type != b.type && a.type != "unknown" && b.type != "unknown" {
                    out.append(Finding(rule: .conflictInterfaceType, message: "interface \(b.name) has type \(b.type) here but type \(a.type) in \(other), \(overlap)", path: b.path.appending("type")))
                    break
                }
                if let diff = contradiction(a.value, b.value, ignoring: ["name", "type"]) {
                    out.append(Finding(rule: .conflictInterfaceSettings, message: "interface \(b.name) is configured differently by \(other): `\(diff.path)` is \(diff.theirs) there and \(diff.ours) here, \(overlap); whichever policy is applied last wins on each node", path: b.path.appending(diff.path)))
                    break
                }
            }
        }
        // (b): one port under two controllers.
        for b in ours.ports {
            if let a = theirs.ports.first(where: { $0.port == b.port && $0.controller != b.controller }) {
                out.append(Finding(rule: .conflictPortController, message: "port \(b.port) is attached to \(b.controller) here but to \(a.controller) in \(other), \(overlap)", path: b.path))
            }
        }
        // (c): the same static address.
        for b in ours.addresses {
            if let a = theirs.addresses.first(where: { $0.address == b.address }) {
                out.append(Finding(rule: .conflictDuplicateAddress, message: "address \(b.address) (interface \(b.interface)) is also assigned by \(other) (interface \(a.interface)), \(overlap)", path: b.path))
            }
        }
        return out
    }

    struct Contradiction {
        var path: DocumentPath
        var ours: String
        var theirs: String
    }

    /// The first place where two interface definitions set the same field to
    /// different values. Fields set by only one side are not contradictions
    /// (nmstate merges them); lists are compared whole. A capture template
    /// on either side is a value known only on the node: no contradiction
    /// can be read from its text.
    static func contradiction(_ theirs: Value, _ ours: Value, ignoring: Set<String> = [], path: DocumentPath = .root) -> Contradiction? {
        switch (theirs.content, ours.content) {
        case (.mapping(let a), .mapping(let b)):
            for m in b where !ignoring.contains(m.key) {
                guard let other = a.last(where: { $0.key == m.key }) else { continue }
                if let c = contradiction(other.value, m.value, path: path.appending(m.key)) { return c }
            }
            return nil
        default:
            if theirs == ours || containsTemplate(theirs) || containsTemplate(ours) { return nil }
            return Contradiction(path: path, ours: render(ours), theirs: render(theirs))
        }
    }

    static func containsTemplate(_ v: Value) -> Bool {
        switch v.content {
        case .string(let s): return s.utf8.containsDoubleBrace
        case .sequence(let items): return items.contains(where: containsTemplate)
        case .mapping(let members): return members.contains { containsTemplate($0.value) }
        default: return false
        }
    }

    static func render(_ v: Value) -> String {
        let s = JSONWriter.string(v)
        return s.count > 60 ? String(s.prefix(57)) + "..." : s
    }
}

/// How findings name the nodes they concern.
enum OverlapFinder {
    /// "nodes n1, n2, n3 and 7 more" / "node n1".
    static func describe(_ names: [String], total: Int) -> String {
        let noun = total == 1 ? "node" : "nodes"
        let more = total > names.count ? " and \(total - names.count) more" : ""
        return "\(noun) \(names.joined(separator: ", "))\(more)"
    }
}
