import Testing
import SourceModel
import SourceModelYAML
@testable import ManifestLint

@Suite struct ClassificationTests {
    func classify(_ yaml: String) throws -> DocumentClassifier.Classification {
        DocumentClassifier.classify(try YAMLLoader().loadSingle(yaml))
    }

    @Test func nncpVersions() throws {
        #expect(try classify("{apiVersion: nmstate.io/v1, kind: NodeNetworkConfigurationPolicy}") == .kind(.nncp))
        #expect(try classify("{apiVersion: nmstate.io/v1beta1, kind: NodeNetworkConfigurationPolicy}") == .kind(.nncp))
        // Unserved versions are still NNCPs; the version rule reports them.
        #expect(try classify("{apiVersion: nmstate.io/v1alpha1, kind: NodeNetworkConfigurationPolicy}") == .kind(.nncp))
        #expect(try classify("{apiVersion: example.com/v1, kind: NodeNetworkConfigurationPolicy}") == .kind(.otherKubernetes))
    }

    @Test func kubernetesKinds() throws {
        #expect(try classify("{apiVersion: v1, kind: List, items: []}") == .list)
        #expect(try classify("{apiVersion: nmstate.io/v1, kind: NodeNetworkConfigurationPolicyList, items: []}") == .list)
        #expect(try classify("{apiVersion: nmstate.io/v1beta1, kind: NodeNetworkState}") == .kind(.nodeNetworkState))
        #expect(try classify("{apiVersion: v1, kind: ConfigMap}") == .kind(.otherKubernetes))
    }

    @Test func userInterfaceTypeSectionsMakeADesiredState() throws {
        #expect(try classify("{dispatch: {interfaces: [{type: vxcan}]}}") == .kind(.desiredState))
        #expect(try classify("{user-defined: {interface-types: [{name: vxcan}]}}") == .kind(.desiredState))
        #expect(try classify("{user-defined: {interface-types: []}, jobs: {}}") == .kind(.desiredState))
        // Other tools say `dispatch` too: next to their own keys it is not enough.
        #expect(try classify("{dispatch: {queue: fast}, workers: 4}") == .kind(.unrecognized))
    }

    @Test func nmstateDocuments() throws {
        #expect(try classify("interfaces: []") == .kind(.desiredState))
        #expect(try classify("{routes: {config: []}, dns-resolver: {config: {}}}") == .kind(.desiredState))
        // One misspelt key next to real ones stays a desired state (the schema reports it).
        #expect(try classify("{interfaces: [], route: {}}") == .kind(.desiredState))
        #expect(try classify("{capture: {a: interfaces}, desired: {}}") == .kind(.policy))
        #expect(try classify("{capture: {a: interfaces}, desiredState: {}, current: {}}") == .kind(.policy))
        #expect(try classify("{desired: {interfaces: []}}") == .kind(.policy))
        #expect(try classify("{desired: {}, spec: {}}") == .kind(.unrecognized))
    }

    @Test func unrecognized() throws {
        #expect(try classify("interface: []") == .kind(.unrecognized))
        #expect(try classify("[1, 2]") == .kind(.unrecognized))
        #expect(try classify("{kind: ConfigMap}") == .kind(.unrecognized))
        #expect(try classify("{}") == .kind(.unrecognized))
        #expect(UnrecognizedDocument.message(for: try YAMLLoader().loadSingle("interface: []")).contains("did you mean `interfaces`"))
    }

    @Test func reportCountsKinds() async throws {
        let report = await Fixtures.lint(yaml: """
        apiVersion: nmstate.io/v1
        kind: NodeNetworkConfigurationPolicy
        metadata: {name: eth1}
        spec: {desiredState: {interfaces: [{name: eth1, type: ethernet, state: up}]}}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: c}
        ---
        interfaces: [{name: eth2, type: ethernet, state: up}]
        ---
        interface: []
        ---
        apiVersion: nmstate.io/v1beta1
        kind: NodeNetworkState
        metadata: {name: node01}
        """)
        let docs = report.files[0].documents
        #expect(docs.map(\.kind) == [.nncp, .otherKubernetes, .desiredState, .unrecognized, .nodeNetworkState])
        #expect(docs.map(\.index) == [0, 1, 2, 3, 4])
        #expect(docs[0].name == "eth1")
        let s = report.summary
        #expect(s.documents == 5 && s.nncps == 1 && s.desiredStates == 1 && s.skipped == 2 && s.unrecognized == 1)
        let unrecognized = docs[3].findings
        #expect(unrecognized.map(\.rule) == ["lint.unrecognized"])
        #expect(unrecognized.first?.severity == .warning)
        #expect(unrecognized.first?.location == SourceLocation(line: 12, column: 1))
    }
}

@Suite struct AssumeStateTests {
    @Test func unknownTopLevelKeyIsAnErrorWithAssumeState() async {
        var options = LintOptions()
        // Without it, a mapping with nothing of nmstate about it is other
        // tools' YAML: skipped, not reported.
        let plain = await Fixtures.lint(yaml: "invalid_key: abc\n", options: options)
        #expect(plain.allFindings.isEmpty)
        #expect(plain.files[0].documents.first?.kind == .foreign)
        options.assumeDesiredState = true
        let assumed = await Fixtures.lint(yaml: "invalid_key: abc\n", options: options)
        #expect(assumed.allFindings.map(\.finding.rule) == ["schema.unknown-field"])
        // Kubernetes objects are still classified by kind.
        let other = await Fixtures.lint(yaml: "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n", options: options)
        #expect(other.allFindings.allSatisfy { $0.finding.severity != .error })
    }
}
