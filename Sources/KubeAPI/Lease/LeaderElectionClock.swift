#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Time as the ``LeaderElector`` sees it. Injectable so that tests can step
/// through lease expiry and renew deadlines without waiting for them.
public protocol LeaderElectionClock: Sendable {
    /// Wall-clock time: written into the Lease and used to judge expiry.
    func now() -> Date
    /// Suspends for `duration`; throws `CancellationError` when cancelled.
    func sleep(for duration: Duration) async throws
}

/// The real clock.
public struct SystemLeaderElectionClock: LeaderElectionClock {
    public init() {}
    public func now() -> Date { Date() }
    public func sleep(for duration: Duration) async throws { try await Task.sleep(for: duration) }
}
