/// A set of nodes of one ``ClusterView``, as a bitset over node indices.
///
/// Selector matching is an AND of per-label sets, and overlap between two
/// policies is an AND of their matches: with a few thousand nodes that is a
/// hundred machine words, cheap enough to do per admission request.
public struct NodeSet: Sendable, Hashable {
    var words: [UInt64]

    public init(capacity: Int) {
        words = Array(repeating: 0, count: (capacity + 63) / 64)
    }

    public static func all(_ count: Int) -> NodeSet {
        var s = NodeSet(capacity: count)
        for i in 0..<count { s.insert(i) }
        return s
    }

    public mutating func insert(_ i: Int) {
        let w = i / 64
        if w >= words.count { words += Array(repeating: 0, count: w - words.count + 1) }
        words[w] |= 1 << UInt64(i % 64)
    }

    public mutating func remove(_ i: Int) {
        let w = i / 64
        guard w < words.count else { return }
        words[w] &= ~(1 << UInt64(i % 64))
    }

    public func contains(_ i: Int) -> Bool {
        let w = i / 64
        return w < words.count && words[w] & (1 << UInt64(i % 64)) != 0
    }

    public func intersection(_ other: NodeSet) -> NodeSet {
        var out = NodeSet(capacity: 0)
        let n = min(words.count, other.words.count)
        out.words = (0..<n).map { words[$0] & other.words[$0] }
        return out
    }

    public func union(_ other: NodeSet) -> NodeSet {
        var out = words.count >= other.words.count ? self : other
        let smaller = words.count >= other.words.count ? other : self
        for i in smaller.words.indices { out.words[i] |= smaller.words[i] }
        return out
    }

    public func subtracting(_ other: NodeSet) -> NodeSet {
        var out = self
        for i in 0..<min(words.count, other.words.count) { out.words[i] &= ~other.words[i] }
        return out
    }

    public var isEmpty: Bool { words.allSatisfy { $0 == 0 } }

    public var count: Int { words.reduce(0) { $0 + $1.nonzeroBitCount } }

    /// Member indices in ascending order, at most `limit` of them.
    public func members(limit: Int = .max) -> [Int] {
        var out: [Int] = []
        for (wi, word) in words.enumerated() where word != 0 {
            var w = word
            while w != 0 {
                let bit = w.trailingZeroBitCount
                out.append(wi * 64 + bit)
                if out.count >= limit { return out }
                w &= w - 1
            }
        }
        return out
    }
}
