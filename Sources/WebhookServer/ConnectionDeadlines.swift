import NIOCore

/// Where a connection is in its request cycle, and since when.
///
/// Shared by ``ConnectionGuardHandler`` (which sees raw bytes and owns the
/// timer) and ``WebhookHTTPHandler`` (which sees HTTP messages). Both live
/// on the channel's event loop, so the shared state needs no lock; it is a
/// class only so the two handlers can see the same instance.
///
/// It also tells the listener's ``ConnectionTracker`` (through
/// ``ConnectionActivity``) whether a request is in flight, so that at the
/// connection cap an idle connection can be closed to admit a new one.
final class ConnectionDeadlines {
    enum Phase {
        /// TLS handshake or reading a request header.
        case awaitingHead
        /// Header complete, reading the body or answering.
        case inRequest
        /// Between keep-alive requests.
        case idle
        /// The last response (with `Connection: close`) is written and the
        /// connection closes once it is flushed; a client that never reads
        /// it is closed after the request timeout instead of holding the
        /// connection forever.
        case flushingLastResponse
        /// Closing; no more deadlines.
        case closing
    }

    private(set) var phase: Phase = .awaitingHead
    private(set) var since: NIODeadline
    /// A request has started (first byte seen) and its response is not sent yet.
    private(set) var requestInFlight = false
    let limits: Limits
    private let activity: ConnectionActivity?
    private let headerReadTimeout: TimeAmount
    private let requestTimeout: TimeAmount
    private let idleTimeout: TimeAmount
    /// The shortest timeout: any later phase change produces a deadline at
    /// least this far from the moment of the change, which is what lets the
    /// timer skip rescheduling on every request (see ``ConnectionGuardHandler``).
    let shortestTimeout: TimeAmount

    init(limits: Limits, activity: ConnectionActivity? = nil, now: NIODeadline = .now()) {
        self.limits = limits
        self.activity = activity
        self.since = now
        headerReadTimeout = limits.headerReadTimeout.timeAmount
        requestTimeout = limits.requestTimeout.timeAmount
        idleTimeout = limits.idleTimeout.timeAmount
        shortestTimeout = min(headerReadTimeout, requestTimeout, idleTimeout)
    }

    /// When the current phase runs out.
    var deadline: NIODeadline {
        switch phase {
        case .awaitingHead: return since + headerReadTimeout
        case .inRequest, .flushingLastResponse: return since + requestTimeout
        case .idle: return since + idleTimeout
        case .closing: return .distantFuture
        }
    }

    /// Decrypted bytes arrived: the start of a request unless one is already
    /// in flight.
    func bytesArrived(now: @autoclosure () -> NIODeadline) {
        guard !requestInFlight else { return }
        switch phase {
        case .idle:
            phase = .awaitingHead
            since = now()
        case .awaitingHead:
            break
        case .inRequest, .flushingLastResponse, .closing:
            return
        }
        startRequest()
    }

    func headReceived(now: NIODeadline) {
        switch phase {
        case .awaitingHead, .idle, .inRequest:
            // A pipelined request delivered right after the previous
            // response was sent starts here, with no new bytes.
            if !requestInFlight { startRequest() }
            phase = .inRequest
            since = now
        case .flushingLastResponse, .closing:
            return
        }
    }

    /// Call before writing the response's last part: writing it may deliver
    /// the next pipelined request at once, which must see the new phase.
    func responseSent(keepAlive: Bool, now: NIODeadline) {
        switch phase {
        case .awaitingHead, .idle, .inRequest:
            phase = keepAlive ? .idle : .flushingLastResponse
            since = now
            if keepAlive { finishRequest() }
        case .flushingLastResponse, .closing:
            return
        }
    }

    func closing() { phase = .closing }

    private func startRequest() {
        requestInFlight = true
        activity?.requestStarted()
    }

    private func finishRequest() {
        guard requestInFlight else { return }
        requestInFlight = false
        activity?.requestFinished()
    }
}

/// Fired up the pipeline when a request overran its deadline, so the HTTP
/// handler can answer 408 before the connection closes.
struct RequestDeadlineExceeded: Sendable {}
