import SourceModel

/// JUnit XML (`--output junit`) for CI systems that show test reports
/// (GitLab, Jenkins, Azure Pipelines).
///
/// One `<testsuite>` per file and one `<testcase>` per document (List items
/// are their own testcases). Each finding at or above `--fail-on` is a
/// `<failure>` of its document's testcase; lesser findings go to the
/// testcase's `<system-out>`. Documents that are deliberately not checked
/// (other Kubernetes kinds, NodeNetworkStates) are `<skipped>`. A file that
/// cannot be read is an `<error>`; a broken YAML/JSON stream is a failure of
/// an extra testcase named `(file)`.
public struct JUnitFormatter: Sendable {
    public var options: RenderOptions

    public init(options: RenderOptions = RenderOptions()) {
        self.options = options
    }

    struct Case {
        var name: String
        var line: Int
        var failures: [Finding] = []
        var output: [Finding] = []
        var error: String?
        var skipped: String?
    }

    public func format(_ report: LintReport) -> String {
        var suites = ""
        var totals = (tests: 0, failures: 0, errors: 0, skipped: 0)
        for file in report.files {
            let cases = self.cases(for: file)
            let failures = cases.filter { !$0.failures.isEmpty }.count
            let errors = cases.filter { $0.error != nil }.count
            let skipped = cases.filter { $0.skipped != nil }.count
            totals.tests += cases.count
            totals.failures += failures
            totals.errors += errors
            totals.skipped += skipped
            let path = XMLText.escape(file.path)
            suites += "  <testsuite name=\"\(path)\" tests=\"\(cases.count)\" failures=\"\(failures)\" errors=\"\(errors)\" skipped=\"\(skipped)\">\n"
            for c in cases { suites += render(c, file: file.path) }
            suites += "  </testsuite>\n"
        }
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"nncp-guard lint\" tests=\"\(totals.tests)\" failures=\"\(totals.failures)\" errors=\"\(totals.errors)\" skipped=\"\(totals.skipped)\">\n"
        out += suites
        out += "</testsuites>\n"
        return out
    }

    func cases(for file: FileReport) -> [Case] {
        var cases: [Case] = []
        if !file.findings.isEmpty {
            var c = Case(name: "(file)", line: 0)
            if file.isIOFailure {
                c.error = file.findings.map(\.message).joined(separator: "\n")
            } else {
                split(file.findings, into: &c)
            }
            cases.append(c)
        }
        for d in file.documents {
            var name = "document \(d.index + 1)"
            if !d.itemPath.isEmpty { name += " \(d.itemPath)" }
            name += ": \(d.label)"
            var c = Case(name: name, line: d.location.line)
            split(d.findings, into: &c)
            if d.kind.isSkipped, d.findings.isEmpty {
                c.skipped = "not checked: \(d.objectKind ?? d.kind.rawValue)"
            }
            cases.append(c)
        }
        return cases
    }

    private func split(_ findings: [Finding], into c: inout Case) {
        for f in findings.sortedByPosition() {
            if f.severity >= options.failOn { c.failures.append(f) } else { c.output.append(f) }
        }
    }

    private func render(_ c: Case, file: String) -> String {
        let text = TextFormatter(options: RenderOptions())
        var attributes = "name=\"\(XMLText.escape(c.name))\" classname=\"\(XMLText.escape(file))\" file=\"\(XMLText.escape(file))\""
        if c.line > 0 { attributes += " line=\"\(c.line)\"" }
        let empty = c.failures.isEmpty && c.output.isEmpty && c.error == nil && c.skipped == nil
        if empty { return "    <testcase \(attributes)/>\n" }
        var out = "    <testcase \(attributes)>\n"
        if let skipped = c.skipped { out += "      <skipped message=\"\(XMLText.escape(skipped))\"/>\n" }
        if let error = c.error { out += "      <error message=\"\(XMLText.escape(error))\" type=\"lint.io\"/>\n" }
        for f in c.failures {
            out += "      <failure message=\"\(XMLText.escape(f.message))\" type=\"\(XMLText.escape(f.rule))\">"
            out += XMLText.escape(text.line(for: f, file: file))
            out += "</failure>\n"
        }
        if !c.output.isEmpty {
            out += "      <system-out>"
            out += XMLText.escape(c.output.map { text.line(for: $0, file: file) }.joined(separator: "\n"))
            out += "</system-out>\n"
        }
        out += "    </testcase>\n"
        return out
    }
}
