import GuardCore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Kubernetes `MicroTime`: RFC 3339 in UTC with exactly six fractional
/// digits (`2024-05-01T12:00:00.123456Z`), the format of Lease
/// `acquireTime` and `renewTime`.
///
/// The `Date` face of ``RFC3339`` (which works on Unix seconds so that the
/// Foundation-free modules can share it); `ISO8601DateFormatter` offers
/// only milliseconds and is a class with shared mutable state.
public enum MicroTime {
    /// Formats `date` with microsecond precision (rounded to the nearest
    /// microsecond, so a parsed time formats back to the same text).
    public static func format(_ date: Date) -> String {
        let totalMicros = Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
        var seconds = totalMicros / 1_000_000
        var micros = totalMicros % 1_000_000
        if micros < 0 { micros += 1_000_000; seconds -= 1 }
        return RFC3339.format(unixSeconds: seconds, nanoseconds: Int(micros) * 1000, fractionDigits: 6)
    }

    /// Parses RFC 3339 (`Z` or `±hh:mm`, with or without a fraction), as
    /// written by any Kubernetes client. `nil` if malformed.
    public static func parse(_ text: String) -> Date? {
        guard let (seconds, nanoseconds) = RFC3339.parse(text) else { return nil }
        return Date(timeIntervalSince1970: Double(seconds) + Double(nanoseconds) / 1e9)
    }
}
