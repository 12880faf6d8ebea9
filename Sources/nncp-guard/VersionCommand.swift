import ArgumentParser
import WebhookCLI

/// `nncp-guard version`: the version, and for a release build the tag and
/// commit it was built from, so a running image can be traced to its source.
struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "version",
        abstract: "Print the version, tag and commit this binary was built from."
    )

    func run() {
        print("nncp-guard \(BuildInfo.version)")
        print("tag: \(BuildInfo.tag ?? "none")")
        print("commit: \(BuildInfo.commit ?? "unknown (not a release build: see scripts/release.sh)")")
    }
}
