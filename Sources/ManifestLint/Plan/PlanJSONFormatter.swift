import PolicyRules
import SourceModel

/// The machine-readable plan (`nncp-guard plan --output json`). Schema,
/// version 1:
///
/// ```
/// {
///   "version": 1,
///   "tool": {"name": "nncp-guard", "version": "0.1.0"},
///   "profile": "latest",
///   "policies": [{
///     "name": "br-ex-default-gw",
///     "origin": "network/br-ex.yaml",        // null for a policy read from a cluster
///     "selected": ["w1", "w2", "w3", "w4"],  // every node the nodeSelector matches
///     "planned": true,                       // false: desired state or captures invalid (see findings)
///     "groups": [{                           // largest first
///       "nodes": ["w1", "w2", "w3"],
///       "desired": { … },                    // the resolved desired state (first node's values)
///       "changes": [{"kind": "interface-added", "interface": "br-ex", "after": "linux-bridge"}, …],
///       "varying": [{"label": "br-ex ipv4 address", "values": {"w1": "192.168.10.11", …}}],
///       "findings": [ <finding> … ]          // nmstate's verdicts on these nodes
///     }],
///     "notPlanned": ["w4"],                  // selected, but no NodeNetworkState
///     "failures": [{"nodes": ["w5"], "finding": <finding>}],   // captures do not resolve there
///     "findings": [ <finding> … ]            // about the policy as a whole
///   }],
///   "summary": {"policies", "groups", "plannedNodes", "notPlanned", "failedNodes",
///               "changes", "errors", "warnings", "infos"}
/// }
///
/// <change> = {"kind": …, "interface"?, "field"?, "before"?, "after"?, "note"?}
///   kind: interface-added | interface-removed | interface-already-absent | field-changed |
///         port-added | port-removed | address-added | address-removed | route-added |
///         route-removed | route-already-absent | route-rule-added | route-rule-removed |
///         route-rule-already-absent | dns-changed
///   (see `StateChange.Kind`; keys without a value are left out)
/// <finding> = {"rule", "severity": "error" | "warning" | "info", "message",
///              "path": "spec.desiredState.interfaces[0]", "line": 12, "column": 9}
///              (line and column null when unknown)
/// ```
///
/// Fields are only ever added within a version; every key shown without
/// `?` is always present.
public struct PlanJSONFormatter: Sendable {
    public static let schemaVersion = 1
    public var toolVersion: String

    public init(toolVersion: String = "0.0.0") {
        self.toolVersion = toolVersion
    }

    public func format(_ report: PlanReport) -> [UInt8] {
        var out = JSONWriter.bytes(value(for: report))
        out.append(0x0A)
        return out
    }

    public func value(for report: PlanReport) -> Value {
        let s = report.summary
        return object([
            ("version", .int(Self.schemaVersion)),
            ("tool", object([("name", .string("nncp-guard")), ("version", .string(toolVersion))])),
            ("profile", .string(report.profile.rawValue)),
            ("policies", .sequence(report.plans.map(policy))),
            ("summary", object([
                ("policies", .int(s.policies)),
                ("groups", .int(s.groups)),
                ("plannedNodes", .int(s.plannedNodes)),
                ("notPlanned", .int(s.notPlanned)),
                ("failedNodes", .int(s.failedNodes)),
                ("changes", .int(s.changes)),
                ("errors", .int(s.errors)),
                ("warnings", .int(s.warnings)),
                ("infos", .int(s.infos)),
            ])),
        ])
    }

    func policy(_ plan: PolicyPlan) -> Value {
        object([
            ("name", .string(plan.name)),
            ("origin", plan.origin.map { Value.string($0) } ?? .null),
            ("selected", strings(plan.selected)),
            ("planned", .bool(!plan.isSkipped)),
            ("groups", .sequence(plan.groups.map(group))),
            ("notPlanned", strings(plan.notPlanned)),
            ("failures", .sequence(plan.failures.map { f in
                object([("nodes", strings(f.nodes)), ("finding", finding(f.finding))])
            })),
            ("findings", .sequence(plan.findings.map(finding))),
        ])
    }

    func group(_ group: PolicyPlan.Group) -> Value {
        object([
            ("nodes", strings(group.nodes)),
            ("desired", group.desired),
            ("changes", .sequence(group.changes.map(change))),
            ("varying", .sequence(group.varying.map { v in
                object([
                    ("label", .string(v.label)),
                    ("values", object(zip(group.nodes, v.values).map { ($0, Value.string($1)) })),
                ])
            })),
            ("findings", .sequence(group.findings.map(finding))),
        ])
    }

    func change(_ c: StateChange) -> Value {
        var members: [(String, Value)] = [("kind", .string(c.kind.rawValue))]
        let optional: [(String, String?)] = [("interface", c.interface), ("field", c.field), ("before", c.before), ("after", c.after), ("note", c.note)]
        for (key, value) in optional {
            if let value { members.append((key, .string(value))) }
        }
        return object(members)
    }

    func finding(_ d: Diagnostic) -> Value {
        object([
            ("rule", .string(d.rule)),
            ("severity", .string(d.severity.rawValue)),
            ("message", .string(d.message)),
            ("path", .string(d.path.description)),
            ("line", d.location.isKnown ? .int(d.location.line) : .null),
            ("column", d.location.isKnown ? .int(d.location.column) : .null),
        ])
    }

    private func strings(_ list: [String]) -> Value { .sequence(list.map { .string($0) }) }

    private func object(_ members: [(String, Value)]) -> Value {
        .mapping(members.map { Value.Member(key: $0.0, value: $0.1) })
    }
}
