import NIOCore

/// Where a connection is in its request cycle, and since when.
///
/// Shared by ``ConnectionGuardHandler`` (which sees raw bytes and owns the
/// timer) and ``WebhookHTTPHandler`` (which sees HTTP messages). Both live
/// on the channel's event loop, so the shared state needs no lock; it is a
/// class only so the two handlers can see the same instance.
final class ConnectionDeadlines {
    enum Phase {
        /// TLS handshake or reading a request header.
        case awaitingHead
        /// Header complete, reading the body or answering.
        case inRequest
        /// Between keep-alive requests.
        case idle
        /// Closing; no more deadlines.
        case closing
    }

    private(set) var phase: Phase = .awaitingHead
    private(set) var since: NIODeadline
    let limits: Limits
    private let headerReadTimeout: TimeAmount
    private let requestTimeout: TimeAmount
    private let idleTimeout: TimeAmount
    /// The shortest timeout: any later phase change produces a deadline at
    /// least this far from the moment of the change, which is what lets the
    /// timer skip rescheduling on every request (see ``ConnectionGuardHandler``).
    let shortestTimeout: TimeAmount

    init(limits: Limits, now: NIODeadline = .now()) {
        self.limits = limits
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
        case .inRequest: return since + requestTimeout
        case .idle: return since + idleTimeout
        case .closing: return .distantFuture
        }
    }

    func bytesArrived(now: @autoclosure () -> NIODeadline) {
        if case .idle = phase {
            phase = .awaitingHead
            since = now()
        }
    }

    func headReceived(now: NIODeadline) {
        guard phase != .closing else { return }
        phase = .inRequest
        since = now
    }

    func responseSent(keepAlive: Bool, now: NIODeadline) {
        guard phase != .closing else { return }
        phase = keepAlive ? .idle : .closing
        since = now
    }

    func closing() { phase = .closing }
}

/// Fired up the pipeline when a request overran its deadline, so the HTTP
/// handler can answer 408 before the connection closes.
struct RequestDeadlineExceeded: Sendable {}
