import NMStateSchema
import SourceModel
import Synchronization

/// Verdicts of per-node groups, shared between admission requests.
///
/// A group's findings depend only on its key (the resolved desired state
/// and the current interfaces it involves) and the profile, so the same
/// policy sent again (kubectl apply retries, a dry run then the real one,
/// an UPDATE that only changes metadata around the same desired state)
/// and other nodes that come to look alike reuse them. Locations are not
/// part of the verdict: callers place findings in their own object.
///
/// Bounded: when full, the older half is dropped (no per-hit bookkeeping
/// on the read path).
public final class GroupVerdictCache: Sendable {
    private struct Entry {
        var diagnostics: [Diagnostic]
        var generation: Int
    }

    private struct Inner {
        var entries: [CacheKey: Entry] = [:]
        var generation = 0
        var storedInGeneration = 0
    }

    private struct CacheKey: Hashable {
        var group: GroupKey
        var profile: Profile
    }

    private let inner = Mutex(Inner())
    public let capacity: Int

    public init(capacity: Int = 8192) {
        self.capacity = max(16, capacity)
    }

    public var count: Int { inner.withLock { $0.entries.count } }

    func verdict(for key: GroupKey, profile: Profile) -> [Diagnostic]? {
        inner.withLock { $0.entries[CacheKey(group: key, profile: profile)]?.diagnostics }
    }

    func store(_ diagnostics: [Diagnostic], for key: GroupKey, profile: Profile) {
        inner.withLock { s in
            // A generation is half the capacity; when full, everything older
            // than the current generation goes.
            if s.storedInGeneration >= capacity / 2 {
                s.generation += 1
                s.storedInGeneration = 0
            }
            if s.entries.count >= capacity {
                let current = s.generation
                s.entries = s.entries.filter { $0.value.generation >= current }
            }
            s.entries[CacheKey(group: key, profile: profile)] = Entry(diagnostics: diagnostics, generation: s.generation)
            s.storedInGeneration += 1
        }
    }
}
