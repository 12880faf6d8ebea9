import SourceModel

/// `nncp-guard rules` in text: the list, and one rule explained.
public enum RuleText {
    /// One line per rule: id, severity, summary.
    public static func list(_ entries: [RuleEntry]) -> String {
        let width = entries.map(\.id.rawValue.count).max() ?? 0
        var out = ""
        for group in RuleGroups.grouped(entries) {
            out += group.title + "\n"
            for e in group.entries {
                let severity = e.severity.rawValue + (e.nodeDependent ? "*" : "")
                out += "  " + pad(e.id.rawValue, width) + "  " + pad(severity, 8) + "  " + e.summary + "\n"
            }
            out += "\n"
        }
        out += "* a warning until the node's current state is known.\n"
        out += "`nncp-guard rules ID` explains a rule; ids and `prefix.*` wildcards are the keys of --rule-action and the config's `rules:`.\n"
        return out
    }

    /// Everything about one rule.
    public static func detail(_ e: RuleEntry) -> String {
        var out = "\(e.id) — \(e.summary)\n\n"
        out += "  severity:       \(severityText(e))\n"
        out += "  default action: \(e.defaultAction.rawValue)\n"
        out += "  checked by:     \(e.scope.text)\n\n"
        out += wrap(e.explanation, indent: "  ") + "\n\n"
        out += wrap("Fix: " + e.fix, indent: "  ") + "\n"
        if let x = e.example {
            if let current = x.current {
                out += "\n  With this current state of the node:\n" + indented(current, "    ")
            }
            out += "\n  Reported:\n" + indented(x.before, "    ")
            out += "\n  Fixed:\n" + indented(x.after, "    ")
            if let profile = x.profile { out += "\n  (checked with --profile \(profile))\n" }
        }
        return out
    }

    static func severityText(_ e: RuleEntry) -> String {
        e.nodeDependent ? "\(e.severity.rawValue) (a warning while the node's current state is unknown)" : e.severity.rawValue
    }

    static func pad(_ s: String, _ width: Int) -> String {
        s.count >= width ? s : s + String(repeating: " ", count: width - s.count)
    }

    static func indented(_ text: String, _ prefix: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : prefix + $0 }.joined(separator: "\n") + "\n"
    }

    /// Words of `text` in lines of at most `width` characters.
    static func wrap(_ text: String, indent: String, width: Int = 80) -> String {
        var lines: [String] = []
        var line = indent
        for word in text.split(separator: " ") {
            if line.count > indent.count, line.count + 1 + word.count > width {
                lines.append(line)
                line = indent
            }
            line += (line.count > indent.count ? " " : "") + word
        }
        if line.count > indent.count { lines.append(line) }
        return lines.joined(separator: "\n")
    }
}
