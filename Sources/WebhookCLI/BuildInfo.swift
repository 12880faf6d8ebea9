/// What `nncp-guard version` and `--version` report, for both binaries.
///
/// A build from a work tree reports the development version and no tag or
/// commit. `scripts/release.sh` and the Dockerfile (given `--build-arg
/// VERSION/TAG/COMMIT`) replace this whole file in their copy of the
/// sources before building, so a released binary names the tag and commit
/// it was built from: SwiftPM has no way to pass a string into the build.
public enum BuildInfo {
    public static let version = "0.1.0"
    public static let tag: String? = nil
    public static let commit: String? = nil
}
