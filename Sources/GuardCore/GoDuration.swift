/// Durations in Go's `time.ParseDuration` syntax: `8760h0m0s`, `90m`,
/// `1h30m`, `1.5h`, `500ms`, `10us`.
///
/// Upstream kubernetes-nmstate reads its four rotation intervals with Go's
/// parser (`CA_ROTATE_INTERVAL=8760h0m0s`, …), and the NMState CR stores
/// them as such strings, so nncp-guard accepts exactly the same spellings
/// and prints them back the same way (``format(_:)`` matches Go's
/// `Duration.String()`). Values are whole nanoseconds in an `Int64`, as in Go;
/// anything larger (about 2,562,047 hours) is rejected rather than wrapped.
/// It is also the syntax every Kubernetes component's flags use, so the
/// server's duration flags read it too (``parseFlag(_:)``).
package enum GoDuration {
    /// Units Go accepts, in nanoseconds. Both micro signs (U+00B5, U+03BC) count.
    private static let units: [String: UInt64] = [
        "ns": 1,
        "us": 1_000, "\u{00B5}s": 1_000, "\u{03BC}s": 1_000,
        "ms": 1_000_000,
        "s": 1_000_000_000,
        "m": 60_000_000_000,
        "h": 3_600_000_000_000,
    ]

    private static let unitList = "h, m, s, ms, us, ns"

    /// Parses `text` (an optional sign, then one or more `<number><unit>`
    /// terms; the lone `0` needs no unit).
    ///
    /// - Throws: ``DurationError`` whose code names the problem (empty,
    ///   missing number, missing or unknown unit, out of range).
    package static func parse(_ text: String) throws(DurationError) -> Duration {
        let nanoseconds = try parseNanoseconds(text)
        return .nanoseconds(nanoseconds)
    }

    /// Like ``parse(_:)`` but in nanoseconds, Go's representation.
    package static func parseNanoseconds(_ text: String) throws(DurationError) -> Int64 {
        func fail(_ code: DurationError.Code, _ why: String) -> DurationError {
            DurationError(code, text: text, reason: why)
        }
        var bytes = Array(text.utf8)[...]
        var negative = false
        if let first = bytes.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            negative = first == UInt8(ascii: "-")
            bytes = bytes.dropFirst()
        }
        if bytes.elementsEqual("0".utf8) { return 0 }
        guard !bytes.isEmpty else { throw fail(text.isEmpty ? .empty : .missingNumber, text.isEmpty ? "empty" : "no number after the sign") }

        let limit: UInt64 = 1 << 63
        var total: UInt64 = 0
        while !bytes.isEmpty {
            guard let c = bytes.first, c == UInt8(ascii: ".") || isDigit(c) else {
                throw fail(.missingNumber, "expected a number at \(quoted(String(decoding: bytes, as: UTF8.self)))")
            }
            // Integer part.
            let beforeInteger = bytes.count
            var whole: UInt64 = 0
            while let d = bytes.first, isDigit(d) {
                let (m, o1) = whole.multipliedReportingOverflow(by: 10)
                let (a, o2) = m.addingReportingOverflow(UInt64(d - 48))
                guard !o1, !o2, a <= limit else { throw fail(.outOfRange, "out of range") }
                whole = a
                bytes = bytes.dropFirst()
            }
            let hasInteger = bytes.count != beforeInteger
            // Fraction: digits past what fits are ignored, as Go does.
            var fraction: UInt64 = 0
            var scale = 1.0
            var hasFraction = false
            if bytes.first == UInt8(ascii: ".") {
                bytes = bytes.dropFirst()
                var overflowed = false
                while let d = bytes.first, isDigit(d) {
                    hasFraction = true
                    if !overflowed {
                        let (m, o1) = fraction.multipliedReportingOverflow(by: 10)
                        let (a, o2) = m.addingReportingOverflow(UInt64(d - 48))
                        if o1 || o2 || a > limit {
                            overflowed = true
                        } else {
                            fraction = a
                            scale *= 10
                        }
                    }
                    bytes = bytes.dropFirst()
                }
            }
            guard hasInteger || hasFraction else { throw fail(.missingNumber, "a number needs digits") }
            // Unit: everything up to the next digit or dot.
            let unitBytes = bytes.prefix { $0 != UInt8(ascii: ".") && !isDigit($0) }
            guard !unitBytes.isEmpty else { throw fail(.missingUnit, "missing unit (one of \(unitList))") }
            bytes = bytes.dropFirst(unitBytes.count)
            let unitText = String(decoding: unitBytes, as: UTF8.self)
            guard let unit = units[unitText] else {
                throw fail(.unknownUnit, "unknown unit \(quoted(unitText)) (one of \(unitList))")
            }
            guard whole <= limit / unit else { throw fail(.outOfRange, "out of range") }
            var value = whole * unit
            if fraction > 0 {
                let extra = Double(fraction) * (Double(unit) / scale)
                guard extra < Double(limit) else { throw fail(.outOfRange, "out of range") }
                value += UInt64(extra)
                guard value <= limit else { throw fail(.outOfRange, "out of range") }
            }
            let (sum, overflow) = total.addingReportingOverflow(value)
            guard !overflow, sum <= limit else { throw fail(.outOfRange, "out of range") }
            total = sum
        }
        if negative { return total == limit ? Int64.min : -Int64(total) }
        guard total <= UInt64(Int64.max) else { throw fail(.outOfRange, "out of range") }
        return Int64(total)
    }

    /// Formats like Go's `Duration.String()`: `8760h0m0s`, `1h30m0s`,
    /// `1.5s`, `500ms`, `0s`. Sub-nanosecond parts are truncated.
    package static func format(_ duration: Duration) -> String {
        format(nanoseconds: nanoseconds(of: duration))
    }

    /// Go's `Duration.String()` for a nanosecond count.
    package static func format(nanoseconds: Int64) -> String {
        let negative = nanoseconds < 0
        var u = nanoseconds.magnitude
        var out: String
        if u < 1_000_000_000 {
            if u == 0 { return "0s" }
            let precision: Int
            let suffix: String
            if u < 1_000 {
                precision = 0; suffix = "ns"
            } else if u < 1_000_000 {
                precision = 3; suffix = "\u{00B5}s"
            } else {
                precision = 6; suffix = "ms"
            }
            let (fraction, rest) = formatFraction(u, precision: precision)
            out = String(rest) + fraction + suffix
        } else {
            let (fraction, seconds) = formatFraction(u, precision: 9)
            u = seconds
            out = String(u % 60) + fraction + "s"
            u /= 60
            if u > 0 {
                out = String(u % 60) + "m" + out
                u /= 60
                if u > 0 { out = String(u) + "h" + out }
            }
        }
        return negative ? "-" + out : out
    }

    /// `Duration` as whole nanoseconds, clamped to `Int64`.
    package static func nanoseconds(of duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds < 0 ? .min : .max }
        let (sum, overflow2) = scaled.addingReportingOverflow(attoseconds / 1_000_000_000)
        if overflow2 { return seconds < 0 ? .min : .max }
        return sum
    }

    /// The fractional digits of `value / 10^precision` (".5", or "" when
    /// zero, trailing zeros dropped) and the integer quotient.
    private static func formatFraction(_ value: UInt64, precision: Int) -> (String, UInt64) {
        var v = value
        var digits: [Character] = []
        var printing = false
        for _ in 0..<precision {
            let digit = v % 10
            printing = printing || digit != 0
            if printing { digits.append(Character(String(digit))) }
            v /= 10
        }
        if digits.isEmpty { return ("", v) }
        return ("." + String(digits.reversed()), v)
    }

    private static func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }

    static func quoted(_ text: String) -> String { "\"" + text + "\"" }
}

extension GoDuration {
    /// A command-line flag's duration: Go syntax, or a bare number meaning
    /// seconds (`30`, `1.5`), surrounding spaces ignored. Negative values
    /// are refused (nil): no timeout or interval of the server can be
    /// negative, and the flags have always accepted these spellings.
    package static func parseFlag(_ text: String) -> Duration? {
        let trimmed = text.utf8.drop { $0 == 0x20 }.reversed().drop { $0 == 0x20 }.reversed()
        let s = String(decoding: Array(trimmed), as: UTF8.self)
        guard !s.isEmpty, !s.hasPrefix("-") else { return nil }
        let isBareNumber = s.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || $0 == UInt8(ascii: ".") }
        guard let nanoseconds = try? parseNanoseconds(isBareNumber ? s + "s" : s) else { return nil }
        return .nanoseconds(nanoseconds)
    }
}

/// A duration that does not parse, with the text and the reason:
/// `invalid duration "1d": unknown unit "d" (one of h, m, s, ms, us, ns)`.
package struct DurationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What is wrong, for callers and tests to match on.
    package enum Code: Hashable, Sendable {
        /// The text is empty.
        case empty
        /// A term (or the text after the sign) has no digits.
        case missingNumber
        /// A number without a unit (only a lone `0` needs none).
        case missingUnit
        /// A unit other than h, m, s, ms, us (µs), ns.
        case unknownUnit
        /// More than Go's `Duration` holds (about 2,562,047 hours).
        case outOfRange
    }

    package let code: Code
    /// The text as given.
    package let text: String
    /// Why it was refused, in words.
    package let reason: String

    package init(_ code: Code, text: String, reason: String) {
        self.code = code
        self.text = text
        self.reason = reason
    }

    package var description: String { "invalid duration \(GoDuration.quoted(text)): \(reason)" }
}
