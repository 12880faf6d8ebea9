import ArgumentParser
import ManifestLint
import NMStateSchema
import SourceModel
import SourceModelYAML

#if canImport(Glibc)
import Glibc
#endif

/// `nncp-guard conformance CORPUS`: checks the rule engine against the
/// nmstate corpus (real upstream documents with nmstate 2.2.38's verdicts)
/// and prints the numbers. CI runs it whenever the corpus is present.
///
/// - Profile 2.2.38: every `valid/` file with verdict OK passes; every
///   `invalid/` case is rejected with nmstate's message (merged with its
///   current state where the manifest names one); the context-dependent
///   `valid/` files get their verdict too.
/// - Profile latest: no `valid/` file is rejected.
///
/// Each file goes through `nncp-guard lint` itself (see ``lintErrors``).
struct ConformanceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conformance",
        abstract: "Check the rules against an nmstate verdict corpus (see ../shared/corpus/README.md).",
        shouldDisplay: false
    )

    @Argument(help: "The corpus directory (with valid/ and invalid/ and their MANIFEST.tsv).")
    var corpus: String

    @Flag(help: "List every case, not only mismatches.")
    var verbose = false

    func run() async throws {
        var report = ConformanceReport()
        try await checkValid(&report)
        try await checkInvalid(&report)
        report.print(verbose: verbose)
        if report.failures > 0 { throw ExitCode(1) }
    }

    // MARK: Inputs

    func read(_ path: String) throws -> [UInt8] {
        guard let f = fopen(path, "rb") else { throw ValidationError("cannot read \(path)") }
        defer { fclose(f) }
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = fread(&buffer, 1, buffer.count, f)
            if n <= 0 { break }
            out.append(contentsOf: buffer[0..<n])
        }
        return out
    }

    func manifest(_ path: String) throws -> [[String: String]] {
        let lines = String(decoding: try read(path), as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: true)
        guard let header = lines.first?.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) else { return [] }
        return lines.dropFirst().map { line in
            let cells = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            var row: [String: String] = [:]
            for (i, h) in header.enumerated() { row[h] = i < cells.count ? cells[i] : "" }
            return row
        }
    }

    func documents(_ path: String) throws -> [Value] {
        let (docs, error) = YAMLLoader().loadStream(try read(path))
        if let error { throw ValidationError("\(path): \(error)") }
        return docs
    }

    // MARK: Checking

    /// Every error `nncp-guard lint` reports for one corpus file under
    /// `profile` (merged with `current` when given), one file per run and
    /// without the run-wide conflict check: the verdicts are per file.
    /// Going through the linter means the numbers describe the tool users
    /// run, not a parallel implementation.
    func lintErrors(_ path: String, profile: Profile, current: Value? = nil) async -> [String] {
        var options = LintOptions(profile: profile, current: current, runChecks: [], concurrency: 1)
        // The manifest says every file is an nmstate state or policy.
        options.assumeDesiredState = true
        let report = await Linter(options: options).run([path], standardInput: .bytes([]))
        return report.files.flatMap(\.allFindings).filter { $0.severity == .error }.map(\.message)
    }

    func checkValid(_ report: inout ConformanceReport) async throws {
        let dir = corpus + "/valid"
        for row in try manifest(dir + "/MANIFEST.tsv") {
            guard let file = row["file"], let verdict = row["nmstate_2.2.38"] else { continue }
            // latest: nothing valid is rejected.
            let latestErrors = await lintErrors(dir + "/" + file, profile: .latest)
            report.record("valid/latest: accepted", file, ok: latestErrors.isEmpty, detail: latestErrors.first)
            // 2.2.38
            if verdict.hasPrefix("SKIP") { report.skipped += 1; continue }
            let strictErrors = await lintErrors(dir + "/" + file, profile: .v2_2_38)
            if verdict.hasPrefix("OK") {
                report.record("valid/2.2.38: OK accepted", file, ok: strictErrors.isEmpty, detail: strictErrors.first)
            } else {
                let core = Verdict.core(verdict)
                report.record("valid/2.2.38: context-dependent verdict reproduced", file, ok: strictErrors.contains { Verdict.matches($0, core) }, detail: "expected \(core); got \(strictErrors.first ?? "no error")")
            }
        }
    }

    func checkInvalid(_ report: inout ConformanceReport) async throws {
        let dir = corpus + "/invalid"
        for row in try manifest(dir + "/MANIFEST.tsv") {
            guard let file = row["file"], let verdict = row["expected_error(nmstate 2.2.38)"] else { continue }
            let core = Verdict.core(verdict)
            if file.hasPrefix("policy/") || file.hasPrefix("realworld/") {
                let got = await lintErrors(dir + "/" + file, profile: .v2_2_38)
                report.record("invalid/\(file.hasPrefix("policy/") ? "policy" : "realworld"): rejected with nmstate's message", file, ok: got.contains { Verdict.matches($0, core) }, detail: "expected \(core); got \(got.first ?? "no error")")
                continue
            }
            var current: Value?
            if let c = row["current_file"], !c.isEmpty {
                current = try documents(dir + "/" + c).first ?? .mapping([Value.Member]())
            }
            let got = await lintErrors(dir + "/" + file, profile: .v2_2_38, current: current)
            report.record("invalid/state: rejected with nmstate's message", file, ok: got.contains { Verdict.matches($0, core) }, detail: "expected \(core); got \(got.first ?? "no error")")
        }
    }
}

/// Pulls the comparable core out of a verdict cell.
enum Verdict {
    static func core(_ verdict: String) -> String {
        var s = Substring(verdict.hasPrefix("\"") && verdict.hasSuffix("\"") ? String(verdict.dropFirst().dropLast()).replacingDoubledQuotes() : verdict)
        for prefix in ["Rust policy impl: ", "POLICY_PARSE_ERR ", "POLICY_ERR ", "VALIDATE_ERR ", "PARSE_ERR "] where s.hasPrefix(prefix) {
            s = s.dropFirst(prefix.count)
        }
        for kind in ["InvalidArgument: ", "NotSupportedError: ", "NotImplementedError: ", "PolicyError: "] where s.hasPrefix(kind) {
            s = s.dropFirst(kind.count)
        }
        // Snippet and YAML location decorations.
        for marker in [" | ", " \\n", "\n"] {
            if let r = s.range(of: marker) { s = s[..<r.lowerBound] }
        }
        if let r = s.range(of: " at line ") { s = s[..<r.lowerBound] }
        // serde's path prefix ("interfaces: unknown field …").
        if let colon = s.range(of: ": "), !s[..<colon.lowerBound].contains(" ") { s = s[colon.upperBound...] }
        return String(s)
    }

    /// Same message, allowing nmstate's hash-map order in "overbooked by two controller: a, b".
    static func matches(_ message: String, _ core: String) -> Bool {
        if message.contains(core) || (!message.isEmpty && core.contains(message)) { return true }
        if let r = core.range(of: "two controller: ") {
            let names = core[r.upperBound...].split(separator: ",").map { $0.trimmingCharacters(in: " ") }
            return message.hasPrefix(String(core[..<r.upperBound])) && names.allSatisfy { message.contains($0) }
        }
        return false
    }
}

extension String {
    func replacingDoubledQuotes() -> String {
        var out = ""
        var previousQuote = false
        for ch in self {
            if ch == "\"" && previousQuote { previousQuote = false; continue }
            previousQuote = ch == "\""
            out.append(ch)
        }
        return out
    }
}

extension Substring {
    func trimmingCharacters(in set: Character) -> String {
        String(drop { $0 == set }.reversed().drop { $0 == set }.reversed())
    }
}

struct ConformanceReport {
    struct Group {
        var passed = 0
        var failed: [(String, String?)] = []
        var passedFiles: [String] = []
    }
    var groups: [(String, Group)] = []
    var skipped = 0

    var failures: Int { groups.reduce(0) { $0 + $1.1.failed.count } }

    mutating func record(_ group: String, _ file: String, ok: Bool, detail: String?) {
        let i = groups.firstIndex { $0.0 == group } ?? { groups.append((group, Group())); return groups.count - 1 }()
        if ok {
            groups[i].1.passed += 1
            groups[i].1.passedFiles.append(file)
        } else {
            groups[i].1.failed.append((file, detail))
        }
    }

    func print(verbose: Bool) {
        for (name, g) in groups {
            Swift.print("\(name): \(g.passed)/\(g.passed + g.failed.count)")
            if verbose { for f in g.passedFiles { Swift.print("  ok    \(f)") } }
            for (file, detail) in g.failed { Swift.print("  FAIL  \(file): \(detail ?? "")") }
        }
        Swift.print("skipped (policy documents under 2.2.38, per MANIFEST): \(skipped)")
        let total = groups.reduce(0) { $0 + $1.1.passed + $1.1.failed.count }
        Swift.print("conformance: \(total - failures) passed, \(failures) failed")
    }
}
