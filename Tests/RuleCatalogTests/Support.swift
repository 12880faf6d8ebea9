import Foundation
import ManifestLint
import NMStateSchema
import RuleCatalog
import SourceModel
import SourceModelYAML

/// The repository root, from this file's path.
let repositoryRoot: String = {
    var parts = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast(3)
    return parts.joined(separator: "/")
}()

extension LintReport {
    /// Every finding of the run, file-level and per document.
    var findings: [Finding] { files.flatMap(\.allFindings) }
}

/// Runs lint on inline text the way the example's reader would: as
/// standard input for YAML, as a `.json` file for JSON.
func lint(_ text: String, format: RuleExample.Format = .yaml, current: String? = nil, profile: String? = nil) async throws -> [Finding] {
    var options = LintOptions(profile: Profile(rawValue: profile ?? "latest") ?? .latest)
    if let current { options.current = try YAMLLoader().loadSingle(current) }
    switch format {
    case .yaml:
        return await Linter(options: options).run(["-"], standardInput: .bytes(Array(text.utf8))).findings
    case .json:
        return try await lint(bytes: Array(text.utf8), name: "example.json", options: options)
    }
}

/// Lints bytes written to a temporary file called `name`.
func lint(bytes: [UInt8], name: String, options: LintOptions = LintOptions()) async throws -> [Finding] {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nncp-guard-rules-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let file = dir.appendingPathComponent(name)
    try Data(bytes).write(to: file)
    return await Linter(options: options).run([file.path], standardInput: .bytes([])).findings
}
