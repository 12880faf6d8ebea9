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

/// `soak`: a response-checking HTTPS load generator for the webhook.
///
/// `--concurrency` keep-alive TLS connections each send one request at a
/// time, taking the next request number from a shared counter; request n
/// is case `cycle[n % 1000]` of ``SoakCases`` (valid, invalid and malformed
/// reviews), with a unique `request.uid`. Every response is checked: status,
/// and for reviews apiVersion, kind, the echoed uid, `allowed` and the rule
/// ids of a denial. A connection the server closes is reopened; closes the
/// server did not announce with `Connection: close` count as unexpected.
///
/// With `--server-pid` the server's VmRSS and open fds are read from /proc
/// after the warm-up, half way through and at the end of the measured
/// requests. The last lines are `soak: key=value …` for scripts
/// (Benchmarks/soak.sh). Exit status: 0 when nothing unexpected happened,
/// 1 otherwise, 2 on usage errors.
struct SoakOptions {
    var host = "127.0.0.1"
    var port = 0
    var serverName = "localhost"
    var caFile = ""
    var requests = 1_000_000
    var warmup = 20_000
    var concurrency = 256
    var inputs = "testdata/admission"
    var threads = 1
    var serverPID: Int32?
    var requestTimeoutSeconds = 30
    var maxSeconds = 7200
    var progressEvery = 100_000
    var only: String?
    var exclude: String?
    var weights: [String: Int] = [:]

    static let usage = """
    usage: nncp-guard-bench soak --port P --ca FILE [--host 127.0.0.1] [--server-name localhost]
             [--requests 1000000] [--warmup 20000] [--concurrency 256] [--inputs testdata/admission]
             [--threads 1] [--server-pid PID] [--request-timeout 30] [--max-seconds 7200] [--progress 100000]
             [--only CASE,…] [--exclude CASE,…] [--weight CASE=N …]
             (case names as in the report, e.g. oversized, update-bond-vlan.json; the default mix has 1000 weights)
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
            case "--requests": requests = try int(value(), flag)
            case "--warmup": warmup = try int(value(), flag)
            case "--concurrency": concurrency = try int(value(), flag)
            case "--inputs": inputs = try value()
            case "--threads": threads = try int(value(), flag)
            case "--server-pid": serverPID = Int32(try int(value(), flag))
            case "--request-timeout": requestTimeoutSeconds = try int(value(), flag)
            case "--max-seconds": maxSeconds = try int(value(), flag)
            case "--progress": progressEvery = try int(value(), flag)
            case "--only": only = try value()
            case "--exclude": exclude = try value()
            case "--weight":
                let v = try value()
                guard let eq = v.lastIndex(of: "="), let w = Int(v[v.index(after: eq)...]), w > 0 else {
                    throw SoakUsageError("--weight: expected CASE=N, got \(v)")
                }
                weights[String(v[..<eq])] = w
            case "-h", "--help": throw SoakUsageError("")
            default: throw SoakUsageError("unknown argument \(flag)")
            }
            i += 1
        }
        guard port > 0, port < 65536 else { throw SoakUsageError("--port is required") }
        guard !caFile.isEmpty else { throw SoakUsageError("--ca is required") }
        guard requests > 0, concurrency > 0, threads > 0, requestTimeoutSeconds > 0, maxSeconds > 0 else {
            throw SoakUsageError("--requests, --concurrency, --threads, --request-timeout and --max-seconds must be positive")
        }
    }
}

struct SoakUsageError: Error { var message: String; init(_ m: String) { message = m } }

func soakWallNanos() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}

/// VmRSS in kB and the number of open fds of `pid`, from /proc.
func soakProcessSample(_ pid: Int32) -> (rssKB: Int, fds: Int)? {
    guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
    var rss = -1
    for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
        rss = Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") ?? -1
    }
    let fds = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd").count) ?? -1
    return (rss, fds)
}

// MARK: - Shared run state

/// Counters shared by every connection, behind one lock (uncontended with
/// the default single client thread).
final class SoakRun: @unchecked Sendable {
    let options: SoakOptions
    let cases: [SoakCase]
    let cycle: [Int]
    let total: Int
    let done: EventLoopPromise<Void>
    private let lock = NIOLock()

    // All below under `lock`.
    private var issued = 0
    private var completed = 0
    private var finished = false
    private(set) var aborted: String?
    private var measured = SoakHistogram()
    private var byClass: [SoakCase.Class: SoakHistogram] = [:]
    private var okByCase: [Int]
    private var badByCase: [Int]
    private(set) var unexpected: [String: Int] = [:]
    private var examples: [String: [String]] = [:]
    private(set) var connects = 0
    private(set) var expectedCloses = 0
    private var closeWaits = SoakHistogram()
    private var consecutiveConnectFailures = 0
    private(set) var startNanos: UInt64 = 0
    private(set) var measureStartNanos: UInt64 = 0
    private(set) var endNanos: UInt64 = 0
    private var lastProgressNanos: UInt64 = 0
    private var lastProgressCompleted = 0
    private(set) var samples: [(label: String, rssKB: Int, fds: Int)] = []

    init(options: SoakOptions, cases: [SoakCase], done: EventLoopPromise<Void>) {
        self.options = options
        self.cases = cases
        self.cycle = SoakCases.cycle(cases)
        self.total = options.warmup + options.requests
        self.done = done
        self.okByCase = Array(repeating: 0, count: cases.count)
        self.badByCase = Array(repeating: 0, count: cases.count)
        for c in SoakCase.Class.allCases { byClass[c] = SoakHistogram() }
    }

    func start() {
        lock.withLock {
            startNanos = soakWallNanos()
            if options.warmup == 0 { measureStartNanos = startNanos }
            lastProgressNanos = startNanos
        }
        if options.warmup == 0 { sample("start") }
    }

    /// The next request number, or nil when all are issued (or the run stopped).
    func next() -> Int? {
        lock.withLock {
            guard !finished, issued < total else { return nil }
            issued += 1
            return issued - 1
        }
    }

    var isFinished: Bool { lock.withLock { finished } }

    /// One request is over: `problem` nil when the response was as expected.
    func complete(index: Int, caseIndex: Int, nanos: UInt64, problem: (kind: String, detail: String)?) {
        var milestone: String?
        var progress: (Int, Double, Int)?
        var last = false
        lock.withLock {
            guard !finished else { return }
            completed += 1
            if let problem {
                badByCase[caseIndex] += 1
                noteLocked(problem.kind, problem.detail)
            } else {
                okByCase[caseIndex] += 1
            }
            if index >= options.warmup {
                measured.record(nanos)
                byClass[cases[caseIndex].klass]!.record(nanos)
            }
            let now = soakWallNanos()
            if completed == options.warmup {
                measureStartNanos = now
                milestone = "start"
            } else if completed == options.warmup + options.requests / 2 {
                milestone = "middle"
            }
            if completed == total {
                endNanos = now
                finished = true
                last = true
            } else if options.progressEvery > 0, completed % options.progressEvery == 0 {
                let rate = Double(completed - lastProgressCompleted) / (Double(now - lastProgressNanos) / 1e9)
                progress = (completed, rate, unexpected.values.reduce(0, +))
                lastProgressNanos = now
                lastProgressCompleted = completed
            }
        }
        if let milestone { sample(milestone) }
        if let (n, rate, bad) = progress {
            let server = options.serverPID.flatMap(soakProcessSample).map { String(format: ", server RSS %.1f MB, %d fds", Double($0.rssKB) / 1024, $0.fds) } ?? ""
            print(String(format: "  %9d/%d done, %7.0f req/s%@, %d unexpected", n, total, rate, server, bad))
            fflush(nil)
        }
        if last {
            sample("end")
            done.succeed(())
        }
    }

    /// A problem not tied to a request (connect failure, unannounced close).
    func note(_ kind: String, _ detail: String) {
        lock.withLock { noteLocked(kind, detail) }
    }

    private func noteLocked(_ kind: String, _ detail: String) {
        unexpected[kind, default: 0] += 1
        if examples[kind, default: []].count < 3 { examples[kind, default: []].append(detail) }
    }

    func connected() {
        lock.withLock {
            connects += 1
            consecutiveConnectFailures = 0
        }
    }

    func expectedClose() { lock.withLock { expectedCloses += 1 } }

    /// Time from a response with `Connection: close` to the connection closing.
    func closeWait(_ nanos: UInt64) { lock.withLock { closeWaits.record(nanos) } }

    /// Returns false when the run should give up (server gone).
    func connectFailed(_ error: any Error) -> Bool {
        let giveUp: Bool = lock.withLock {
            noteLocked("connect failed", "\(error)")
            consecutiveConnectFailures += 1
            return consecutiveConnectFailures > 200
        }
        if giveUp { abort("200 connection attempts in a row failed: \(error)") }
        return !giveUp
    }

    func abort(_ reason: String) {
        let first: Bool = lock.withLock {
            guard !finished else { return false }
            finished = true
            aborted = reason
            endNanos = soakWallNanos()
            return true
        }
        if first {
            sample("end")
            done.succeed(())
        }
    }

    private func sample(_ label: String) {
        guard let pid = options.serverPID else { return }
        let s = soakProcessSample(pid) ?? (-1, -1)
        lock.withLock { samples.append((label, s.rssKB, s.fds)) }
    }

    // MARK: Report

    func report() -> Bool {
        lock.withLock {
            let measuredCount = Swift.max(0, completed - options.warmup)
            let seconds = Double(endNanos &- measureStartNanos) / 1e9
            let wall = Double(endNanos &- startNanos) / 1e9
            let rps = seconds > 0 ? Double(measuredCount) / seconds : 0
            let unexpectedTotal = unexpected.values.reduce(0, +)
            func us(_ v: UInt64) -> String { String(format: "%.0f", Double(v) / 1000) }
            func q(_ h: SoakHistogram, _ p: Double) -> UInt64 { h.value(atQuantile: p) }

            print("")
            print("nncp-guard soak: \(options.host):\(options.port), \(options.concurrency) TLS keep-alive connections, \(options.threads) client thread(s)")
            print(String(format: "requests: %d measured + %d warm-up, %d completed; %.1f s measured (%.1f s wall); %.0f req/s",
                         options.requests, options.warmup, completed, seconds, wall, rps))
            print("latency (µs, measured requests): p50 \(us(q(measured, 0.5)))  p90 \(us(q(measured, 0.9)))  p99 \(us(q(measured, 0.99)))  p99.9 \(us(q(measured, 0.999)))  max \(us(measured.max))  mean \(String(format: "%.0f", measured.mean / 1000))")
            for c in SoakCase.Class.allCases {
                let h = byClass[c]!
                print("  \(c.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)) \(String(h.total).leftPad(8)) requests  p50 \(us(q(h, 0.5)).leftPad(6))  p99 \(us(q(h, 0.99)).leftPad(6))  max \(us(h.max).leftPad(7))")
            }
            print("per case (ok / unexpected):")
            for (i, c) in cases.enumerated() {
                let what: String
                switch c.expectation {
                case .review(let v, let allowed, let rules):
                    what = "200 allowed=\(allowed)" + (v == SoakCases.v1 ? "" : " \(v)") + (rules.isEmpty ? "" : " [\(rules.joined(separator: ", "))]")
                case .httpError(let status, let reason, let closes):
                    what = "\(status)" + (reason.map { " \($0)" } ?? "") + (closes ? " + close" : "")
                }
                print("  \(c.klass.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)) \(c.name.padding(toLength: 38, withPad: " ", startingAt: 0)) \(String(okByCase[i]).leftPad(8)) / \(badByCase[i])   expect \(what)")
            }
            print("connections opened: \(connects) (for \(options.concurrency) slots; \(expectedCloses) announced closes)")
            if closeWaits.total > 0 {
                print("announced close to closed connection (µs): p50 \(us(q(closeWaits, 0.5)))  p99 \(us(q(closeWaits, 0.99)))  max \(us(closeWaits.max))")
            }
            print("unexpected: \(unexpectedTotal)")
            for (kind, n) in unexpected.sorted(by: { $0.key < $1.key }) {
                print("  \(kind): \(n)")
                for e in examples[kind] ?? [] { print("    e.g. \(e.prefix(300))") }
            }
            if let aborted { print("ABORTED: \(aborted)") }
            for s in samples {
                print(String(format: "server at %@: RSS %.1f MB, %d open fds", s.label, Double(s.rssKB) / 1024, s.fds))
            }

            // Machine-readable summary for soak.sh.
            func sampleValue(_ label: String, _ field: ((label: String, rssKB: Int, fds: Int)) -> Int) -> String {
                samples.first { $0.label == label }.map { String(field($0)) } ?? "-1"
            }
            print("soak: requests=\(measuredCount) warmup=\(options.warmup) completed=\(completed) seconds=\(String(format: "%.2f", seconds)) wall=\(String(format: "%.2f", wall)) rps=\(String(format: "%.0f", rps)) aborted=\(aborted == nil ? 0 : 1)")
            print("soak: p50_us=\(us(q(measured, 0.5))) p90_us=\(us(q(measured, 0.9))) p99_us=\(us(q(measured, 0.99))) p999_us=\(us(q(measured, 0.999))) max_us=\(us(measured.max))")
            print("soak: unexpected=\(unexpectedTotal) connects=\(connects) expected_closes=\(expectedCloses)")
            print("soak: rss_kb_start=\(sampleValue("start") { $0.rssKB }) rss_kb_middle=\(sampleValue("middle") { $0.rssKB }) rss_kb_end=\(sampleValue("end") { $0.rssKB })")
            print("soak: fds_start=\(sampleValue("start") { $0.fds }) fds_middle=\(sampleValue("middle") { $0.fds }) fds_end=\(sampleValue("end") { $0.fds })")
            fflush(nil)
            return unexpectedTotal == 0 && aborted == nil && completed == total
        }
    }
}

extension String {
    func leftPad(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}

// MARK: - One connection slot

/// One of the `--concurrency` connections: owns its channel and its request
/// in flight, and reconnects when the channel closes. Confined to `loop`.
final class SoakWorker: @unchecked Sendable {
    let run: SoakRun
    let slot: Int
    let loop: any EventLoop
    let sslContext: NIOSSLContext
    private let reader = JSONReader()
    private let timeoutNanos: UInt64

    private var channel: (any Channel)?
    private var inFlight: (index: Int, caseIndex: Int, uid: [UInt8]?, started: UInt64)?
    /// The last response said `Connection: close`: the close that follows is expected.
    private var closeAnnounced = false
    private var closeAnnouncedAt: UInt64 = 0
    private var stopped = false
    private var sweep: RepeatedTask?
    let closed: EventLoopPromise<Void>

    init(run: SoakRun, slot: Int, loop: any EventLoop, sslContext: NIOSSLContext) {
        self.run = run
        self.slot = slot
        self.loop = loop
        self.sslContext = sslContext
        self.timeoutNanos = UInt64(run.options.requestTimeoutSeconds) * 1_000_000_000
        self.closed = loop.makePromise()
    }

    func start() {
        loop.execute {
            self.sweep = self.loop.scheduleRepeatedTask(initialDelay: .seconds(1), delay: .seconds(1)) { _ in self.checkTimeouts() }
            self.connect()
        }
    }

    private func connect() {
        guard !stopped else { return }
        if run.isFinished { stop(); return }
        let options = run.options
        let context = sslContext
        let serverName = options.serverName
        ClientBootstrap(group: loop)
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
            .connectTimeout(.seconds(10))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture(withResultOf: {
                    let tls = try NIOSSLClientHandler(context: context, serverHostname: serverName)
                    try channel.pipeline.syncOperations.addHandler(tls)
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(SoakHandler(worker: self))
                })
            }
            .connect(host: options.host, port: options.port)
            .whenComplete { result in
                switch result {
                case .success(let channel):
                    self.run.connected()
                    if self.stopped {
                        channel.close(promise: nil)
                    } else {
                        self.channel = channel
                    }
                case .failure(let error):
                    if self.run.connectFailed(error) {
                        self.loop.scheduleTask(in: .milliseconds(50)) { self.connect() }
                    } else {
                        self.stop()
                    }
                }
            }
    }

    // Called by the handler, on `loop`.

    func active(context: ChannelHandlerContext) {
        // channelActive can come before the connect future's callback.
        channel = context.channel
        closeAnnounced = false
        if stopped {
            context.close(promise: nil)
            return
        }
        sendNext(context: context)
    }

    private func sendNext(context: ChannelHandlerContext) {
        guard let index = run.next() else {
            stop()
            return
        }
        let caseIndex = run.cycle[index % run.cycle.count]
        let c = run.cases[caseIndex]
        var headers = HTTPHeaders()
        headers.add(name: "host", value: run.options.serverName)
        headers.add(name: "accept", value: "application/json, */*")
        if let type = c.contentType { headers.add(name: "content-type", value: type) }
        if c.method == .POST || c.contentLength != nil {
            headers.add(name: "content-length", value: String(c.contentLength ?? c.body.count))
        }
        var uid: [UInt8]?
        var body: ByteBuffer?
        if !c.body.isEmpty {
            var buffer = context.channel.allocator.buffer(capacity: c.body.count)
            buffer.writeBytes(c.body)
            if let offset = c.uidOffset {
                // A unique uid per request: the last 12 hex digits carry
                // the slot and the request number.
                let tag = (UInt64(slot) << 32 | UInt64(index)) & 0xFFFF_FFFF_FFFF
                var hex = [UInt8](repeating: 0, count: 12)
                for k in 0..<12 {
                    let nibble = UInt8((tag >> UInt64(4 * (11 - k))) & 0xF)
                    hex[k] = nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
                }
                buffer.setBytes(hex, at: offset + 24)
                uid = Array(c.body[offset..<(offset + 24)]) + hex
            }
            body = buffer
        }
        inFlight = (index, caseIndex, uid, soakWallNanos())
        let head = HTTPRequestHead(version: .http1_1, method: c.method, uri: c.uri, headers: headers)
        context.write(NIOAny(HTTPClientRequestPart.head(head)), promise: nil)
        if let body { context.write(NIOAny(HTTPClientRequestPart.body(.byteBuffer(body))), promise: nil) }
        if c.contentLength == nil {
            context.writeAndFlush(NIOAny(HTTPClientRequestPart.end(nil)), promise: nil)
        } else {
            context.flush()  // body announced, never sent
        }
    }

    func response(context: ChannelHandlerContext, head: HTTPResponseHead, body: ByteBuffer?) {
        guard let request = inFlight else {
            run.note("response without a request", "HTTP \(head.status.code)")
            context.close(promise: nil)
            return
        }
        inFlight = nil
        let nanos = soakWallNanos() &- request.started
        let c = run.cases[request.caseIndex]
        let closing = head.headers[canonicalForm: "connection"].contains { $0.lowercased() == "close" }
        var problem = check(c, head: head, body: body, uid: request.uid)
        if problem == nil, closing != c.expectsClose {
            problem = ("connection header", "\(c.name): Connection: close \(closing ? "sent" : "missing") on HTTP \(head.status.code)")
        }
        run.complete(index: request.index, caseIndex: request.caseIndex, nanos: nanos, problem: problem)
        if closing || !head.isKeepAlive {
            closeAnnounced = true
            closeAnnouncedAt = soakWallNanos()
            if c.expectsClose { run.expectedClose() }
            return  // wait for the server's close, then reconnect
        }
        sendNext(context: context)
    }

    private func check(_ c: SoakCase, head: HTTPResponseHead, body: ByteBuffer?, uid: [UInt8]?) -> (kind: String, detail: String)? {
        let status = Int(head.status.code)
        let text = { body.map { String(buffer: $0) } ?? "" }
        let json: Value? = body.flatMap { buffer in
            buffer.withUnsafeReadableBytes { raw in try? reader.parse(raw.bindMemory(to: UInt8.self)) }
        }
        switch c.expectation {
        case .review(let apiVersion, let allowed, let rules):
            guard status == 200 else { return ("HTTP status", "\(c.name): \(status), expected 200: \(text().prefix(200))") }
            guard let json else { return ("response not JSON", "\(c.name): \(text().prefix(200))") }
            guard json["apiVersion"]?.string == apiVersion, json["kind"]?.string == "AdmissionReview" else {
                return ("apiVersion/kind", "\(c.name): \(text().prefix(200))")
            }
            guard let response = json["response"] else { return ("no response", "\(c.name): \(text().prefix(200))") }
            if let uid, response["uid"]?.string.map({ Array($0.utf8) }) != uid {
                return ("uid mismatch", "\(c.name): sent \(String(decoding: uid, as: UTF8.self)), got \(response["uid"]?.string ?? "none")")
            }
            guard let got = response["allowed"]?.bool else { return ("no allowed", "\(c.name): \(text().prefix(200))") }
            guard got == allowed else { return ("allowed=\(got), expected \(allowed)", "\(c.name): \(text().prefix(300))") }
            if !rules.isEmpty {
                let message = response["status"]?["message"]?.string ?? ""
                if let missing = rules.first(where: { !message.contains("[\($0)]") }) {
                    return ("denial without rule", "\(c.name): no [\(missing)] in \(message.prefix(300))")
                }
            }
            return nil
        case .httpError(let expectedStatus, let reason, _):
            guard status == expectedStatus else { return ("HTTP status", "\(c.name): \(status), expected \(expectedStatus): \(text().prefix(200))") }
            guard let json, json["error"]?.string != nil else { return ("error body", "\(c.name): \(text().prefix(200))") }
            if let reason, json["reason"]?.string != reason {
                return ("error reason", "\(c.name): reason \(json["reason"]?.string ?? "none"), expected \(reason)")
            }
            return nil
        }
    }

    func inactive() {
        channel = nil
        if let request = inFlight {
            inFlight = nil
            let c = run.cases[request.caseIndex]
            run.complete(index: request.index, caseIndex: request.caseIndex, nanos: soakWallNanos() &- request.started,
                         problem: ("closed before the response", "\(c.name): connection closed with the request in flight"))
        } else if closeAnnounced {
            run.closeWait(soakWallNanos() &- closeAnnouncedAt)
        } else if !stopped, !run.isFinished {
            run.note("unannounced close", "slot \(slot): the server closed an idle keep-alive connection")
        }
        closeAnnounced = false
        if stopped || run.isFinished {
            stop()
        } else {
            connect()
        }
    }

    func error(_ error: any Error) {
        if stopped || run.isFinished { return }
        // After an announced close, a TLS peer may close without close_notify.
        if closeAnnounced, inFlight == nil { return }
        run.note("connection error", "slot \(slot): \(error)")
    }

    private func checkTimeouts() {
        let now = soakWallNanos()
        if let request = inFlight, now &- request.started > timeoutNanos {
            let c = run.cases[request.caseIndex]
            inFlight = nil
            run.complete(index: request.index, caseIndex: request.caseIndex, nanos: now &- request.started,
                         problem: ("timeout", "\(c.name): no response within \(run.options.requestTimeoutSeconds) s"))
            channel?.close(promise: nil)
        } else if closeAnnounced, channel != nil, now &- closeAnnouncedAt > timeoutNanos {
            run.note("no close after Connection: close", "slot \(slot)")
            closeAnnounced = false
            channel?.close(promise: nil)
        }
    }

    /// No more requests: close the channel (client side) and report done.
    func stop() {
        guard !stopped else { return }
        stopped = true
        sweep?.cancel()
        sweep = nil
        if let channel {
            channel.close().whenComplete { _ in self.closed.succeed(()) }
        } else {
            closed.succeed(())
        }
    }

    /// From outside: stop at the end of the run.
    func shutdown() -> EventLoopFuture<Void> {
        loop.execute { self.stop() }
        return closed.futureResult
    }
}

final class SoakHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundOut = HTTPClientRequestPart

    let worker: SoakWorker
    private var head: HTTPResponseHead?
    private var body: ByteBuffer?

    init(worker: SoakWorker) { self.worker = worker }

    func channelActive(context: ChannelHandlerContext) {
        worker.active(context: context)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let h):
            head = h
            body = nil
        case .body(var chunk):
            if body == nil { body = chunk } else { body!.writeBuffer(&chunk) }
        case .end:
            guard let h = head else { return }
            let b = body
            head = nil
            body = nil
            worker.response(context: context, head: h, body: b)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        worker.inactive()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        worker.error(error)
        context.close(promise: nil)
    }
}

// MARK: - Entry point

func runSoak(_ args: [String]) -> Int32 {
    let options: SoakOptions
    do {
        options = try SoakOptions(args)
    } catch let e as SoakUsageError {
        if !e.message.isEmpty { print("nncp-guard-bench soak: \(e.message)") }
        print(SoakOptions.usage)
        return 2
    } catch {
        print("nncp-guard-bench soak: \(error)")
        return 2
    }
    let cases: [SoakCase]
    do {
        cases = try SoakCases.select(SoakCases.load(directory: options.inputs), only: options.only, exclude: options.exclude, weights: options.weights)
    } catch {
        print("nncp-guard-bench soak: \(error)")
        return 2
    }
    let sslContext: NIOSSLContext
    do {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .file(options.caFile)
        tls.minimumTLSVersion = .tlsv12
        sslContext = try NIOSSLContext(configuration: tls)
    } catch {
        print("nncp-guard-bench soak: TLS configuration from \(options.caFile): \(error)")
        return 2
    }

    let group = MultiThreadedEventLoopGroup(numberOfThreads: options.threads)
    defer { try? group.syncShutdownGracefully() }
    let run = SoakRun(options: options, cases: cases, done: group.next().makePromise())
    print("soak: \(options.warmup) warm-up + \(options.requests) requests, \(options.concurrency) connections, \(cases.count) request kinds from \(options.inputs)")
    fflush(nil)
    run.start()
    let workers = (0..<options.concurrency).map { SoakWorker(run: run, slot: $0, loop: group.next(), sslContext: sslContext) }
    for w in workers { w.start() }
    let deadline = group.next().scheduleTask(in: .seconds(Int64(options.maxSeconds))) {
        run.abort("--max-seconds \(options.maxSeconds) reached")
    }
    try? run.done.futureResult.wait()
    deadline.cancel()
    // Close every connection from the client side before reporting, so the
    // server's fd count settles; bounded in case a close hangs.
    let closed = DispatchSemaphore(value: 0)
    EventLoopFuture.andAllComplete(workers.map { $0.shutdown() }, on: group.next()).whenComplete { _ in closed.signal() }
    _ = closed.wait(timeout: .now() + 30)
    return run.report() ? 0 : 1
}
