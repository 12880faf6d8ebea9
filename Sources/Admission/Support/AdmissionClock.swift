import GuardCore

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
