import PolicyRules
import SourceModel

/// The human form of a plan (`nncp-guard plan`, `--output text`):
///
///     policy br-ex-default-gw (testdata/pernode/br-ex-default-gw.yaml) selects 4 nodes: w1, w2, w3, w4
///
///       3 nodes (w1, w2, w3):
///         desired state:
///           interfaces:
///           - name: br-ex
///             …
///         changes:
///           + interface br-ex (linux-bridge)
///           ~ ens33: controller: (none) → br-ex
///           + route 0.0.0.0/0 via 192.168.10.1 dev br-ex
///         differs per node (w1's values shown):
///           br-ex ipv4 address: w1 192.168.10.11, w2 192.168.10.12, w3 192.168.10.13
///
///       not planned, no NodeNetworkState: w4
///       findings:
///         warning [node.state-missing] … (at spec.nodeSelector, file:7:3)
///
/// Change lines start with `+` (added), `-` (removed), `~` (changed) or
/// `=` (asked for, but already so). The desired state is YAML, with short
/// leaves in flow style.
public struct PlanTextFormatter: Sendable {
    /// Most node names listed in a header or a per-node line; JSON lists all.
    public var nodeListLimit: Int

    public init(nodeListLimit: Int = 10) {
        self.nodeListLimit = nodeListLimit
    }

    public func format(_ report: PlanReport) -> String {
        var out: [String] = []
        for (i, plan) in report.plans.enumerated() {
            if i > 0 { out.append("") }
            render(plan, into: &out)
        }
        return out.joined(separator: "\n") + "\n"
    }

    func render(_ plan: PolicyPlan, into out: inout [String]) {
        var header = "policy \(plan.name.isEmpty ? "(unnamed)" : plan.name)"
        if let origin = plan.origin { header += " (\(origin))" }
        switch plan.selected.count {
        case 0: header += " selects no node"
        case 1: header += " selects 1 node: \(plan.selected[0])"
        default: header += " selects \(plan.selected.count) nodes: \(list(plan.selected))"
        }
        out.append(header)

        if plan.isSkipped {
            out.append("")
            out.append("  not planned: the desired state or its captures are invalid (see the findings)")
        }
        for group in plan.groups {
            out.append("")
            render(group, origin: plan.origin, into: &out)
        }
        if !plan.notPlanned.isEmpty || !plan.failures.isEmpty || !plan.findings.isEmpty { out.append("") }
        if !plan.notPlanned.isEmpty {
            out.append("  not planned, no NodeNetworkState: \(list(plan.notPlanned))")
        }
        for failure in plan.failures {
            out.append("  captures fail on \(failure.nodes.count == 1 ? "node" : "\(failure.nodes.count) nodes") \(list(failure.nodes)):")
            out += findingLines(failure.finding, origin: plan.origin, indent: "    ")
        }
        if !plan.findings.isEmpty {
            out.append("  findings:")
            for finding in plan.findings { out += findingLines(finding, origin: plan.origin, indent: "    ") }
        }
    }

    func render(_ group: PolicyPlan.Group, origin: String?, into out: inout [String]) {
        let count = group.nodes.count
        out.append("  \(count) node\(count == 1 ? "" : "s") (\(list(group.nodes))):")
        out.append("    desired state:")
        PlanYAML.lines(group.desired, indent: 6, into: &out)
        if group.changes.isEmpty {
            out.append("    changes: none")
        } else {
            out.append("    changes:")
            for change in group.changes { out.append("      " + Self.line(for: change)) }
        }
        if !group.varying.isEmpty {
            out.append("    differs per node (\(group.nodes[0])'s values shown):")
            for v in group.varying {
                var pairs = zip(group.nodes, v.values).prefix(nodeListLimit).map { "\($0) \($1)" }
                if count > nodeListLimit { pairs.append("… (\(count - nodeListLimit) more)") }
                out.append("      \(v.label): \(pairs.joined(separator: ", "))")
            }
        }
        if !group.findings.isEmpty {
            out.append("    findings:")
            for finding in group.findings { out += findingLines(finding, origin: origin, indent: "      ") }
        }
    }

    /// One change as a line: `+ interface br-ex (linux-bridge)`,
    /// `~ ens33: mtu: 1500 → 9000`, `- route … (ens33 becomes a port of br-ex)`.
    public static func line(for change: StateChange) -> String {
        let name = change.interface ?? ""
        let before = change.before ?? "(none)"
        let after = change.after ?? "(none)"
        var text: String
        switch change.kind {
        case .interfaceAdded: text = "+ interface \(name) (\(after))"
        case .interfaceRemoved: text = "- interface \(name)" + (change.before.map { " (\($0))" } ?? "")
        case .interfaceAlreadyAbsent: text = "= interface \(name): absent, and the node has no such interface"
        case .fieldChanged:
            let subject = [change.interface, change.field].compactMap { $0 }.joined(separator: ": ")
            text = "~ \(subject): \(before) → \(after)"
        case .portAdded: text = "+ \(name): port \(after)"
        case .portRemoved: text = "- \(name): port \(before)"
        case .addressAdded: text = "+ \(name): \(change.field ?? "ip") address \(after)"
        case .addressRemoved: text = "- \(name): \(change.field ?? "ip") address \(before)"
        case .routeAdded: text = "+ route \(after)"
        case .routeRemoved: text = "- route \(before)"
        case .routeAlreadyAbsent: text = "= route \(before): absent, and the node has no such route"
        case .routeRuleAdded: text = "+ route rule \(after)"
        case .routeRuleRemoved: text = "- route rule \(before)"
        case .routeRuleAlreadyAbsent: text = "= route rule \(before): absent, and the node has no such rule"
        case .dnsChanged: text = "~ dns \(change.field ?? ""): \(before) → \(after)"
        }
        if let note = change.note { text += " (\(note))" }
        return text
    }

    /// `error [rule] message (at path, file:line:col)`; continuation lines
    /// of a multi-line message are indented under it.
    func findingLines(_ d: Diagnostic, origin: String?, indent: String) -> [String] {
        var places: [String] = []
        if !d.path.isEmpty { places.append("at \(d.path)") }
        if let origin, d.location.isKnown { places.append("\(origin):\(d.location.line):\(d.location.column)") }
        let lines = d.message.split(separator: "\n", omittingEmptySubsequences: false)
        var first = "\(indent)\(d.severity.rawValue) [\(d.rule)] \(lines.first.map(String.init) ?? "")"
        if !places.isEmpty { first += " (\(places.joined(separator: ", ")))" }
        return [first] + lines.dropFirst().map { indent + "    " + $0 }
    }

    func list(_ names: [String]) -> String {
        guard names.count > nodeListLimit else { return names.joined(separator: ", ") }
        return names.prefix(nodeListLimit).joined(separator: ", ") + ", … (\(names.count - nodeListLimit) more)"
    }
}

/// A value as compact YAML: block style down to the fields of each
/// interface, route or DNS setting, flow style (`{stp: {enabled: false}}`,
/// `[a, b]`) for short leaves below that.
enum PlanYAML {
    /// Widest flow-style value before block style is used instead.
    static let flowWidth = 72

    static func lines(_ value: Value, indent: Int, into out: inout [String]) {
        block(value, indent: indent, depth: 0, into: &out)
    }

    private static func block(_ value: Value, indent: Int, depth: Int, into out: inout [String]) {
        let pad = String(repeating: " ", count: indent)
        switch value.content {
        case .mapping(let members):
            if members.isEmpty { out.append(pad + "{}"); return }
            for m in members { member(m.key, m.value, pad: pad, indent: indent, depth: depth + 1, into: &out) }
        case .sequence(let items):
            if items.isEmpty { out.append(pad + "[]"); return }
            for item in items { sequenceItem(item, pad: pad, indent: indent, depth: depth + 1, into: &out) }
        default:
            out.append(pad + scalar(value, inFlow: false))
        }
    }

    private static func member(_ key: String, _ value: Value, pad: String, indent: Int, depth: Int, into out: inout [String]) {
        let k = scalar(.string(key), inFlow: false)
        if let text = inline(value, depth: depth) {
            out.append("\(pad)\(k): \(text)")
        } else if value.isSequence {
            // Sequences sit at their key's indentation, as kubectl prints them.
            out.append("\(pad)\(k):")
            block(value, indent: indent, depth: depth, into: &out)
        } else {
            out.append("\(pad)\(k):")
            block(value, indent: indent + 2, depth: depth, into: &out)
        }
    }

    private static func sequenceItem(_ item: Value, pad: String, indent: Int, depth: Int, into out: inout [String]) {
        if let text = inline(item, depth: depth) {
            out.append("\(pad)- \(text)")
            return
        }
        var nested: [String] = []
        block(item, indent: indent + 2, depth: depth, into: &nested)
        guard let first = nested.first else { return }
        out.append(pad + "- " + String(first.dropFirst(indent + 2)))
        out += nested.dropFirst()
    }

    /// The value on one line, when it is a scalar, empty, or short enough
    /// and deep enough to read well in flow style.
    private static func inline(_ value: Value, depth: Int) -> String? {
        switch value.content {
        case .mapping(let m) where m.isEmpty: return "{}"
        case .sequence(let s) where s.isEmpty: return "[]"
        case .mapping, .sequence:
            let scalarsOnly = value.sequence?.allSatisfy(\.isScalar) ?? false
            guard depth >= 4 || scalarsOnly else { return nil }
            let text = flow(value)
            return text.count <= flowWidth ? text : nil
        default:
            return scalar(value, inFlow: false)
        }
    }

    private static func flow(_ value: Value) -> String {
        switch value.content {
        case .mapping(let members): return "{" + members.map { "\(scalar(.string($0.key), inFlow: true)): \(flow($0.value))" }.joined(separator: ", ") + "}"
        case .sequence(let items): return "[" + items.map(flow).joined(separator: ", ") + "]"
        default: return scalar(value, inFlow: true)
        }
    }

    /// A scalar as YAML reads it back with the same type: strings that
    /// would read as another type, or that hold YAML syntax, are quoted.
    static func scalar(_ value: Value, inFlow: Bool) -> String {
        guard case .string(let s) = value.content else { return value.scalarText ?? "" }
        return needsQuotes(s, inFlow: inFlow) ? JSONWriter.quoted(s) : s
    }

    private static let plainWords: Set<String> = ["true", "false", "yes", "no", "on", "off", "null", "~", "y", "n"]

    private static func needsQuotes(_ s: String, inFlow: Bool) -> Bool {
        guard let first = s.first, let last = s.last else { return true }
        if plainWords.contains(s.lowercased()) || Int(s) != nil || Double(s) != nil { return true }
        // YAML 1.1 reads `1:20:30` as a base-60 number.
        if s.contains(":"), s.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ":" || $0 == "." || $0 == "_") }) { return true }
        if "-?:,[]{}#&*!|>'\"%@`".contains(first) || first == " " || last == " " { return true }
        if s.contains(": ") || s.contains(" #") || s.contains(where: { $0.isNewline || ($0.asciiValue.map { $0 < 0x20 } ?? false) }) { return true }
        if inFlow, s.contains(where: { ",[]{}".contains($0) }) { return true }
        return false
    }
}
