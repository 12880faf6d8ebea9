import RuleCatalog
import SourceModel

/// Finds conflicts inside a set of policies (the linter's inputs).
///
/// Work is bucketed by interface name, port name and address, so the cost
/// grows with the number of policies that touch the same names, not with
/// the number of policies. Each conflict is reported once, on the later
/// policy, naming the earlier one.
struct ConflictDetector {
    let policies: [PolicyEntry]
    /// One check per policy, same order (what each claims, per node group).
    let checks: [PolicyCheck]
    let view: ClusterView?

    func run() -> [CrossPolicyFinding] {
        var findings: [CrossPolicyFinding] = []

        func add(_ index: Int, _ other: Int?, _ rule: RuleID, _ message: String, _ path: DocumentPath, severity: Diagnostic.Severity = .error) {
            let loc = policies[index].object.location(of: path)
            findings.append(CrossPolicyFinding(policyIndex: index, otherIndex: other, diagnostic: Diagnostic(rule: rule, severity: severity, message: message, path: path, location: loc)))
        }

        // Same name twice in one set: two definitions of one object.
        var byName: [String: Int] = [:]
        for (i, p) in policies.enumerated() where !p.name.isEmpty {
            if let first = byName[p.name] {
                add(i, first, .conflictDuplicatePolicy, "policy \"\(p.name)\" is defined more than once; this definition replaces \(describe(first))", ["metadata", "name"], severity: .warning)
            } else {
                byName[p.name] = i
            }
        }

        // Candidate pairs: policies sharing an interface, port or address.
        var buckets: [String: [Int]] = [:]
        for (i, check) in checks.enumerated() {
            var keys = Set<String>()
            for f in check.claims.parts.map(\.facts) {
                for c in f.interfaces { keys.insert("i:" + c.name) }
                for c in f.ports { keys.insert("i:" + c.port) }
                for c in f.addresses { keys.insert("a:" + c.address) }
            }
            for k in keys { buckets[k, default: []].append(i) }
        }
        // Policies pinned to different hosts (kubernetes.io/hostname) never
        // meet, and per-node policies that reuse `bond0` or `br-ex` on every
        // host are the common case: pair within a host and with unpinned
        // policies only, so the work stays near-linear.
        var pairs = Set<Pair>()
        for members in buckets.values where members.count > 1 {
            var byHost: [String: [Int]] = [:]
            var unpinned: [Int] = []
            for i in members {
                if let host = checks[i].policy.selector.labels["kubernetes.io/hostname"] {
                    byHost[host, default: []].append(i)
                } else {
                    unpinned.append(i)
                }
            }
            func addPairs(_ group: [Int]) {
                for (bi, b) in group.enumerated() {
                    for a in group[..<bi] { pairs.insert(Pair(first: min(a, b), second: max(a, b))) }
                }
            }
            addPairs(unpinned)
            for group in byHost.values {
                addPairs(group)
                for a in group { for b in unpinned { pairs.insert(Pair(first: min(a, b), second: max(a, b))) } }
            }
        }
        for pair in pairs.sorted(by: { ($0.second, $0.first) < ($1.second, $1.first) }) {
            let (a, b) = (pair.first, pair.second)
            if !policies[a].name.isEmpty && policies[a].name == policies[b].name { continue }
            for f in ClaimConflicts.findings(ours: checks[b].claims, theirs: checks[a].claims, other: describe(a), view: view) {
                add(b, a, RuleID(rawValue: f.rule), f.message, f.path)
            }
        }

        // A static address reaching more than one node.
        for (i, check) in checks.enumerated() {
            if let finding = StaticAddressRule.check(check.claims, view: view) {
                add(i, nil, finding.rule, finding.message, finding.path, severity: finding.severity)
            }
        }
        return findings.sorted { ($0.policyIndex, $0.diagnostic.location, $0.diagnostic.rule) < ($1.policyIndex, $1.diagnostic.location, $1.diagnostic.rule) }
    }

    struct Pair: Hashable {
        var first: Int
        var second: Int
    }

    func describe(_ i: Int) -> String {
        var s = "policy \"\(policies[i].name)\""
        if let origin = policies[i].origin {
            let loc = policies[i].object.location
            s += loc.isKnown ? " (\(origin):\(loc.line))" : " (\(origin))"
        }
        return s
    }
}

/// `policy.static-address-multiple-nodes`: a static address on a policy
/// that reaches several nodes puts the same address on all of them.
enum StaticAddressRule {
    struct Finding {
        var rule: RuleID = .policyStaticAddressMultipleNodes
        var message: String
        var path: DocumentPath
        var severity: Diagnostic.Severity
    }

    /// A static address that more than one node would get. With node data
    /// the claims say which nodes get which address (a policy with
    /// captures may give each node its own); without, a selector that does
    /// not pin one node may reach several.
    static func check(_ claims: PolicyClaims, view: ClusterView?) -> Finding? {
        if let view, view.hasNodes, claims.parts.allSatisfy({ $0.nodes != nil }) {
            // The first address that reaches a second node; parts with
            // captures often give each node its own address.
            var firstPart: [String: Int] = [:]
            var shared: String?
            for (i, part) in claims.parts.enumerated() {
                for a in part.facts.addresses {
                    if part.nodes!.count > 1 || firstPart[a.address].map({ $0 != i }) == true {
                        shared = shared ?? a.address
                    }
                    if firstPart[a.address] == nil { firstPart[a.address] = i }
                }
                if shared != nil { break }
            }
            if let shared {
                var nodes: [Int] = []
                var first: PolicyFacts.AddressClaim?
                for part in claims.parts {
                    guard let claim = part.facts.addresses.first(where: { $0.address == shared }) else { continue }
                    first = first ?? claim
                    nodes += part.nodes!
                }
                guard let first else { return nil }
                return Finding(message: "static address \(first.address) on interface \(first.interface) would be configured on \(nodes.count) nodes (\(OverlapFinder.describe(view.names(nodes, limit: 3), total: nodes.count))); pin the policy to one node (e.g. kubernetes.io/hostname) or use DHCP", path: first.path, severity: .error)
            }
            return nil
        }
        guard let first = claims.parts.first?.facts.addresses.first, !claims.selector.pinsOneNode else { return nil }
        return Finding(message: "static address \(first.address) on interface \(first.interface) would be configured on every node matching \(claims.selector); pin the policy to one node (e.g. kubernetes.io/hostname) or use DHCP", path: first.path, severity: .warning)
    }
}
