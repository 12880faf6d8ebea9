/// The pattern of a `=~` filter (`interfaces.driver=~"^igb$|^tg.*$"`),
/// compiled once when the expression is parsed so evaluating it against
/// every interface of every node costs no recompilation.
///
/// nmstate compiles the pattern with Rust's `regex` crate and keeps the
/// entries whose property text (the same text `==` compares) contains a
/// match: the search is unanchored unless the pattern anchors itself with
/// `^`/`$`, and it runs on Unicode scalars. Swift's `Regex` is set to the
/// same semantics. Swift also accepts look-around and backreferences,
/// which the Rust crate refuses; those are refused here with the crate's
/// reasons, so a pattern that passes here also compiles on the node.
public struct CapturePattern: Sendable, Hashable, CustomStringConvertible {
    /// The pattern as written between the quotes.
    public let text: String
    /// Position of the pattern's first character in the expression.
    public let position: Int
    private let compiled: CompiledRegex

    /// Compiles `text`; a pattern that does not compile is an error naming
    /// the pattern, the reason and (through `line`/`position`) the place.
    init(_ text: String, position: Int, line: String) throws(PolicyError) {
        self.text = text
        self.position = position
        if let reason = Self.unsupportedByNmstate(text) {
            throw PolicyError("Failed to parse regex '\(text)': \(reason)", line: line, position: position)
        }
        do {
            compiled = CompiledRegex(try Regex(text).matchingSemantics(.unicodeScalar))
        } catch {
            throw PolicyError("Failed to parse regex '\(text)': \(error)", line: line, position: position)
        }
    }

    /// Whether `value` contains a match.
    func matches(_ value: String) -> Bool {
        value.contains(compiled.regex)
    }

    public var description: String { "\"\(text)\"" }

    public static func == (a: Self, b: Self) -> Bool { a.text == b.text && a.position == b.position }
    public func hash(into hasher: inout Hasher) {
        hasher.combine(text)
        hasher.combine(position)
    }

    /// The Rust crate's reason for refusing syntax Swift's `Regex` accepts:
    /// look-around and backreferences (outside a character class).
    static func unsupportedByNmstate(_ pattern: String) -> String? {
        let s = Array(pattern.unicodeScalars)
        var i = 0
        var inClass = false
        while i < s.count {
            let c = s[i]
            if c == "\\" {
                if !inClass, i + 1 < s.count, ("1"..."9").contains(s[i + 1]) || s[i + 1] == "k" {
                    return "backreferences are not supported"
                }
                i += 2
                continue
            }
            if inClass {
                if c == "]" { inClass = false }
            } else if c == "[" {
                inClass = true
                // A `]` right after `[` or `[^` is a literal member.
                if i + 1 < s.count, s[i + 1] == "^" { i += 1 }
                if i + 1 < s.count, s[i + 1] == "]" { i += 1 }
            } else if c == "(", i + 2 < s.count, s[i + 1] == "?" {
                let rest = String(String.UnicodeScalarView(s[(i + 2)...]))
                if rest.hasPrefix("=") || rest.hasPrefix("!") || rest.hasPrefix("<=") || rest.hasPrefix("<!") {
                    return "look-around, including look-ahead and look-behind, is not supported"
                }
            }
            i += 1
        }
        return nil
    }
}

/// Holds a compiled `Regex`, which the standard library does not mark
/// `Sendable`. It is immutable once built, and the one match run here
/// before it is shared makes the library lower its program up front, so
/// concurrent matches only read it.
final class CompiledRegex: @unchecked Sendable {
    let regex: Regex<AnyRegexOutput>

    init(_ regex: Regex<AnyRegexOutput>) {
        self.regex = regex
        _ = "".contains(regex)
    }
}
