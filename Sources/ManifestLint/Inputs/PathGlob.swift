/// A shell-style pattern for `lint --exclude`, matched against paths as
/// lint finds them.
///
/// `*` matches within one path component, `?` one character, `[abc]` and
/// `[!abc]` one character of (not of) a set, and `**` any number of whole
/// components. A pattern without `/` matches a file or directory name at
/// any depth (`values*.yaml`, `charts`); a pattern with `/` matches the
/// path or any trailing part of it that starts at a directory boundary
/// (`charts/**`, `deploy/*/kustomization.yaml`), so it works whether lint
/// was given `.`, a subdirectory or the files themselves. A directory that
/// matches is not entered.
public struct PathGlob: Sendable, Hashable, CustomStringConvertible {
    public let pattern: String
    private let components: [Substring]

    public init(_ pattern: String) {
        self.pattern = pattern
        var p = Substring(pattern)
        while p.hasPrefix("./") { p = p.dropFirst(2) }
        while p.count > 1, p.hasSuffix("/") { p = p.dropLast() }
        components = p.split(separator: "/", omittingEmptySubsequences: true)
    }

    public var description: String { pattern }

    /// True when `path` (or, for a pattern without `/`, any of its names) matches.
    public func matches(_ path: String) -> Bool {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).filter { $0 != "." }
        guard !components.isEmpty, !parts.isEmpty else { return false }
        if components.count == 1 {
            return parts.contains { Self.matchComponent(Array(components[0].unicodeScalars), Array($0.unicodeScalars)) }
        }
        for start in parts.indices where Self.match(components[...], parts[start...]) {
            return true
        }
        return false
    }

    private static func match(_ pattern: ArraySlice<Substring>, _ path: ArraySlice<Substring>) -> Bool {
        guard let first = pattern.first else { return path.isEmpty }
        if first == "**" {
            let rest = pattern.dropFirst()
            var tail = path
            while true {
                if match(rest, tail) { return true }
                guard !tail.isEmpty else { return false }
                tail = tail.dropFirst()
            }
        }
        guard let component = path.first,
              matchComponent(Array(first.unicodeScalars), Array(component.unicodeScalars)) else { return false }
        return match(pattern.dropFirst(), path.dropFirst())
    }

    /// `*`, `?` and `[…]` within one component.
    static func matchComponent(_ p: [Unicode.Scalar], _ s: [Unicode.Scalar]) -> Bool {
        var pi = 0, si = 0
        var star: (p: Int, s: Int)?
        while si < s.count {
            if pi < p.count {
                switch p[pi] {
                case "*":
                    star = (pi, si)
                    pi += 1
                    continue
                case "?":
                    pi += 1; si += 1
                    continue
                case "[":
                    if let (matched, next) = matchClass(p, from: pi, s[si]) {
                        if matched { pi = next; si += 1; continue }
                    } else if s[si] == "[" {
                        pi += 1; si += 1
                        continue
                    }
                default:
                    if p[pi] == s[si] { pi += 1; si += 1; continue }
                }
            }
            guard let backtrack = star else { return false }
            pi = backtrack.p + 1
            si = backtrack.s + 1
            star = (backtrack.p, backtrack.s + 1)
        }
        while pi < p.count, p[pi] == "*" { pi += 1 }
        return pi == p.count
    }

    /// Whether `c` is in the class starting at `p[start]` (`[`), and the
    /// index after the class; nil when the class is not closed (then `[`
    /// is a literal).
    static func matchClass(_ p: [Unicode.Scalar], from start: Int, _ c: Unicode.Scalar) -> (Bool, Int)? {
        var i = start + 1
        var negate = false
        if i < p.count, p[i] == "!" || p[i] == "^" { negate = true; i += 1 }
        var found = false
        var first = true
        while i < p.count, p[i] != "]" || first {
            first = false
            if i + 2 < p.count, p[i + 1] == "-", p[i + 2] != "]" {
                if p[i] <= c && c <= p[i + 2] { found = true }
                i += 3
            } else {
                if p[i] == c { found = true }
                i += 1
            }
        }
        guard i < p.count else { return nil }
        return (found != negate, i + 1)
    }
}
