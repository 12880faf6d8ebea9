import Testing
import SourceModel
@testable import ManifestLint

@Suite struct DocumentTests {
    @Test func multiDocumentStream() async throws {
        let report = await Fixtures.lint([Fixtures.path("valid/multi-doc.yaml")])
        let file = try #require(report.files.first)
        #expect(file.findings.isEmpty)
        #expect(file.documents.map(\.kind) == [.otherKubernetes, .nncp, .otherKubernetes])
        #expect(file.documents.map(\.objectKind) == ["Namespace", "NodeNetworkConfigurationPolicy", "ConfigMap"])
        #expect(file.documents[1].location.line == 7)
    }

    @Test func listItemsAreDocumentsWithItemPaths() async throws {
        let report = await Fixtures.lint(yaml: """
        apiVersion: v1
        kind: List
        items:
          - apiVersion: nmstate.io/v1
            kind: NodeNetworkConfigurationPolicy
            metadata: {name: ok}
            spec: {desiredState: {interfaces: [{name: eth1, type: ethernet, state: up}]}}
          - apiVersion: v1
            kind: List
            items:
              - apiVersion: nmstate.io/v1
                kind: NodeNetworkConfigurationPolicy
                metadata: {name: nested}
                spec:
                  maxUnavailable: 0
                  desiredState: {interfaces: []}
          - apiVersion: v1
            kind: Secret
            metadata: {name: s}
        """)
        let docs = report.files[0].documents
        #expect(docs.map(\.itemPath.description) == ["items[0]", "items[1].items[0]", "items[2]"])
        #expect(docs.map(\.kind) == [.nncp, .nncp, .otherKubernetes])
        #expect(docs.allSatisfy { $0.index == 0 })
        let finding = try #require(docs[1].findings.first { $0.rule == "policy.max-unavailable" })
        #expect(finding.path.description == "items[1].items[0].spec.maxUnavailable")
        #expect(finding.location == SourceLocation(line: 15, column: 27))
    }

    @Test func listFixture() async throws {
        let report = await Fixtures.lint([Fixtures.path("valid/list.yaml")])
        #expect(report.files[0].documents.map(\.name) == ["eth6-up", "eth7-down"])
        #expect(report.summary.nncps == 2)
    }

    @Test func listWithBadItems() async throws {
        let report = await Fixtures.lint(yaml: "apiVersion: v1\nkind: List\nitems: {a: 1}\n")
        #expect(report.rules == ["lint.list"])
    }

    @Test func syntaxErrorKeepsEarlierDocuments() async throws {
        let report = await Fixtures.lint([Fixtures.path("invalid/syntax-error.yaml")])
        let file = try #require(report.files.first)
        #expect(file.documents.map(\.name) == ["first-is-fine"])
        let error = try #require(file.findings.first)
        #expect(error.rule == "yaml.syntax")
        #expect(error.location == SourceLocation(line: 21, column: 8))
        #expect(error.severity == .error)
    }

    @Test func duplicateKeysPointAtTheSecondKey() async throws {
        let report = await Fixtures.lint([Fixtures.path("invalid/duplicate-keys.yaml")])
        let error = try #require(report.files.first?.findings.first)
        #expect(error.rule == "yaml.duplicate-key")
        #expect(error.location == SourceLocation(line: 11, column: 9))
        #expect(error.message.contains("\"name\""))
    }

    /// Nine levels of aliases would expand to 10^9 nodes. The loader stops
    /// at the first alias that takes the expansion past the budget
    /// (100,000 nodes): the eighth `*d` on line 6, after 12,330 nodes from
    /// lines 3-5 and 11,111 per `*d`. Stopping there, not after expanding
    /// more, is what keeps the bomb cheap.
    @Test func aliasBombIsRefusedAtTheFirstAliasOverTheBudget() async throws {
        let report = await Fixtures.lint([Fixtures.path("invalid/alias-bomb.yaml")])
        let error = try #require(report.files.first?.findings.first)
        #expect(error.rule == "yaml.alias-budget")
        #expect(error.location == SourceLocation(line: 6, column: 29))
        #expect(error.message.contains("more than 100000 nodes (alias *d)"), "\(error.message)")
        #expect(report.files.first?.findings.count == 1)
    }

    @Test func tooDeep() async throws {
        var options = LintOptions()
        options.limits.maxDepth = 5
        let report = await Fixtures.lint(yaml: "a: {b: {c: {d: {e: {f: {g: 1}}}}}}\n", options: options)
        #expect(report.rules == ["yaml.too-deep"])
    }

    @Test func nncpObjectRules() async throws {
        let report = await Fixtures.lint([
            Fixtures.path("invalid/bad-name.yaml"),
            Fixtures.path("invalid/bad-node-selector.yaml"),
            Fixtures.path("invalid/max-unavailable-zero.yaml"),
        ])
        #expect(report.file(endingWith: "bad-name.yaml")?.allFindings.map(\.rule).contains("policy.name") == true)
        let selector = report.file(endingWith: "bad-node-selector.yaml")?.allFindings.filter { $0.rule == "policy.node-selector" } ?? []
        #expect(selector.count == 2)
        #expect(selector.map(\.location.line) == [7, 8])
        let zero = try #require(report.file(endingWith: "max-unavailable-zero.yaml")?.allFindings.first { $0.rule == "policy.max-unavailable" })
        #expect(zero.location == SourceLocation(line: 6, column: 19))
        #expect(zero.path.description == "spec.maxUnavailable")
    }

    @Test func apiVersions() async throws {
        let report = await Fixtures.lint(yaml: """
        apiVersion: nmstate.io/v1beta1
        kind: NodeNetworkConfigurationPolicy
        metadata: {name: a}
        ---
        apiVersion: nmstate.io/v1alpha1
        kind: NodeNetworkConfigurationPolicy
        metadata: {name: b}
        """)
        let findings = report.files[0].allFindings
        #expect(findings.map(\.rule) == ["lint.deprecated-api-version", "lint.api-version"])
        #expect(findings.map(\.severity) == [.warning, .error])
        #expect(findings.map(\.location) == [SourceLocation(line: 1, column: 13), SourceLocation(line: 5, column: 13)])
    }

    @Test func aRemovedAPIVersionNamesTheServedOnes() async throws {
        let report = await Fixtures.lint(yaml: """
        apiVersion: nmstate.io/v1alpha1
        kind: NodeNetworkConfigurationPolicy
        metadata: {name: b}
        """)
        let finding = try #require(report.files[0].allFindings.first { $0.rule == "lint.api-version" })
        #expect(finding.message == "nmstate.io/v1alpha1 is not served any more for NodeNetworkConfigurationPolicy: served versions are v1 and v1beta1 (deprecated); use nmstate.io/v1")
    }

    @Test func policyDocumentStructure() async throws {
        let report = await Fixtures.lint(yaml: """
        capture:
          a: interfaces.type=="ethernet"
          b: 3
        desired: {interfaces: "{{ capture.a.interfaces }}"}
        desiredState: {}
        extra: 1
        """)
        let doc = try #require(report.files.first?.documents.first)
        #expect(doc.kind == .policy)
        let structure = doc.findings.filter { $0.rule == "policy-document.structure" }
        #expect(structure.map(\.path.description).sorted() == ["desiredState", "extra"])
        #expect(doc.findings.contains { $0.rule == "capture.syntax" && $0.path.description == "capture.b" })
    }

    @Test func policyDocumentTemplatesAreAllowed() async throws {
        let report = await Fixtures.lint([Fixtures.path("valid/policy.yaml")])
        let doc = try #require(report.files.first?.documents.first)
        #expect(doc.kind == .policy)
        #expect(!doc.findings.contains { $0.severity == .error })
    }

    @Test func currentStateLoading() throws {
        let loader = ContextLoader()
        let fromNNS = try loader.loadCurrentState(Fixtures.path("context/node01-nns.yaml"))
        #expect(fromNNS["interfaces"]?.sequence?.count == 3)
        let bare = try loader.loadCurrentState(Fixtures.path("valid/desired-state.yml"))
        #expect(bare["interfaces"] != nil)
        #expect(throws: ContextLoadError.self) { try loader.loadCurrentState(Fixtures.path("valid/multi-doc.yaml")) }
        #expect(throws: ContextLoadError.self) { try loader.loadCurrentState(Fixtures.path("valid/configmap.yaml")) }
        #expect(throws: ContextLoadError.self) { try loader.loadCurrentState(Fixtures.path("missing.yaml")) }
    }

    @Test func clusterContextLoading() throws {
        let loader = ContextLoader()
        let nodes = try loader.loadNodes(Fixtures.path("context/nodes.yaml"))
        #expect(nodes.compactMap(\.name) == ["node01", "node02"])
        let states = try loader.loadStates(Fixtures.path("context/node01-nns.yaml"))
        #expect(states.count == 1)
        let cluster = ClusterContext(nodes: nodes, states: states)
        #expect(cluster.state(ofNode: "node01") != nil)
        let previous = try loader.loadPrevious(Fixtures.path("valid"))
        #expect(previous.compactMap(\.name).contains("bond0-workers"))
        #expect(previous.allSatisfy { $0.value["kind"]?.string == "NodeNetworkConfigurationPolicy" })
        #expect(throws: ContextLoadError.self) { try loader.loadNodes(Fixtures.path("context/node01-nns.yaml")) }
    }

    @Test func currentStateReachesTheValidator() async throws {
        // Recorded options flow through: a run-wide check sees the cluster,
        // and the per-document validators get `current`.
        let current = try ContextLoader().loadCurrentState(Fixtures.path("context/node01-nns.yaml"))
        let options = LintOptions(current: current)
        let checker = DocumentChecker(options: options)
        #expect(checker.stateValidator.options.current == current)
        #expect(checker.policyValidator.options.current == current)
    }

    @Test func currentStateDecidesApplyLikeRules() async throws {
        let yaml = "interfaces: [{name: bond9, type: bond, state: up, link-aggregation: {port: [eth2]}}]\n"
        let without = await Fixtures.lint(yaml: yaml, options: LintOptions(profile: .v2_2_38))
        #expect(without.rules == ["nmstate.bond.mode-required"])
        // node01 already has bond9 in active-backup mode: nothing to report.
        let current = try ContextLoader().loadCurrentState(Fixtures.path("context/node01-nns.yaml"))
        let with = await Fixtures.lint(yaml: yaml, options: LintOptions(profile: .v2_2_38, current: current))
        #expect(with.rules.isEmpty)
    }

    @Test func policyDocumentIsResolvedAgainstItsCurrentState() async throws {
        let report = await Fixtures.lint([Fixtures.path("invalid/policy-no-match.yaml")])
        let finding = try #require(report.allFindings.first?.finding)
        #expect(report.rules == ["capture.resolve"])
        #expect(finding.path.description == "capture.bonds")
        #expect(finding.location == SourceLocation(line: 4, column: 10))
        #expect(finding.message.contains("not found"))
    }

    @Test func filledTemplatesAreValidated() async throws {
        let report = await Fixtures.lint(yaml: """
        capture:
          eth: interfaces.name=="eth1"
        desiredState:
          interfaces: "{{ capture.eth.interfaces }}"
        current:
          interfaces:
            - {name: eth1, type: ethernet, state: up, mtu: jumbo}
        """)
        let finding = try #require(report.allFindings.first?.finding)
        #expect(finding.rule == "schema.invalid-value")
        #expect(finding.message.hasPrefix("after filling capture templates:"))
        #expect(finding.path.description == "desiredState.interfaces[0].mtu")
        // Points at the template that produced the value.
        #expect(finding.location == SourceLocation(line: 4, column: 15))
    }

    @Test func regexCapturesFollowTheProfile() async throws {
        // nmstate's interface-driver-regex example, with a current state.
        let policy = """
        capture:
          igb-and-tg-drivers: interfaces.driver=~"^igb$|^tg.*$"
          igb-and-tg-drivers-with-lldp: capture.igb-and-tg-drivers | interfaces.lldp.enabled:=true
        desiredState:
          interfaces: '{{ capture.igb-and-tg-drivers-with-lldp.interfaces }}'
        current:
          interfaces:
            - {name: eth0, type: ethernet, state: up, driver: igb}
            - {name: eth1, type: ethernet, state: up, driver: virtio_net}
        """
        #expect(await Fixtures.lint(yaml: policy).rules.isEmpty)
        let pinned = await Fixtures.lint(yaml: policy, options: LintOptions(profile: .v2_2_38))
        let finding = try #require(pinned.allFindings.first { $0.finding.rule == "capture.syntax" }?.finding)
        #expect(finding.path.description == "capture.igb-and-tg-drivers")
        #expect(finding.message.contains("'=~' is newer than nmstate 2.2.38"))
        // A pattern that matches nothing fails resolution, as on the node.
        let none = policy.replacing(#""^igb$|^tg.*$""#, with: #""^e1000$""#)
        #expect(await Fixtures.lint(yaml: none).rules.contains("capture.resolve"))
    }

    @Test func runCurrentIsUsedWhenThePolicyHasNone() async throws {
        let policy = """
        capture:
          bonds: interfaces.type=="bond"
        desired:
          interfaces:
            - {name: br9, type: linux-bridge, state: up, bridge: {port: [{name: "{{ capture.bonds.interfaces.0.name }}"}]}}
        """
        #expect(await Fixtures.lint(yaml: policy).rules.isEmpty)
        let current = try ContextLoader().loadCurrentState(Fixtures.path("context/node01-nns.yaml"))
        let resolved = await Fixtures.lint(yaml: policy, options: LintOptions(current: current))
        // node01's bond9 holds eth2; the filled state is checked against node01.
        #expect(!resolved.rules.contains("capture.resolve"))
    }
}
