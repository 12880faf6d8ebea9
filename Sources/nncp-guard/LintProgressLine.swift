import ManifestLint

/// The "linting 120/4000 files" line on stderr for long runs.
///
/// Shown only when stderr is a terminal and there are many files, redrawn
/// in place with a carriage return at most a hundred times per run, and
/// erased at the end so it never mixes with the report. Stateless: the
/// redraw decision depends only on the count, so the callback needs no
/// shared mutable state.
struct LintProgressLine: Sendable {
    static let minimumFiles = 20

    static func make() -> LintProgressLine? {
        Terminal.isTerminal(.standardError) ? LintProgressLine() : nil
    }

    var update: Linter.Progress {
        { done, total in
            guard total > Self.minimumFiles else { return }
            let step = max(1, total / 100)
            guard done % step == 0 || done == total else { return }
            Terminal.write("\r\u{1B}[2Klinting \(done)/\(total) files", to: .standardError)
        }
    }

    /// Erases the line, if one was drawn for `fileCount` files.
    func finish(fileCount: Int) {
        guard fileCount > Self.minimumFiles else { return }
        Terminal.write("\r\u{1B}[2K", to: .standardError)
    }
}
