import NMStateSchema
import SourceModel

/// The result of one lint run: every input's report, in a stable order.
public struct LintReport: Sendable {
    public var files: [FileReport]
    /// The nmstate profile the run checked against.
    public var profile: Profile
    /// Files found but not linted on purpose (Helm chart templates and
    /// Helm's own files), for the summary and the JSON report.
    public var skippedFiles: [InputDiscovery.Skipped]

    public init(files: [FileReport], profile: Profile, skippedFiles: [InputDiscovery.Skipped] = []) {
        self.files = files
        self.profile = profile
        self.skippedFiles = skippedFiles
    }

    public var summary: LintSummary { LintSummary(self) }

    /// The process exit status: 2 when an input could not be read, 1 when a
    /// finding is at or above `failOn`, else 0.
    public func exitStatus(failOn: Diagnostic.Severity) -> Int32 {
        if files.contains(where: \.isIOFailure) { return 2 }
        for file in files {
            if file.findings.contains(where: { $0.severity >= failOn }) { return 1 }
            for d in file.documents where d.findings.contains(where: { $0.severity >= failOn }) { return 1 }
        }
        return 0
    }
}

/// Totals for the `--summary` line and the JSON report.
public struct LintSummary: Sendable, Equatable {
    public var files = 0
    public var bytes = 0
    public var documents = 0
    public var nncps = 0
    public var desiredStates = 0
    public var policies = 0
    /// NodeNetworkStates and other Kubernetes kinds.
    public var skipped = 0
    public var unrecognized = 0
    public var errors = 0
    public var warnings = 0
    public var infos = 0
    /// Files not linted on purpose (Helm chart templates and values).
    public var skippedFiles = 0

    public init() {}

    public init(_ report: LintReport) {
        skippedFiles = report.skippedFiles.count
        for file in report.files {
            files += 1
            bytes += file.byteCount
            count(file.findings)
            for d in file.documents {
                documents += 1
                switch d.kind {
                case .nncp: nncps += 1
                case .desiredState: desiredStates += 1
                case .policy: policies += 1
                case .nodeNetworkState, .otherKubernetes, .foreign: skipped += 1
                case .unrecognized: unrecognized += 1
                }
                count(d.findings)
            }
        }
    }

    private mutating func count(_ findings: [Finding]) {
        for f in findings {
            switch f.severity {
            case .error: errors += 1
            case .warning: warnings += 1
            case .info: infos += 1
            }
        }
    }

    /// `12 files, 40 documents (31 NNCPs, 2 desired states, 1 policy, 5 skipped, 1 unrecognized): 3 errors, 1 warning`,
    /// then `; 9 Helm chart files not linted` when a chart was found.
    public var line: String {
        func n(_ count: Int, _ one: String, _ many: String) -> String { "\(count) \(count == 1 ? one : many)" }
        var kinds = [n(nncps, "NNCP", "NNCPs")]
        if desiredStates > 0 { kinds.append(n(desiredStates, "desired state", "desired states")) }
        if policies > 0 { kinds.append(n(policies, "policy document", "policy documents")) }
        kinds.append("\(skipped) skipped")
        if unrecognized > 0 { kinds.append("\(unrecognized) unrecognized") }
        var out = "\(n(files, "file", "files")), \(n(documents, "document", "documents")) (\(kinds.joined(separator: ", "))): "
        out += "\(n(errors, "error", "errors")), \(n(warnings, "warning", "warnings"))"
        if infos > 0 { out += ", \(infos) info" }
        if skippedFiles > 0 { out += "; \(n(skippedFiles, "Helm chart file", "Helm chart files")) not linted" }
        return out
    }
}
