import ArgumentParser
import BuildInfo

/// `nncp-guard version`: the release and the commit the binary was built
/// from, for bug reports and for checking what an image holds.
struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "version",
        abstract: "Print the version and the commit nncp-guard was built from."
    )

    func run() throws {
        print("nncp-guard \(BuildInfo.versionLine)")
    }
}
