import Foundation
import GuardCore
import KubeAPI
import NIOConcurrencyHelpers

/// A ``LeaderElectionClock`` that moves only when the test says so.
///
/// `sleep(for:)` parks the caller until ``advance(by:)`` moves the clock
/// past its deadline; ``waitForSleepers(_:)`` lets the test wait until the
/// code under test is parked, so every step is deterministic.
public final class ManualClock: LeaderElectionClock {
    private struct Sleeper {
        var deadline: Date
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var now: Date
        var sleepers: [Int: Sleeper] = [:]
        var nextID = 0
    }

    private let state: NIOLockedValueBox<State>

    public init(start: Date = Date(timeIntervalSince1970: 1_700_000_000)) {
        state = NIOLockedValueBox(State(now: start))
    }

    public func now() -> Date { state.withLockedValue { $0.now } }

    public var sleeperCount: Int { state.withLockedValue { $0.sleepers.count } }

    public func sleep(for duration: Duration) async throws {
        let id = state.withLockedValue { s in
            let id = s.nextID
            s.nextID += 1
            return id
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let cancelled = state.withLockedValue { s -> Bool in
                    if Task.isCancelled { return true }
                    let seconds = duration.inSeconds
                    s.sleepers[id] = Sleeper(deadline: s.now.addingTimeInterval(seconds), continuation: continuation)
                    return false
                }
                if cancelled { continuation.resume(throwing: CancellationError()) }
            }
        } onCancel: {
            let sleeper = state.withLockedValue { $0.sleepers.removeValue(forKey: id) }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Moves time forward and wakes every sleeper whose deadline has come.
    public func advance(by duration: Duration) {
        let due = state.withLockedValue { s -> [Sleeper] in
            let seconds = duration.inSeconds
            s.now = s.now.addingTimeInterval(seconds)
            let ready = s.sleepers.filter { $0.value.deadline <= s.now }
            for id in ready.keys { s.sleepers.removeValue(forKey: id) }
            return Array(ready.values)
        }
        for sleeper in due { sleeper.continuation.resume() }
    }

    /// Waits (in real time, bounded by `eventually`) until `count` callers sleep.
    public func waitForSleepers(_ count: Int = 1) async throws {
        try await eventually("\(count) sleeper(s) on the manual clock") { self.sleeperCount >= count }
    }
}
