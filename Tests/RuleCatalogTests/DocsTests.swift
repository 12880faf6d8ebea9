import Foundation
import RuleCatalog
import Testing

@Suite("Rule documentation")
struct DocsTests {
    /// docs/rules.md is generated; regenerate it with
    /// `swift run nncp-guard rules --output markdown > docs/rules.md`.
    @Test func docsRulesMarkdownIsCurrent() throws {
        let path = repositoryRoot + "/docs/rules.md"
        let checkedIn = try String(contentsOfFile: path, encoding: .utf8)
        let generated = RuleMarkdown.document(RuleRegistry.all)
        #expect(checkedIn == generated, "docs/rules.md is stale: run `swift run nncp-guard rules --output markdown > docs/rules.md`")
    }

    @Test func everyRuleHasASectionAndAnIndexLink() {
        let doc = RuleMarkdown.document(RuleRegistry.all)
        for e in RuleRegistry.all {
            #expect(doc.contains("\n### `\(e.id)`\n"), "\(e.id)")
            #expect(doc.contains("(#\(e.id.rawValue.replacing(".", with: "")))"), "\(e.id)")
        }
    }

    @Test func textAndJSONListEveryRule() throws {
        let text = RuleText.list(RuleRegistry.all)
        for e in RuleRegistry.all { #expect(text.contains(e.id.rawValue + " "), "\(e.id)") }
        let detail = RuleText.detail(try #require(RuleRegistry.entry(for: .nmstateBondModeRequired)))
        #expect(detail.contains("default action: deny"))
        #expect(detail.contains("a warning while the node's current state is unknown"))
        #expect(detail.contains("Fix: Set `link-aggregation.mode`"))
        #expect(detail.contains("mode: 802.3ad"))
    }
}
