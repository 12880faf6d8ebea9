/// Turns command-line arguments into the list of inputs to lint.
///
/// Directories are walked recursively for `*.yaml`, `*.yml` and `*.json`,
/// skipping hidden entries (`.git`, `.github`, editor folders, dotfiles such
/// as `.pre-commit-hooks.yaml`) and symbolic links to directories (no
/// cycles). A file named explicitly is linted whatever its name (pre-commit
/// passes exactly the files it wants checked), unless `--exclude` matches
/// it or it belongs to a Helm chart (``HelmChart``): chart templates and
/// Helm's own files are skipped and counted wherever they are found. The
/// result is sorted by path and de-duplicated, so output never depends on
/// directory order or argument repetition.
public struct InputDiscovery: Sendable {
    public var extensions: Set<String>
    /// `--exclude` patterns: matching files are not read, matching
    /// directories not entered.
    public var excludes: [PathGlob]

    public init(extensions: Set<String> = ["yaml", "yml", "json"], excludes: [PathGlob] = []) {
        self.extensions = extensions
        self.excludes = excludes
    }

    /// A file that was found but deliberately not linted.
    public struct Skipped: Sendable, Hashable {
        public enum Reason: String, Sendable, Hashable {
            /// Under a Helm chart's `templates/`: not YAML until rendered.
            case helmTemplate = "helm-template"
            /// A Helm chart's `Chart.yaml`, `values*.yaml` or `values.schema.json`.
            case helmChartFile = "helm-chart-file"
        }

        public var path: String
        public var reason: Reason
    }

    /// What ``survey(_:)`` found.
    public struct Survey: Sendable {
        public var inputs: [LintInput]
        public var problems: [Problem]
        public var skipped: [Skipped]
    }

    /// A path that could not be turned into inputs (missing, unreadable
    /// directory). Reported as an I/O error, exit status 2.
    public struct Problem: Sendable, Hashable {
        public var path: String
        /// Why, without the path: `No such file or directory`.
        public var reason: String

        public var message: String { "\(path): \(reason)" }
    }

    public func discover(_ arguments: [String]) -> (inputs: [LintInput], problems: [Problem]) {
        let found = survey(arguments)
        return (found.inputs, found.problems)
    }

    /// The inputs, the paths that could not be read, and the files skipped
    /// on purpose.
    public func survey(_ arguments: [String]) -> Survey {
        var found = Survey(inputs: [], problems: [], skipped: [])
        var wantsStandardInput = false
        for argument in arguments {
            if argument == "-" {
                wantsStandardInput = true
                continue
            }
            switch FileSystem.kind(of: argument) {
            case .directory:
                if isExcluded(argument) { continue }
                walk(argument, into: &found)
            case .file, .other:
                if isExcluded(argument) { continue }
                switch HelmChart.role(ofFile: argument) {
                case .template?: found.skipped.append(Skipped(path: argument, reason: .helmTemplate))
                case .chartFile?: found.skipped.append(Skipped(path: argument, reason: .helmChartFile))
                case nil: found.inputs.append(.file(argument))
                }
            case .missing:
                found.problems.append(Problem(path: argument, reason: "No such file or directory"))
            }
        }
        var seen = Set<String>()
        found.inputs = found.inputs.filter { seen.insert($0.displayPath).inserted }
        found.inputs.sort { $0.displayPath.utf8.lexicographicallyPrecedes($1.displayPath.utf8) }
        var seenSkipped = Set<String>()
        found.skipped = found.skipped.filter { seenSkipped.insert($0.path).inserted }
        found.skipped.sort { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        if wantsStandardInput { found.inputs.insert(.standardInput, at: 0) }
        return found
    }

    private func walk(_ directory: String, into found: inout Survey, chartTemplates: Bool = false) {
        let names: [String]
        switch FileSystem.entries(of: directory) {
        case .success(let n): names = n
        case .failure(let failure):
            found.problems.append(Problem(path: directory, reason: failure.reason))
            return
        }
        let isChart = !chartTemplates && names.contains("Chart.yaml") && HelmChart.isChart(directory)
        for name in names where !name.hasPrefix(".") {
            let path = Self.join(directory, name)
            if isExcluded(path) { continue }
            let isLink = FileSystem.isSymbolicLink(path)
            switch FileSystem.kind(of: path) {
            case .directory:
                if !isLink { walk(path, into: &found, chartTemplates: chartTemplates || (isChart && name == "templates")) }
            case .file:
                guard hasLintableExtension(name) else { continue }
                if chartTemplates {
                    found.skipped.append(Skipped(path: path, reason: .helmTemplate))
                } else if isChart && HelmChart.isChartFile(name) {
                    found.skipped.append(Skipped(path: path, reason: .helmChartFile))
                } else {
                    found.inputs.append(.file(path))
                }
            case .other, .missing:
                continue
            }
        }
    }

    func isExcluded(_ path: String) -> Bool {
        excludes.contains { $0.matches(path) }
    }

    func hasLintableExtension(_ name: String) -> Bool {
        guard let dot = name.lastIndex(of: ".") else { return false }
        return extensions.contains(name[name.index(after: dot)...].lowercased())
    }

    static func join(_ directory: String, _ name: String) -> String {
        if directory == "." { return name }
        return directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }
}
