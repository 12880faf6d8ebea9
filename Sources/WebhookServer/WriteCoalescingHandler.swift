import NIOCore

/// Joins the small writes made between two flushes into one buffer.
///
/// NIO's HTTP encoder writes a response's head and body as separate
/// buffers, and NIOSSL seals every buffer it is given as its own TLS record:
/// two records, two AEAD seals and 22 more bytes on the wire for every
/// admission response. Sitting just above the TLS handler (below the HTTP
/// encoder), this handler hands TLS one buffer per flush instead.
///
/// Large buffers (a Prometheus scrape) pass through after whatever is
/// pending, uncopied. Every write's promise completes with the combined
/// write's result.
final class WriteCoalescingHandler: ChannelOutboundHandler, RemovableChannelHandler {
    typealias OutboundIn = IOData
    typealias OutboundOut = IOData

    /// Buffers at least this large are not copied.
    static let copyLimit = 16 * 1024

    private var pending: ByteBuffer?
    private var pendingPromise: EventLoopPromise<Void>?

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard case .byteBuffer(var buffer) = unwrapOutboundIn(data), buffer.readableBytes < Self.copyLimit else {
            writePending(context: context)
            context.write(data, promise: promise)
            return
        }
        if pending == nil {
            pending = buffer
        } else {
            pending!.writeBuffer(&buffer)
        }
        if let promise {
            if let combined = pendingPromise {
                combined.futureResult.cascade(to: promise)
            } else {
                pendingPromise = promise
            }
        }
    }

    func flush(context: ChannelHandlerContext) {
        writePending(context: context)
        context.flush()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        writePending(context: context)
    }

    private func writePending(context: ChannelHandlerContext) {
        guard let buffer = pending else { return }
        let promise = pendingPromise
        pending = nil
        pendingPromise = nil
        context.write(wrapOutboundOut(.byteBuffer(buffer)), promise: promise)
    }
}
