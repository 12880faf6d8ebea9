import Foundation
import SourceModel
import Testing

@testable import Admission

/// Patterns that name no rule are refused at start, with where they were
/// written and the id that was probably meant.
@Suite("Enforcement patterns against the rule registry")
struct RuleCheckTests {
    @Test func aMisspeltIDInTheFilePointsAtItsKey() throws {
        let p = try EnforcementPolicy(configYAML: "rules:\n  schema.*: deny\n  nmstate.bond.mode-requird: warn\n  shema.*: warn\n", source: "cfg.yaml")
        do {
            try p.checkRuleIDs(source: "cfg.yaml")
            Issue.record("no error")
        } catch {
            #expect(error.description == """
                cfg.yaml:3:3: unknown rule id "nmstate.bond.mode-requird" (did you mean "nmstate.bond.mode-required"?); `nncp-guard rules` lists every id
                cfg.yaml:4:3: pattern "shema.*" matches no rule (did you mean "schema.*"?); `nncp-guard rules` lists every id
                """)
        }
    }

    @Test func aMisspeltIDInAFlagNamesTheFlag() throws {
        var p = try EnforcementPolicy(configYAML: "rules:\n  policy.*: deny\n", source: "cfg.yaml")
        try p.applyRuleActions(["policy.in-progres=audit", "nmstate.bond=warn"])
        do {
            try p.checkRuleIDs(source: "cfg.yaml")
            Issue.record("no error")
        } catch {
            #expect(error.description == """
                command line: --rule-action "policy.in-progres=audit": unknown rule id "policy.in-progres" (did you mean "policy.in-progress"?); `nncp-guard rules` lists every id
                command line: --rule-action "nmstate.bond=warn": "nmstate.bond" is not a rule id; "nmstate.bond.*" matches the 7 rules under it
                """)
        }
    }

    @Test func loadingAtStartChecksFileAndFlags() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("nncp-guard-\(UUID().uuidString).yaml")
        try "rules:\n  schema.unknown-feild: warn\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        #expect(throws: EnforcementConfigError.self) { try EnforcementPolicy(configPath: file.path, format: .yaml) }
        #expect(throws: EnforcementConfigError.self) { try EnforcementPolicy(configPath: nil, format: .yaml, ruleActions: ["nope.*=warn"]) }
        _ = try EnforcementPolicy(configPath: nil, format: .yaml, ruleActions: ["*=warn", "nmstate.bond.*=audit", "cluster.unavailable=deny"])
    }

    @Test func theShippedConfigurationsNameOnlyRegisteredRules() throws {
        try EnforcementPolicy(configYAML: defaultConfigYAML, source: "default").checkRuleIDs()
        let example = Fixtures.directory.appendingPathComponent("config-example.yaml").path
        _ = try EnforcementPolicy(configPath: example, format: .yaml)
    }

    @Test func lintSeveritiesFollowTheActions() throws {
        let finding = Diagnostic(rule: "schema.unknown-field", message: "m")
        let warning = Diagnostic(rule: "policy.selector-matches-no-node", severity: .warning, message: "m")
        #expect(EnforcementPolicy().lintSeverity(for: finding) == .error)
        #expect(EnforcementPolicy().lintSeverity(for: warning) == .warning)
        let p = try EnforcementPolicy(configYAML: "rules:\n  schema.*: audit\n  policy.selector-matches-no-node: deny\n")
        #expect(p.lintSeverity(for: finding) == .info)
        #expect(p.lintSeverity(for: warning) == .error)
    }
}
