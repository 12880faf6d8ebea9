import NMStateSchema
import SourceModel

/// The dry run of policies against a cluster's nodes: for each policy,
/// which nodes it selects, what it resolves to on each (captures run
/// against the node's NodeNetworkState, as its handler would), what that
/// changes there (``StateDiff``), and what the rules say, with nodes that
/// would do the same thing grouped (``PolicyPlan``).
///
/// The findings are the rules `lint --nodes --states` runs on NNCPs, so a
/// plan and a lint of the same files agree: the stateless rules on the
/// text (``PolicyValidator``), and ``CrossPolicyChecker/checkSet`` for the
/// per-node verdicts, conflicts between the planned policies, static
/// addresses, selectors and node safety. Per-node verdicts are attached to
/// the groups they hold on rather than summarised per policy.
public struct PolicyPlanner: Sendable {
    public var profile: Profile

    public init(profile: Profile = .latest) {
        self.profile = profile
    }

    /// Plans one policy on the nodes of `view`.
    ///
    /// - Parameter previous: the version of the policy applied now, if any
    ///   (the selector rules compare against it).
    public func plan(_ policy: PolicyEntry, in view: ClusterView, previous: Value? = nil) -> PolicyPlan {
        plan([policy], in: view, previous: { _ in previous })[0]
    }

    /// Plans `policies` together (they are checked against each other as
    /// lint checks the files of one run), one plan per policy, in order.
    ///
    /// - Parameter previous: the version applied now of the policy with
    ///   that name, if any.
    public func plan(_ policies: [PolicyEntry], in view: ClusterView, previous: (String) -> Value? = { _ in nil }) -> [PolicyPlan] {
        let validator = PolicyValidator(options: ValidationOptions(profile: profile))
        let stateless = policies.map { validator.validate($0.object) }
        // Shared, so that the planner's own evaluation reuses the verdicts
        // the set check computed for the same groups.
        let evaluator = NodeEvaluator(profile: profile, cache: GroupVerdictCache())
        let set = CrossPolicyChecker.checkSet(policies, view: view, stateless: stateless, previous: previous, evaluator: evaluator)
        var cluster = [[Diagnostic]](repeating: [], count: policies.count)
        for finding in set.findings where cluster.indices.contains(finding.policyIndex) {
            cluster[finding.policyIndex].append(finding.diagnostic)
        }
        return policies.indices.map { i in
            plan(policies[i], in: view, stateless: stateless[i], superseded: Set(set.superseded[i] ?? []), cluster: cluster[i], evaluator: evaluator)
        }
    }

    private func plan(_ entry: PolicyEntry, in view: ClusterView, stateless: [Diagnostic], superseded: Set<Int>,
                      cluster: [Diagnostic], evaluator: NodeEvaluator) -> PolicyPlan {
        let object = entry.object
        let prepared = PreparedPolicy(name: entry.name, object: object)
        let selected = view.hasNodes ? view.matching(prepared.selector).members() : []
        let evaluation = evaluator.evaluate(prepared, on: selected, in: view)

        // The set check summarised the per-node verdicts and capture
        // failures per policy ("on 2 of 3 selected nodes …"); the plan
        // shows them with their groups and failures instead.
        let summarised = NodeFindings.diagnostics(evaluation, object: object, view: view, stateless: stateless)
            .filter { $0.rule != NodeFindings.stateMissingRule }
        let moved = Set(summarised.map(FindingKey.init))
        var findings = stateless.indices.filter { !superseded.contains($0) }.map { stateless[$0] }
        findings += cluster.filter { !moved.contains(FindingKey($0)) }

        let known = Set(stateless.map(FindingKey.init))
        var nodes: [NodePlan] = []
        for group in evaluation.groups {
            let verdicts = group.diagnostics.filter { !known.contains(FindingKey($0)) }.map { d -> Diagnostic in
                var d = d
                d.location = object.location(of: d.path)
                return d
            }
            for slot in group.nodes {
                guard let state = view.nodeState(slot) else { continue }
                nodes.append(NodePlan(name: view.node(at: slot).name, desired: group.desired,
                                      changes: StateDiff.changes(to: group.desired, from: state), findings: verdicts))
            }
        }

        let failures = evaluation.failures.map { failure in
            let path = NodeFindings.place(of: failure.error, in: object)
            let message = "resolving the policy's captures fails on \(failure.nodes.count == 1 ? "this node" : "these nodes"), so the handler fails there: \(NodeFindings.oneLine(failure.error))"
            return PolicyPlan.Failure(nodes: view.names(failure.nodes),
                                      finding: Diagnostic(rule: NodeFindings.captureResolveRule, message: message, path: path, location: object.location(of: path)))
        }
        return PolicyPlan(name: entry.name, origin: entry.origin, selected: view.names(selected), groups: PlanGrouping.groups(nodes),
                          notPlanned: view.names(evaluation.withoutState), failures: failures, findings: findings, isSkipped: evaluation.isSkipped)
    }
}

/// Identifies a finding by what it says and where, whatever its location.
struct FindingKey: Hashable {
    var rule: String
    var severity: Diagnostic.Severity
    var path: String
    var message: String

    init(_ d: Diagnostic) {
        rule = d.rule
        severity = d.severity
        path = d.path.description
        message = d.message
    }
}

/// One node's plan, before nodes are grouped.
struct NodePlan {
    var name: String
    var desired: Value
    var changes: [StateChange]
    var findings: [Diagnostic]
}

/// Groups nodes whose plans are the same but for node-own values (see
/// ``PolicyPlan/Group``).
enum PlanGrouping {
    /// Stands for a node-own value when plans are compared.
    static let placeholder = "\u{1}"

    struct Key: Hashable {
        var desired: Value
        var changes: [StateChange]
        var findings: [FindingKey]
    }

    /// A node's plan with its node-own values taken out, in the order
    /// they were met, with where each appears.
    struct Masked {
        var key: Key
        var values: [String] = []
        var labels: [String] = []
    }

    static func groups(_ plans: [NodePlan]) -> [PolicyPlan.Group] {
        var members: [Key: [(plan: NodePlan, masked: Masked)]] = [:]
        var order: [Key] = []
        for plan in plans {
            let masked = mask(plan)
            if members[masked.key] == nil { order.append(masked.key) }
            members[masked.key, default: []].append((plan, masked))
        }
        var groups: [PolicyPlan.Group] = order.map { key in
            let list = members[key]!.sorted { $0.plan.name < $1.plan.name }
            let first = list[0]
            var varying: [PolicyPlan.Varying] = []
            var seen = Set<[String]>()
            for k in first.masked.values.indices {
                let values = list.map { k < $0.masked.values.count ? $0.masked.values[k] : "" }
                guard Set(values).count > 1, seen.insert(values).inserted else { continue }
                varying.append(PolicyPlan.Varying(label: first.masked.labels[k], values: values))
            }
            return PolicyPlan.Group(nodes: list.map { $0.plan.name }, desired: first.plan.desired, changes: first.plan.changes,
                                    findings: first.plan.findings, varying: varying)
        }
        groups.sort { a, b in
            a.nodes.count != b.nodes.count ? a.nodes.count > b.nodes.count : a.nodes[0] < b.nodes[0]
        }
        return groups
    }

    static func mask(_ plan: NodePlan) -> Masked {
        var values: [String] = []
        var labels: [String] = []
        func token(_ value: String, _ label: String) -> String {
            values.append(value)
            labels.append(label)
            return placeholder
        }

        var desired = plan.desired
        if var list = desired["interfaces"]?.sequence {
            for i in list.indices where list[i].isMapping {
                let name = list[i]["name"]?.scalarText ?? "interfaces[\(i)]"
                for key in ["mac-address", "permanent-mac-address"] {
                    if let mac = list[i][key]?.string { list[i].set(key, .string(token(mac, "\(name) \(key)"))) }
                }
                for family in ["ipv4", "ipv6"] {
                    guard var section = list[i][family], section.isMapping, var addresses = section["address"]?.sequence else { continue }
                    for j in addresses.indices {
                        guard let ip = addresses[j]["ip"]?.scalarText else { continue }
                        let label = "\(name) \(family) address" + (addresses.count > 1 ? " \(j + 1)" : "")
                        addresses[j].set("ip", .string(token(ip, label)))
                    }
                    section.set("address", .sequence(addresses))
                    list[i].set(family, section)
                }
            }
            desired.set("interfaces", .sequence(list))
        }

        var changes = plan.changes
        for i in changes.indices {
            let c = changes[i]
            let subject = [c.interface, c.field].compactMap { $0 }.joined(separator: " ")
            switch c.kind {
            case .addressAdded, .addressRemoved:
                func maskAddress(_ text: String) -> String {
                    guard let slash = text.firstIndex(of: "/") else { return token(text, subject + " address") }
                    return token(String(text[..<slash]), subject + " address") + text[slash...]
                }
                changes[i].before = c.before.map(maskAddress)
                changes[i].after = c.after.map(maskAddress)
            case .fieldChanged where (c.field ?? "").hasSuffix("mac-address"):
                changes[i].before = c.before.map { token($0, subject) }
                changes[i].after = c.after.map { token($0, subject) }
            default:
                break
            }
        }
        return Masked(key: Key(desired: desired, changes: changes, findings: plan.findings.map(FindingKey.init)), values: values, labels: labels)
    }
}
