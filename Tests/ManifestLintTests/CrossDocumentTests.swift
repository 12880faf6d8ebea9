import Testing
import SourceModel
import PolicyRules
@testable import ManifestLint

/// A run-wide check that reports every pair of policies, to test how lint
/// maps run findings back to files independently of the real rules.
struct PairCheck: RunWideCheck {
    func check(_ snapshot: RunSnapshot) -> RunResult {
        guard snapshot.policies.count >= 2 else { return RunResult() }
        return RunResult(findings: [RunFinding(policyIndex: snapshot.policies.count - 1, otherIndex: 0, diagnostic: Diagnostic(
            rule: "test.pair", message: "pair", path: ["spec"], location: snapshot.policies.last!.object.location(of: ["spec"])))])
    }
}

/// Records the snapshot it was given.
struct ClusterEcho: RunWideCheck {
    func check(_ snapshot: RunSnapshot) -> RunResult {
        RunResult(findings: snapshot.cluster.nodes.isEmpty ? [] : [RunFinding(policyIndex: 0, diagnostic: Diagnostic(rule: "test.cluster", severity: .info, message: "\(snapshot.cluster.nodes.count) nodes"))])
    }
}

@Suite struct CrossDocumentTests {
    @Test func runFindingsMapBackToFilesAndListItems() async throws {
        var options = LintOptions()
        options.runChecks = [PairCheck()]
        let report = await Fixtures.lint([Fixtures.path("valid/bond.yaml"), Fixtures.path("valid/list.yaml")], options: options)
        let list = try #require(report.file(endingWith: "list.yaml"))
        let finding = try #require(list.documents[1].findings.first { $0.rule == "test.pair" })
        #expect(finding.path.description == "items[1].spec")
        #expect(finding.location.line == 22)
        #expect(finding.related?.file.hasSuffix("valid/bond.yaml") == true)
        #expect(finding.related?.name == "bond0-workers")
    }

    @Test func clusterContextReachesRunChecks() async throws {
        var options = LintOptions()
        options.cluster.nodes = try ContextLoader().loadNodes(Fixtures.path("context/nodes.yaml"))
        options.runChecks = [ClusterEcho()]
        let report = await Fixtures.lint([Fixtures.path("valid/bond.yaml")], options: options)
        #expect(report.rules == ["test.cluster"])
    }

    @Test func snapshotHoldsEveryNNCPInOrder() async throws {
        var options = LintOptions()
        options.runChecks = []
        let report = await Fixtures.lint([Fixtures.path("valid")], options: options)
        let snapshot = Linter.snapshot(of: report.files, cluster: ClusterContext())
        #expect(snapshot.policies.count == report.summary.nncps)
        #expect(snapshot.policies.allSatisfy { $0.origin != nil })
    }

    /// The fixture pair configures eth1 with MTU 9000 on workers and 1500
    /// on node01 (a worker): PolicyRules' cross-policy check must flag it,
    /// and lint must put the finding on the right file and line.
    @Test func conflictingPoliciesAcrossFiles() async throws {
        let report = await Fixtures.lint([Fixtures.path("conflict")])
        let conflicts = report.allFindings.filter { $0.finding.rule.hasPrefix("conflict.") }
        #expect(!conflicts.isEmpty)
        let mtu = try #require(conflicts.first { $0.finding.path.description.hasSuffix("mtu") })
        #expect(mtu.file.hasSuffix("small-node01.yaml"))
        #expect(mtu.finding.location == SourceLocation(line: 13, column: 14))
        #expect(mtu.finding.related?.file.hasSuffix("jumbo-workers.yaml") == true)
        #expect(mtu.finding.message.contains("jumbo-workers"))
        #expect(report.exitStatus(failOn: .error) == 1)
    }
}
