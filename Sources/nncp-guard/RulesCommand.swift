import ArgumentParser
import RuleCatalog
import SourceModel
import WebhookCLI

/// `nncp-guard rules`: what each rule checks, why, and how to fix it.
struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "List the rules, or explain one.",
        discussion: """
        Without arguments, lists every rule id with its severity and a summary. With ids \
        or `prefix.*` patterns (the keys of --rule-action and the config's `rules:`), \
        explains each matching rule: why it exists, how to fix a finding, and an example.

        --output markdown writes docs/rules.md; --output json the whole registry as data.
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, markdown }

    @Argument(help: "Rule ids or patterns (`nmstate.bond.*`, `*`).", completion: .list(RuleCompletion.patterns))
    var patterns: [String] = []

    @Option(name: [.short, .long], help: "Output format: text, json or markdown.")
    var output: Format = .text

    /// During parsing, so that an unknown id is a usage error with this
    /// command's usage and a "did you mean".
    func validate() throws {
        for pattern in patterns {
            if let problem = RuleRegistry.problem(with: pattern) { throw ValidationError(problem) }
        }
    }

    func run() throws {
        print(Self.render(patterns: patterns, as: output), terminator: "")
    }

    static func render(patterns: [String], as format: Format) -> String {
        let entries = patterns.isEmpty ? RuleRegistry.all : RuleRegistry.all.filter { entry in
            patterns.contains { RuleRegistry.matching($0).contains { $0.id == entry.id } }
        }
        switch format {
        case .text:
            return patterns.isEmpty ? RuleText.list(entries) : entries.map(RuleText.detail).joined(separator: "\n")
        case .json:
            return JSONWriter.string(RuleJSON.value(entries)) + "\n"
        case .markdown:
            return RuleMarkdown.document(entries)
        }
    }
}
