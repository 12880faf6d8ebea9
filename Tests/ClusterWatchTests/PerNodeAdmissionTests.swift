import Testing
import Admission
import ManifestLint
import NMStateSchema
import PolicyRules
import SourceModel
import SourceModelYAML
@testable import ClusterWatch

/// Full mode judges each policy as every selected node will apply it, and
/// gives the same findings as `lint --nodes --states` for the same inputs
/// (testdata/pernode).
@Suite("Per-node admission")
struct PerNodeAdmissionTests {
    static let root: String = {
        var parts = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)
        return parts.joined(separator: "/") + "/testdata/pernode/"
    }()

    static func read(_ name: String) -> Value {
        let text = (try? String(contentsOfFile: root + name, encoding: .utf8)) ?? ""
        return YAMLLoader().loadStream(text).documents.first ?? .null
    }

    static func cluster(stored: [String] = []) -> ClusterState {
        let state = ClusterState()
        for node in read("nodes.yaml")["items"]?.sequence ?? [] { state.upsertNode(node) }
        for nns in read("states.yaml")["items"]?.sequence ?? [] { state.upsertState(nns) }
        for p in stored { state.upsertPolicy(read(p)) }
        for source in ClusterState.Source.allCases { state.markSynced(source) }
        return state
    }

    static func decide(_ file: String, stored: [String] = []) throws -> (allowed: Bool, message: String, warnings: [String]) {
        let controller = AdmissionController(clusterRules: cluster(stored: stored))
        let body = ClusterAdmissionTests.review(read(file))
        let response = try controller.answer(body, at: .validate)
        let parsed = try JSONReader().parse(response.body)
        let r = try #require(parsed["response"])
        let warnings = (r["warnings"]?.sequence ?? []).compactMap(\.string)
        return (r["allowed"]?.bool ?? false, r["status"]?["message"]?.string ?? "", warnings)
    }

    @Test("a captured NIC set down is denied like the literal one", arguments: ["down-captured.yaml", "down-literal.yaml"])
    func disruptiveThroughCapture(file: String) throws {
        let d = try Self.decide(file)
        #expect(!d.allowed)
        #expect(d.message.contains("node.disruptive-change"))
        #expect(d.message.contains("sets down interface ens33"), "\(d.message)")
    }

    @Test func capturedNICMadeAPortOfABridgeWithoutIPIsDenied() throws {
        let d = try Self.decide("bridge-no-ip-captured.yaml")
        #expect(!d.allowed)
        #expect(d.message.contains("attaches to br1"))
    }

    @Test func captureAndLiteralControllersOfOnePortConflict() throws {
        let d = try Self.decide("bridge-ens35-captured.yaml", stored: ["bond-ens35.yaml"])
        #expect(!d.allowed)
        #expect(d.message.contains("conflict.port-controller"))
        #expect(d.message.contains("port ens35 is attached to br2 here but to bond0 in policy \"bond-ens35\""), "\(d.message)")
        // And the other way round: the literal one against the stored captured one.
        let reverse = try Self.decide("bond-ens35.yaml", stored: ["bridge-ens35-captured.yaml"])
        #expect(!reverse.allowed)
        #expect(reverse.message.contains("port ens35 is attached to bond0 here but to br2"), "\(reverse.message)")
    }

    @Test func resolvedSettingsAreComparedNotTemplateText() throws {
        let d = try Self.decide("ens35-keep-ip.yaml", stored: ["ens35-dhcp.yaml"])
        #expect(!d.allowed)
        #expect(d.message.contains("`ipv4.enabled` is true there and false here"), "\(d.message)")
        #expect(!d.message.contains("{{"))
    }

    @Test func bridgeOnTheDefaultGatewayNICIsAllowed() throws {
        let d = try Self.decide("br-ex-default-gw.yaml")
        #expect(d.allowed, "\(d.message) \(d.warnings)")
        #expect(d.warnings.isEmpty, "\(d.warnings)")
    }

    @Test func unknownPortOnEverySelectedNodeIsDenied() throws {
        let d = try Self.decide("bond-unknown-port.yaml")
        #expect(!d.allowed)
        #expect(d.message.contains("on all 3 selected nodes (w1, w2, w3): Controller interface bond1 is holding unknown port ens36"), "\(d.message)")
    }

    @Test func captureThatFailsOnTheNodesIsDenied() throws {
        let d = try Self.decide("capture-no-match.yaml")
        #expect(!d.allowed)
        #expect(d.message.contains("capture.resolve"))
    }

    @Test func nodeWithoutStateIsAWarning() throws {
        let d = try Self.decide("rack-r2-mtu.yaml")
        #expect(d.allowed)
        #expect(d.warnings.contains { $0.contains("node.state-missing") && $0.contains("w4") }, "\(d.warnings)")
    }

    @Test func aChangedNodeStateIsJudgedAfreshWhileOthersAreRemembered() throws {
        let cluster = Self.cluster()
        let object = Self.read("capture-no-match.yaml")
        let first = cluster.check(object: object, oldObject: nil, operation: .create)
        #expect(first.diagnostics.contains { $0.rule == "capture.resolve" && $0.message.hasPrefix("on all 3 selected nodes") })
        // w1 gets an ens36: the capture resolves there now.
        var w1 = try #require(Self.read("states.yaml")["items"]?[0])
        var current = try #require(w1.at("status", "currentState"))
        var interfaces = try #require(current["interfaces"]?.sequence)
        interfaces.append(try YAMLLoader().loadSingle("{name: ens36, type: ethernet, state: up, mtu: 1500}"))
        current.set("interfaces", .sequence(interfaces))
        var status = try #require(w1["status"])
        status.set("currentState", current)
        w1.set("status", status)
        cluster.upsertState(w1)
        let second = cluster.check(object: object, oldObject: nil, operation: .create)
        let failure = try #require(second.diagnostics.first { $0.rule == "capture.resolve" })
        #expect(failure.message.hasPrefix("on 2 of 3 selected nodes (w2, w3)"), "\(failure.message)")
    }

    /// What admission reports for `file` as diagnostics (stateless findings
    /// minus the superseded ones, then the cluster findings).
    static func admissionDiagnostics(_ file: String) -> [String] {
        let object = read(file)
        let stateless = PolicyValidator().validate(object)
        let result = cluster().check(object: object, oldObject: nil, operation: .create, stateless: stateless)
        let dropped = Set(result.superseded)
        let kept = stateless.indices.filter { !dropped.contains($0) }.map { stateless[$0] }
        return (kept + result.diagnostics).map(render).sorted()
    }

    static func lintDiagnostics(_ file: String) async throws -> [String] {
        var options = LintOptions()
        let loader = ContextLoader()
        options.cluster.nodes = try loader.loadNodes(root + "nodes.yaml")
        options.cluster.states = try loader.loadStates(root + "states.yaml")
        let report = await Linter(options: options).run([root + file], standardInput: .bytes([]))
        return report.files.flatMap(\.allFindings).map { render($0.diagnostic) }.sorted()
    }

    static func render(_ d: Diagnostic) -> String { "\(d.severity.rawValue) [\(d.rule)] \(d.path): \(d.message)" }

    @Test("lint and full mode give the same findings", arguments: [
        "down-captured.yaml", "down-literal.yaml", "bridge-no-ip-captured.yaml", "br-ex-default-gw.yaml",
        "bond-unknown-port.yaml", "capture-no-match.yaml", "rack-r2-mtu.yaml", "ens35-keep-ip.yaml",
    ])
    func lintAndAdmissionAgree(file: String) async throws {
        let admission = Self.admissionDiagnostics(file)
        let lint = try await Self.lintDiagnostics(file)
        #expect(admission == lint)
    }
}
