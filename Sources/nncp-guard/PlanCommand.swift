import ArgumentParser
import WebhookCLI
import ClusterWatch
import KubeAPI
import ManifestLint
import NMStateSchema
import PolicyRules
import SourceModel

/// `nncp-guard plan`: the dry run of policies against real nodes. For each
/// policy, per group of nodes that would do the same thing: which nodes,
/// the desired state resolved there, what it changes against the node's
/// current state, and the findings lint and admission would report.
///
/// The work is done by ``PlanInputs``, ``PlanReport`` (``PolicyPlanner``)
/// and ``ClusterSnapshot``; this command only reads options, picks the
/// source of nodes and policies, and prints.
struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show what NNCPs would change on each node, grouped by nodes that would do the same.",
        discussion: """
        Nodes and their current state come from --nodes and --states files \
        (kubectl get nodes -o yaml; kubectl get nns -o yaml), or from a live cluster \
        with --kubeconfig. Policies come from files, directories or - (standard input), \
        or, with --kubeconfig, from the cluster with --policy NAME.

        Exit status: 0 no findings at or above --fail-on, 1 findings, 2 usage or I/O error.
        """
    )

    @Argument(help: "Policy files, directories (searched for *.yaml, *.yml, *.json), or - for standard input.")
    var paths: [String] = []

    @Option(help: "Node objects (kubectl get nodes -o yaml).")
    var nodes: String?

    @Option(help: "NodeNetworkState objects (kubectl get nns -o yaml).")
    var states: String?

    @Option(help: "Read Nodes and NodeNetworkStates from this cluster instead of --nodes/--states.")
    var kubeconfig: String?

    @Option(help: "kubeconfig context to use (default: its current-context).")
    var context: String?

    @Option(name: .customLong("policy"), help: "With --kubeconfig: plan the cluster's NodeNetworkConfigurationPolicy of this name instead of files (repeatable).")
    var policies: [String] = []

    @Option(help: "nmstate profile: latest or 2.2.38.")
    var profile: String = Profile.latest.rawValue

    @Option(name: [.short, .long], help: "Output format: text or json.")
    var output: String = "text"

    @Option(name: .customLong("fail-on"), help: "Lowest severity that fails the run: error, warning or info.")
    var failOn: String = "error"

    @Option(name: .customLong("max-size"), help: "Largest file accepted, e.g. 3MiB, 512KiB, 1048576.")
    var maxSize: String = "3MiB"

    func run() async throws {
        let settings: PlanSettings
        let report: PlanReport
        do throws(CommandError) {
            settings = try PlanSettings(self)
            report = try await settings.makeReport()
        } catch {
            let hint = error.code == .usage ? "See 'nncp-guard plan --help'.\n" : ""
            Terminal.write("Error: \(error.message)\n" + hint, to: .standardError)
            throw ExitCode(2)
        }
        switch settings.format {
        case .text: Terminal.write(PlanTextFormatter().format(report), to: .standardOutput)
        case .json: Terminal.write(PlanJSONFormatter(toolVersion: BuildInfo.version).format(report), to: .standardOutput)
        }
        let status = report.exitStatus(failOn: settings.failOn)
        if status != 0 { throw ExitCode(status) }
    }
}

/// The plan command's options, checked.
struct PlanSettings {
    enum Format: String, CaseIterable { case text, json }

    /// Where nodes (and maybe policies) come from.
    enum Source {
        case files(nodes: String, states: String)
        case cluster(kubeconfig: String, context: String?)
    }

    var paths: [String]
    var policyNames: [String]
    var source: Source
    var profile: Profile
    var format: Format
    var failOn: Diagnostic.Severity
    var limits: LoadLimits

    init(_ command: PlanCommand) throws(CommandError) {
        guard let format = Format(rawValue: command.output) else {
            throw CommandError(.usage, "unknown output format '\(command.output)'; expected text or json")
        }
        guard let profile = Profile(rawValue: command.profile) else {
            throw CommandError(.usage, "unknown profile '\(command.profile)'; expected one of: \(Profile.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard let failOn = Diagnostic.Severity(rawValue: command.failOn) else {
            throw CommandError(.usage, "unknown --fail-on '\(command.failOn)'; expected error, warning or info")
        }
        guard let maxBytes = ByteSize.parse(command.maxSize) else {
            throw CommandError(.usage, "invalid --max-size '\(command.maxSize)'; expected a positive size such as 3MiB, 512KiB or 1048576")
        }
        let stdinUsers = [command.nodes, command.states].filter { $0 == "-" }.count + command.paths.filter { $0 == "-" }.count
        if stdinUsers > 1 { throw CommandError(.usage, "standard input (-) can be read only once") }

        if let kubeconfig = command.kubeconfig {
            if command.nodes != nil || command.states != nil {
                throw CommandError(.usage, "--kubeconfig reads nodes and states from the cluster; leave out --nodes and --states")
            }
            if command.paths.isEmpty == command.policies.isEmpty {
                throw CommandError(.usage, command.paths.isEmpty
                    ? "nothing to plan: pass policy files, or --policy NAME for policies stored in the cluster"
                    : "pass either policy files or --policy NAME, not both")
            }
            source = .cluster(kubeconfig: kubeconfig, context: command.context)
        } else {
            if !command.policies.isEmpty { throw CommandError(.usage, "--policy NAME plans a policy stored in a cluster; it needs --kubeconfig") }
            if command.context != nil { throw CommandError(.usage, "--context selects a kubeconfig context; it needs --kubeconfig") }
            guard let nodes = command.nodes, let states = command.states else {
                throw CommandError(.usage, "plan needs the nodes and their current state: --nodes FILE --states FILE, or --kubeconfig PATH")
            }
            guard !command.paths.isEmpty else {
                throw CommandError(.usage, "no input: pass policy files, directories, or - for standard input")
            }
            source = .files(nodes: nodes, states: states)
        }
        paths = command.paths
        policyNames = command.policies
        self.profile = profile
        self.format = format
        self.failOn = failOn
        limits = LoadLimits.default
        limits.maxBytes = maxBytes
    }

    func makeReport() async throws(CommandError) -> PlanReport {
        switch source {
        case .files(let nodes, let states):
            do throws(ContextLoadError) {
                let view = try PlanInputs.view(nodesFile: nodes, statesFile: states, limits: limits)
                let policies = try PlanInputs.policies(in: paths, limits: limits)
                return PlanReport(policies: policies, view: view, profile: profile)
            } catch {
                throw CommandError(.input, error.message)
            }
        case .cluster(let kubeconfig, let context):
            // Files are read first: a typo in a path should not wait on the network.
            var policies: [PolicyEntry] = []
            if !paths.isEmpty {
                do throws(ContextLoadError) { policies = try PlanInputs.policies(in: paths, limits: limits) } catch { throw CommandError(.input, error.message) }
            }
            let client: KubeClient
            do throws(ConfigurationError) {
                client = try KubeClient(configuration: try KubeConfiguration.resolve(kubeconfig: kubeconfig, context: context))
            } catch {
                throw CommandError(.cluster, "cannot use kubeconfig \(kubeconfig): \(error)")
            }
            let snapshot: ClusterSnapshot
            do throws(ClusterReadError) {
                snapshot = try await ClusterSnapshot.read(from: client, policyNames: policies.isEmpty ? policyNames : policies.map(\.name))
                try? await client.shutdown()
            } catch {
                try? await client.shutdown()
                throw CommandError(.cluster, error.message)
            }
            let view = PlanInputs.view(nodes: snapshot.nodes, states: snapshot.states)
            if policies.isEmpty {
                let missing = policyNames.filter { snapshot.policies[$0] == nil }
                if !missing.isEmpty {
                    throw CommandError(.cluster, "no NodeNetworkConfigurationPolicy \(missing.map { "\"\($0)\"" }.joined(separator: ", ")) in the cluster")
                }
                var seen = Set<String>()
                policies = policyNames.filter { seen.insert($0).inserted }.map { PolicyEntry(name: $0, object: snapshot.policies[$0]!) }
                return PlanReport(policies: policies, view: view, profile: profile)
            }
            // A file's policy replaces the stored one of the same name: the
            // selector rules compare against what is applied now.
            return PlanReport(policies: policies, view: view, profile: profile, previous: { snapshot.policies[$0] })
        }
    }
}
