import ArgumentParser

/// `nncp-guard`: keeps bad NodeNetworkConfigurationPolicies out of clusters.
@main
struct NNCPGuard: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nncp-guard",
        abstract: "Validate kubernetes-nmstate NodeNetworkConfigurationPolicies at admission time and in CI.",
        discussion: """
        One rule engine, three front ends: `serve` (the admission webhook), \
        `serve --slim` (stateless rules only, no Kubernetes API access) and `lint` \
        (manifest files for CI and pre-commit).
        """,
        version: "0.1.0",
        subcommands: [LintCommand.self, ServeCommand.self, SchemaCommand.self, ConformanceCommand.self, CertsCommand.self]
    )
}
