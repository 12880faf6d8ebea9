import KubeAPI
import NIOConcurrencyHelpers

/// Wakes the rotation loop early: ``fire()`` from anywhere (an informer
/// callback, a test), ``sleep(for:clock:)`` in the loop returns on the
/// first of timeout and signal.
///
/// A fire while nobody sleeps is remembered (once), so a change that lands
/// while a pass is running is not lost: the next sleep returns at once and
/// the loop re-checks.
final class WakeSignal: Sendable {
    private struct State {
        var pending = false
        var waiter: CheckedContinuation<Void, Never>?
    }

    private let state = NIOLockedValueBox(State())

    func fire() {
        let waiter = state.withLockedValue { s -> CheckedContinuation<Void, Never>? in
            if let w = s.waiter {
                s.waiter = nil
                return w
            }
            s.pending = true
            return nil
        }
        waiter?.resume()
    }

    /// Waits until fired or `duration` has passed on `clock`; throws only
    /// `CancellationError`.
    func sleep(for duration: Duration, clock: any LeaderElectionClock) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await clock.sleep(for: duration) }
            group.addTask { await self.wait() }
            _ = try await group.next()
            group.cancelAll()
        }
        try Task.checkCancellation()
    }

    /// Returns when fired (at once if a fire is pending) or cancelled.
    private func wait() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLockedValue { s -> Bool in
                    if s.pending {
                        s.pending = false
                        return true
                    }
                    if Task.isCancelled { return true }
                    s.waiter = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLockedValue { s -> CheckedContinuation<Void, Never>? in
                defer { s.waiter = nil }
                return s.waiter
            }
            waiter?.resume()
        }
    }
}
