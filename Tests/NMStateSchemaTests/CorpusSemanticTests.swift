import Foundation
import Testing
import SourceModel
import SourceModelYAML
@testable import NMStateSchema

/// The shared corpus (`shared/corpus`): real upstream documents with nmstate
/// 2.2.38's verdicts. Located next to the repository; every test here is
/// skipped when it is not there.
enum SemanticCorpus {
    static let root: URL? = {
        let url = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("shared/corpus")
        return FileManager.default.fileExists(atPath: url.appendingPathComponent("valid/MANIFEST.tsv").path) ? url : nil
    }()

    struct Row {
        var fields: [String: String]
        subscript(_ key: String) -> String { fields[key] ?? "" }
    }

    /// Reads a MANIFEST.tsv (a field may be CSV-quoted with doubled quotes).
    static func manifest(_ folder: String) -> [Row] {
        guard let root, let text = try? String(contentsOf: root.appendingPathComponent("\(folder)/MANIFEST.tsv"), encoding: .utf8) else { return [] }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        guard !lines.isEmpty else { return [] }
        let header = lines.removeFirst().split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        return lines.map { line in
            let cells = line.split(separator: "\t", omittingEmptySubsequences: false).map { cell -> String in
                var s = String(cell)
                if s.count >= 2, s.hasPrefix("\""), s.hasSuffix("\"") {
                    s = String(s.dropFirst().dropLast()).replacingOccurrences(of: "\"\"", with: "\"")
                }
                return s
            }
            var fields: [String: String] = [:]
            for (i, h) in header.enumerated() where i < cells.count { fields[h] = cells[i] }
            return Row(fields: fields)
        }
    }

    static func documents(_ folder: String, _ file: String) -> [Value] {
        guard let root, let text = try? String(contentsOf: root.appendingPathComponent("\(folder)/\(file)"), encoding: .utf8) else { return [] }
        return YAMLLoader().loadStream(text).documents
    }

    /// `VALIDATE_ERR InvalidArgument: message` → `message`.
    static func coreMessage(_ verdict: String) -> String {
        var s = Substring(verdict.dropFirst("VALIDATE_ERR ".count))
        if let colon = s.range(of: ": ") { s = s[colon.upperBound...] }
        return String(s)
    }

    static func nmstateErrors(_ report: DesiredStateReport) -> [Diagnostic] {
        report.diagnostics.filter { $0.severity == .error && $0.rule.hasPrefix("nmstate.") }
    }
}

@Suite("Corpus semantic verdicts", .enabled(if: SemanticCorpus.root != nil, "shared/corpus is not present"))
struct CorpusSemanticTests {
    @Test("invalid/ VALIDATE_ERR cases give nmstate 2.2.38's error")
    func invalidCases() {
        var checked = 0, matched = 0
        for row in SemanticCorpus.manifest("invalid") where !row["file"].contains("/") {
            let verdict = row["expected_error(nmstate 2.2.38)"]
            guard verdict.hasPrefix("VALIDATE_ERR ") else { continue }
            guard let doc = SemanticCorpus.documents("invalid", row["file"]).first else {
                Issue.record("cannot read \(row["file"])")
                continue
            }
            let current = row["current_file"].isEmpty ? nil : (SemanticCorpus.documents("invalid", row["current_file"]).first ?? .mapping([:]))
            let validator = DesiredStateValidator(options: ValidationOptions(profile: .v2_2_38, current: current))
            let report = validator.validate(doc)
            let expected = SemanticCorpus.coreMessage(verdict)
            checked += 1
            let hit = report.diagnostics.contains { $0.severity == .error && $0.message.contains(expected) }
            if hit { matched += 1 }
            #expect(hit, "\(row["file"]): expected error containing «\(expected)», got \(report.diagnostics.map(\.description))")
        }
        print("corpus invalid/: \(matched) of \(checked) VALIDATE_ERR cases give the expected error")
        #expect(checked > 0)
    }

    @Test("valid/ OK files get no nmstate error under 2.2.38")
    func validUnder2238() {
        var checked = 0, clean = 0
        for row in SemanticCorpus.manifest("valid") where row["nmstate_2.2.38"].hasPrefix("OK") {
            for (i, state) in states(row).enumerated() {
                let report = DesiredStateValidator(options: ValidationOptions(profile: .v2_2_38)).validate(state)
                let errors = SemanticCorpus.nmstateErrors(report)
                checked += 1
                if errors.isEmpty { clean += 1 }
                #expect(errors.isEmpty, "\(row["file"])#\(i): \(errors.map(\.description))")
            }
        }
        print("corpus valid/ under 2.2.38: \(clean) of \(checked) OK states free of nmstate.* errors")
        #expect(checked > 0)
    }

    @Test("valid/ context-dependent files get their verdict under 2.2.38")
    func contextDependentUnder2238() {
        var checked = 0, matched = 0
        for row in SemanticCorpus.manifest("valid") where row["nmstate_2.2.38"].hasPrefix("VALIDATE_ERR ") {
            let expected = SemanticCorpus.coreMessage(row["nmstate_2.2.38"])
            for state in states(row) {
                let report = DesiredStateValidator(options: ValidationOptions(profile: .v2_2_38)).validate(state)
                checked += 1
                let hit = report.diagnostics.contains { $0.severity == .error && $0.message.contains(expected) }
                if hit { matched += 1 }
                #expect(hit, "\(row["file"]): expected «\(expected)», got \(report.diagnostics.map(\.description))")
            }
        }
        print("corpus valid/ context-dependent under 2.2.38: \(matched) of \(checked) give their verdict")
    }

    @Test("no valid/ file gets an nmstate error under latest")
    func validUnderLatest() {
        var checked = 0, clean = 0
        for row in SemanticCorpus.manifest("valid") {
            let kind = row["kind"]
            for (i, doc) in SemanticCorpus.documents("valid", row["file"]).enumerated() {
                var state: Value? = doc
                var templates = false
                if kind == "nncp" {
                    state = doc.at("spec", "desiredState")
                    templates = doc.at("spec", "capture") != nil
                } else if kind.hasSuffix("-policy") {
                    state = doc["desired"] ?? doc["desiredState"]
                    templates = true
                }
                guard let state else { continue }
                let report = DesiredStateValidator(options: ValidationOptions(profile: .latest, allowTemplates: templates)).validate(state)
                let errors = SemanticCorpus.nmstateErrors(report)
                checked += 1
                if errors.isEmpty { clean += 1 }
                #expect(errors.isEmpty, "\(row["file"])#\(i): \(errors.map(\.description))")
            }
        }
        print("corpus valid/ under latest: \(clean) of \(checked) states free of nmstate.* errors")
        #expect(checked > 0)
    }

    /// The states a valid/ row is about: each document, or each NNCP's
    /// `spec.desiredState`.
    func states(_ row: SemanticCorpus.Row) -> [Value] {
        let docs = SemanticCorpus.documents("valid", row["file"])
        if row["kind"] == "nncp" { return docs.compactMap { $0.at("spec", "desiredState") } }
        return docs
    }
}
