/// Character-level helpers shared by the capture and template lexers.
///
/// nmstate works on Rust `char`s (Unicode scalars) and uses Rust's notion of
/// whitespace (the Unicode `White_Space` property), so positions here count
/// Unicode scalars and trimming uses the same property.
enum PolicyText {
    static func isWhitespace(_ s: Unicode.Scalar) -> Bool { s.properties.isWhitespace }

    /// Rust `str::trim`: strips leading and trailing `White_Space` scalars.
    static func trim(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        var start = 0
        var end = scalars.count
        while start < end, isWhitespace(scalars[start]) { start += 1 }
        while end > start, isWhitespace(scalars[end - 1]) { end -= 1 }
        var out = String.UnicodeScalarView()
        out.append(contentsOf: scalars[start..<end])
        return String(out)
    }

    /// The text nmstate parses for a capture: trimmed, non-breaking spaces
    /// turned into plain spaces (YAML folding can leave U+00A0 behind), and
    /// trimmed again.
    static func normalizedCaptureLine(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for s in trim(text).unicodeScalars { out.append(s == "\u{A0}" ? " " : s) }
        return trim(String(out))
    }

    static func string(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        var out = String.UnicodeScalarView()
        out.append(contentsOf: scalars)
        return String(out)
    }

    static func count(_ text: String) -> Int { text.unicodeScalars.count }

    /// Rust's `str::parse::<usize>()`: ASCII digits with an optional `+`.
    static func parseIndex(_ text: String) -> Int? {
        var digits = Substring(text)
        if digits.first == "+" { digits = digits.dropFirst() }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(digits)
    }

    /// A name the nmpolicy grammar accepts: a letter, then letters, digits,
    /// `-` or `_` (nmstate keys such as `xmit_hash_policy` use `_`).
    static func isIdentity(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, isLetter(first) else { return false }
        return text.unicodeScalars.allSatisfy { isLetter($0) || isDigit($0) || $0 == "-" || $0 == "_" }
    }

    /// Digits only, as in the grammar's `<number>`.
    static func isNumber(_ text: String) -> Bool {
        !text.isEmpty && text.unicodeScalars.allSatisfy(isDigit)
    }

    static func isLetter(_ s: Unicode.Scalar) -> Bool {
        (s >= "a" && s <= "z") || (s >= "A" && s <= "Z")
    }

    static func isDigit(_ s: Unicode.Scalar) -> Bool { s >= "0" && s <= "9" }
}

/// The text form nmstate quotes in its errors, for matching an error back
/// to the capture or template it is about.
public enum PolicyTextForm {
    /// Trimmed, with non-breaking spaces as plain spaces.
    public static func normalized(_ text: String) -> String { PolicyText.normalizedCaptureLine(text) }
}
