import Testing
import PolicyRules
import SourceModel
@testable import ManifestLint

/// What `nncp-guard plan` reads and prints: PlanInputs (the command's
/// library entry), the text and JSON renderers, and the exit status.
@Suite("Plan output")
struct PlanOutputTests {
    static func path(_ name: String) -> String { Fixtures.root + "/testdata/pernode/" + name }

    /// Plans fixture files on the fixture cluster; origins are shown as the bare file names.
    static func report(_ files: [String]) throws -> PlanReport {
        let view = try PlanInputs.view(nodesFile: path("nodes.yaml"), statesFile: path("states.yaml"))
        let policies = try PlanInputs.policies(in: files.map(path)).map { entry -> PolicyEntry in
            var entry = entry
            entry.origin = entry.origin.map { String($0.split(separator: "/").last!) }
            return entry
        }
        return PlanReport(policies: policies, view: view)
    }

    @Test func textShowsGroupsDesiredStateChangesAndPerNodeValues() throws {
        let text = PlanTextFormatter().format(try Self.report(["br-ex-default-gw.yaml"]))
        let expected = """
        policy br-ex-default-gw (br-ex-default-gw.yaml) selects 3 nodes: w1, w2, w3

          3 nodes (w1, w2, w3):
            desired state:
              interfaces:
              - name: br-ex
                type: linux-bridge
                state: up
                ipv4:
                  enabled: true
                  dhcp: false
                  address: [{ip: 192.168.10.11, prefix-length: 24}]
                bridge:
                  options: {stp: {enabled: false}}
                  port: [{name: ens33}]
              routes:
                config:
                - destination: 0.0.0.0/0
                  next-hop-address: 192.168.10.1
                  next-hop-interface: br-ex
            changes:
              + interface br-ex (linux-bridge)
              + br-ex: ipv4 address 192.168.10.11/24
              + br-ex: port ens33
              ~ ens33: controller: (none) → br-ex
              - ens33: ipv4 address 192.168.10.11/24 (ens33 becomes a port of br-ex)
              - route 0.0.0.0/0 via 192.168.10.1 dev ens33 metric 100 (ens33 becomes a port of br-ex)
              + route 0.0.0.0/0 via 192.168.10.1 dev br-ex
            differs per node (w1's values shown):
              br-ex ipv4 address: w1 192.168.10.11, w2 192.168.10.12, w3 192.168.10.13

        """
        #expect(text == expected, "\(text)")
    }

    @Test func textListsNodesWithoutStateAndTheFindings() throws {
        let text = PlanTextFormatter().format(try Self.report(["rack-r2-mtu.yaml"]))
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.first == "policy rack-r2-mtu (rack-r2-mtu.yaml) selects 1 node: w4")
        #expect(lines.contains("  not planned, no NodeNetworkState: w4"))
        #expect(lines.contains("  findings:"))
        #expect(lines.contains { $0.hasPrefix("    warning [node.state-missing] not checked on node w4: ") && $0.hasSuffix("(at spec.nodeSelector, rack-r2-mtu.yaml:7:17)") }, "\(lines)")
    }

    @Test func textShowsCaptureFailuresWithTheirNodes() throws {
        let text = PlanTextFormatter().format(try Self.report(["capture-no-match.yaml"]))
        #expect(text.contains("\n  captures fail on 3 nodes w1, w2, w3:\n    error [capture.resolve] resolving the policy's captures fails on these nodes"), "\(text)")
    }

    @Test func everyChangeKindHasALine() {
        let lines = [
            StateChange(.interfaceRemoved, interface: "eth1", before: "ethernet"),
            StateChange(.interfaceAlreadyAbsent, interface: "eth9"),
            StateChange(.fieldChanged, interface: "ens35", field: "mtu", before: "1500", after: "9000"),
            StateChange(.portRemoved, interface: "bond0", before: "ens36"),
            StateChange(.routeAlreadyAbsent, before: "10.9.0.0/16"),
            StateChange(.routeRuleAdded, after: "priority 100 from 10.0.0.0/8 table 200"),
            StateChange(.dnsChanged, field: "server", before: "[192.168.10.1]", after: "[10.0.0.53]"),
            StateChange(.fieldChanged, field: "ovs-db.external_ids.x", after: "1"),
        ].map(PlanTextFormatter.line(for:))
        #expect(lines == [
            "- interface eth1 (ethernet)",
            "= interface eth9: absent, and the node has no such interface",
            "~ ens35: mtu: 1500 → 9000",
            "- bond0: port ens36",
            "= route 10.9.0.0/16: absent, and the node has no such route",
            "+ route rule priority 100 from 10.0.0.0/8 table 200",
            "~ dns server: [192.168.10.1] → [10.0.0.53]",
            "~ ovs-db.external_ids.x: (none) → 1",
        ])
    }

    @Test func yamlQuotesStringsThatWouldReadAsAnotherType() {
        var out: [String] = []
        PlanYAML.lines(Value.mapping([
            "miimon": .string("100"), "enabled": .string("true"), "name": .string("bond0"), "mtu": .int(9000),
            "mac-address": .string("52:54:00:00:10:11"), "ip": .string("::1"),
        ]), indent: 0, into: &out)
        #expect(out == ["miimon: \"100\"", "enabled: \"true\"", "name: bond0", "mtu: 9000", "mac-address: \"52:54:00:00:10:11\"", "ip: \"::1\""])
    }

    @Test func jsonHasTheDocumentedShape() throws {
        let report = try Self.report(["br-ex-default-gw.yaml", "rack-r2-mtu.yaml", "capture-no-match.yaml"])
        let json = try JSONReader().parse(PlanJSONFormatter(toolVersion: "1.2.3").format(report))
        #expect(json["version"]?.int64 == 1)
        #expect(json.at("tool", "version")?.string == "1.2.3")
        #expect(json["profile"]?.string == "latest")
        let policies = try #require(json["policies"]?.sequence)
        #expect(policies.map { $0["name"]?.string } == ["br-ex-default-gw", "capture-no-match", "rack-r2-mtu"])
        for policy in policies {
            for key in ["name", "origin", "selected", "planned", "groups", "notPlanned", "failures", "findings"] {
                #expect(policy[key] != nil, "policy key \(key)")
            }
        }

        let group = try #require(policies[0]["groups"]?[0])
        #expect(group["nodes"]?.sequence?.compactMap(\.string) == ["w1", "w2", "w3"])
        #expect(group.at("desired", "interfaces")?[0]?["name"]?.string == "br-ex")
        let first = try #require(group["changes"]?[0])
        #expect(first["kind"]?.string == "interface-added")
        #expect(first["interface"]?.string == "br-ex")
        #expect(first["after"]?.string == "linux-bridge")
        #expect(first["before"] == nil && first["field"] == nil)
        let controller = try #require(group["changes"]?.sequence?.first { $0["field"]?.string == "controller" })
        #expect(controller["interface"]?.string == "ens33" && controller["before"] == nil && controller["after"]?.string == "br-ex")
        #expect(group.at("varying")?[0]?["values"]?["w2"]?.string == "192.168.10.12")
        #expect(group["findings"]?.sequence?.isEmpty == true)

        #expect(policies[2]["notPlanned"]?.sequence?.compactMap(\.string) == ["w4"])
        let warning = try #require(policies[2]["findings"]?[0])
        for key in ["rule", "severity", "message", "path", "line", "column"] { #expect(warning[key] != nil, "finding key \(key)") }
        #expect(warning["severity"]?.string == "warning")
        #expect(warning["line"]?.int64 == 7)

        let failure = try #require(policies[1]["failures"]?[0])
        #expect(failure["nodes"]?.sequence?.count == 3)
        #expect(failure.at("finding", "rule")?.string == "capture.resolve")

        let summary = try #require(json["summary"])
        #expect(summary["policies"]?.int64 == 3)
        #expect(summary["plannedNodes"]?.int64 == 3)
        #expect(summary["notPlanned"]?.int64 == 1)
        #expect(summary["failedNodes"]?.int64 == 3)
    }

    @Test func exitStatusFollowsFailOnAsLintDoes() throws {
        #expect(try Self.report(["br-ex-default-gw.yaml"]).exitStatus(failOn: .info) == 0)
        let warningsOnly = try Self.report(["rack-r2-mtu.yaml"])
        #expect(warningsOnly.exitStatus(failOn: .error) == 0)
        #expect(warningsOnly.exitStatus(failOn: .warning) == 1)
        #expect(try Self.report(["capture-no-match.yaml"]).exitStatus(failOn: .error) == 1)
    }

    @Test func unreadableOrEmptyInputsAreErrorsNamingTheFile() throws {
        let missing = Self.path("no-such-policy.yaml")
        #expect(throws: ContextLoadError.self) { try PlanInputs.policies(in: [missing]) }
        do throws(ContextLoadError) {
            _ = try PlanInputs.policies(in: [missing])
        } catch {
            #expect(error.message == "\(missing): No such file or directory")
        }
        do throws(ContextLoadError) {
            _ = try PlanInputs.policies(in: [Self.path("states.yaml")])
            Issue.record("a file without policies was accepted")
        } catch {
            #expect(error.message == "\(Self.path("states.yaml")): no NodeNetworkConfigurationPolicy found")
        }
        do throws(ContextLoadError) {
            _ = try PlanInputs.view(nodesFile: Self.path("states.yaml"), statesFile: Self.path("states.yaml"))
            Issue.record("states were accepted as nodes")
        } catch {
            #expect(error.message.hasPrefix("\(Self.path("states.yaml")): expected Node objects, found NodeNetworkState"))
        }
    }

    @Test func directoriesArePlannedAsLintFindsThem() throws {
        let policies = try PlanInputs.policies(in: [Fixtures.root + "/testdata/pernode"])
        #expect(policies.count == 11)
        #expect(policies.first?.name == "bond-ens35")
    }
}
