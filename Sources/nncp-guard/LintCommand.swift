import ArgumentParser

struct LintCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "lint", abstract: "Lint NNCP manifests and nmstate desired states.")
    func run() async throws {}
}
