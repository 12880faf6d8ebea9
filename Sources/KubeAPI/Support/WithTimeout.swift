/// Runs `operation`, cancelling it and throwing a
/// ``KubeAPIError/Code-swift.struct/timeout`` error if it takes longer
/// than `limit`.
///
/// Why not async-http-client's request deadline alone: it stops applying
/// once the response head has arrived, so a body that stalls halfway (a
/// list page, a watch that never ends) would hang forever. A task group
/// bounds the whole exchange and keeps cancellation structured.
func withTimeout<T: Sendable>(
    _ limit: Duration,
    _ what: @autoclosure () -> String,
    _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    let description = what()
    return try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Task.sleep(for: limit)
            throw KubeAPIError(.timeout, "\(description): no complete response within \(limit)", reason: KubeAPIError.clientDeadlineReason)
        }
        defer { group.cancelAll() }
        guard let result = try await group.next() else { throw CancellationError() }
        return result
    }
}
