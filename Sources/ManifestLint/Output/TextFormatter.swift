import SourceModel

/// The human format, one finding per line in the shape compilers use, so
/// editors and CI log viewers turn them into links:
///
///     testdata/lint/bond.yaml:12:9: error [schema.unknown-field] unknown field `slaves` (at spec.desiredState.interfaces[0].link-aggregation.slaves)
///
/// Sorted by file, then line and column. Continuation lines of a
/// multi-line message are indented by four spaces. Colour only when asked for (the
/// command decides from the terminal and `NO_COLOR`).
public struct TextFormatter: Sendable {
    public var options: RenderOptions

    public init(options: RenderOptions = RenderOptions()) {
        self.options = options
    }

    public func format(_ report: LintReport) -> String {
        var out = ""
        for file in report.files {
            for finding in file.allFindings {
                out += line(for: finding, file: file.path)
                out += "\n"
            }
        }
        if options.summary {
            out += paint(report.summary.line, .bold)
            out += "\n"
        }
        return out
    }

    public func line(for finding: Finding, file: String) -> String {
        var where_ = file
        if finding.location.isKnown { where_ += ":\(finding.location.line):\(finding.location.column)" }
        var s = paint(where_ + ":", .bold) + " "
        s += paint(finding.severity.rawValue, Self.style(for: finding.severity))
        // A multi-line message (a capture error with its caret snippet)
        // keeps the location on the first line; the rest is indented under it.
        let lines = finding.message.split(separator: "\n", omittingEmptySubsequences: false)
        s += " " + paint("[\(finding.rule)]", .dim) + " " + (lines.first.map(String.init) ?? "")
        if !finding.path.isEmpty { s += " " + paint("(at \(finding.path))", .dim) }
        for continuation in lines.dropFirst() { s += "\n    " + continuation }
        return s
    }

    enum Style: String {
        case bold = "1"
        case dim = "2"
        case red = "1;31"
        case yellow = "1;33"
        case cyan = "1;36"
    }

    static func style(for severity: Diagnostic.Severity) -> Style {
        switch severity {
        case .error: return .red
        case .warning: return .yellow
        case .info: return .cyan
        }
    }

    func paint(_ text: String, _ style: Style) -> String {
        options.color ? "\u{1B}[\(style.rawValue)m\(text)\u{1B}[0m" : text
    }
}
