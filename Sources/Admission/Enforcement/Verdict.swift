import SourceModel

/// The diagnostics of one request sorted by the action each one gets.
public struct Verdict: Sendable {
    public var denials: [Diagnostic] = []
    public var warnings: [Diagnostic] = []
    public var audits: [Diagnostic] = []

    public init() {}

    /// Sorts `diagnostics` with `policy`.
    public init(_ diagnostics: [Diagnostic], policy: EnforcementPolicy) {
        for d in diagnostics {
            add(d, action: policy.action(for: d))
        }
    }

    public mutating func add(_ diagnostic: Diagnostic, action: RuleAction) {
        switch action {
        case .deny: denials.append(diagnostic)
        case .warn: warnings.append(diagnostic)
        case .audit: audits.append(diagnostic)
        }
    }

    public var isDenied: Bool { !denials.isEmpty }
    public var isEmpty: Bool { denials.isEmpty && warnings.isEmpty && audits.isEmpty }

    /// Every finding with its action, in the order deny, warn, audit.
    public var findings: [(diagnostic: Diagnostic, action: RuleAction)] {
        denials.map { ($0, .deny) } + warnings.map { ($0, .warn) } + audits.map { ($0, .audit) }
    }
}

/// How findings read in responses. kubectl prints the denial message and
/// each warning verbatim, so they are written for a person at a terminal:
/// where (the dotted path), what, and which rule id to configure.
public enum ResponseText {
    /// `spec.desiredState.interfaces[0].vlan.id: message [rule]`, or
    /// `message [rule]` for findings on the whole object.
    public static func violation(_ d: Diagnostic) -> String {
        let path = d.path.isEmpty ? "" : "\(d.path): "
        return "\(path)\(d.message) [\(d.rule)]"
    }

    /// The `status.message` of a denial. Lists at most `limit` violations
    /// so a policy with hundreds of schema errors stays readable.
    public static func denialMessage(kind: String = "NodeNetworkConfigurationPolicy", name: String, denials: [Diagnostic], limit: Int) -> String {
        var s = "\(kind) \(JSONWriter.quoted(name)) rejected by nncp-guard: "
        for (i, d) in denials.prefix(limit).enumerated() {
            if i > 0 { s += "; " }
            s += violation(d)
        }
        if denials.count > limit {
            s += "; and \(denials.count - limit) more violation\(denials.count - limit == 1 ? "" : "s")"
        }
        return s
    }

    /// `response.warnings`: one entry per finding, each at most `maxLength`
    /// bytes; past `maxCount` entries the last one says how many are left.
    public static func warnings(findings: [Diagnostic], maxCount: Int, maxLength: Int) -> [String] {
        guard !findings.isEmpty else { return [] }
        let shown = findings.count <= maxCount ? findings.count : max(0, maxCount - 1)
        var out: [String] = []
        out.reserveCapacity(shown + 1)
        for d in findings.prefix(shown) {
            let path = d.path.isEmpty ? "" : "\(d.path): "
            out.append(truncate(oneLine(path + d.message), suffix: " [\(d.rule)]", maxLength: maxLength))
        }
        if shown < findings.count {
            out.append("and \(findings.count - shown) more warnings not shown")
        }
        return out
    }

    /// A warning on one line, with no control characters.
    ///
    /// Warnings travel to kubectl as HTTP `Warning` headers, and the API
    /// server silently drops a warning that contains a control character
    /// (a capture syntax error's caret diagram spans lines), so the user
    /// would see nothing. Lines are joined with ` | ` (a line that starts
    /// with `|` already has its bar), other control characters become
    /// spaces, and each line's surrounding blanks go.
    static func oneLine(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var lines: [String] = []
        var line = ""
        for scalar in text.unicodeScalars {
            if isLineBreak(scalar) {
                lines.append(line)
                line = ""
            } else {
                line.unicodeScalars.append(isControl(scalar) ? " " : scalar)
            }
        }
        lines.append(line)
        // Lines that already start with `|` (nmstate's snippet under a
        // policy error) need no second bar.
        var out = ""
        for piece in lines.map({ $0.trimmingBlanks() }) where !piece.isEmpty {
            if !out.isEmpty { out += piece.hasPrefix("|") ? " " : " | " }
            out += piece
        }
        return out
    }

    static func isLineBreak(_ s: Unicode.Scalar) -> Bool {
        s == "\n" || s == "\r" || s == "\u{0B}" || s == "\u{0C}" || s == "\u{85}" || s == "\u{2028}" || s == "\u{2029}"
    }

    /// C0, DEL, C1, and the Unicode line and paragraph separators.
    static func isControl(_ s: Unicode.Scalar) -> Bool {
        s.value < 0x20 || (0x7F...0x9F).contains(s.value) || s.value == 0x2028 || s.value == 0x2029
    }

    /// How far back a cut may move to end on a word boundary: a longer
    /// word (a path, a base64 blob) is cut where the budget ends.
    static let wordBoundaryReach = 24

    /// `text + suffix` within `maxLength` UTF-8 bytes: the text is cut at a
    /// word boundary (or, inside a very long word, a character boundary)
    /// and marked with `...` (ASCII, since warnings travel as HTTP
    /// headers), and the suffix (the rule id) is kept.
    static func truncate(_ text: String, suffix: String, maxLength: Int) -> String {
        if text.utf8.count + suffix.utf8.count <= maxLength { return text + suffix }
        let budget = max(0, maxLength - suffix.utf8.count - 3)
        var used = 0
        var cut = text.startIndex
        for ch in text {
            let n = ch.utf8.count
            if used + n > budget { break }
            used += n
            cut = text.index(after: cut)
        }
        var head = text[..<cut]
        // Cut mid-word? Step back to the last space when it is near.
        if cut < text.endIndex, text[cut] != " ", let space = head.lastIndex(of: " "),
           head[space...].utf8.count <= wordBoundaryReach {
            head = head[..<space]
        }
        while head.last == " " { head = head.dropLast() }
        return String(head) + "..." + suffix
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces.
    fileprivate func trimmingBlanks() -> String {
        var sub = self[...]
        while sub.first == " " { sub = sub.dropFirst() }
        while sub.last == " " { sub = sub.dropLast() }
        return String(sub)
    }
}
