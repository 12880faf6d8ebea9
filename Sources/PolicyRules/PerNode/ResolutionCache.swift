import NMPolicy
import SourceModel
import Synchronization

/// What per-node evaluation worked out for a policy on each node, kept
/// between checks: the resolved desired state (by key), the key of the
/// current interfaces it involves, or the resolution error.
///
/// Resolving a policy with captures costs a few microseconds per node, and
/// full mode resolves the policy under review on every node it selects,
/// and every stored policy with captures it is compared with. Those are
/// the same policies again and again (the stored ones on every request,
/// a retried or re-applied one), while a node's state changes only when
/// its NodeNetworkState does: an outcome stays valid for as long as the
/// node's state is the same instance (``NodeNetworkState/version``).
///
/// Bounded by the number of distinct resolved desired states it holds;
/// the least recently used policies go first.
public final class ResolutionCache: Sendable {
    struct Outcome: Sendable {
        var version: UInt64
        /// The resolved desired state's key, or nil when resolution failed.
        var desiredKey: UInt64?
        /// The projection key (nil when only claims were asked for).
        var projectionKey: UInt64?
        /// Index into ``Memo/failures`` when resolution failed.
        var failure: Int
    }

    struct Resolved: Sendable {
        var desired: Value
        var facts: PolicyFacts
    }

    struct Memo: Sendable {
        var outcomes: [Int: Outcome] = [:]
        var resolved: [UInt64: Resolved] = [:]
        var failures: [PolicyError] = []
        var lastUse = 0
    }

    private struct Inner {
        var memos: [UInt64: Memo] = [:]
        var clock = 0
        var resolvedCount = 0
    }

    private let inner = Mutex(Inner())
    /// Most resolved desired states kept (over all policies).
    public let capacity: Int

    public init(capacity: Int = 20_000) {
        self.capacity = max(64, capacity)
    }

    /// The memo of policy `key` (a copy: read it without the lock).
    func memo(_ key: UInt64) -> Memo {
        inner.withLock { s in
            s.clock += 1
            s.memos[key]?.lastUse = s.clock
            return s.memos[key] ?? Memo()
        }
    }

    /// Stores `memo` for policy `key`, dropping the least recently used
    /// other policies while over capacity.
    func store(_ memo: Memo, for key: UInt64) {
        inner.withLock { s in
            s.clock += 1
            var memo = memo
            memo.lastUse = s.clock
            s.resolvedCount += memo.resolved.count - (s.memos[key]?.resolved.count ?? 0)
            s.memos[key] = memo
            while s.resolvedCount > capacity, s.memos.count > 1 {
                guard let oldest = s.memos.filter({ $0.key != key }).min(by: { $0.value.lastUse < $1.value.lastUse }) else { break }
                s.resolvedCount -= oldest.value.resolved.count
                s.memos[oldest.key] = nil
            }
        }
    }

    public var policyCount: Int { inner.withLock { $0.memos.count } }
}
