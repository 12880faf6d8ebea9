/// RFC 3339 timestamps in UTC, as Kubernetes writes them: `metav1.Time`
/// in whole seconds (`2024-05-24T20:26:45Z`), `metav1.MicroTime` with six
/// fractional digits (Lease `renewTime`), log lines with three.
///
/// Works on Unix seconds and nanoseconds rather than `Date`, so that the
/// slim binary (no Foundation) and the Foundation-based modules share one
/// implementation. The calendar arithmetic is H. Hinnant's era-based
/// civil-from-days algorithm: proleptic Gregorian, exact for every day.
package enum RFC3339 {
    /// Appends the timestamp for `unixSeconds` plus `nanoseconds` (0 up to
    /// 999,999,999) with `fractionDigits` (0 to 9) digits of fraction,
    /// truncated, and `Z`. Years outside 0...9999 are clamped: RFC 3339
    /// has four year digits.
    package static func append(unixSeconds: Int64, nanoseconds: Int = 0, fractionDigits: Int = 0, to out: inout [UInt8]) {
        let days = unixSeconds >= 0 ? unixSeconds / 86_400 : (unixSeconds - 86_399) / 86_400
        let secs = unixSeconds - days * 86_400
        let (y, m, d) = civil(fromDays: days)
        func two(_ v: Int64) {
            out.append(UInt8(48 + v / 10))
            out.append(UInt8(48 + v % 10))
        }
        let year = max(0, min(9999, y))
        two(year / 100); two(year % 100)
        out.append(UInt8(ascii: "-")); two(m)
        out.append(UInt8(ascii: "-")); two(d)
        out.append(UInt8(ascii: "T")); two(secs / 3600)
        out.append(UInt8(ascii: ":")); two(secs / 60 % 60)
        out.append(UInt8(ascii: ":")); two(secs % 60)
        let digits = max(0, min(9, fractionDigits))
        if digits > 0 {
            out.append(UInt8(ascii: "."))
            var divisor = 100_000_000
            let nanos = max(0, min(999_999_999, nanoseconds))
            for _ in 0..<digits {
                out.append(UInt8(48 + nanos / divisor % 10))
                divisor /= 10
            }
        }
        out.append(UInt8(ascii: "Z"))
    }

    /// ``append(unixSeconds:nanoseconds:fractionDigits:to:)`` as a string.
    package static func format(unixSeconds: Int64, nanoseconds: Int = 0, fractionDigits: Int = 0) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(30)
        append(unixSeconds: unixSeconds, nanoseconds: nanoseconds, fractionDigits: fractionDigits, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// The timestamp of a Unix time in nanoseconds (before 1970 too).
    package static func format(unixNanoseconds: Int64, fractionDigits: Int = 0) -> String {
        var seconds = unixNanoseconds / 1_000_000_000
        var nanos = unixNanoseconds % 1_000_000_000
        if nanos < 0 { nanos += 1_000_000_000; seconds -= 1 }
        return format(unixSeconds: seconds, nanoseconds: Int(nanos), fractionDigits: fractionDigits)
    }

    /// Parses RFC 3339 as any Kubernetes client writes it: `T` (or `t`, or
    /// a space), an optional fraction of any length (digits past the ninth
    /// are ignored), `Z` or a `±hh:mm` offset. Returns Unix seconds and the
    /// nanoseconds within that second; nil if malformed.
    package static func parse(_ text: String) -> (unixSeconds: Int64, nanoseconds: Int)? {
        let b = Array(text.utf8)
        func number(_ from: Int, _ count: Int) -> Int64? {
            guard from + count <= b.count else { return nil }
            var v: Int64 = 0
            for i in from..<(from + count) {
                guard b[i] >= 48, b[i] <= 57 else { return nil }
                v = v * 10 + Int64(b[i] - 48)
            }
            return v
        }
        guard b.count >= 20, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
              b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: "t") || b[10] == UInt8(ascii: " "),
              b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"),
              let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
              let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2),
              (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day),
              hour < 24, minute < 60, second < 61
        else { return nil }
        var i = 19
        var nanos = 0
        if i < b.count, b[i] == UInt8(ascii: ".") {
            i += 1
            let start = i
            var scale = 100_000_000
            while i < b.count, b[i] >= 48, b[i] <= 57 {
                nanos += Int(b[i] - 48) * scale
                scale /= 10
                i += 1
            }
            guard i > start else { return nil }
        }
        guard i < b.count else { return nil }
        var offset: Int64 = 0
        switch b[i] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            guard i + 1 == b.count else { return nil }
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            guard i + 6 == b.count, b[i + 3] == UInt8(ascii: ":"),
                  let oh = number(i + 1, 2), let om = number(i + 4, 2), oh < 24, om < 60 else { return nil }
            offset = (oh * 3600 + om * 60) * (b[i] == UInt8(ascii: "-") ? -1 : 1)
        default:
            return nil
        }
        let days = daysFromCivil(year: year, month: month, day: day)
        return (days * 86_400 + hour * 3600 + minute * 60 + second - offset, nanos)
    }

    /// Days in `month` of `year` (Gregorian leap years), so that
    /// `2023-02-29` is rejected rather than read as 1 March.
    static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// Proleptic Gregorian (year, month, day) of a day count since 1970-01-01.
    static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
