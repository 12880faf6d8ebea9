import NIOConcurrencyHelpers

/// Lets one async operation run at a time, in arrival order.
///
/// The serving pair reaches the server from two places, the replica's
/// Secret source and (on the leader) the pass that has just stored it.
/// Writing the certificate and key files is two writes: two deliveries
/// interleaved could leave a certificate next to another pair's key, which
/// the reloader refuses until the next change. Actors do not help here,
/// because they interleave at every `await`.
final class SerialGate: Sendable {
    private struct State {
        var busy = false
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = NIOLockedValueBox(State())

    func run<T: Sendable>(_ body: () async throws -> T) async rethrows -> T {
        await enter()
        defer { leave() }
        return try await body()
    }

    private func enter() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let admitted = state.withLockedValue { s -> Bool in
                if s.busy {
                    s.waiters.append(continuation)
                    return false
                }
                s.busy = true
                return true
            }
            if admitted { continuation.resume() }
        }
    }

    private func leave() {
        let next = state.withLockedValue { s -> CheckedContinuation<Void, Never>? in
            if s.waiters.isEmpty {
                s.busy = false
                return nil
            }
            return s.waiters.removeFirst()
        }
        next?.resume()
    }
}
