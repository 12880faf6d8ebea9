import GuardCore

/// Capped exponential backoff with jitter.
///
/// Each delay is `initial × multiplierⁿ`, capped at `maximum`, then reduced
/// by up to `jitter` of itself at random, so that many clients cut off at
/// once (an API server restart) do not come back in lock step; the cap is
/// never exceeded. (A few lines, so no package is pulled in for it.)
public struct Backoff: Sendable {
    public var initial: Duration
    public var maximum: Duration
    public var multiplier: Double
    /// 0 (no jitter) … 1 (anywhere between 0 and the full delay).
    public var jitter: Double
    private var attempt = 0

    public init(initial: Duration = .milliseconds(500), maximum: Duration = .seconds(30), multiplier: Double = 2, jitter: Double = 0.5) {
        self.initial = initial
        self.maximum = max(initial, maximum)
        self.multiplier = max(1, multiplier)
        self.jitter = min(1, max(0, jitter))
    }

    /// The delay before the next attempt.
    public mutating func next() -> Duration {
        var generator = SystemRandomNumberGenerator()
        return next(using: &generator)
    }

    public mutating func next<G: RandomNumberGenerator>(using generator: inout G) -> Duration {
        let base = initial.inSeconds * pow(multiplier, attempt)
        let capped = min(base, maximum.inSeconds)
        if base < maximum.inSeconds { attempt += 1 }
        let factor = jitter == 0 ? 1 : 1 - jitter * Double.random(in: 0..<1, using: &generator)
        return .nanoseconds(Int64((capped * factor * 1e9).rounded()))
    }

    /// Back to `initial` after a success.
    public mutating func reset() { attempt = 0 }

    private func pow(_ base: Double, _ exponent: Int) -> Double {
        var result = 1.0
        for _ in 0..<exponent { result *= base }
        return result
    }
}
