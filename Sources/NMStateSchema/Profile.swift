/// An nmstate release, for fields and values that only newer releases accept.
public struct NMStateVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var major: Int, minor: Int, patch: Int

    public init(_ major: Int, _ minor: Int, _ patch: Int) {
        self.major = major; self.minor = minor; self.patch = patch
    }

    public init?(_ text: String) {
        let parts = text.split(separator: ".").map { Int($0) }
        guard parts.count == 3, let a = parts[0], let b = parts[1], let c = parts[2] else { return nil }
        self.init(a, b, c)
    }

    public static func < (l: Self, r: Self) -> Bool { (l.major, l.minor, l.patch) < (r.major, r.minor, r.patch) }

    public var description: String { "\(major).\(minor).\(patch)" }

    public static let v2_2_38 = NMStateVersion(2, 2, 38)
}

/// Which nmstate behaviour to check against.
///
/// `latest` is for admission and everyday linting: it accepts everything a
/// newer nmstate documents, because a valid configuration must never be
/// rejected, and it reports rules that depend on a node's current state as
/// warnings. `v2_2_38` reproduces nmstate 2.2.38's verdicts exactly (fields
/// added later are unknown, "new interface" rules are errors), for
/// conformance testing and for clusters pinned to that release.
public enum Profile: String, Sendable, Hashable, CaseIterable {
    case latest = "latest"
    case v2_2_38 = "2.2.38"

    /// Highest nmstate release whose fields this profile accepts.
    public var accepts: NMStateVersion? {
        switch self {
        case .latest: return nil
        case .v2_2_38: return .v2_2_38
        }
    }

    public func accepts(since: NMStateVersion?) -> Bool {
        guard let since, let limit = accepts else { return true }
        return since <= limit
    }
}
