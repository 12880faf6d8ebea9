import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import SourceModel

#if canImport(Glibc)
import Glibc
#endif

/// `probe`: the latency of one AdmissionReview, sent again and again over
/// one TLS keep-alive connection, one request at a time.
///
/// Why not the soak client: that one measures a server under load; this
/// measures what one admission costs when the webhook has nothing else to
/// do, including the first request after start-up (the cold case: lazy
/// indexes, first captures), which is reported apart from the rest. Each
/// answer must be a 200 AdmissionReview echoing the uid; the first one's
/// verdict and message are printed so a run shows what was measured.
///
/// A slow case can be bounded with `--max-seconds`: past it, the probe
/// stops as soon as `--min-measured` requests after the warm-up are in.
///
/// Output: `probe: key=value …` lines (first_us, p50_us, p99_us, max_us,
/// allowed, warnings, bad, and wait_us: how long the probe's own threads
/// waited for a core, which on a shared machine ends up in its latencies)
/// for `Benchmarks/cluster-scale.sh`.
struct ProbeOptions {
    var host = "127.0.0.1"
    var port = 0
    var serverName = "localhost"
    var caFile = ""
    var bodyFile = ""
    var label = "probe"
    var requests = 300
    var warmup = 20
    var timeoutSeconds = 60
    /// After this long, stop once `minimumMeasured` requests are measured.
    var maxSeconds = 0
    var minimumMeasured = 20

    static let usage = """
    usage: nncp-guard-bench probe --port P --ca FILE --body REVIEW.json [--label NAME] [--requests 300] [--warmup 20]
             [--host 127.0.0.1] [--server-name localhost] [--timeout 60] [--max-seconds S [--min-measured 20]]
    """

    init(_ args: [String]) throws {
        var i = 0
        func value() throws -> String {
            i += 1
            guard i < args.count else { throw SoakUsageError("\(args[i - 1]) needs a value") }
            return args[i]
        }
        func int(_ s: String, _ flag: String) throws -> Int {
            guard let v = Int(s), v >= 0 else { throw SoakUsageError("\(flag): not a non-negative integer: \(s)") }
            return v
        }
        while i < args.count {
            let flag = args[i]
            switch flag {
            case "--host": host = try value()
            case "--port": port = try int(value(), flag)
            case "--server-name": serverName = try value()
            case "--ca": caFile = try value()
            case "--body": bodyFile = try value()
            case "--label": label = try value()
            case "--requests": requests = try int(value(), flag)
            case "--warmup": warmup = try int(value(), flag)
            case "--timeout": timeoutSeconds = try int(value(), flag)
            case "--max-seconds": maxSeconds = try int(value(), flag)
            case "--min-measured": minimumMeasured = try int(value(), flag)
            case "-h", "--help": throw SoakUsageError("")
            default: throw SoakUsageError("unknown argument \(flag)")
            }
            i += 1
        }
        guard port > 0, port < 65536, !caFile.isEmpty, !bodyFile.isEmpty else {
            throw SoakUsageError("--port, --ca and --body are required")
        }
        guard requests > 0 else { throw SoakUsageError("--requests must be positive") }
    }
}

/// One response: the time from writing the request to its last byte, on
/// the channel's event loop (no thread hop in the measurement).
struct ProbeAnswer {
    var nanos: UInt64
    var head: HTTPResponseHead
    var body: ByteBuffer?
}

final class ProbeHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundOut = HTTPClientRequestPart

    private var head: HTTPResponseHead?
    private var body: ByteBuffer?
    private var started: UInt64 = 0
    private var pending: EventLoopPromise<ProbeAnswer>?
    private var context: ChannelHandlerContext?

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }

    /// On the event loop: sends one request and answers when its response is in.
    func send(_ head: HTTPRequestHead, _ body: ByteBuffer, promise: EventLoopPromise<ProbeAnswer>) {
        guard let context else {
            promise.fail(ChannelError.ioOnClosedChannel)
            return
        }
        pending = promise
        started = soakWallNanos()
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let h):
            head = h
            body = nil
        case .body(var chunk):
            if body == nil { body = chunk } else { body!.writeBuffer(&chunk) }
        case .end:
            let nanos = soakWallNanos() &- started
            guard let h = head, let promise = pending else { return }
            pending = nil
            head = nil
            promise.succeed(ProbeAnswer(nanos: nanos, head: h, body: body))
            body = nil
        }
    }

    /// On the event loop: gives up on `promise` if it is still the one waited for.
    func expire(_ promise: EventLoopPromise<ProbeAnswer>, _ error: any Error) {
        guard let current = pending, current.futureResult === promise.futureResult else { return }
        pending = nil
        current.fail(error)
    }

    func channelInactive(context: ChannelHandlerContext) {
        pending?.fail(ChannelError.ioOnClosedChannel)
        pending = nil
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        pending?.fail(error)
        pending = nil
        context.close(promise: nil)
    }
}

/// What one answer says, read with plain optional binding (the compiler
/// of the toolchain in use crashed on a chain of optional lookups here).
struct ProbeVerdict {
    var allowed: Bool?
    var uid: String?
    var warnings: [String] = []
    var message = ""

    init(_ body: ByteBuffer?, reader: JSONReader) {
        guard let body else { return }
        let bytes = Array(body.readableBytesView)
        guard let json = try? reader.parse(bytes), let response = json["response"] else { return }
        if let v = response["allowed"], let b = v.bool { allowed = b }
        if let v = response["uid"], let s = v.string { uid = s }
        if let v = response["warnings"], let items = v.sequence {
            for item in items { if let s = item.string { warnings.append(s) } }
        }
        if let status = response["status"], let v = status["message"], let s = v.string { message = s }
    }
}

func runProbe(_ args: [String]) -> Int32 {
    let options: ProbeOptions
    do {
        options = try ProbeOptions(args)
    } catch let e as SoakUsageError {
        if !e.message.isEmpty { print("nncp-guard-bench probe: \(e.message)") }
        print(ProbeOptions.usage)
        return 2
    } catch {
        print("nncp-guard-bench probe: \(error)")
        return 2
    }
    guard let body = FileManager.default.contents(atPath: options.bodyFile).map(Array.init) else {
        print("nncp-guard-bench probe: cannot read \(options.bodyFile)")
        return 2
    }
    let reader = JSONReader()
    guard let uid = (try? reader.parse(body))?.at("request", "uid")?.string else {
        print("nncp-guard-bench probe: \(options.bodyFile) is not an AdmissionReview with request.uid")
        return 2
    }
    let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    defer { try? group.syncShutdownGracefully() }
    let handler = ProbeHandler()
    let channel: any Channel
    do {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .file(options.caFile)
        let context = try NIOSSLContext(configuration: tls)
        let serverName = options.serverName
        channel = try ClientBootstrap(group: group)
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
            .connectTimeout(.seconds(10))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture(withResultOf: {
                    try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: context, serverHostname: serverName))
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(handler)
                })
            }
            .connect(host: options.host, port: options.port).wait()
    } catch {
        print("nncp-guard-bench probe: connect to \(options.host):\(options.port): \(error)")
        return 1
    }
    defer { try? channel.close().wait() }

    var headers = HTTPHeaders()
    headers.add(name: "host", value: options.serverName)
    headers.add(name: "content-type", value: "application/json")
    headers.add(name: "accept", value: "application/json, */*")
    headers.add(name: "content-length", value: String(body.count))
    let head = HTTPRequestHead(version: .http1_1, method: .POST, uri: "/validate", headers: headers)
    let buffer = ByteBuffer(bytes: body)

    var samples: [UInt64] = []
    samples.reserveCapacity(options.requests)
    var first: UInt64 = 0
    var bad = 0
    var summary = ""
    let deadline = soakWallNanos() + UInt64(options.maxSeconds) * 1_000_000_000
    for n in 0..<(options.warmup + options.requests) {
        if options.maxSeconds > 0, soakWallNanos() > deadline, samples.count >= min(options.minimumMeasured, options.requests) { break }
        let promise = channel.eventLoop.makePromise(of: ProbeAnswer.self)
        channel.eventLoop.execute { handler.send(head, buffer, promise: promise) }
        let timeout = channel.eventLoop.scheduleTask(in: .seconds(Int64(options.timeoutSeconds))) {
            handler.expire(promise, ChannelError.connectTimeout(.seconds(Int64(options.timeoutSeconds))))
        }
        let answer: ProbeAnswer
        do {
            answer = try promise.futureResult.wait()
            timeout.cancel()
        } catch {
            print("probe: label=\(options.label) error=\"request \(n): \(error)\"")
            return 1
        }
        let verdict = ProbeVerdict(answer.body, reader: reader)
        if answer.head.status.code != 200 || verdict.uid != uid || verdict.allowed == nil {
            bad += 1
            if bad == 1 {
                print("probe: label=\(options.label) unexpected=\"HTTP \(answer.head.status.code): \(answer.body.map { String(buffer: $0) }?.prefix(300) ?? "")\"")
            }
        }
        if n == 0 {
            first = answer.nanos
            summary = "allowed=\(verdict.allowed.map { $0 ? "true" : "false" } ?? "none") warnings=\(verdict.warnings.count)"
            let detail = ([verdict.message] + verdict.warnings).filter { !$0.isEmpty }.joined(separator: " | ")
            print("probe: label=\(options.label) verdict: \(summary)\(detail.isEmpty ? "" : " — " + String(detail.prefix(400)))")
        }
        if n >= options.warmup { samples.append(answer.nanos) }
    }
    samples.sort()
    func us(_ v: UInt64) -> String { String(format: "%.0f", Double(v) / 1000) }
    func q(_ p: Double) -> UInt64 { samples[min(samples.count - 1, Int(Double(samples.count) * p))] }
    print("probe: label=\(options.label) requests=\(samples.count) warmup=\(options.warmup) first_us=\(us(first)) p50_us=\(us(q(0.5))) p99_us=\(us(q(0.99))) max_us=\(us(samples.last!)) \(summary) bad=\(bad) wait_us=\(us(runQueueWaitNanos(pid: getpid())))")
    fflush(nil)
    return bad == 0 ? 0 : 1
}

/// Nanoseconds the threads of `pid` have spent runnable but waiting for a
/// core (the second field of each thread's schedstat).
func runQueueWaitNanos(pid: Int32) -> UInt64 {
    let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
    var total: UInt64 = 0
    for task in tasks {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/task/\(task)/schedstat", encoding: .utf8) else { continue }
        let fields = text.split(separator: " ")
        if fields.count > 1, let wait = UInt64(fields[1]) { total += wait }
    }
    return total
}
