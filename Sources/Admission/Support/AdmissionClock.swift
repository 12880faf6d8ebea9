#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Wall-clock time for the mutators (the timestamp annotation and condition
/// times). Injected so tests can pin "now"; the system clock reads
/// `CLOCK_REALTIME` directly to keep Foundation off the request path.
public struct AdmissionClock: Sendable {
    /// Unix time in nanoseconds.
    public var nanosecondsSinceEpoch: @Sendable () -> Int64

    public init(nanosecondsSinceEpoch: @escaping @Sendable () -> Int64) {
        self.nanosecondsSinceEpoch = nanosecondsSinceEpoch
    }

    public static let system = AdmissionClock {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
    }

    /// Always `nanoseconds`.
    public static func fixed(_ nanoseconds: Int64) -> AdmissionClock {
        AdmissionClock { nanoseconds }
    }
}

/// RFC 3339 timestamps as Kubernetes writes `metav1.Time`: UTC, whole
/// seconds, `Z` (`2024-05-24T20:26:45Z`).
public enum RFC3339 {
    public static func format(unixSeconds: Int64) -> String {
        let days = unixSeconds >= 0 ? unixSeconds / 86_400 : (unixSeconds - 86_399) / 86_400
        let secs = unixSeconds - days * 86_400
        let (y, m, d) = civil(fromDays: days)
        var out: [UInt8] = []
        out.reserveCapacity(20)
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
        out.append(UInt8(ascii: "Z"))
        return String(decoding: out, as: UTF8.self)
    }

    public static func format(unixNanoseconds: Int64) -> String {
        let s = unixNanoseconds >= 0 ? unixNanoseconds / 1_000_000_000 : (unixNanoseconds + 1) / 1_000_000_000 - 1
        return format(unixSeconds: s)
    }

    /// Proleptic Gregorian (year, month, day) of a day count since 1970-01-01
    /// (the well-known era-based algorithm).
    static func civil(fromDays z0: Int64) -> (Int64, Int64, Int64) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        return (y, m, d)
    }
}
