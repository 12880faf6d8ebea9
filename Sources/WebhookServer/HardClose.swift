import NIOCore
import NIOSSL

extension Channel {
    /// Closes the connection at once, skipping TLS's close_notify exchange.
    ///
    /// `NIOSSLHandler` answers a close by sending close_notify and waiting
    /// (up to its 5 s shutdown timeout) for the peer's, so a client that
    /// never reads or never answers keeps its socket open that long after
    /// the server gave up on it. For a connection closed because it sent no
    /// complete request in time, or because its client stopped reading,
    /// nothing is lost by skipping the exchange: every response here is
    /// length-delimited, so a missing close_notify cannot truncate one
    /// unnoticed. Idle keep-alive connections of well-behaved clients still
    /// get the polite close.
    ///
    /// Safe from any thread. Without a TLS handler it is a plain close.
    func closeSkippingTLSShutdown() {
        let channel = self
        @Sendable func close() {
            if let tls = try? channel.pipeline.syncOperations.context(handlerType: NIOSSLServerHandler.self) {
                // Starts below the TLS handler: straight to the socket.
                tls.close(promise: nil)
            } else {
                channel.close(promise: nil)
            }
        }
        if eventLoop.inEventLoop {
            close()
        } else {
            eventLoop.execute(close)
        }
    }
}
