import SourceModel

/// nmstate's lenient scalar parsers (`deserializer.rs`), shared by the schema
/// validator and the semantic rules so both read a value the same way.
public enum Lenient {
    /// Result of a lenient parse: the value, or serde's error message.
    public enum Parsed<T: Sendable>: Sendable {
        case ok(T)
        case invalid(String)

        public var value: T? { if case .ok(let v) = self { return v } else { return nil } }
    }

    static func maxUnsigned(bits: Int) -> UInt64 { bits >= 64 ? UInt64.max : (UInt64(1) << UInt64(bits)) - 1 }

    /// `uN_or_string`: integer, decimal string or lower-case `0x` hex string.
    public static func unsigned(_ v: Value, bits: Int, lenient: Bool = true) -> Parsed<UInt64> {
        let max = maxUnsigned(bits: bits)
        let expected = lenient ? "unsigned integer or string" : "u\(bits)"
        let range = "0..\(max)"
        switch v.content {
        case .int(let i):
            // serde's primitive visitors call a negative integer for an
            // unsigned field an invalid *value*; nmstate's lenient visitor
            // calls it an invalid *type*.
            if i < 0 { return .invalid(lenient ? "invalid type: integer `\(i)`, expected \(expected)" : "invalid value: integer `\(i)`, expected u\(bits)") }
            if UInt64(i) > max { return .invalid(lenient ? outOfRange + ": \(i) is not in \(range)" : "invalid value: integer `\(i)`, expected u\(bits)") }
            return .ok(UInt64(i))
        case .uint(let u):
            if u > max { return .invalid(lenient ? outOfRange + ": \(u) is not in \(range)" : "invalid value: integer `\(u)`, expected u\(bits)") }
            return .ok(u)
        case .string(let s) where lenient:
            let parsed: UInt64?
            if s.hasPrefix("0x") {
                let hex = s.dropFirst(2)
                if hex.isEmpty { return .invalid(emptyString + notANumber(s, range)) }
                guard hex.allSatisfy({ $0.isHexDigit }) else { return .invalid(invalidDigit + notANumber(s, range)) }
                parsed = UInt64(hex, radix: 16)
            } else {
                if s.isEmpty { return .invalid(emptyString + notANumber(s, range)) }
                let digits = s.hasPrefix("+") ? s.dropFirst() : Substring(s)
                guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return .invalid(invalidDigit + notANumber(s, range)) }
                parsed = UInt64(digits)
            }
            guard let p = parsed, p <= max else { return .invalid(tooLarge + ": \(quotedText(s)) is not in \(range)") }
            return .ok(p)
        default:
            return .invalid("invalid type: \(v.typeDescription), expected \(expected)")
        }
    }

    /// `iN_or_string`: integer or decimal string (no hex).
    public static func signed(_ v: Value, bits: Int, lenient: Bool = true) -> Parsed<Int64> {
        let max: Int64 = bits >= 64 ? .max : (Int64(1) << Int64(bits - 1)) - 1
        let min: Int64 = bits >= 64 ? .min : -(Int64(1) << Int64(bits - 1))
        let expected = lenient ? "signed integer or string" : "i\(bits)"
        let range = "\(min)..\(max)"
        switch v.content {
        case .int(let i):
            if i < min || i > max { return .invalid(lenient ? outOfRange + ": \(i) is not in \(range)" : "invalid value: integer `\(i)`, expected i\(bits)") }
            return .ok(i)
        case .string(let s) where lenient:
            if s.isEmpty { return .invalid(emptyString + notANumber(s, range)) }
            guard let i = Int64(s) else {
                let body = s.hasPrefix("-") || s.hasPrefix("+") ? s.dropFirst() : Substring(s)
                return .invalid(body.allSatisfy({ $0.isASCII && $0.isNumber }) && !body.isEmpty ? tooLarge + ": \(quotedText(s)) is not in \(range)" : invalidDigit + notANumber(s, range))
            }
            if i < min || i > max { return .invalid(tooLarge + ": \(quotedText(s)) is not in \(range)") }
            return .ok(i)
        default:
            return .invalid("invalid type: \(v.typeDescription), expected \(expected)")
        }
    }

    // Rust's `ParseIntError` and `TryFromIntError` texts, which nmstate
    // passes through unchanged. They name neither the value nor the range,
    // so every message below keeps them as a prefix (what the node logs,
    // and what the corpus conformance matches) and appends both.
    static let outOfRange = "out of range integral type conversion attempted"
    static let invalidDigit = "invalid digit found in string"
    static let tooLarge = "number too large to fit in target type"
    static let emptyString = "cannot parse integer from empty string"

    static func quotedText(_ s: String) -> String {
        "\"" + s + "\""
    }

    static func notANumber(_ s: String, _ range: String) -> String {
        ": \(quotedText(s)) is not a number in \(range)"
    }

    public static let boolWords = "1|0|true|false|yes|no|on|off|y|n"

    /// `bool_or_string` (lenient) or serde `bool` (strict).
    public static func bool(_ v: Value, lenient: Bool = true) -> Parsed<Bool> {
        switch v.content {
        case .bool(let b): return .ok(b)
        case .int(let i) where lenient && (i == 0 || i == 1): return .ok(i == 1)
        case .string(let s) where lenient:
            switch s.lowercased() {
            case "1", "true", "yes", "on", "y": return .ok(true)
            case "0", "false", "no", "off", "n": return .ok(false)
            default: return .invalid("Need to be boolean: \(boolWords)")
            }
        default:
            return .invalid(lenient ? "Need to be boolean: \(boolWords)" : "invalid type: \(v.typeDescription), expected a boolean")
        }
    }

    /// Convenience for rules: the value as an unsigned number, if it parses.
    public static func uint(_ v: Value?, bits: Int = 64) -> UInt64? {
        guard let v else { return nil }
        return unsigned(v, bits: bits).value
    }

    public static func int(_ v: Value?, bits: Int = 64) -> Int64? {
        guard let v else { return nil }
        return signed(v, bits: bits).value
    }

    public static func flag(_ v: Value?) -> Bool? {
        guard let v else { return nil }
        return bool(v).value
    }
}
