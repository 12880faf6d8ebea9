import RuleCatalog
import SourceModel
import Testing

@Suite("Rule registry")
struct RegistryTests {
    @Test func everyIDIsRegisteredOnceAndWellFormed() {
        let ids = RuleRegistry.all.map(\.id.rawValue)
        #expect(Set(ids).count == ids.count)
        #expect(ids == ids.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        for id in ids {
            let segments = id.split(separator: ".", omittingEmptySubsequences: false)
            #expect(segments.count >= 2, "\(id)")
            #expect(segments.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "-" } }, "\(id)")
        }
    }

    @Test func everyEntryExplainsItselfAndSaysHowToFixIt() {
        for e in RuleRegistry.all {
            #expect(!e.summary.isEmpty && !e.summary.hasSuffix("."), "\(e.id): summary")
            #expect(e.explanation.count > 40, "\(e.id): explanation")
            #expect(!e.fix.isEmpty, "\(e.id): fix")
            #expect(!e.explanation.contains("  "), "\(e.id): explanation has a double space")
            if e.nodeDependent { #expect(e.severity == .error, "\(e.id): a node-dependent rule warns only while the node is unknown") }
            if e.hardToTrigger != nil { #expect(e.example == nil, "\(e.id): has an example, so it is not hard to trigger") }
        }
    }

    @Test func theDefaultActionFollowsTheSeverity() {
        #expect(RuleRegistry.entry(for: .schemaUnknownField)?.defaultAction == .deny)
        #expect(RuleRegistry.entry(for: .schemaUnknownInterfaceType)?.defaultAction == .warn)
        #expect(DefaultAction(.info) == .audit)
    }

    @Test func patternsMatchIDsWildcardsAndEverything() {
        #expect(RuleRegistry.matching("*").count == RuleRegistry.all.count)
        #expect(RuleRegistry.matching("nmstate.bond.*").map(\.id.rawValue).allSatisfy { $0.hasPrefix("nmstate.bond.") })
        #expect(RuleRegistry.matching("nmstate.bond.*").count == 7)
        #expect(RuleRegistry.matching("policy.*").allSatisfy { $0.id.family == "policy" })
        #expect(RuleRegistry.matching("schema.unknown-field").count == 1)
        #expect(RuleRegistry.wildcards.contains("nmstate.bond.*") && RuleRegistry.wildcards.contains("schema.*"))
    }

    @Test("a pattern that names no rule says so and suggests the closest", arguments: [
        ("schema.unknow-field", #"unknown rule id "schema.unknow-field" (did you mean "schema.unknown-field"?); `nncp-guard rules` lists every id"#),
        ("bond.mode-required", #"unknown rule id "bond.mode-required" (did you mean "nmstate.bond.mode-required"?); `nncp-guard rules` lists every id"#),
        ("shema.*", #"pattern "shema.*" matches no rule (did you mean "schema.*"?); `nncp-guard rules` lists every id"#),
        ("nmstate.bond", #""nmstate.bond" is not a rule id; "nmstate.bond.*" matches the 7 rules under it"#),
        ("totally.different", #"unknown rule id "totally.different"; `nncp-guard rules` lists every id"#),
    ])
    func unknownPatterns(pattern: String, message: String) {
        #expect(RuleRegistry.problem(with: pattern) == message)
    }

    @Test func knownPatternsHaveNoProblem() {
        for pattern in ["*", "schema.*", "nmstate.bond.*", "policy.in-progress", "cluster.unavailable"] {
            #expect(RuleRegistry.problem(with: pattern) == nil, "\(pattern)")
        }
    }

    @Test func typedIDsReachDiagnostics() {
        let d = Diagnostic(rule: .nmstateBondModeRequired, message: "m")
        #expect(d.rule == "nmstate.bond.mode-required")
        #expect(d.ruleID == .nmstateBondModeRequired)
        #expect(RuleID.nmstateBondModeRequired.wildcards == ["nmstate.bond.*", "nmstate.*"])
    }
}
