import NMStateSchema
import PolicyRules
import SourceModel

/// The result of `nncp-guard plan`: one ``PolicyPlan`` per policy, in input order.
public struct PlanReport: Sendable {
    public var profile: Profile
    public var plans: [PolicyPlan]

    public init(profile: Profile, plans: [PolicyPlan]) {
        self.profile = profile
        self.plans = plans
    }

    /// Plans `policies` on the nodes of `view` (see ``PolicyPlanner``).
    public init(policies: [PolicyEntry], view: ClusterView, profile: Profile = .latest, previous: (String) -> Value? = { _ in nil }) {
        self.init(profile: profile, plans: PolicyPlanner(profile: profile).plan(policies, in: view, previous: previous))
    }

    /// 1 when a finding is at or above `failOn`, else 0 (as lint's; read
    /// errors, status 2, happen before there is a report).
    public func exitStatus(failOn: Diagnostic.Severity) -> Int32 {
        plans.contains { $0.allFindings.contains { $0.severity >= failOn } } ? 1 : 0
    }

    public var summary: PlanSummary { PlanSummary(self) }
}

/// Totals of a plan report.
public struct PlanSummary: Sendable, Equatable {
    public var policies = 0
    public var groups = 0
    /// Nodes with a plan (in a group).
    public var plannedNodes = 0
    public var notPlanned = 0
    /// Nodes on which captures fail.
    public var failedNodes = 0
    /// Changes summed over the planned nodes.
    public var changes = 0
    public var errors = 0
    public var warnings = 0
    public var infos = 0

    public init() {}

    public init(_ report: PlanReport) {
        for plan in report.plans {
            policies += 1
            groups += plan.groups.count
            for group in plan.groups {
                plannedNodes += group.nodes.count
                changes += group.changes.count * group.nodes.count
            }
            notPlanned += plan.notPlanned.count
            failedNodes += plan.failures.reduce(0) { $0 + $1.nodes.count }
            for finding in plan.allFindings {
                switch finding.severity {
                case .error: errors += 1
                case .warning: warnings += 1
                case .info: infos += 1
                }
            }
        }
    }
}
