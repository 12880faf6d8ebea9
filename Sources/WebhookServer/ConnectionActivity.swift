import NIOConcurrencyHelpers
import NIOCore

/// Whether a connection has a request in flight, as the listener's
/// ``ConnectionTracker`` needs to know to pick a connection to evict.
///
/// Written by the connection's own event loop (by
/// ``HTTPConnectionHandler`` as its ``ConnectionStateMachine`` reports,
/// twice per request: first byte or header, and response written), read by the listener's event loop only when the connection cap is
/// reached. The two may be different threads, hence the lock; each instance
/// has its own, so the per-request cost is an uncontended lock/unlock pair.
final class ConnectionActivity: Sendable {
    struct Snapshot: Sendable, Equatable {
        /// A request has started (first byte seen) and its response is not sent yet.
        var requestInFlight = false
        /// Requests started on this connection so far. A change between two
        /// looks tells the tracker the connection was used in between.
        var requestsStarted: UInt64 = 0
    }

    private let state = NIOLockedValueBox(Snapshot())

    func requestStarted() {
        state.withLockedValue {
            $0.requestInFlight = true
            $0.requestsStarted &+= 1
        }
    }

    func requestFinished() {
        state.withLockedValue { $0.requestInFlight = false }
    }

    var snapshot: Snapshot { state.withLockedValue { $0 } }
}

/// Carries a connection's ``ConnectionActivity`` from the tracker, which
/// creates it at accept on the listener's event loop, to the child channel
/// initializer, which takes it out of the pipeline again (see
/// ``WebhookServer/configureHTTPPipeline(_:shared:limits:logger:)``).
///
/// The tracker adds it before passing the channel on to NIO's accept
/// handler, which runs the initializer afterwards on the child's event
/// loop, so the initializer always finds it.
final class ConnectionActivityCarrier: ChannelInboundHandler, RemovableChannelHandler, Sendable {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    let activity: ConnectionActivity

    init(_ activity: ConnectionActivity) {
        self.activity = activity
    }
}
