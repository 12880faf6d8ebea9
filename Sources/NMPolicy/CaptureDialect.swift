/// Which nmstate's capture language to read.
///
/// `latest` is what current nmstate parses: it adds the regex filter `=~`
/// and words the `=`, `==` and missing-value errors accordingly. `v2_2_38`
/// reproduces nmstate 2.2.38 (no `=~`, its messages), for conformance
/// checks and for clusters pinned to that release. The caller picks the
/// dialect that matches the schema profile it checks against.
public enum CaptureDialect: Sendable, Hashable {
    case latest
    case v2_2_38
}
