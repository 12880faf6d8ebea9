import Testing
import NMStateSchema
import SourceModel
import SourceModelYAML
@testable import PolicyRules

func nncp(_ yaml: String) -> Value {
    (try? YAMLLoader().loadSingle(yaml)) ?? .null
}

func rules(_ diagnostics: [Diagnostic]) -> [String] { diagnostics.map(\.rule) }

@Suite struct ObjectRulesTests {
    let validator = PolicyValidator()

    @Test func validPolicyHasNoFindings() {
        let d = validator.validate(nncp("""
        apiVersion: nmstate.io/v1
        kind: NodeNetworkConfigurationPolicy
        metadata: {name: eth1-up}
        spec:
          nodeSelector: {kubernetes.io/hostname: node01}
          maxUnavailable: "50%"
          desiredState:
            interfaces: [{name: eth1, type: ethernet, state: up}]
        """))
        #expect(d.filter { $0.severity == .error }.isEmpty, "\(d)")
    }

    @Test func regexCaptureIsAcceptedByLatestAndRefusedBy2_2_38() {
        let object = nncp("""
        metadata: {name: igb-lldp}
        spec:
          capture: {igb: 'interfaces.driver=~"^igb$"'}
          desiredState:
            interfaces: "{{ capture.igb.interfaces }}"
        """)
        #expect(!rules(validator.validate(object)).contains("capture.syntax"))
        let pinned = PolicyValidator(options: ValidationOptions(profile: .v2_2_38)).validate(object)
        #expect(pinned.filter { $0.rule == "capture.syntax" }.map(\.path.description) == ["spec.capture.igb"])
    }

    @Test func nameMustBeALabelValue() {
        let long = String(repeating: "a", count: 64)
        let d = validator.validate(nncp("metadata: {name: \(long)}\nspec: {}"))
        #expect(d.contains { $0.rule == "policy.name" && $0.message == "invalid policy name: \"\(long)\": must be no more than 63 bytes" })
        let bad = validator.validate(nncp("metadata: {name: foo+bar}\nspec: {}"))
        #expect(bad.first?.message.hasPrefix("invalid policy name: \"foo+bar\": a valid label must be an empty string") == true)
        #expect(bad.first?.path.description == "metadata.name")
    }

    @Test func aNameTheAPIServerRefusesIsReportedAsANodeLimit() {
        // A valid label value, but not a DNS subdomain: capitals and `_`.
        let d = validator.validate(nncp("metadata: {name: Worker_Bond0}\nspec: {}"))
        let limit = d.filter { $0.rule == "node.limit.policy-name" }
        #expect(limit.count == 1)
        #expect(limit.first?.message.hasPrefix("metadata.name \"Worker_Bond0\" is refused by the API server: a lowercase RFC 1123 subdomain") == true)
        #expect(limit.first?.path.description == "metadata.name")
        #expect(!d.contains { $0.rule == "policy.name" })
        // Reported once: a name upstream's rule refuses is not reported again.
        #expect(!validator.validate(nncp("metadata: {name: foo+bar}\nspec: {}")).contains { $0.rule == "node.limit.policy-name" })
        #expect(!validator.validate(nncp("metadata: {name: worker-bond0.v2}\nspec: {}")).contains { $0.rule == "node.limit.policy-name" })
    }

    @Test func aPlaceholderNodeSelectorValueSaysItCanNeverMatch() {
        let d = validator.validate(nncp("metadata: {name: p}\nspec:\n  nodeSelector: {kubernetes.io/hostname: <node01>}"))
        let finding = d.first { $0.rule == "policy.node-selector" }
        #expect(finding?.severity == .error)
        #expect(finding?.message.hasPrefix("invalid label value: \"<node01>\": at key: \"kubernetes.io/hostname\":") == true)
        #expect(finding?.message.hasSuffix("(no node can carry this value, so the selector would never match; it looks like a placeholder: write the node's real label value)") == true)
    }

    @Test func nodeSelectorKeysAndValues() {
        let d = validator.validate(nncp("""
        metadata: {name: p}
        spec:
          nodeSelector:
            bad key: foo+bar
            kubernetes.io/hostname: node01
            example.com/: x
            count: 3
        """))
        let messages = d.filter { $0.rule == "policy.node-selector" }.map(\.message)
        #expect(messages.contains { $0.hasPrefix("invalid label key: \"bad key\": name part must consist of alphanumeric characters") })
        #expect(messages.contains { $0.hasPrefix("invalid label value: \"foo+bar\": at key: \"bad key\": a valid label must be") })
        #expect(messages.contains { $0 == "invalid label key: \"example.com/\": name part must be non-empty" })
        #expect(messages.contains { $0.contains("must be a string") })
        #expect(messages.count == 4)
    }

    @Test(arguments: [("0", true), ("\"0%\"", true), ("-1", true), ("\"abc\"", true), ("\"150%\"", true), ("1", false), ("\"25%\"", false), ("\"3\"", false)])
    func maxUnavailable(_ literal: String, _ invalid: Bool) {
        let d = validator.validate(nncp("metadata: {name: p}\nspec: {maxUnavailable: \(literal)}"))
        #expect(d.contains { $0.rule == "policy.max-unavailable" } == invalid, "\(literal): \(d)")
    }

    @Test func unknownSpecKeyIsReported() {
        let d = validator.validate(nncp("metadata: {name: p}\nspec: {desiredstate: {}}"))
        #expect(d.first?.rule == "policy.structure")
        #expect(d.first?.message.contains("did you mean `desiredState`") == true)
    }

    static let progressing = """
    metadata: {name: test-policy}
    spec: {desiredState: {interfaces: [{name: br1, type: linux-bridge}]}}
    status:
      conditions:
      - {type: Available, status: Unknown, reason: ConfigurationProgressing}
    """
    static let available = """
    metadata: {name: ok-policy}
    spec:
      capture: {gw: 'routes.running.destination=="0.0.0.0/0"'}
      desiredState: {interfaces: [{name: br1, type: linux-bridge}]}
    status:
      conditions:
      - {type: Available, status: "True", reason: SuccessfullyConfigured}
    """

    @Test func inProgressBlocksSpecChanges() {
        let old = nncp(Self.progressing)
        var new = old
        new.set("spec", nncp("desiredState: {interfaces: []}"))
        let d = validator.validate(new, oldObject: old, operation: .update)
        #expect(d.contains { $0.rule == "policy.in-progress" && $0.message == "policy test-policy is still in progress" })
        // Metadata-only change: allowed.
        var labelled = old
        labelled.set("metadata", nncp("{name: test-policy, labels: {a: b}}"))
        #expect(validator.validate(labelled, oldObject: old, operation: .update).isEmpty)
        // A caller that has compared the specs already says so.
        #expect(!validator.validate(new, oldObject: old, operation: .update, specChanged: false).contains { $0.rule == "policy.in-progress" })
        #expect(validator.validate(labelled, oldObject: old, operation: .update, specChanged: true).contains { $0.rule == "policy.in-progress" })
    }

    @Test func captureIsImmutable() {
        let old = nncp(Self.available)
        var new = old
        var spec = old["spec"]!
        spec.set("capture", nncp("{gw: 'routes.running.destination==\"::/0\"'}"))
        new.set("spec", spec)
        let d = validator.validate(new, oldObject: old, operation: .update)
        #expect(rules(d) == ["policy.capture-immutable"])
        #expect(d.first?.message == "invalid policy operation: capture field cannot be modified")
        // Removing it is a modification too.
        spec.remove("capture")
        new.set("spec", spec)
        #expect(rules(validator.validate(new, oldObject: old, operation: .update)) == ["policy.capture-immutable"])
    }

    @Test func desiredStateDiagnosticsAreRootedAtTheObject() {
        let d = validator.validate(nncp("""
        metadata: {name: p}
        spec:
          desiredState:
            interfaces:
            - name: eth1
              type: ethernet
              bogus: 1
        """))
        let unknown = d.first { $0.rule == "schema.unknown-field" }
        if let unknown {
            #expect(unknown.path.description == "spec.desiredState.interfaces[0].bogus")
            #expect(unknown.location == SourceLocation(line: 7, column: 7))
        }
    }
}

@Suite struct LabelSyntaxTests {
    @Test func fastQualifiedNameCheckAgreesWithTheFullOne() {
        // Every key over a small alphabet up to length 5, plus edge cases
        // of the length limits and the DNS prefix.
        let alphabet: [Character] = ["a", "Z", "0", "-", "_", ".", "/"]
        var keys: [String] = [""]
        var frontier: [String] = [""]
        for _ in 1...5 {
            frontier = frontier.flatMap { k in alphabet.map { k + String($0) } }
            keys += frontier
        }
        keys += ["node-role.kubernetes.io/worker", "kubernetes.io/hostname", "a.b-c/d", "a-.b/x", "a..b/x", "A.b/x", "-a/x", "a-/x",
                 String(repeating: "a", count: 63), String(repeating: "a", count: 64),
                 String(repeating: "a", count: 253) + "/x", String(repeating: "a", count: 254) + "/x", "é/x", "x/é"]
        for key in keys {
            #expect(LabelSyntax.isQualifiedName(key) == LabelSyntax.qualifiedNameErrorsBySplitting(key).isEmpty, "\(key)")
        }
    }

    @Test func qualifiedNames() {
        #expect(LabelSyntax.qualifiedNameErrors("kubernetes.io/hostname").isEmpty)
        #expect(LabelSyntax.qualifiedNameErrors("node-role.kubernetes.io/worker").isEmpty)
        #expect(!LabelSyntax.qualifiedNameErrors("Example.com/x").isEmpty)
        #expect(!LabelSyntax.qualifiedNameErrors("a/b/c").isEmpty)
        #expect(LabelSyntax.qualifiedNameErrors(String(repeating: "x", count: 64)) == ["name part must be no more than 63 bytes"])
    }

    @Test func labelValues() {
        #expect(LabelSyntax.labelValueErrors("").isEmpty)
        #expect(LabelSyntax.labelValueErrors("node01").isEmpty)
        #expect(LabelSyntax.labelValueErrors("-x").count == 1)
    }
}
