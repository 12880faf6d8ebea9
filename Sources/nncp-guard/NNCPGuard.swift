import ArgumentParser
import WebhookCLI
#if canImport(Glibc)
import Glibc
#endif

/// `nncp-guard`: keeps bad NodeNetworkConfigurationPolicies out of clusters.
@main
struct NNCPGuard: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nncp-guard",
        abstract: "Validate kubernetes-nmstate NodeNetworkConfigurationPolicies at admission time and in CI.",
        discussion: """
        One rule engine, three front ends: `serve` (the admission webhook), \
        `serve --slim` (stateless rules only, no Kubernetes API access) and `lint` \
        (manifest files for CI and pre-commit); `plan` shows what policies would change \
        on each node; `rules` lists what each rule checks.

        Shell completion: nncp-guard --generate-completion-script bash|zsh|fish
        """,
        version: BuildInfo.versionLine,
        subcommands: [LintCommand.self, PlanCommand.self, ServeCommand.self, RulesCommand.self, SchemaCommand.self, ConformanceCommand.self, CertsCommand.self, VersionCommand.self]
    )

    /// Usage errors exit 2 (the documented code for usage or I/O errors),
    /// not ArgumentParser's 64, so CI scripts can rely on one convention.
    static func main() async {
        var command: any ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                let message = fullMessage(for: error)
                if !message.isEmpty { FileHandleStandardError.write(message + "\n") }
                exit(withError: ExitCode(2))
            }
            exit(withError: error)
        }
        do {
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as ValidationError {
            FileHandleStandardError.write(runtimeUsageMessage(error, for: type(of: command)) + "\n")
            exit(withError: ExitCode(2))
        } catch {
            exit(withError: error)
        }
    }

    /// A usage problem found while a command runs (after parsing), shown
    /// with that command's usage, not the root's: ArgumentParser only
    /// knows which command failed while it is parsing.
    static func runtimeUsageMessage(_ error: ValidationError, for command: any ParsableCommand.Type) -> String {
        let usage = usageString(for: command)
        let path = usage.split(separator: " ").prefix { word in
            !word.hasPrefix("-") && !word.hasPrefix("<") && !word.hasPrefix("[")
        }.joined(separator: " ")
        return "Error: \(error.message)\nUsage: \(usage)\n  See '\(path) --help' for more information."
    }
}

/// Writes to standard error without Foundation.
enum FileHandleStandardError {
    static func write(_ text: String) {
        var bytes = Array(text.utf8)
        _ = bytes.withUnsafeMutableBytes { Glibc.write(2, $0.baseAddress, $0.count) }
    }
}
