import Foundation
import PackagePlugin

/// Records the commit a build from a clone is made from, for
/// `nncp-guard version` and `--version` (`BuildInfo.commit`).
///
/// Release builds (scripts/release.sh, the Dockerfile) build from a copy
/// without `.git` and stamp version, tag and commit into `BuildStamp.swift`
/// instead (scripts/build-info.sh); the stamp wins over what this finds.
/// A prebuild command, so it runs on every build and sees the commit
/// checked out now; the file is rewritten only when its text changes, so an
/// unchanged commit recompiles nothing.
@main
struct BuildInfoPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let output = context.pluginWorkDirectoryURL.appending(path: "BuildCommit")
        return [.prebuildCommand(
            displayName: "Recording the commit nncp-guard is built from",
            executable: URL(fileURLWithPath: "/bin/sh"),
            arguments: ["-c", Self.script, "build-commit", context.package.directoryURL.path, output.path],
            environment: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"],
            outputFilesDirectory: output
        )]
    }

    /// `$1` the package directory, `$2` the output directory. The short
    /// hash, with `-dirty` when tracked files have changes; nil without git
    /// or outside a work tree. Only hash characters survive, so the Swift
    /// literal needs no escaping.
    static let script = #"""
        value=nil
        if commit=$(git -C "$1" rev-parse --short=12 HEAD 2>/dev/null); then
            if [ -n "$(git -C "$1" status --porcelain --untracked-files=no 2>/dev/null)" ]; then commit="$commit-dirty"; fi
            commit=$(printf '%s' "$commit" | tr -cd 'A-Za-z0-9-')
            [ -n "$commit" ] && value="\"$commit\""
        fi
        mkdir -p "$2"
        text="let buildCommitFromGit: String? = $value"
        if [ "$(cat "$2/BuildCommit.swift" 2>/dev/null)" != "$text" ]; then
            printf '%s\n' "$text" > "$2/BuildCommit.swift"
        fi
        """#
}
