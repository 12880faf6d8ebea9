/// Runs `operation` again while it fails with ``KubeAPIError/Code-swift.struct/conflict``,
/// like client-go's `retry.RetryOnConflict`: the operation must re-read the
/// object each time, apply its change, and write it back with the fresh
/// `resourceVersion`.
///
/// Waits `initialDelay`, doubling, with jitter, between attempts. Any other
/// error, or the conflict after the last attempt, is rethrown.
public func retryOnConflict<T: Sendable>(
    maxAttempts: Int = 5,
    initialDelay: Duration = .milliseconds(10),
    _ operation: () async throws -> T
) async throws -> T {
    var backoff = Backoff(initial: initialDelay, maximum: initialDelay * 32, multiplier: 2, jitter: 0.5)
    var attempt = 1
    while true {
        do {
            return try await operation()
        } catch let error as KubeAPIError where error.code == .conflict && attempt < maxAttempts {
            attempt += 1
            try await Task.sleep(for: backoff.next())
        }
    }
}
