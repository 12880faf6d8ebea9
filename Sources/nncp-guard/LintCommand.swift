import ArgumentParser
import ManifestLint
import NMStateSchema
import SourceModel
import WebhookCLI

/// `nncp-guard lint`: checks manifests in CI and pre-commit with the same
/// rules the admission webhook enforces.
///
/// Option values are parsed here rather than by ArgumentParser's typed
/// options, and unknown options are collected with the paths and refused
/// in ``LintSettings``, so that usage errors exit with status 2, as
/// documented, instead of ArgumentParser's 64.
struct LintCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Lint NNCP manifests and nmstate desired states.",
        discussion: """
        Checks NodeNetworkConfigurationPolicies (also inside `kind: List`), bare nmstate \
        desired states and nmstate/nmpolicy policy documents, then checks all NNCPs of \
        the run against each other for conflicts. Other Kubernetes kinds, YAML of other \
        tools (CI workflows, compose files) and Helm charts (a Chart.yaml beside \
        templates/) are skipped and counted; --exclude skips more.

        --config and --rule-action take the webhook's enforcement configuration: what it \
        would deny is an error, what it would warn about a warning, what it would only \
        audit an info note. `nncp-guard rules` lists the rule ids.

        To audit what a cluster holds: kubectl get nncp -o yaml | nncp-guard lint -

        Exit status: 0 clean, 1 findings at or above --fail-on, 2 usage or I/O error.
        """
    )

    @Argument(parsing: .allUnrecognized, help: "Files, directories (searched for *.yaml, *.yml, *.json; hidden entries skipped), or - for standard input.")
    var paths: [String] = []

    @Option(name: [.short, .long], help: "Output format: text, json, junit or sarif.")
    var output: String = "text"

    @Flag(help: "Print a totals line (files, documents, NNCPs, skipped, errors, warnings).")
    var summary = false

    @Option(help: "nmstate profile: latest or 2.2.38.")
    var profile: String = Profile.latest.rawValue

    @Option(name: .customLong("fail-on"), help: "Lowest severity that fails the run: error or warning.")
    var failOn: String = "error"

    @Option(name: .customLong("max-size"), help: "Largest file accepted, e.g. 3MiB, 512KiB, 1048576.")
    var maxSize: String = "3MiB"

    @Option(help: "Current state for apply-like checks: an nmstate state or a NodeNetworkState (its status.currentState).")
    var current: String?

    @Option(help: "Node objects (kubectl get nodes -o yaml), for cluster-aware rules.")
    var nodes: String?

    @Option(help: "NodeNetworkState objects (kubectl get nns -o yaml), for cluster-aware rules.")
    var states: String?

    @Option(help: "The NNCPs applied now (a file or directory), for cluster-aware rules.")
    var previous: String?

    @Option(help: ArgumentHelp("Enforcement configuration, as the webhook's --config and the chart's `config` value (`rules:` maps rule ids or `prefix.*` to deny, warn or audit).", valueName: "file"))
    var config: String?

    @Option(name: .customLong("rule-action"), help: ArgumentHelp("Override one rule's action as the webhook does: id=action (deny, warn or audit). Repeatable.", valueName: "id=action"),
            completion: .list(RuleCompletion.ruleActions))
    var ruleActions: [String] = []

    @Option(name: .customLong("exclude"), help: ArgumentHelp("Skip files and directories matching a glob: `charts/**`, `values*.yaml`, `deploy/*/secrets.yaml`. A pattern without / matches a name at any depth. Repeatable.", valueName: "glob"))
    var excludes: [String] = []

    @Flag(name: .customLong("assume-state"), help: "Check documents that are not Kubernetes objects as nmstate desired states even without a known top-level key (repositories of bare nmstate files).")
    var assumeState = false

    @Flag(name: .customLong("no-cross-policy"), help: "Check each NNCP on its own, not against the other NNCPs of the run (for trees holding several clusters' manifests).")
    var noCrossPolicy = false

    @Option(help: "Colour: auto (when stdout is a terminal and NO_COLOR is unset), always or never.")
    var color: String = "auto"

    @Option(name: [.short, .long], help: "Files linted in parallel (default: the number of cores).")
    var jobs: String?

    func run() async throws {
        let settings: LintSettings
        do {
            settings = try LintSettings(self)
        } catch let error as CommandError {
            Terminal.write("Error: \(error.message)\nSee 'nncp-guard lint --help'.\n", to: .standardError)
            throw ExitCode(2)
        } catch let error as ContextLoadError {
            Terminal.write("Error: \(error.message)\n", to: .standardError)
            throw ExitCode(2)
        }
        let progress = LintProgressLine.make()
        let report = await Linter(options: settings.options).run(paths, progress: progress?.update)
        progress?.finish(fileCount: report.files.count)
        Terminal.write(ReportRenderer.render(report, as: settings.format, options: settings.render), to: .standardOutput)
        if summary, settings.format != .text {
            Terminal.write(report.summary.line + "\n", to: .standardError)
        }
        let status = report.exitStatus(failOn: settings.failOn)
        if status != 0 { throw ExitCode(status) }
    }
}
