/// One lexical unit of a capture expression, positioned the way nmstate
/// positions it (0-based Unicode scalar index into the trimmed line).
enum CaptureToken: Sendable, Hashable {
    /// Text with at least one `.`, split on every `.` (`routes.running.destination`).
    case path([String], Int)
    /// A bare word (`eth1`, `true`, `500`) or a double-quoted string. nmstate
    /// keeps both as text; `quoted` is kept so replacements can tell `"1"`
    /// from `1`. A quoted string's position is that of its first character.
    case value(String, quoted: Bool, Int)
    /// `|`
    case pipe(Int)
    /// `:=`
    case replace(Int)
    /// `==`
    case equal(Int)
    /// `=~` (``CaptureDialect/latest`` only)
    case regex(Int)
    /// An unquoted `null` in any letter case.
    case null(Int)

    var position: Int {
        switch self {
        case .path(_, let p), .value(_, _, let p), .pipe(let p), .replace(let p), .equal(let p), .regex(let p), .null(let p):
            return p
        }
    }

    var isPath: Bool { if case .path = self { return true } else { return false } }
    var isPipe: Bool { if case .pipe = self { return true } else { return false } }
    var isEqual: Bool { if case .equal = self { return true } else { return false } }
    var isReplace: Bool { if case .replace = self { return true } else { return false } }
    var isRegex: Bool { if case .regex = self { return true } else { return false } }
}
