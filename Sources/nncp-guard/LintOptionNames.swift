/// The lint command's option names, for "did you mean" hints on options it
/// does not know (they reach ``LintSettings`` with the paths; see
/// ``LintCommand``). A file whose name starts with `-` is passed as `./-name`.
enum LintOptionNames {
    static let all = [
        "--output", "--summary", "--profile", "--fail-on", "--max-size", "--current",
        "--nodes", "--states", "--previous", "--config", "--rule-action", "--exclude",
        "--assume-state", "--no-cross-policy", "--color", "--jobs", "--help",
    ]

    static func unknownOptionMessage(_ option: String) -> String {
        let name = option.split(separator: "=", maxSplits: 1).first.map(String.init) ?? option
        let message = "unknown option '\(name)'"
        if let suggestion = closest(to: name) { return message + "; did you mean '\(suggestion)'?" }
        return name.hasPrefix("--") ? message : message + " (a file whose name starts with '-' can be given as ./\(option))"
    }

    static func closest(to name: String) -> String? {
        var best: (String, Int)?
        for candidate in all {
            let d = distance(Array(name.utf8), Array(candidate.utf8))
            if d <= 2, d < (best?.1 ?? .max) { best = (candidate, d) }
        }
        return best?.0
    }

    private static func distance(_ a: [UInt8], _ b: [UInt8]) -> Int {
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var row = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = row
        }
        return previous[b.count]
    }
}
