import ArgumentParser
import WebhookCLI

/// `nncp-guard version`: the version, tag and commit the binary was built
/// from, so a running image or a bug report can be traced to its source.
struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "version",
        abstract: "Print the version, tag and commit this binary was built from."
    )

    func run() {
        print("nncp-guard \(BuildInfo.version)")
        print("tag: \(BuildInfo.tag ?? "none")")
        print("commit: \(BuildInfo.commit ?? "unknown (built from a copy without git or a release stamp)")")
    }
}
