import Testing
import SourceModel
@testable import ManifestLint

/// Lint parity for the cluster-aware rules, on testdata/cluster: the same
/// fixtures the admission tests send through the webhook.
@Suite struct ClusterLintTests {
    static func cluster(_ name: String) -> String { Fixtures.root + "/testdata/cluster/" + name }

    func lint(_ files: [String], previous: Bool = false, states: Bool = true) async throws -> LintReport {
        var options = LintOptions()
        let loader = ContextLoader()
        options.cluster.nodes = try loader.loadNodes(Self.cluster("nodes.yaml"))
        if states { options.cluster.states = try loader.loadStates(Self.cluster("states.yaml")) }
        if previous { options.cluster.previous = try loader.loadPrevious(Self.cluster("previous")) }
        return await Fixtures.lint(files.map(Self.cluster), options: options)
    }

    func rules(_ report: LintReport, _ file: String) -> [String] {
        report.allFindings.filter { $0.file.hasSuffix(file) }.map(\.finding.rule)
    }

    @Test func conflictOnSharedNodesNamesThePolicyAndNodes() async throws {
        let report = try await lint(["workers-jumbo.yaml", "zone-a-small-mtu.yaml"])
        let finding = try #require(report.allFindings.first { $0.finding.rule == "conflict.interface-settings" })
        #expect(finding.file.hasSuffix("zone-a-small-mtu.yaml"))
        #expect(finding.finding.message.contains("policy \"workers-jumbo\""))
        #expect(finding.finding.message.contains("on nodes w1, w2"))
    }

    @Test func noConflictWithoutSharedNodes() async throws {
        let report = try await lint(["workers-jumbo.yaml", "control-plane-mtu.yaml"])
        #expect(!report.allFindings.contains { $0.finding.rule.hasPrefix("conflict.") })
    }

    @Test func staticAddressOnTwoNodes() async throws {
        let report = try await lint(["static-ip-zone-a.yaml"])
        #expect(rules(report, "static-ip-zone-a.yaml") == ["policy.static-address-multiple-nodes"])
    }

    @Test func disruptiveChangeNeedsStates() async throws {
        #expect(rules(try await lint(["eth0-down-w1.yaml"]), "eth0-down-w1.yaml") == ["node.disruptive-change"])
        #expect(rules(try await lint(["eth0-down-w1.yaml"], states: false), "eth0-down-w1.yaml").isEmpty)
    }

    @Test func narrowedSelectorAgainstPreviousStrandsANode() async throws {
        let report = try await lint(["current/bond-workers.yaml"], previous: true)
        let finding = try #require(report.allFindings.first { $0.finding.rule == "policy.stranded-config" })
        #expect(finding.finding.message.contains("node w3"))
        // The unchanged previous version strands nothing.
        let same = try await lint(["previous/bond-workers.yaml"], previous: true)
        #expect(!same.allFindings.contains { $0.finding.rule == "policy.stranded-config" })
    }
}
