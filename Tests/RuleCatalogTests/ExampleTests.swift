import ManifestLint
import RuleCatalog
import Testing

/// Every example in the registry is real: lint reports the rule on its
/// "before" and, on its "after", neither that rule nor any error.
@Suite("Rule examples")
struct ExampleTests {
    static let withExamples = RuleRegistry.all.filter { $0.example != nil }.map(\.id.rawValue)

    @Test("the example's before is reported and its after is clean", arguments: withExamples)
    func example(id: String) async throws {
        let entry = try #require(RuleRegistry.entry(for: id))
        let x = try #require(entry.example)
        let before = try await lint(x.before, format: x.format, current: x.current, profile: x.profile)
        #expect(before.contains { $0.rule == id }, "before: \(before.map { "[\($0.rule)] \($0.message)" })")
        let after = try await lint(x.after, format: x.format, current: x.current, profile: x.profile)
        #expect(!after.contains { $0.rule == id || $0.severity == .error }, "after: \(after.map { "[\($0.rule)] \($0.message)" })")
    }
}
