/// The release stamp: what `scripts/release.sh` and the Dockerfile (given
/// `--build-arg VERSION/TAG/COMMIT`) write over this file in their copy of
/// the sources, with scripts/build-info.sh, before building. SwiftPM has no
/// way to pass a string into a build; a build from a clone keeps these
/// values and takes its commit from git (``BuildInfo/commit``).
enum BuildStamp {
    static let version = "0.1.0"
    static let tag: String? = nil
    static let commit: String? = nil
}
