import NIOCore

/// Where one connection is in its request cycle, since when, and what the
/// server must do next: the deadlines, idle eviction, back-pressure and
/// flushing of a connection, decided in one place.
///
/// A value type with no I/O: ``HTTPConnectionHandler`` feeds it events and
/// the event loop's time and carries out the actions it returns, and tests
/// drive it directly with made-up times.
///
/// Deadlines:
/// - from accept (so including the TLS handshake), and from the first byte
///   of each later request, the header must be complete within
///   ``Timeouts/header``: a client dribbling a header a byte at a time on a
///   keep-alive connection is cut off then, not after the idle timeout;
/// - from the header, the response must be written within
///   ``Timeouts/request`` (a slow body, or a client that does not read
///   its answers);
/// - between requests, a keep-alive connection lives ``Timeouts/idle``.
///
/// Back-pressure: a complete request is answered only while the channel is
/// writable; otherwise it waits (and NIO's pipelining handler stops reading
/// while a request is unanswered) until the channel drains or the request
/// deadline closes the connection.
struct ConnectionStateMachine {
    struct Timeouts: Sendable {
        var header: TimeAmount
        var request: TimeAmount
        var idle: TimeAmount

        init(limits: Limits) {
            header = limits.headerReadTimeout.timeAmount
            request = limits.requestTimeout.timeAmount
            idle = limits.idleTimeout.timeAmount
        }

        /// The shortest of the three: any later state change produces a
        /// deadline at least this far from the moment of the change, which
        /// is what lets one timer per connection serve every deadline
        /// without rescheduling on every request (see ``nextTimer(now:)``).
        var shortest: TimeAmount { min(header, request, idle) }
    }

    enum State: Equatable {
        /// TLS handshake or reading a request header, since accept or the
        /// request's first byte.
        case awaitingHead(since: NIODeadline)
        /// Header complete, the body is arriving.
        case receiving(since: NIODeadline)
        /// The request is complete but the channel is not writable: the
        /// client is not reading its answers. `since` is the header's time.
        case waitingForWritability(since: NIODeadline)
        /// Between keep-alive requests.
        case idle(since: NIODeadline)
        /// The last response (with `Connection: close`) is written and the
        /// connection closes once it is flushed; a client that never reads
        /// it is closed after the request timeout instead.
        case closingAfterResponse(since: NIODeadline)
        case closed
    }

    /// What a timer firing asks for.
    enum TimerAction: Equatable {
        /// Nothing is due; fire again at this time.
        case schedule(NIODeadline)
        /// The idle timeout ran out: a polite close.
        case closeIdle
        /// No complete header in time (slowloris, a stalled handshake).
        case closeHeaderTimeout
        /// The body did not arrive in time: answer 408 and close.
        case answerRequestTimeout
        /// A complete request stayed unanswered because the client reads
        /// nothing: close without an answer (it would not be read either).
        case closeNotReading
        /// The last response was not taken in time.
        case closeUnflushed
        /// Closed already: no timer.
        case none
    }

    /// How a connection's activity changed, for the listener's
    /// ``ConnectionActivity`` (idle eviction at the connection cap).
    enum ActivityChange: Equatable {
        case none
        case requestStarted
        case requestFinished
    }

    let timeouts: Timeouts
    private(set) var state: State
    /// A request has started (first byte or header seen) and its response
    /// is not written yet.
    private(set) var requestInFlight = false
    /// Whether an HTTP message part arrived in the current read burst;
    /// a burst without one carried the first bytes of a header.
    private var partsInBurst = false
    /// Responses written since the last flush.
    private var unflushedResponses = 0
    /// A flush at the end of the event loop's tick is scheduled.
    private var flushScheduled = false
    /// Inside a read burst: between a `channelRead` and the burst's
    /// `channelReadComplete`.
    private(set) var inReadBurst = false

    init(timeouts: Timeouts, now: NIODeadline) {
        self.timeouts = timeouts
        self.state = .awaitingHead(since: now)
    }

    /// When the current state runs out.
    var deadline: NIODeadline {
        switch state {
        case .awaitingHead(let since): return since + timeouts.header
        case .receiving(let since), .waitingForWritability(let since), .closingAfterResponse(let since):
            return since + timeouts.request
        case .idle(let since): return since + timeouts.idle
        case .closed: return .distantFuture
        }
    }

    /// Whether request parts should be handled (not after a response that
    /// ends the connection, and not once closed).
    var acceptsRequestParts: Bool {
        switch state {
        case .closingAfterResponse, .closed: return false
        default: return true
        }
    }

    // MARK: - Reading

    /// An HTTP message part arrived (inside a read burst).
    mutating func partArrived() {
        partsInBurst = true
        inReadBurst = true
    }

    /// A request header arrived.
    mutating func headReceived(now: NIODeadline) -> ActivityChange {
        guard acceptsRequestParts else { return .none }
        state = .receiving(since: now)
        // A pipelined request delivered right after the previous response
        // was written starts here, with no new bytes.
        return startRequest()
    }

    /// The request is complete. True: answer it now. False: the channel is
    /// not writable; wait for ``writabilityChanged(isWritable:)``.
    mutating func requestEnded(isWritable: Bool) -> Bool {
        guard case .receiving(let since) = state else { return false }
        if isWritable { return true }
        state = .waitingForWritability(since: since)
        return false
    }

    /// True: the waiting request can be answered now.
    mutating func writabilityChanged(isWritable: Bool) -> Bool {
        guard isWritable, case .waitingForWritability(let since) = state else { return false }
        state = .receiving(since: since)
        return true
    }

    /// The end of a read burst. Bytes that produced no message part are the
    /// start of a header: on an idle connection the header deadline starts
    /// now. Returns whether to schedule a flush for the end of the event
    /// loop's tick (see ``responseWritten(keepAlive:now:)``).
    mutating func readComplete(now: NIODeadline) -> (scheduleFlush: Bool, activity: ActivityChange) {
        var activity = ActivityChange.none
        if !partsInBurst, case .idle = state {
            state = .awaitingHead(since: now)
            activity = startRequest()
        }
        partsInBurst = false
        inReadBurst = false
        let schedule = unflushedResponses > 0 && !flushScheduled
        if schedule { flushScheduled = true }
        return (schedule, activity)
    }

    /// The end of the tick: whether the scheduled flush has answers to send.
    mutating func endOfTick() -> Bool {
        flushScheduled = false
        defer { unflushedResponses = 0 }
        return unflushedResponses > 0
    }

    // MARK: - Writing

    /// Call before writing a response's last part: writing it may deliver
    /// the next pipelined request at once, which must see the new state.
    ///
    /// Returns whether to flush right after the write.
    ///
    /// When answers are flushed, and why (this is the one place):
    ///
    /// - The first answer of a read burst waits for the end of the event
    ///   loop's tick, one step later than NIO's usual flush in
    ///   `channelReadComplete`. Under load one `epoll_wait` returns many
    ///   connections with a request each; flushing each answer as its burst
    ///   ends spaces the writes by a whole request's work, so every write
    ///   finds the client asleep and pays to wake it (on loopback and in VMs
    ///   that wake is an inter-processor interrupt charged to this thread).
    ///   Deferred to the end of the tick, the answers leave back to back.
    ///   `Benchmarks/webhook.sh` with `BEFORE=` a build that flushes in
    ///   `channelReadComplete` shows the difference at 16 connections and
    ///   more, in CPU per request and in p99. A request that arrives alone
    ///   waits for nothing: its tick ends when it is answered.
    /// - The end of input must not take a waiting answer with it. NIO
    ///   closes a socket right after the read burst that saw EOF, before
    ///   the tick ends; so the server allows half-closure, and the end of
    ///   input arrives as an event (``inputClosed()``) on which the handler
    ///   flushes before it closes.
    /// - From the second answer in one burst on (a pipelining client) each
    ///   is flushed at once. TLS keeps unflushed writes where the channel's
    ///   writability cannot see them, so back-pressure needs every answer
    ///   after the first to reach the channel's buffer before the next
    ///   request is taken.
    /// - An answer made outside a read burst (after writability returned)
    ///   has no burst end to wait for and is flushed at once.
    mutating func responseWritten(keepAlive: Bool, now: NIODeadline) -> (flushNow: Bool, activity: ActivityChange) {
        switch state {
        case .closingAfterResponse, .closed:
            return (false, .none)
        case .awaitingHead, .receiving, .waitingForWritability, .idle:
            break
        }
        let activity = finishRequest()
        guard keepAlive else {
            state = .closingAfterResponse(since: now)
            // The handler writes the last answer with a flush and closes once it is out.
            unflushedResponses = 0
            return (false, activity)
        }
        state = .idle(since: now)
        unflushedResponses += 1
        let flushNow = !inReadBurst || unflushedResponses > 1
        if flushNow { unflushedResponses = 0 }
        return (flushNow, activity)
    }

    /// Whether answers written outside a read burst still wait for a
    /// flush; the handler asks at the end of every event other than a read
    /// (an answer sent after writability returned can deliver the next
    /// pipelined request from inside its own write, and that one has no
    /// burst end coming).
    ///
    /// - Parameter outsideRead: the event did not happen inside a read
    ///   burst, so request parts it delivered belong to no burst either.
    mutating func takeUnflushed(outsideRead: Bool) -> Bool {
        if outsideRead {
            partsInBurst = false
            inReadBurst = false
        }
        defer { unflushedResponses = 0 }
        return unflushedResponses > 0
    }

    /// The client closed its side. Every answer is written by now (NIO's
    /// pipelining handler delivers the end of input after the response in
    /// flight); returns whether some still wait for a flush.
    mutating func inputClosed() -> Bool {
        defer { unflushedResponses = 0 }
        return unflushedResponses > 0
    }

    /// The connection is closing or closed: no more deadlines.
    mutating func closed() -> ActivityChange {
        state = .closed
        return finishRequest()
    }

    // MARK: - Time

    /// When the connection's one timer should next fire: at the deadline,
    /// but no later than `shortest` from now, so that a state change (which
    /// never sets a deadline closer than that) never needs a reschedule.
    func nextTimer(now: NIODeadline) -> NIODeadline {
        min(deadline, now + timeouts.shortest)
    }

    /// The timer fired at `now`.
    mutating func timerFired(now: NIODeadline) -> TimerAction {
        if case .closed = state { return .none }
        guard now >= deadline else { return .schedule(nextTimer(now: now)) }
        switch state {
        case .closed:
            return .none
        case .idle:
            return .closeIdle
        case .awaitingHead:
            return .closeHeaderTimeout
        case .receiving:
            return .answerRequestTimeout
        case .waitingForWritability:
            return .closeNotReading
        case .closingAfterResponse:
            return .closeUnflushed
        }
    }

    // MARK: - Activity

    private mutating func startRequest() -> ActivityChange {
        guard !requestInFlight else { return .none }
        requestInFlight = true
        return .requestStarted
    }

    private mutating func finishRequest() -> ActivityChange {
        guard requestInFlight else { return .none }
        requestInFlight = false
        return .requestFinished
    }
}
