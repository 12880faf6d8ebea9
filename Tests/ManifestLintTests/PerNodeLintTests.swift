import Testing
import SourceModel
@testable import ManifestLint

/// `lint --nodes --states` judges each policy as every selected node will
/// apply it (testdata/pernode: three workers whose default route and
/// InternalIP are on ens33, a spare ens35, and w4 without a state).
@Suite("Per-node lint")
struct PerNodeLintTests {
    static func path(_ name: String) -> String { Fixtures.root + "/testdata/pernode/" + name }

    static func options(states: Bool = true) throws -> LintOptions {
        var options = LintOptions()
        let loader = ContextLoader()
        options.cluster.nodes = try loader.loadNodes(path("nodes.yaml"))
        if states { options.cluster.states = try loader.loadStates(path("states.yaml")) }
        return options
    }

    static func lint(_ files: [String], states: Bool = true) async throws -> LintReport {
        await Fixtures.lint(files.map(path), options: try options(states: states))
    }

    static func findings(_ report: LintReport, _ rule: String) -> [Finding] {
        report.allFindings.map(\.finding).filter { $0.rule == rule }
    }

    @Test("a captured interface set down is as disruptive as the literal one", arguments: ["down-captured.yaml", "down-literal.yaml"])
    func disruptiveThroughCapture(file: String) async throws {
        let report = try await Self.lint([file])
        let hit = try #require(Self.findings(report, "node.disruptive-change").first)
        #expect(hit.severity == .error)
        #expect(hit.message.contains("sets down interface ens33"), "\(hit.message)")
        #expect(hit.message.contains("nodes w1, w2, w3"))
        #expect(hit.path.description == "spec.desiredState.interfaces[0].state")
    }

    @Test func capturedNICMadeAPortOfABridgeWithoutIPIsDisruptive() async throws {
        let report = try await Self.lint(["bridge-no-ip-captured.yaml"])
        let hit = try #require(Self.findings(report, "node.disruptive-change").first)
        #expect(hit.message.contains("attaches to br1"))
        #expect(hit.message.contains("interface ens33"))
    }

    @Test func literalAndCapturedControllersOfOnePortConflict() async throws {
        let report = try await Self.lint(["bond-ens35.yaml", "bridge-ens35-captured.yaml"])
        let hit = try #require(Self.findings(report, "conflict.port-controller").first)
        #expect(hit.message.contains("port ens35 is attached to br2 here but to bond0"), "\(hit.message)")
        #expect(hit.message.contains("on nodes w1, w2, w3"))
    }

    @Test func templateTextIsNeverComparedWithLiteralSettings() async throws {
        // Without states the template is unknown: no conflict from its text.
        let stateless = try await Self.lint(["ens35-dhcp.yaml", "ens35-keep-ip.yaml"], states: false)
        #expect(!stateless.rules.contains { $0.hasPrefix("conflict.") }, "\(stateless.rules)")
        #expect(!stateless.allFindings.contains { $0.finding.message.contains("{{") })
        // With states the resolved value is compared: ens35 has IPv4 off on every node.
        let resolved = try await Self.lint(["ens35-dhcp.yaml", "ens35-keep-ip.yaml"])
        let hit = try #require(Self.findings(resolved, "conflict.interface-settings").first)
        #expect(hit.message.contains("`ipv4.enabled` is true there and false here"), "\(hit.message)")
        #expect(!hit.message.contains("{{"))
    }

    @Test func templatedNextHopAddressIsAccepted() async throws {
        for states in [false, true] {
            let report = try await Self.lint(["br-ex-default-gw.yaml"], states: states)
            #expect(report.allFindings.isEmpty, "states: \(states): \(report.allFindings.map(\.finding.diagnostic.description))")
        }
        let plain = await Fixtures.lint([Self.path("br-ex-default-gw.yaml")])
        #expect(plain.allFindings.isEmpty, "\(plain.allFindings.map(\.finding.diagnostic.description))")
    }

    @Test func nncpCapturesAreResolvedWithCurrent() async throws {
        var options = LintOptions()
        let states = try ContextLoader().loadStates(Self.path("states.yaml"))
        options.current = try #require(states.first?.value.at("status", "currentState"))
        let report = await Fixtures.lint([Fixtures.path("valid/capture.yaml")], options: options)
        #expect(report.allFindings.isEmpty, "\(report.allFindings.map(\.finding.diagnostic.description))")
        // A capture that matches nothing fails against that state.
        let broken = await Fixtures.lint([Self.path("capture-no-match.yaml")], options: options)
        let hit = try #require(broken.allFindings.first { $0.finding.rule == "capture.resolve" })
        #expect(hit.finding.message.contains("interface with 'name=ens36' not found"))
    }

    @Test func unknownPortIsFoundOnEverySelectedNode() async throws {
        let report = try await Self.lint(["bond-unknown-port.yaml"])
        let hit = try #require(Self.findings(report, "nmstate.controller.unknown-port").first)
        #expect(hit.severity == .error)
        #expect(hit.message == "on all 3 selected nodes (w1, w2, w3): Controller interface bond1 is holding unknown port ens36")
        #expect(hit.path.description == "spec.desiredState.interfaces[0].link-aggregation.port[1]")
        // Without states nobody can tell.
        let stateless = try await Self.lint(["bond-unknown-port.yaml"], states: false)
        #expect(Self.findings(stateless, "nmstate.controller.unknown-port").isEmpty)
    }

    @Test func captureThatMatchesNothingOnANodeIsAFinding() async throws {
        let report = try await Self.lint(["capture-no-match.yaml"])
        let hit = try #require(Self.findings(report, "capture.resolve").first)
        #expect(hit.severity == .error)
        #expect(hit.message.hasPrefix("on all 3 selected nodes (w1, w2, w3): "))
        #expect(!hit.message.contains("\n"))
        #expect(hit.path.description == "spec.capture.third-nic")
    }

    @Test func selectedNodeWithoutStateIsReportedNotSkipped() async throws {
        let report = try await Self.lint(["rack-r2-mtu.yaml"])
        let hit = try #require(Self.findings(report, "node.state-missing").first)
        #expect(hit.severity == .warning)
        #expect(hit.message.contains("node w4"))
    }

    @Test func guessesAboutUnknownNodesGiveWayToNodeVerdicts() async throws {
        // A bond without mode is fine when the bond already exists; without
        // a state lint can only warn, with states it knows bond7 is new.
        let yaml = """
        apiVersion: nmstate.io/v1
        kind: NodeNetworkConfigurationPolicy
        metadata: {name: bond-without-mode}
        spec:
          nodeSelector: {rack: r1}
          desiredState:
            interfaces:
            - {name: bond7, type: bond, state: up, link-aggregation: {port: [ens35]}}
        """
        let guessed = await Fixtures.lint(yaml: yaml)
        #expect(guessed.allFindings.contains { $0.finding.rule == "nmstate.bond.mode-required" && $0.finding.severity == .warning })
        let judged = await Fixtures.lint(yaml: yaml, options: try Self.options())
        let hits = judged.allFindings.map(\.finding).filter { $0.rule == "nmstate.bond.mode-required" }
        #expect(hits.count == 1, "\(judged.allFindings.map(\.finding.diagnostic.description))")
        #expect(hits.first?.severity == .error)
        #expect(hits.first?.message.hasPrefix("on all 3 selected nodes") == true)
    }
}
