import SourceModel

/// The report formats `nncp-guard lint --output` writes.
public enum OutputFormat: String, Sendable, CaseIterable {
    /// `file:line:col: error [rule] message (at path)`, one finding a line.
    case text
    /// The documented JSON report (see ``JSONReportFormatter``).
    case json
    /// JUnit XML: a testsuite per file, a testcase per document.
    case junit
    /// SARIF 2.1.0 for GitHub code scanning.
    case sarif
}

/// How to render a report.
public struct RenderOptions: Sendable {
    /// ANSI colour in text output.
    public var color: Bool
    /// Append the totals line to text output.
    public var summary: Bool
    /// Tool version recorded in SARIF and JSON.
    public var toolVersion: String
    /// Directory that relative paths in SARIF are resolved against; absolute
    /// input paths under it are made relative.
    public var baseDirectory: String?
    /// Findings at or above this severity are JUnit failures (the rest go
    /// to `system-out`), matching the exit status.
    public var failOn: Diagnostic.Severity

    public init(color: Bool = false, summary: Bool = false, toolVersion: String = "0.0.0", baseDirectory: String? = nil, failOn: Diagnostic.Severity = .error) {
        self.color = color
        self.failOn = failOn
        self.summary = summary
        self.toolVersion = toolVersion
        self.baseDirectory = baseDirectory
    }
}

/// Renders a report in a format.
public enum ReportRenderer {
    public static func render(_ report: LintReport, as format: OutputFormat, options: RenderOptions) -> [UInt8] {
        switch format {
        case .text: return Array(TextFormatter(options: options).format(report).utf8)
        case .json: return JSONReportFormatter(options: options).format(report)
        case .junit: return Array(JUnitFormatter(options: options).format(report).utf8)
        case .sarif: return SARIFFormatter(options: options).format(report)
        }
    }
}
