import SourceModel

/// What a policy claims (interfaces, ports, addresses), per group of nodes.
///
/// A policy without captures claims what its text says on every node it
/// selects. A policy with captures claims, on each node, what its desired
/// state resolves to there; nodes that resolve alike share one part.
struct PolicyClaims: Sendable {
    struct Part: Sendable {
        var facts: PolicyFacts
        /// The nodes (view slots) this part applies to; nil when no node
        /// data is known (lint without `--nodes`): wherever the selector
        /// matches. A list, not a bitset: with captures most parts are one
        /// node, and a cluster-sized bitset per part cost more than the
        /// checks.
        var nodes: [Int]?
    }

    var selector: NodeSelector
    var parts: [Part]

    /// What the text claims, on the nodes the selector matches.
    static func text(_ policy: PreparedPolicy, view: ClusterView?) -> PolicyClaims {
        let nodes = view.flatMap { $0.hasNodes ? $0.matching(policy.selector).members() : nil }
        return PolicyClaims(selector: policy.selector, parts: [Part(facts: policy.textFacts, nodes: nodes)])
    }

    /// What a per-node evaluation resolved: one part per distinct resolved
    /// desired state.
    static func resolved(_ evaluation: PolicyNodeEvaluation, selector: NodeSelector) -> PolicyClaims {
        var parts: [Part] = []
        var byDesired: [UInt64: Int] = [:]
        for group in evaluation.groups {
            if let i = byDesired[group.desiredKey] {
                parts[i].nodes! += group.nodes
            } else {
                byDesired[group.desiredKey] = parts.count
                parts.append(Part(facts: group.facts, nodes: group.nodes))
            }
        }
        return PolicyClaims(selector: selector, parts: parts)
    }

    /// The claims a policy makes for conflicts: resolved per node when it
    /// has captures and was evaluated, else its text.
    static func of(_ policy: PreparedPolicy, evaluation: PolicyNodeEvaluation?, view: ClusterView?) -> PolicyClaims {
        if policy.isPerNode, let evaluation, !evaluation.isSkipped {
            return resolved(evaluation, selector: policy.selector)
        }
        return text(policy, view: view)
    }
}

/// Conflicts between two policies' claims, aggregated over the nodes
/// where the same conflict occurs.
enum ClaimConflicts {
    /// Stands for the overlap description until the nodes are all known.
    static let overlapToken = "\u{1}overlap\u{1}"

    struct Finding {
        var rule: String
        var message: String
        var path: DocumentPath
    }

    static func findings(ours: PolicyClaims, theirs: PolicyClaims, other: String, view: ClusterView?) -> [Finding] {
        struct Key: Hashable { var rule: String; var path: String; var message: String }
        var found: [Key: (finding: PairConflicts.Finding, nodes: [Int]?, selectorText: String?)] = [:]
        var order: [Key] = []
        func record(_ findings: [PairConflicts.Finding], nodes: [Int]?, selectorText: String?) {
            for f in findings {
                let key = Key(rule: f.rule, path: f.path.description, message: f.message)
                if var existing = found[key] {
                    if let nodes { existing.nodes = (existing.nodes ?? []) + nodes }
                    found[key] = existing
                } else {
                    found[key] = (f, nodes, selectorText)
                    order.append(key)
                }
            }
        }

        let withNodes = ours.parts.allSatisfy { $0.nodes != nil } && theirs.parts.allSatisfy { $0.nodes != nil }
        if withNodes {
            // Pair parts through the nodes they share: per-node claims have
            // up to one part per node, so pairing every part of one policy
            // with every part of the other would be quadratic.
            var theirPart: [Int: Int] = [:]
            for (j, part) in theirs.parts.enumerated() {
                for slot in part.nodes! { theirPart[slot] = j }
            }
            var shared: [Pair: [Int]] = [:]
            var pairOrder: [Pair] = []
            for (i, part) in ours.parts.enumerated() {
                for slot in part.nodes! {
                    guard let j = theirPart[slot] else { continue }
                    let pair = Pair(ours: i, theirs: j)
                    if shared[pair] == nil { pairOrder.append(pair) }
                    shared[pair, default: []].append(slot)
                }
            }
            for pair in pairOrder {
                let (a, b) = (ours.parts[pair.ours].facts, theirs.parts[pair.theirs].facts)
                // Most pairs share no interface, port or address at all.
                guard a.mayConflict(with: b) else { continue }
                let f = PairConflicts.findings(ours: a, theirs: b, other: other, overlap: overlapToken)
                record(f, nodes: shared[pair]!, selectorText: nil)
            }
        } else {
            guard ours.selector.canOverlap(theirs.selector) else { return [] }
            let overlap = "on nodes matching both \(theirs.selector) and \(ours.selector)"
            for a in ours.parts {
                for b in theirs.parts {
                    record(PairConflicts.findings(ours: a.facts, theirs: b.facts, other: other, overlap: overlapToken), nodes: nil, selectorText: overlap)
                }
            }
        }
        return order.map { key in
            let (f, nodes, selectorText) = found[key]!
            let overlap: String
            if let nodes, let view {
                overlap = "on " + OverlapFinder.describe(view.names(nodes, limit: 3), total: nodes.count)
            } else {
                overlap = selectorText ?? ""
            }
            return Finding(rule: f.rule, message: f.message.replacing(overlapToken, with: overlap), path: f.path)
        }
    }

    struct Pair: Hashable {
        var ours: Int
        var theirs: Int
    }
}

