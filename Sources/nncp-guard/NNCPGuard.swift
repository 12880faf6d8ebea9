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
        on each node.
        """,
        version: BuildInfo.version,
        subcommands: [LintCommand.self, PlanCommand.self, ServeCommand.self, SchemaCommand.self, ConformanceCommand.self, CertsCommand.self, VersionCommand.self]
    )

    /// Usage errors exit 2 (the documented code for usage or I/O errors),
    /// not ArgumentParser's 64, so CI scripts can rely on one convention.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                let message = fullMessage(for: error)
                if !message.isEmpty { FileHandleStandardError.write(message + "\n") }
                exit(withError: ExitCode(2))
            }
            exit(withError: error)
        }
    }
}

/// Writes to standard error without Foundation.
enum FileHandleStandardError {
    static func write(_ text: String) {
        var bytes = Array(text.utf8)
        _ = bytes.withUnsafeMutableBytes { Glibc.write(2, $0.baseAddress, $0.count) }
    }
}
