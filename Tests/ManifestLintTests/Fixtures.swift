import ManifestLint
import NMStateSchema
import SourceModel

/// Paths to the project's lint fixtures and small helpers to run lint.
enum Fixtures {
    /// The repository root, from this file's path (Tests/ManifestLintTests/Fixtures.swift).
    static let root: String = {
        var parts = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)
        return parts.joined(separator: "/")
    }()

    static func path(_ relative: String) -> String { root + "/testdata/lint/" + relative }

    /// Lints inline YAML as standard input.
    static func lint(yaml: String, options: LintOptions = LintOptions()) async -> LintReport {
        await Linter(options: options).run(["-"], standardInput: .bytes(Array(yaml.utf8)))
    }

    static func lint(_ paths: [String], options: LintOptions = LintOptions()) async -> LintReport {
        await Linter(options: options).run(paths, standardInput: .bytes([]))
    }
}

extension LintReport {
    /// Every finding of the run, with its file.
    var allFindings: [(file: String, finding: Finding)] {
        files.flatMap { file in file.allFindings.map { (file.path, $0) } }
    }

    var rules: [String] { allFindings.map(\.finding.rule) }

    func file(endingWith suffix: String) -> FileReport? {
        files.first { $0.path.hasSuffix(suffix) }
    }
}
