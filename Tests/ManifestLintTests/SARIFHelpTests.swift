import SourceModel
import Testing
@testable import ManifestLint

/// Code scanning shows a rule's help next to each alert, so the SARIF
/// rules carry the registry's explanation and fix, not just an id.
@Suite("SARIF rule help")
struct SARIFHelpTests {
    @Test func everyRuleWithAResultCarriesItsExplanationAndFix() async throws {
        let report = await Fixtures.lint([Fixtures.path("invalid")])
        let sarif = try JSONReader().parse(SARIFFormatter().format(report))
        let rules = try #require(sarif["runs"]?[0]?.at("tool", "driver", "rules")?.sequence)
        #expect(rules.count > 10)
        for rule in rules {
            let id = rule["id"]?.string ?? "?"
            #expect((rule.at("fullDescription", "text")?.string ?? "").count > 40, "\(id)")
            #expect(rule.at("help", "text")?.string?.contains("\n\nFix: ") == true, "\(id)")
            #expect(rule.at("help", "markdown")?.string?.contains("**Fix:**") == true, "\(id)")
            #expect(rule.at("properties", "tags")?[0]?.string == id.split(separator: ".").first.map(String.init), "\(id)")
        }
        let unknownField = try #require(rules.first { $0["id"]?.string == "schema.unknown-field" })
        #expect(unknownField.at("help", "markdown")?.string?.contains("```yaml") == true)
    }
}
