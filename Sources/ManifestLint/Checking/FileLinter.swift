import SourceModel
import SourceModelYAML

/// Where standard input comes from: the process, or bytes a test supplies.
public enum StandardInput: Sendable {
    case process
    case bytes([UInt8])
}

/// Reads one input and checks every document in it.
///
/// A broken stream (syntax error, duplicate key, alias bomb) does not stop
/// the file: the documents before the break are still checked, and the
/// break becomes a file-level finding at its line and column.
struct FileLinter: Sendable {
    let options: LintOptions
    let checker: DocumentChecker

    init(options: LintOptions) {
        self.options = options
        self.checker = DocumentChecker(options: options)
    }

    func lint(_ input: LintInput, standardInput: StandardInput) -> FileReport {
        let limit = options.limits.maxBytes
        let result: FileSystem.ReadResult
        switch input.source {
        case .file(let path):
            result = FileSystem.read(path, limit: limit)
        case .standardInput:
            switch standardInput {
            case .process: result = FileSystem.readStandardInput(limit: limit)
            case .bytes(let b): result = b.count > limit ? .tooLarge(size: b.count) : .bytes(b)
            }
        }
        switch result {
        case .bytes(let bytes):
            return lint(bytes, as: input)
        case .tooLarge(let size):
            return FileReport(path: input.displayPath, byteCount: size ?? 0, findings: [LoadErrorRules.tooLarge(size: size, limit: limit)])
        case .failed(let reason):
            return FileReport(path: input.displayPath, findings: [LoadErrorRules.ioFailure(reason)], isIOFailure: true)
        }
    }

    /// Checks bytes already in memory.
    func lint(_ bytes: [UInt8], as input: LintInput) -> FileReport {
        var report = FileReport(path: input.displayPath, byteCount: bytes.count)
        let documents: [Value]
        switch input.syntax {
        case .json:
            do {
                documents = [try JSONReader(limits: options.limits).parse(bytes)]
            } catch {
                documents = []
                report.findings.append(LoadErrorRules.finding(for: error, syntax: .json))
            }
        case .yaml:
            let (docs, error) = YAMLLoader(limits: options.limits).loadStream(bytes)
            documents = docs
            if let error { report.findings.append(LoadErrorRules.finding(for: error, syntax: .yaml)) }
        }
        for (index, document) in documents.enumerated() {
            report.documents += checker.check(document, index: index)
        }
        return report
    }
}
