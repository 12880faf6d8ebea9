import Admission
import WebhookCLI
import ManifestLint
import NMStateSchema
import SourceModel

/// The lint command's options, parsed and with context files loaded.
struct LintSettings {
    var options: LintOptions
    var format: OutputFormat
    var render: RenderOptions
    var failOn: Diagnostic.Severity

    init(_ command: LintCommand) throws {
        if let option = command.paths.first(where: { $0.hasPrefix("-") && $0 != "-" }) {
            throw CommandError(.usage, LintOptionNames.unknownOptionMessage(option))
        }
        guard !command.paths.isEmpty else {
            throw CommandError(.usage, "no input: pass files, directories, or - for standard input")
        }
        if command.paths.filter({ $0 == "-" }).count > 1 {
            throw CommandError(.usage, "standard input (-) can be read only once")
        }
        guard let format = OutputFormat(rawValue: command.output) else {
            throw CommandError(.usage, "unknown output format '\(command.output)'; expected one of: \(OutputFormat.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard let profile = Profile(rawValue: command.profile) else {
            throw CommandError(.usage, "unknown profile '\(command.profile)'; expected one of: \(Profile.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard let failOn = Diagnostic.Severity(rawValue: command.failOn), failOn != .info else {
            throw CommandError(.usage, "unknown --fail-on '\(command.failOn)'; expected error or warning")
        }
        guard let maxBytes = ByteSize.parse(command.maxSize) else {
            throw CommandError(.usage, "invalid --max-size '\(command.maxSize)'; expected a positive size such as 3MiB, 512KiB or 1048576")
        }
        var jobs = Terminal.coreCount
        if let text = command.jobs {
            guard let n = Int(text), n > 0 else { throw CommandError(.usage, "invalid --jobs '\(text)'; expected a positive integer") }
            jobs = n
        }
        let useColor: Bool
        switch command.color {
        case "auto": useColor = Terminal.isTerminal(.standardOutput) && !Terminal.noColorRequested
        case "always": useColor = true
        case "never": useColor = false
        default: throw CommandError(.usage, "unknown --color '\(command.color)'; expected auto, always or never")
        }
        let stdinUsers = [command.current, command.nodes, command.states, command.previous].filter { $0 == "-" }.count
        if stdinUsers + (command.paths.contains("-") ? 1 : 0) > 1 {
            throw CommandError(.usage, "standard input (-) can be read only once")
        }

        var limits = LoadLimits.default
        limits.maxBytes = maxBytes
        let loader = ContextLoader(limits: limits)
        var cluster = ClusterContext()
        if let path = command.nodes { cluster.nodes = try loader.loadNodes(path) }
        if let path = command.states { cluster.states = try loader.loadStates(path) }
        if let path = command.previous { cluster.previous = try loader.loadPrevious(path) }
        let current = try command.current.map { path throws(ContextLoadError) in try loader.loadCurrentState(path) }

        self.options = LintOptions(profile: profile, current: current, limits: limits, cluster: cluster,
                                   runChecks: [CrossPolicyRunCheck(profile: profile)], concurrency: jobs)
        options.assumeDesiredState = command.assumeState
        options.excludes = command.excludes.map(PathGlob.init)
        if command.config != nil || !command.ruleActions.isEmpty {
            do throws(EnforcementConfigError) {
                let enforcement = try EnforcementPolicy(configPath: command.config, format: .yaml, ruleActions: command.ruleActions)
                options.severityPolicy = ConfiguredSeverities(enforcement: enforcement)
            } catch {
                throw CommandError(.usage, error.description)
            }
        }
        if command.noCrossPolicy { options.runChecks.removeAll { $0 is CrossPolicyRunCheck } }
        self.format = format
        self.failOn = failOn
        self.render = RenderOptions(
            color: useColor,
            summary: command.summary,
            toolVersion: BuildInfo.version,
            baseDirectory: WorkingDirectory.path,
            failOn: failOn
        )
    }
}

/// The webhook's enforcement configuration applied to lint's findings
/// (see ``EnforcementPolicy/lintSeverity(for:)``).
struct ConfiguredSeverities: SeverityPolicy {
    let enforcement: EnforcementPolicy

    func severity(for diagnostic: Diagnostic) -> Diagnostic.Severity {
        enforcement.lintSeverity(for: diagnostic)
    }
}
