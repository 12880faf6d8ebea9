import PolicyRules
import SourceModel
import Testing

@testable import Admission

/// Cluster rules that return a fixed result.
struct StubClusterRules: ClusterRules {
    var result: ClusterCheckResult
    func check(object: Value, oldObject: Value?, operation: AdmissionOperation, stateless: [Diagnostic]) -> ClusterCheckResult { result }
}

@Suite("Validating endpoints")
struct ValidateEndpointTests {
    @Test("a valid UPDATE is allowed without warnings", arguments: ["/validate", "/nodenetworkconfigurationpolicies-update-validate", "/nodenetworkconfigurationpolicies-create-validate"])
    func validUpdate(path: String) throws {
        let metrics = RecordingMetrics()
        let controller = makeController(metrics: metrics)
        let (_, response) = try review(controller, path, try Fixtures.bytes("update-bond-vlan.json"))
        #expect(response.allowed)
        #expect(response.warnings == [])
        #expect(response.patch == nil)
        #expect(response.status == nil)
        let label = String(path.dropFirst())
        #expect(metrics.count(AdmissionMetricNames.requestsTotal, [("endpoint", label), ("decision", "allowed")]) == 1)
        #expect(metrics.timings(AdmissionMetricNames.durationSeconds, [("endpoint", label)]).count == 1)
    }

    @Test("valid CREATEs are allowed, in v1 and v1beta1")
    func validCreate() throws {
        let controller = makeController()
        for fixture in ["create-bond-vlan.json", "create-v1beta1.json"] {
            let (_, response) = try review(controller, "/validate", try Fixtures.bytes(fixture))
            #expect(response.allowed, "\(fixture): \(response.status?.message ?? "")")
            #expect(response.warnings == [], "\(fixture)")
        }
    }

    @Test("an UPDATE during a rollout is denied with the path and rule")
    func inProgressDenied() throws {
        let metrics = RecordingMetrics()
        let controller = makeController(metrics: metrics)
        let (version, response) = try review(controller, "/validate", try Fixtures.bytes("update-in-progress.json"))
        #expect(version == .v1)
        #expect(response.uid == "a7c3e9f1-2b4d-4e6f-8a0c-3e5f7a9b1c2d")
        #expect(!response.allowed)
        #expect(response.status == AdmissionStatus(
            code: 403, reason: "Forbidden",
            message: #"NodeNetworkConfigurationPolicy "bond0-vlan102" rejected by nncp-guard: spec: policy bond0-vlan102 is still in progress [policy.in-progress]"#
        ))
        #expect(response.patch == nil)
        #expect(metrics.count(AdmissionMetricNames.requestsTotal, [("endpoint", "validate"), ("decision", "denied")]) == 1)
        #expect(metrics.count(AdmissionMetricNames.findingsTotal, [("rule", "policy.in-progress"), ("action", "deny")]) == 1)
    }

    @Test("warn turns the denial into a warning")
    func inProgressWarned() throws {
        var policy = EnforcementPolicy()
        try policy.applyRuleActions(["policy.in-progress=warn"])
        let metrics = RecordingMetrics()
        let controller = makeController(enforcement: policy, metrics: metrics)
        let (_, response) = try review(controller, "/validate", try Fixtures.bytes("update-in-progress.json"))
        #expect(response.allowed)
        #expect(response.status == nil)
        #expect(response.warnings == ["spec: policy bond0-vlan102 is still in progress [policy.in-progress]"])
        #expect(metrics.count(AdmissionMetricNames.requestsTotal, [("endpoint", "validate"), ("decision", "warned")]) == 1)
        #expect(metrics.count(AdmissionMetricNames.findingsTotal, [("rule", "policy.in-progress"), ("action", "warn")]) == 1)
    }

    @Test("audit admits silently but logs and counts")
    func inProgressAudited() throws {
        let policy = try EnforcementPolicy(configYAML: "rules:\n  policy.in-progress: audit\n")
        let metrics = RecordingMetrics()
        let logs = LogRecorder()
        let controller = makeController(enforcement: policy, metrics: metrics, logs: logs)
        let (_, response) = try review(controller, "/validate", try Fixtures.bytes("update-in-progress.json"))
        #expect(response.allowed)
        #expect(response.warnings.isEmpty)
        #expect(metrics.count(AdmissionMetricNames.findingsTotal, [("rule", "policy.in-progress"), ("action", "audit")]) == 1)
        #expect(metrics.count(AdmissionMetricNames.requestsTotal, [("endpoint", "validate"), ("decision", "allowed")]) == 1)
        let line = try #require(logs.lines.last)
        #expect(line.metadata["rules"] == "policy.in-progress=audit")
        #expect(line.metadata["decision"] == "allowed")
    }

    @Test("an invalid CREATE lists every violation with its path")
    func invalidCreate() throws {
        let controller = makeController()
        let (_, response) = try review(controller, "/validate", try Fixtures.bytes("create-invalid.json"))
        #expect(!response.allowed)
        let status = try #require(response.status)
        #expect(status.code == 403)
        #expect(status.reason == "Forbidden")
        let prefix = #"NodeNetworkConfigurationPolicy "bond0-vlan102+invalid" rejected by nncp-guard: "#
        #expect(status.message.hasPrefix(prefix))
        let violations = status.message.dropFirst(prefix.count).components(separatedBy: "; ")
        #expect(violations.contains { $0.hasPrefix(#"metadata.name: invalid policy name: "bond0-vlan102+invalid": "#) && $0.hasSuffix("[policy.name]") })
        #expect(violations.contains { $0.hasPrefix(#"spec.nodeSelector."bad key": invalid label key: "bad key""#) && $0.hasSuffix("[policy.node-selector]") })
        #expect(violations.contains { $0.hasPrefix(#"spec.nodeSelector."bad key": invalid label value: "foo+bar""#) })
        #expect(violations.contains { $0.hasPrefix("spec.desiredState.interfaces[3].vlan.id: ") })
        #expect(violations.contains { $0.hasPrefix("spec.desiredState.interfaces[2].link-aggregation.modee: ") })
        for v in violations { #expect(v.hasSuffix("]"), "\(v)") }
    }

    @Test("status writes, unchanged specs, DELETE and other kinds pass untouched", arguments: [
        "update-status.json", "delete-bond-vlan.json", "create-configmap.json",
    ])
    func passThrough(fixture: String) throws {
        let (_, response) = try review(makeController(), "/validate", try Fixtures.bytes(fixture))
        #expect(response.allowed)
        #expect(response.warnings.isEmpty)
        #expect(response.patch == nil)
    }

    @Test("a metadata-only UPDATE of a stored invalid policy is allowed (finalizers must come off)")
    func unchangedSpec() throws {
        let old = json(#"{"apiVersion":"nmstate.io/v1","kind":"NodeNetworkConfigurationPolicy","metadata":{"name":"p"},"spec":{"desiredState":{"interfaces":[{"name":"v","type":"vlan","vlan":{"base-iface":"eth0","id":99999}}]}}}"#)
        var new = old
        var meta = try #require(new["metadata"])
        meta.set("finalizers", .sequence([]))
        new.set("metadata", meta)
        let controller = makeController()
        let (_, response) = try review(controller, "/validate", requestBody("UPDATE", object: new, oldObject: old))
        #expect(response.allowed)
        // The same object as a CREATE is denied: the rules do see the problem.
        let (_, created) = try review(controller, "/validate", requestBody("CREATE", object: new))
        #expect(!created.allowed)
    }

    @Test("dryRun changes nothing but is logged")
    func dryRun() throws {
        let logs = LogRecorder()
        let controller = makeController(logs: logs)
        let (_, response) = try review(controller, "/validate", try Fixtures.bytes("create-v1beta1.json"))
        #expect(response.allowed)
        let line = try #require(logs.lines.last)
        #expect(line.metadata["dry_run"] == "true")
        #expect(line.metadata["uid"] == "c4d6e8f0-1a3b-4c5d-8e7f-9a0b1c2d3e4f")
        #expect(line.metadata["operation"] == "CREATE")
        #expect(line.metadata["kind"] == "NodeNetworkConfigurationPolicy")
        #expect(line.metadata["name"] == "bond0-vlan102")
    }

    @Test("logs carry facts, never object contents or user details beyond the name")
    func logHygiene() throws {
        let logs = LogRecorder()
        let controller = makeController(logs: logs)
        for fixture in ["update-bond-vlan.json", "update-in-progress.json", "create-invalid.json"] {
            for endpoint in AdmissionEndpoint.allCases {
                let http = post(controller, endpoint.rawValue, try Fixtures.bytes(fixture))
                #expect(http.status == 200)
                let fields = http.logFields.map { "\($0.0)=\($0.1)" }.joined(separator: " ")
                #expect(!fields.contains("192.0.2"))
            }
        }
        let text = logs.text
        #expect(logs.lines.count == 3 * AdmissionEndpoint.allCases.count)
        for secret in ["192.0.2", "bond0.104", "802.3ad", "system:masters", "0d5e1c9a-7b3f-4e2a-9c8d-1f6b4a2e7c3d", "3/3 nodes"] {
            #expect(!text.contains(secret), "log contains \(secret)")
        }
        #expect(text.contains("user=kubernetes-admin"))
    }

    // MARK: - Cluster rules

    @Test("cluster diagnostics join the stateless ones")
    func clusterFindings() throws {
        let rules = StubClusterRules(result: ClusterCheckResult(diagnostics: [
            Diagnostic(rule: "cluster.static-ip-conflict", message: "192.0.2.10/24 is already used by policy other", path: ["spec", "desiredState", "interfaces", 3]),
        ]))
        let (_, response) = try review(makeController(clusterRules: rules), "/validate", try Fixtures.bytes("update-bond-vlan.json"))
        #expect(!response.allowed)
        #expect(response.status?.message == #"NodeNetworkConfigurationPolicy "bond0-vlan102" rejected by nncp-guard: spec.desiredState.interfaces[3]: 192.0.2.10/24 is already used by policy other [cluster.static-ip-conflict]"#)
    }

    @Test("an unavailable cluster view warns or denies as configured")
    func clusterUnavailable() throws {
        let rules = StubClusterRules(result: .unavailable("node cache not synced"))
        let metrics = RecordingMetrics()
        let warn = makeController(clusterRules: rules, metrics: metrics)
        let (_, warned) = try review(warn, "/validate", try Fixtures.bytes("update-bond-vlan.json"))
        #expect(warned.allowed)
        #expect(warned.warnings == ["cluster checks skipped: node cache not synced [cluster.unavailable]"])
        #expect(metrics.count(AdmissionMetricNames.findingsTotal, [("rule", "cluster.unavailable"), ("action", "warn")]) == 1)

        let deny = makeController(enforcement: try EnforcementPolicy(configYAML: "clusterUnavailable: deny"), clusterRules: rules)
        let (_, denied) = try review(deny, "/validate", try Fixtures.bytes("update-bond-vlan.json"))
        #expect(!denied.allowed)
        #expect(denied.status?.message == #"NodeNetworkConfigurationPolicy "bond0-vlan102" rejected by nncp-guard: cluster checks could not run: node cache not synced [cluster.unavailable]"#)
    }

    @Test("cluster rules are not consulted for pass-through requests")
    func clusterNotConsulted() throws {
        let rules = StubClusterRules(result: .unavailable("down"))
        let deny = makeController(enforcement: try EnforcementPolicy(configYAML: "clusterUnavailable: deny"), clusterRules: rules)
        for fixture in ["update-status.json", "delete-bond-vlan.json", "create-configmap.json"] {
            let (_, response) = try review(deny, "/validate", try Fixtures.bytes(fixture))
            #expect(response.allowed, "\(fixture)")
        }
        // Mutating endpoints never consult them.
        let (_, mutated) = try review(deny, "/mutate", try Fixtures.bytes("update-bond-vlan.json"))
        #expect(mutated.allowed)
    }

    // MARK: - Trimming

    @Test("warnings are capped in length and number, keeping the rule id")
    func warningCaps() throws {
        let long = String(repeating: "é", count: 150)
        let diagnostics = (0..<30).map { i in
            Diagnostic(rule: "cluster.note-\(i)", severity: .warning, message: i == 0 ? long : "note \(i)", path: ["spec", "desiredState", "interfaces", .index(i)])
        }
        let controller = makeController(clusterRules: StubClusterRules(result: ClusterCheckResult(diagnostics: diagnostics)))
        let (_, response) = try review(controller, "/validate", try Fixtures.bytes("update-bond-vlan.json"))
        #expect(response.allowed)
        #expect(response.warnings.count == 20)
        for w in response.warnings { #expect(w.utf8.count <= 200, "\(w)") }
        let first = response.warnings[0]
        #expect(first.hasPrefix("spec.desiredState.interfaces[0]: éé"))
        #expect(first.hasSuffix("... [cluster.note-0]"))
        #expect(response.warnings[1] == "spec.desiredState.interfaces[1]: note 1 [cluster.note-1]")
        #expect(response.warnings[19] == "and 11 more warnings not shown")
    }

    @Test("a warning with a newline reaches the API server as one line without control characters")
    func warningsAreOneLine() throws {
        // A capture syntax error's caret diagram spans lines; the API server
        // drops a warning with a control character, so kubectl showed nothing.
        let caret = "capture base-iface: syntax error\n  interfaces.name==\"eth0\n                  ^ unterminated string\tliteral\r\n"
        let diagnostics = [Diagnostic(rule: "capture.syntax", severity: .warning, message: caret, path: ["spec", "capture", "base-iface"])]
        let controller = makeController(clusterRules: StubClusterRules(result: ClusterCheckResult(diagnostics: diagnostics)))
        let (_, response) = try review(controller, "/validate", try Fixtures.bytes("update-bond-vlan.json"))
        let warning = try #require(response.warnings.first)
        #expect(warning == #"spec.capture.base-iface: capture base-iface: syntax error | interfaces.name=="eth0 | ^ unterminated string literal [capture.syntax]"#)
        #expect(!warning.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F })
    }

    @Test("a capture syntax error in warn mode reaches kubectl as a one-line warning")
    func captureSyntaxWarningIsOneLine() throws {
        let controller = makeController(enforcement: try EnforcementPolicy(configYAML: "rules:\n  capture.*: warn\n"))
        let policy = try JSONReader().parse(#"""
            {"apiVersion": "nmstate.io/v1", "kind": "NodeNetworkConfigurationPolicy", "metadata": {"name": "captured"},
             "spec": {"capture": {"base-iface": "interfaces.name==\"eth0"},
                      "desiredState": {"interfaces": [{"name": "eth1", "type": "ethernet", "state": "up"}]}}}
            """#)
        let (_, response) = try review(controller, "/validate", requestBody("CREATE", object: policy))
        #expect(response.allowed)
        let warning = try #require(response.warnings.first { $0.hasSuffix("[capture.syntax]") })
        #expect(!warning.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }, "\(warning)")
        #expect(warning.contains(#"| interfaces.name=="eth0 | "#), "\(warning)")
    }

    @Test("a long warning is cut at a word boundary, keeping the rule id")
    func warningsAreCutBetweenWords() throws {
        let words = Array(repeating: "interface", count: 40).joined(separator: " ")
        let diagnostics = [Diagnostic(rule: "cluster.note", severity: .warning, message: words, path: ["spec"])]
        let controller = makeController(clusterRules: StubClusterRules(result: ClusterCheckResult(diagnostics: diagnostics)))
        let (_, response) = try review(controller, "/validate", try Fixtures.bytes("update-bond-vlan.json"))
        let warning = try #require(response.warnings.first)
        #expect(warning.utf8.count <= 200)
        #expect(warning.hasSuffix(" interface... [cluster.note]"), "\(warning)")
    }

    @Test("denial messages list a bounded number of violations")
    func denialCap() throws {
        let diagnostics = (0..<40).map { i in Diagnostic(rule: "cluster.x", message: "bad \(i)") }
        let controller = makeController(clusterRules: StubClusterRules(result: ClusterCheckResult(diagnostics: diagnostics)))
        let (_, response) = try review(controller, "/validate", try Fixtures.bytes("update-bond-vlan.json"))
        let message = try #require(response.status?.message)
        #expect(message.hasSuffix("bad 24 [cluster.x]; and 15 more violations"))
        #expect(message.contains(#"rejected by nncp-guard: bad 0 [cluster.x]; bad 1 [cluster.x]"#))
    }

    @Test("the review entry point works without HTTP")
    func directReview() throws {
        let request = try AdmissionReviewDecoder.decodeRequest(try Fixtures.bytes("update-in-progress.json"))
        let outcome = makeController().review(request, at: .validate)
        #expect(outcome.decision == .denied)
        #expect(outcome.findings.map(\.rule) == ["policy.in-progress"])
        #expect(outcome.rulesField == "policy.in-progress=deny")
    }
}
