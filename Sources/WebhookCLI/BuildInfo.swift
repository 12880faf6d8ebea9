/// What `nncp-guard version` and `--version` report, for both binaries.
package enum BuildInfo {
    /// The release; for a release build of an untagged commit,
    /// `<version>-dev.<commit>`.
    package static let version = BuildStamp.version
    /// The tag a release build was made from.
    package static let tag = BuildStamp.tag
    /// The commit: stamped into a release build, read from git (with
    /// `-dirty` for uncommitted changes) for a build from a clone, nil
    /// for a build from a copy without either.
    package static let commit = BuildStamp.commit ?? buildCommitFromGit

    /// One line for `--version`: `0.2.0 (commit 1a2b3c4d5e6f)`, or the
    /// version alone when the commit is not known.
    package static var versionLine: String {
        commit.map { "\(version) (commit \($0))" } ?? version
    }
}
