import PolicyRules
import SourceModel

/// Runs lint over command-line style arguments: discovers inputs, checks
/// each file, then runs the run-wide checks (cross-policy conflicts) and
/// folds their findings back into the files they concern.
///
/// Files are independent until the run-wide step, so with many files they
/// are checked on a task group at most ``LintOptions/concurrency`` wide;
/// each result goes to its input's slot, so the report never depends on
/// which task finished first.
public struct Linter: Sendable {
    public var options: LintOptions

    public init(options: LintOptions = LintOptions()) {
        self.options = options
    }

    /// Called after each file with (files done, total files), on the task
    /// that collects results (never concurrently).
    public typealias Progress = @Sendable (_ done: Int, _ total: Int) -> Void

    public func run(_ arguments: [String], standardInput: StandardInput = .process, progress: Progress? = nil) async -> LintReport {
        let found = InputDiscovery(excludes: options.excludes).survey(arguments)
        var files = await lint(found.inputs, standardInput: standardInput, progress: progress)
        for problem in found.problems {
            files.append(FileReport(path: problem.path, findings: [LoadErrorRules.ioFailure(problem.reason)], isIOFailure: true))
        }
        files.sort { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        applyRunWideChecks(to: &files)
        if let policy = options.severityPolicy { Self.apply(policy, to: &files) }
        return LintReport(files: files, profile: options.profile, skippedFiles: found.skipped)
    }

    /// Gives every finding the severity the configuration decides. Last,
    /// after the run-wide checks, which compare findings as the rules
    /// reported them.
    static func apply(_ policy: any SeverityPolicy, to files: inout [FileReport]) {
        for f in files.indices {
            for i in files[f].findings.indices {
                files[f].findings[i].diagnostic.severity = policy.severity(for: files[f].findings[i].diagnostic)
            }
            for d in files[f].documents.indices {
                for i in files[f].documents[d].findings.indices {
                    files[f].documents[d].findings[i].diagnostic.severity = policy.severity(for: files[f].documents[d].findings[i].diagnostic)
                }
            }
        }
    }

    /// Checks `inputs`, returning reports in input order.
    func lint(_ inputs: [LintInput], standardInput: StandardInput, progress: Progress?) async -> [FileReport] {
        let linter = FileLinter(options: options)
        let total = inputs.count
        guard total >= options.parallelThreshold, options.concurrency > 1 else {
            var out: [FileReport] = []
            out.reserveCapacity(total)
            for input in inputs {
                out.append(linter.lint(input, standardInput: standardInput))
                progress?(out.count, total)
            }
            return out
        }
        var slots = [FileReport?](repeating: nil, count: total)
        await withTaskGroup(of: (Int, FileReport).self) { group in
            var next = 0
            var done = 0
            func schedule() {
                let index = next
                let input = inputs[index]
                next += 1
                group.addTask { (index, linter.lint(input, standardInput: standardInput)) }
            }
            while next < min(options.concurrency, total) { schedule() }
            for await (index, report) in group {
                slots[index] = report
                done += 1
                progress?(done, total)
                if next < total { schedule() }
            }
        }
        return slots.map { $0! }
    }

    /// Runs ``LintOptions/runChecks`` over every NNCP of the run and adds
    /// their findings to the documents concerned.
    func applyRunWideChecks(to files: inout [FileReport]) {
        guard !options.runChecks.isEmpty else { return }
        let snapshot = Self.snapshot(of: files, cluster: options.cluster)
        guard !snapshot.policies.isEmpty || !options.cluster.isEmpty else { return }
        for check in options.runChecks {
            let result = check.check(snapshot)
            for finding in result.findings {
                guard snapshot.references.indices.contains(finding.policyIndex) else { continue }
                let ref = snapshot.references[finding.policyIndex]
                let document = files[ref.fileIndex].documents[ref.documentIndex]
                var related: RelatedLocation?
                if let other = finding.otherIndex, snapshot.references.indices.contains(other) {
                    let otherRef = snapshot.references[other]
                    let otherDocument = files[otherRef.fileIndex].documents[otherRef.documentIndex]
                    related = RelatedLocation(
                        file: files[otherRef.fileIndex].path,
                        documentIndex: otherDocument.index,
                        path: otherDocument.itemPath,
                        location: otherDocument.location,
                        name: otherDocument.name
                    )
                }
                let diagnostic = finding.diagnostic.prefixed(with: document.itemPath)
                files[ref.fileIndex].documents[ref.documentIndex].findings.append(Finding(diagnostic, related: related))
            }
            // Per-node verdicts replace the guesses made without a node.
            for (policyIndex, indices) in result.superseded where snapshot.references.indices.contains(policyIndex) {
                let ref = snapshot.references[policyIndex]
                let replaced = Set(indices.compactMap { i in
                    snapshot.stateless[policyIndex].indices.contains(i) ? Self.key(snapshot.stateless[policyIndex][i]) : nil
                })
                let itemPath = files[ref.fileIndex].documents[ref.documentIndex].itemPath
                files[ref.fileIndex].documents[ref.documentIndex].findings.removeAll { f in
                    f.related == nil && replaced.contains(Self.key(f.diagnostic, removingPrefix: itemPath))
                }
            }
        }
        for f in files.indices {
            for d in files[f].documents.indices where files[f].documents[d].findings.count > 1 {
                files[f].documents[d].findings = files[f].documents[d].findings.sortedByPosition()
            }
        }
    }

    /// Identifies a finding of one document by what it says and where.
    static func key(_ d: Diagnostic, removingPrefix prefix: DocumentPath = .root) -> String {
        var path = d.path
        if !prefix.isEmpty, path.components.starts(with: prefix.components) {
            path = DocumentPath(Array(path.components.dropFirst(prefix.components.count)))
        }
        return "\(d.rule)\u{0}\(d.severity.rawValue)\u{0}\(path)\u{0}\(d.message)"
    }

    /// Every NNCP of the run, in report order, with where each came from.
    static func snapshot(of files: [FileReport], cluster: ClusterContext) -> RunSnapshot {
        var policies: [PolicyEntry] = []
        var references: [PolicyReference] = []
        var stateless: [[Diagnostic]] = []
        for (f, file) in files.enumerated() {
            for (d, document) in file.documents.enumerated() where document.kind == .nncp {
                guard let object = document.object else { continue }
                policies.append(PolicyEntry(name: document.name ?? "", object: object, origin: file.path))
                references.append(PolicyReference(fileIndex: f, documentIndex: d))
                stateless.append(document.findings.map { finding in
                    var diagnostic = finding.diagnostic
                    let prefix = document.itemPath.components
                    if !prefix.isEmpty, diagnostic.path.components.starts(with: prefix) {
                        diagnostic.path = DocumentPath(Array(diagnostic.path.components.dropFirst(prefix.count)))
                    }
                    return diagnostic
                })
            }
        }
        return RunSnapshot(policies: policies, references: references, cluster: cluster, stateless: stateless)
    }
}
