/// A log-bucketed latency histogram (HdrHistogram's layout, hand-written):
/// values below 64 get a bucket each; above, every power of two is split
/// into 64 equal sub-buckets, so a reported value is within 1.6 % of the
/// recorded one. Fixed size (3,776 counters), no allocation per value.
struct SoakHistogram {
    static let subBits = 6
    static let subCount = 1 << subBits
    static let bucketCount = (64 - subBits + 1) * subCount

    private(set) var counts = [UInt64](repeating: 0, count: SoakHistogram.bucketCount)
    private(set) var total: UInt64 = 0
    private(set) var max: UInt64 = 0
    private(set) var min: UInt64 = .max
    private(set) var sum: Double = 0

    static func index(_ value: UInt64) -> Int {
        if value < UInt64(subCount) { return Int(value) }
        let exponent = 63 - value.leadingZeroBitCount  // >= subBits
        let shift = exponent - subBits
        let sub = Int((value >> UInt64(shift)) & UInt64(subCount - 1))
        return (shift + 1) * subCount + sub
    }

    /// Highest value that falls into bucket `index`.
    static func upperBound(_ index: Int) -> UInt64 {
        if index < subCount { return UInt64(index) }
        let shift = index / subCount - 1
        let sub = UInt64(index % subCount)
        let lower = (UInt64(subCount) + sub) << UInt64(shift)
        return lower + (UInt64(1) << UInt64(shift)) - 1
    }

    mutating func record(_ value: UInt64) {
        counts[Self.index(value)] &+= 1
        total &+= 1
        sum += Double(value)
        if value > max { max = value }
        if value < min { min = value }
    }

    mutating func merge(_ other: SoakHistogram) {
        guard other.total > 0 else { return }
        for i in 0..<counts.count { counts[i] &+= other.counts[i] }
        total &+= other.total
        sum += other.sum
        if other.max > max { max = other.max }
        if other.min < min { min = other.min }
    }

    /// The value at quantile `q` (0...1): the bucket's upper bound, clipped
    /// to the largest value recorded. 0 when empty.
    func value(atQuantile q: Double) -> UInt64 {
        guard total > 0 else { return 0 }
        let rank = Swift.max(UInt64(1), UInt64((q * Double(total)).rounded(.up)))
        var seen: UInt64 = 0
        for (i, c) in counts.enumerated() where c > 0 {
            seen += c
            if seen >= rank { return Swift.min(Self.upperBound(i), max) }
        }
        return max
    }

    var mean: Double { total == 0 ? 0 : sum / Double(total) }
}
