/// A test helper gave up (a condition never held, a file operation failed).
public struct TimedOut: Error, CustomStringConvertible {
    public var description: String

    public init(description: String) {
        self.description = description
    }
}

/// Polls `condition` every few milliseconds until it holds; fails after
/// `limit`, a bound only a hang reaches: on a loaded machine a step that
/// normally takes milliseconds can take seconds, and a test must not fail
/// for that. It is never a performance assertion: passing tests return as
/// soon as the condition holds.
public func eventually(_ what: String, limit: Duration = .seconds(60), _ condition: () async throws -> Bool) async throws {
    let deadline = ContinuousClock.now + limit
    while ContinuousClock.now < deadline {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(5))
    }
    throw TimedOut(description: "timed out waiting for \(what)")
}
