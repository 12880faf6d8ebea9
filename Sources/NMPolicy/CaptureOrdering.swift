/// nmstate's capture ordering (`sort_captures` in `policy/capture.rs`).
///
/// nmstate does not build a dependency graph. It gives every capture a
/// priority: 1 when it depends on nothing, its dependency's priority + 1
/// once that is known. Each round walks the captures in document order and
/// sees the priorities set earlier in the same round, so a capture written
/// before its consumer costs no extra round. After 10 rounds without
/// every priority set, it gives up. A capture that depends on a missing
/// capture, on itself, or on a cycle never gets a priority; neither does a
/// chain written in reverse order that is more than 10 deep.
struct CaptureOrdering {
    static let maxRounds = 10

    static let failureMessage = "Failed to sort the policy capture in \(maxRounds) round of rotation, please order the capture in desire policy by placing capture before its consumer"

    struct Outcome {
        /// Priority per capture, 0 for those that never got one.
        var priorities: [Int]
        var isComplete: Bool { !priorities.contains(0) }

        /// Capture indices in execution order: by priority, document order
        /// within one priority (nmstate's sort keeps it for small lists).
        var order: [Int] {
            priorities.indices.sorted { (priorities[$0], $0) < (priorities[$1], $1) }
        }
    }

    /// Runs the rounds. `dependencies[i]` is the capture that capture `i`
    /// must follow (``CaptureExpression/orderingDependency``).
    static func rank(names: [String], dependencies: [String?]) -> Outcome {
        var priorities = Array(repeating: 0, count: names.count)
        for _ in 0..<maxRounds {
            var known: [String: Int] = [:]
            for (i, name) in names.enumerated() where priorities[i] != 0 { known[name] = priorities[i] }
            var pending: [(Int, Int)] = []
            var complete = true
            for (i, name) in names.enumerated() {
                if let dependency = dependencies[i] {
                    if let parent = known[dependency] {
                        pending.append((i, parent + 1))
                        known[name] = parent + 1
                    } else {
                        complete = false
                    }
                } else {
                    pending.append((i, 1))
                    known[name] = 1
                }
            }
            for (i, priority) in pending { priorities[i] = priority }
            if complete { return Outcome(priorities: priorities) }
        }
        // Rounds ran out: at least one priority is still 0.
        return Outcome(priorities: priorities)
    }

    /// The execution order, or nmstate's InvalidArgument error.
    static func order(names: [String], dependencies: [String?]) throws(PolicyError) -> [Int] {
        let outcome = rank(names: names, dependencies: dependencies)
        guard outcome.isComplete else {
            throw PolicyError(kind: .invalidArgument, failureMessage)
        }
        return outcome.order
    }
}
