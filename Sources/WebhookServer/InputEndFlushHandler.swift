import NIOCore

/// Flushes a connection's pending answers when its input may end inside
/// the current read, before NIO closes the socket.
///
/// ``WebhookHTTPHandler`` leaves an answer unflushed until the event loop's
/// tick ends (see `flushAtEndOfTick`). That is safe as long as the socket
/// outlives the tick, which it does not when the client's FIN arrives with
/// its request: NIO then reads to the end of the input in one go and closes
/// the socket right after the last `channelReadComplete`, dropping whatever
/// was written but not flushed. A client that sends a request and shuts
/// down its sending side would never see the answer.
///
/// Sitting first in the pipeline (below TLS), this handler sees the reads
/// exactly as NIO makes them. NIO only reads on past a buffer it filled,
/// and it reports the end of input with a read burst that carries no bytes.
/// So a burst that is empty, or whose last buffer is full, may be followed
/// by the close; after passing such a burst on (TLS and HTTP produce their
/// answers there), it flushes the whole pipeline. Other bursts, nearly all
/// of them, leave the flush to the end of the tick.
final class InputEndFlushHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private var readsInBurst = 0
    private var lastBufferFull = false

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        readsInBurst += 1
        lastBufferFull = unwrapInboundIn(data).writableBytes == 0
        context.fireChannelRead(data)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        let inputMayEnd = readsInBurst == 0 || lastBufferFull
        readsInBurst = 0
        lastBufferFull = false
        context.fireChannelReadComplete()
        if inputMayEnd, context.channel.isActive {
            // From the tail: through HTTP and TLS down to the socket.
            context.channel.flush()
        }
    }
}
