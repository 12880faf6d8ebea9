/// How an ``Informer`` lists, watches and recovers.
public struct InformerOptions: Sendable {
    public var labelSelector: String?
    public var fieldSelector: String?
    /// Page size of the initial list and of relists.
    public var pageSize: Int
    /// Each watch asks the server to end it after a random time in this
    /// range (client-go uses 5–10 minutes), so many clients do not all
    /// reconnect at once.
    public var watchTimeoutSeconds: ClosedRange<Int>
    /// Delay between attempts after errors, dropped connections and watches
    /// that end without progress.
    public var backoff: Backoff
    /// Keep the objects (``Informer/snapshot`` serves them). Off, the
    /// informer remembers only each object's key and `resourceVersion`
    /// (enough to tell what a relist changed) and hands every object to
    /// `onChange` once: for a consumer that keeps its own, smaller form of
    /// large objects, a second whole copy would double the memory. Relists
    /// are then also handled one page at a time instead of holding every
    /// page until the last has arrived.
    public var keepsObjects: Bool

    public init(
        labelSelector: String? = nil,
        fieldSelector: String? = nil,
        pageSize: Int = 500,
        watchTimeoutSeconds: ClosedRange<Int> = 300...600,
        backoff: Backoff = Backoff(initial: .milliseconds(800), maximum: .seconds(30), multiplier: 2, jitter: 0.5),
        keepsObjects: Bool = true
    ) {
        self.labelSelector = labelSelector
        self.fieldSelector = fieldSelector
        self.pageSize = pageSize
        self.watchTimeoutSeconds = watchTimeoutSeconds
        self.backoff = backoff
        self.keepsObjects = keepsObjects
    }
}

/// Counters for health checks, metrics and tests.
public struct InformerStatistics: Sendable, Equatable {
    /// Complete lists stored (the first one included).
    public var lists = 0
    /// Relists because the watch's version was too old (410).
    public var relistsAfterGone = 0
    /// Watches started.
    public var watches = 0
    /// Events applied (bookmarks included).
    public var events = 0
    /// Failed lists and watches (including dropped connections).
    public var errors = 0
    /// The last failure, for a readiness message.
    public var lastError: String?

    public init() {}
}

/// Whether an ``Informer``'s list/watch loop is getting answers from the
/// API server, as its `onHealth` handler hears it.
///
/// Success is a completed list or a watch the server accepted; failure is
/// a list or watch that failed, a watch connection cut mid-stream, an
/// `ERROR` event (410 included, even when a relist follows at once) or a
/// stalled stream. A watch that the server ends normally is neither.
public enum InformerHealth: Sendable, Equatable {
    /// The first success after one or more failures.
    case healthy
    /// A failure, described (reported after every failed attempt).
    case failing(String)
}
