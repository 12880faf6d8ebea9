extension Duration {
    /// The duration in seconds as a `Double` (a `TimeInterval`), for date
    /// arithmetic and backoff factors; exact to well below a nanosecond
    /// for any duration a timeout or certificate lifetime takes.
    package var inSeconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) * 1e-18
    }
}
