import Foundation
import PackagePlugin

/// Writes the commit the package is built from into the `BuildInfo`
/// module (`let buildCommit = "…"`), for `nncp-guard version` and
/// `--version`.
///
/// A prebuild command, so it runs on every build and sees the commit
/// checked out now; the file is rewritten only when its text changes, so
/// an unchanged commit recompiles nothing. `NNCP_GUARD_COMMIT` overrides
/// git, for builds from a tree without `.git` (the Docker build context).
@main
struct BuildInfoPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let output = context.pluginWorkDirectoryURL.appending(path: "BuildInfo")
        let environment = ProcessInfo.processInfo.environment
        return [.prebuildCommand(
            displayName: "Recording the commit nncp-guard is built from",
            executable: URL(fileURLWithPath: "/bin/sh"),
            arguments: ["-c", Self.script, "build-info", context.package.directoryURL.path, output.path],
            environment: [
                "PATH": environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin",
                "NNCP_GUARD_COMMIT": environment["NNCP_GUARD_COMMIT"] ?? "",
            ],
            outputFilesDirectory: output
        )]
    }

    /// `$1` the package directory, `$2` the output directory. The commit is
    /// the short hash, with `-dirty` when tracked files have changes; only
    /// hash characters survive, so the Swift literal needs no escaping.
    static let script = #"""
        commit="$NNCP_GUARD_COMMIT"
        if [ -z "$commit" ] && commit=$(git -C "$1" rev-parse --short=12 HEAD 2>/dev/null); then
            if [ -n "$(git -C "$1" status --porcelain --untracked-files=no 2>/dev/null)" ]; then commit="$commit-dirty"; fi
        fi
        commit=$(printf '%s' "$commit" | tr -cd 'A-Za-z0-9._-')
        [ -n "$commit" ] || commit=unknown
        mkdir -p "$2"
        text="let buildCommit = \"$commit\""
        if [ "$(cat "$2/BuildCommit.swift" 2>/dev/null)" != "$text" ]; then
            printf '%s\n' "$text" > "$2/BuildCommit.swift"
        fi
        """#
}
