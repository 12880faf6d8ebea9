#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SourceModel
import SourceModelYAML

/// Finds and reads the shared corpus (`/work/shared/corpus` next to the
/// checkout) without Foundation. Tests that need it are disabled when it is
/// absent.
enum Corpus {
    static let root: String = {
        var parts = String(#filePath).split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        parts.removeLast(4) // CorpusSupport.swift, NMPolicyTests, Tests, main
        return parts.joined(separator: "/") + "/shared/corpus"
    }()

    static var isAvailable: Bool { read("\(root)/invalid/MANIFEST.tsv") != nil }

    static func read(_ path: String) -> String? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = fread(&buffer, 1, buffer.count, file)
            if n <= 0 { break }
            bytes.append(contentsOf: buffer[0..<n])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func yaml(_ relative: String) throws -> Value {
        guard let text = read("\(root)/\(relative)") else { throw CorpusError.missing(relative) }
        return try YAMLLoader().loadSingle(text)
    }

    static func exists(_ relative: String) -> Bool { read("\(root)/\(relative)") != nil }

    /// Rows of a MANIFEST/TSV file (header and `#` lines dropped), with
    /// double-quoted fields unquoted.
    static func tsv(_ relative: String) -> [[String]] {
        guard let text = read("\(root)/\(relative)") else { return [] }
        var rows: [[String]] = []
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: true).enumerated() {
            if line.hasPrefix("#") { continue }
            if i == 0 || (rows.isEmpty && line.hasPrefix("file\t")) || line.hasPrefix("source_test_file\t") { continue }
            rows.append(line.split(separator: "\t", omittingEmptySubsequences: false).map { unquote(String($0)) })
        }
        return rows
    }

    static func unquote(_ field: String) -> String {
        guard field.count >= 2, field.hasPrefix("\""), field.hasSuffix("\"") else { return field }
        return String(field.dropFirst().dropLast()).replacing("\"\"", with: "\"")
    }

    static var reportRequested: Bool { getenv("NMPOLICY_CORPUS_REPORT") != nil }
}

enum CorpusError: Error { case missing(String) }

/// An expected nmstate policy error from a verdict column.
struct ExpectedPolicyError: Equatable, CustomStringConvertible {
    var kind: String
    var message: String
    var line: String?
    var caret: Int?

    /// Reads `POLICY_PARSE_ERR PolicyError: m | line | ..^ at line L column C`,
    /// `POLICY_ERR PolicyError: m \n | line \n | ..^` and
    /// `POLICY_ERR Kind: m`.
    init?(verdict: String) {
        var text = verdict
        if let r = text.firstRange(of: "Rust policy impl: ") { text = String(text[r.upperBound...]) }
        guard let space = text.firstIndex(of: " ") else { return nil }
        let tag = text[..<space]
        guard tag == "POLICY_PARSE_ERR" || tag == "POLICY_ERR" else { return nil }
        text = String(text[text.index(after: space)...])
        guard let colon = text.firstRange(of: ": ") else { return nil }
        kind = String(text[..<colon.lowerBound])
        text = String(text[colon.upperBound...])
        if let at = text.ranges(of: " at line ").last, text[at.upperBound...].contains("column") {
            text = String(text[..<at.lowerBound])
        }
        guard kind == "PolicyError" else {
            message = text
            return
        }
        // The caret line is last: "| " then one dot per position then "^".
        guard text.hasSuffix("^") else { return nil }
        var rest = text.dropLast()
        let dots = rest.reversed().prefix { $0 == "." }.count
        rest = rest.dropLast(dots)
        guard rest.hasSuffix("| ") else { return nil }
        rest = rest.dropLast(2)
        let separator = text.contains(" \\n | ") ? " \\n | " : " | "
        if separator == " \\n | ", rest.hasSuffix(" \\n ") { rest = rest.dropLast(4) } else if rest.hasSuffix(" ") { rest = rest.dropLast() }
        guard let first = rest.firstRange(of: separator) else { return nil }
        message = String(rest[..<first.lowerBound])
        line = String(rest[first.upperBound...])
        caret = dots
    }

    var description: String { "\(kind): \(message) @\(caret.map(String.init) ?? "-")" }
}
