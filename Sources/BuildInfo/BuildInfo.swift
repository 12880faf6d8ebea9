/// The version and commit `nncp-guard version` and `--version` print, and
/// lint's SARIF and JSON reports record.
public enum BuildInfo {
    /// The release, as a semantic version (SARIF's `semanticVersion`).
    public static let version = "0.1.0"

    /// The commit the binary was built from: a short hash, `-dirty` when
    /// tracked files had changes, or `unknown` without git (set
    /// `NNCP_GUARD_COMMIT` when building from a tree without `.git`).
    /// Written at build time by the `BuildInfoPlugin` prebuild command.
    public static let commit = buildCommit

    /// `0.1.0 (commit 764b338a1b2c)`.
    public static var versionLine: String { "\(version) (commit \(commit))" }
}
