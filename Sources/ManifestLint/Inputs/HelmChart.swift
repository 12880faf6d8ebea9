/// Helm charts inside a tree lint walks.
///
/// A chart is a directory with a `Chart.yaml` beside a `templates/`
/// directory. Its templates are Go templates that become YAML only when
/// rendered (`{{ .Values.x }}`, `{{- if … }}`), so parsing them reports
/// syntax errors that are not there; `Chart.yaml` and `values*.yaml` are
/// Helm's own files. All of them are skipped and counted. To check what a
/// chart produces, lint its output: `helm template … | nncp-guard lint -`.
/// The chart's `crds/` and other files are linted as usual.
enum HelmChart {
    /// Why a file of a chart is not linted.
    enum Role: Sendable, Equatable {
        /// Under the chart's `templates/`.
        case template
        /// `Chart.yaml`, `values*.yaml` or `values.schema.json`.
        case chartFile
    }

    /// True when `directory` is a chart's root.
    static func isChart(_ directory: String) -> Bool {
        FileSystem.kind(of: InputDiscovery.join(directory, "Chart.yaml")) == .file
            && FileSystem.kind(of: InputDiscovery.join(directory, "templates")) == .directory
    }

    /// Helm's own files at a chart's root.
    static func isChartFile(_ name: String) -> Bool {
        name == "Chart.yaml" || name == "Chart.lock" || name == "values.schema.json"
            || (name.hasPrefix("values") && (name.hasSuffix(".yaml") || name.hasSuffix(".yml")))
    }

    /// The role of a file named on the command line (pre-commit passes
    /// files one by one), found from its directories: a `templates`
    /// directory whose parent is a chart, or a chart file at a chart's root.
    static func role(ofFile path: String) -> Role? {
        let absolute = path.hasPrefix("/")
        var parts = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        guard let name = parts.popLast() else { return nil }
        func directory(_ count: Int) -> String {
            let joined = parts.prefix(count).joined(separator: "/")
            if absolute { return "/" + joined }
            return joined.isEmpty ? "." : joined
        }
        if isChartFile(name), isChart(directory(parts.count)) { return .chartFile }
        for (i, part) in parts.enumerated().reversed() where part == "templates" {
            if isChart(directory(i)) { return .template }
        }
        return nil
    }
}
