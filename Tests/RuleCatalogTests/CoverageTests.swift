import Admission
import Foundation
import ManifestLint
import NMStateSchema
import PolicyRules
import RuleCatalog
import SourceModel
import SourceModelYAML
import Testing

/// The registry and the rules agree: every id a rule emits on the project's
/// fixtures (lint and admission) is registered, and every registered id is
/// emitted by some fixture, example or generated input, unless it is marked
/// as hard to trigger.
@Suite("Rule coverage")
struct CoverageTests {
    @Test func emittedRulesAreRegisteredAndRegisteredRulesAreEmitted() async throws {
        let emitted = try await Self.emittedRules()
        let unregistered = emitted.subtracting(RuleRegistry.all.map(\.id.rawValue))
        #expect(unregistered.isEmpty, "emitted but not in RuleRegistry: \(unregistered.sorted())")
        let silent = RuleRegistry.all.filter { $0.hardToTrigger == nil && !emitted.contains($0.id.rawValue) }.map(\.id.rawValue)
        #expect(silent.isEmpty, "registered but emitted by no fixture (add one, or mark hardToTrigger): \(silent)")
        let marked = RuleRegistry.all.filter { $0.hardToTrigger != nil && emitted.contains($0.id.rawValue) }.map(\.id.rawValue)
        #expect(marked.isEmpty, "marked hard to trigger but a fixture triggers it: \(marked)")
    }

    /// Rule ids from every source of findings the tests have.
    static func emittedRules() async throws -> Set<String> {
        var ids = Set<String>()
        func add(_ findings: [Finding]) { ids.formUnion(findings.map(\.rule)) }

        // The registry's own examples.
        for entry in RuleRegistry.all {
            guard let x = entry.example else { continue }
            add(try await lint(x.before, format: x.format, current: x.current, profile: x.profile))
        }
        // testdata/lint, plain and against a node's state.
        let lintDir = repositoryRoot + "/testdata/lint"
        add(await Linter().run([lintDir], standardInput: .bytes([])).findings)
        var withCurrent = LintOptions()
        withCurrent.current = try ContextLoader().loadCurrentState(lintDir + "/context/node01-nns.yaml")
        add(await Linter(options: withCurrent).run([lintDir], standardInput: .bytes([])).findings)
        // testdata/cluster and testdata/pernode with their nodes, states and applied policies.
        for dir in ["cluster", "pernode"] {
            let base = repositoryRoot + "/testdata/" + dir
            var options = LintOptions()
            let loader = ContextLoader()
            options.cluster.nodes = try loader.loadNodes(base + "/nodes.yaml")
            options.cluster.states = try loader.loadStates(base + "/states.yaml")
            if dir == "cluster" { options.cluster.previous = try loader.loadPrevious(base + "/previous") }
            add(await Linter(options: options).run([base], standardInput: .bytes([])).findings)
            if dir == "cluster" {
                add(await Linter(options: options).run([base + "/current"], standardInput: .bytes([])).findings)
                // A selector no node matches.
                let nowhere = "apiVersion: nmstate.io/v1\nkind: NodeNetworkConfigurationPolicy\nmetadata: {name: nowhere}\nspec: {nodeSelector: {zone: nowhere}, desiredState: {interfaces: [{name: eth9, type: ethernet, state: up}]}}\n"
                add(await Linter(options: options).run(["-"], standardInput: .bytes(Array(nowhere.utf8))).findings)
                // A selector widened to every node, control plane included.
                let widened = "apiVersion: nmstate.io/v1\nkind: NodeNetworkConfigurationPolicy\nmetadata: {name: bond-workers}\nspec: {desiredState: {interfaces: [{name: bond0, type: bond, state: up, link-aggregation: {mode: active-backup, port: [eth1, eth2]}}]}}\n"
                add(await Linter(options: options).run(["-"], standardInput: .bytes(Array(widened.utf8))).findings)
            }
        }
        ids.formUnion(try admissionRules())
        ids.formUnion(try await generatedInputRules())
        return ids
    }

    /// testdata/admission's reviews through the webhook's controller, an
    /// UPDATE that changes captures, and cluster checks that cannot run.
    static func admissionRules() throws -> Set<String> {
        var ids = Set<String>()
        let controller = AdmissionController()
        let dir = repositoryRoot + "/testdata/admission"
        for name in try FileManager.default.contentsOfDirectory(atPath: dir).sorted() where name.hasSuffix(".json") {
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: dir + "/" + name)))
            guard let request = try? AdmissionReviewDecoder.decodeRequest(bytes) else { continue }
            ids.formUnion(controller.review(request, at: .validate).findings.map(\.rule))
        }
        let old = try YAMLLoader().loadSingle("""
            apiVersion: nmstate.io/v1
            kind: NodeNetworkConfigurationPolicy
            metadata: {name: br1}
            spec:
              capture: {base: interfaces.name=="eth1"}
              desiredState: {interfaces: [{name: br1, type: linux-bridge, state: up}]}
            status:
              conditions: [{type: Available, status: "True", reason: SuccessfullyConfigured}]
            """)
        let new = try YAMLLoader().loadSingle("""
            apiVersion: nmstate.io/v1
            kind: NodeNetworkConfigurationPolicy
            metadata: {name: br1}
            spec:
              capture: {base: interfaces.name=="eth2"}
              desiredState: {interfaces: [{name: br1, type: linux-bridge, state: up}]}
            """)
        let update = AdmissionRequest(uid: "u", operation: .update, name: "br1", object: new, oldObject: old)
        ids.formUnion(controller.review(update, at: .validate).findings.map(\.rule))
        let unavailable = AdmissionController(clusterRules: Unavailable())
        let create = AdmissionRequest(uid: "c", operation: .create, name: "br1", object: new)
        ids.formUnion(unavailable.review(create, at: .validate).findings.map(\.rule))
        return ids
    }

    struct Unavailable: ClusterRules {
        func check(object: Value, oldObject: Value?, operation: AdmissionOperation, stateless: [Diagnostic]) -> ClusterCheckResult {
            .unavailable("node cache not synced")
        }
    }

    /// Inputs no fixture holds: unreadable, oversized, too deep, not UTF-8,
    /// and a state with more interfaces than nmstate supports.
    static func generatedInputRules() async throws -> Set<String> {
        var findings: [Finding] = []
        findings += await Linter().run(["/nonexistent/nncp-guard/missing.yaml"], standardInput: .bytes([])).findings
        var small = LintOptions()
        small.limits.maxBytes = 16
        findings += await Linter(options: small).run(["-"], standardInput: .bytes(Array(repeating: 0x20, count: 64))).findings
        let deep = Array(String(repeating: "[", count: 300).utf8) + Array(String(repeating: "]", count: 300).utf8)
        findings += await Linter().run(["-"], standardInput: .bytes(deep)).findings
        findings += try await lint(bytes: deep, name: "deep.json")
        findings += await Linter().run(["-"], standardInput: .bytes([0x61, 0x3A, 0x20, 0xFF, 0xFE, 0x0A])).findings
        let many = "interfaces:\n" + (0...1000).map { "- {name: eth\($0), type: ethernet, state: up}" }.joined(separator: "\n")
        findings += try await lint(many)
        return Set(findings.map(\.rule))
    }
}
