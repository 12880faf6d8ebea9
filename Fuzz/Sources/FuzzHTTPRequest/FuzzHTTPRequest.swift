// libFuzzer entry point: raw bytes from a client → the server's real
// per-connection pipeline after TLS (the one WebhookServer builds for every
// accepted connection: write coalescing, NIO's HTTP/1.1 decoder, encoder,
// pipelining and error handlers, HTTPConnectionHandler) with the real
// admission routes (WebhookCLI) behind it, on an EmbeddedChannel: no sockets, no TLS.
//
// Input: the first byte seeds how the rest is split into 1–4 reads (so
// requests straddle reads the way they do on a socket); the rest is the
// byte stream. After the last read the connection is closed (EOF).
//
// Invariants checked besides "no crash / no sanitizer report / no hang":
//   * everything written back is a sequence of complete, well-formed
//     HTTP/1.x responses: status line `HTTP/1.0|1.1 NNN reason`, token
//     header names, a Content-Length on every final response and exactly
//     that many body bytes (none after a HEAD), nothing half-written;
//   * a JSON body is JSON, and a 200 JSON body is an AdmissionReview
//     response that decodes;
//   * after a `Connection: close` response nothing more is written and the
//     channel is closed once the event loop has run; otherwise it is idle
//     (no partial response) when the input ends;
//   * no more final responses than the input could hold requests.
@_spi(Fuzzing) import WebhookServer
import FuzzDriver
import Admission
import Logging
import NIOCore
import NIOEmbedded
import SourceModel
import WebhookCLI
#if canImport(Glibc)
import Glibc
#endif

let quiet = Logger(label: "fuzz", factory: { _ in SwiftLogNoOpLogHandler() })
let controller = AdmissionController(clock: .fixed(1_767_225_600_000_000_000))

/// The admission routes exactly as both executables serve them, 4xx
/// answers and content-type checks included.
let routes = AdmissionRoutes.router(controller: controller, metrics: AdmissionMetrics())
// Small enough that the fuzzer reaches the header and body caps.
let limits = Limits(maxBodyBytes: 32 * 1024, maxHeaderBytes: 4 * 1024)
let peer = try! SocketAddress(ipAddress: "192.0.2.1", port: 40000)
/// Fewer bytes than the shortest request NIO accepts (`GET / HTTP/1.1\r\n\r\n`).
let shortestRequest = 12

/// EmbeddedChannel keeps accepting writes after it was closed; a socket
/// fails them. At the head of the pipeline this makes the harness see what
/// a client would. (Without it NIO's decoder, which reports a non-1.x
/// request version twice, appeared to send a second 400 after the close.)
final class SocketLikeWrites: ChannelOutboundHandler {
    typealias OutboundIn = IOData
    typealias OutboundOut = IOData

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if context.channel.isActive {
            context.write(data, promise: promise)
        } else {
            promise?.fail(ChannelError.ioOnClosedChannel)
        }
    }
}

struct Response {
    var status: Int
    var headers: [(name: String, value: String)]
    var body: ArraySlice<UInt8>

    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name }?.value
    }
    var closes: Bool { header("connection")?.lowercased() == "close" }
}

func fail(_ what: String, _ input: [UInt8], _ out: [UInt8]) -> Never {
    fatalError("""
        \(what)
        --- input (\(input.count) bytes) ---
        \(String(decoding: input.prefix(1500), as: UTF8.self).debugDescription)
        --- output (\(out.count) bytes) ---
        \(String(decoding: out.prefix(3000), as: UTF8.self).debugDescription)
        """)
}

func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
    guard haystack.count - start >= needle.count else { return nil }
    var i = start
    while i <= haystack.count - needle.count {
        if haystack[i] == needle[0], haystack[i..<(i + needle.count)].elementsEqual(needle) { return i }
        i += 1
    }
    return nil
}

let tokenBytes = Set(Array("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8))
let httpPrefix = Array("HTTP/1.".utf8)

/// Splits `out` into responses; traps on anything malformed or incomplete.
func parseResponses(_ out: [UInt8], input: [UInt8]) -> [Response] {
    var responses: [Response] = []
    var i = 0
    while i < out.count {
        guard let headEnd = find([13, 10, 13, 10], in: out, from: i) else { fail("incomplete response head", input, out) }
        // Every line ends in CRLF; no bare CR or LF inside one.
        let lines = out[i..<(headEnd + 2)].split(separator: 10, omittingEmptySubsequences: false).dropLast().map { line -> ArraySlice<UInt8> in
            guard line.last == 13, !line.dropLast().contains(13) else { fail("header line without CRLF", input, out) }
            return line.dropLast()
        }
        // Status line: HTTP/1.0 or HTTP/1.1, three digits, a reason.
        let statusLine = Array(lines[0])
        guard statusLine.count >= 13, statusLine.starts(with: httpPrefix), statusLine[7] == UInt8(ascii: "0") || statusLine[7] == UInt8(ascii: "1"),
              statusLine[8] == UInt8(ascii: " "), statusLine[12] == UInt8(ascii: " "),
              statusLine[9...11].allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
              statusLine[13...].allSatisfy({ $0 == 9 || (32..<127).contains($0) })
        else { fail("bad status line", input, out) }
        let status = Int(String(decoding: statusLine[9...11], as: UTF8.self))!
        guard (100..<600).contains(status) else { fail("status \(status)", input, out) }
        var headers: [(name: String, value: String)] = []
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > line.startIndex,
                  line[line.startIndex..<colon].allSatisfy(tokenBytes.contains),
                  line[(colon + 1)...].allSatisfy({ $0 == 9 || (32..<127).contains($0) })
            else { fail("bad header line", input, out) }
            headers.append((String(decoding: line[line.startIndex..<colon], as: UTF8.self),
                            String(decoding: line[(colon + 1)...], as: UTF8.self).trimmingSpaces))
        }
        var response = Response(status: status, headers: headers, body: [])
        var next = headEnd + 4
        if status >= 200 {
            let lengths = headers.filter { $0.name.lowercased() == "content-length" }
            guard lengths.count == 1, let length = Int(lengths[0].value), length >= 0 else { fail("no single Content-Length", input, out) }
            // A HEAD answer has the length but no body; every body here
            // starts with something other than "HTTP/1.".
            let rest = out[next...]
            let bodiless = length > 0 && (rest.isEmpty || rest.starts(with: httpPrefix))
            if !bodiless {
                guard out.count - next >= length else { fail("body shorter than Content-Length", input, out) }
                response.body = out[next..<(next + length)]
                next += length
            }
        }
        responses.append(response)
        i = next
    }
    return responses
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " || s.first == "\t" { s.removeFirst() }
        while s.last == " " || s.last == "\t" { s.removeLast() }
        return String(s)
    }
}

func check(_ responses: [Response], channelActive: Bool, input: [UInt8], out: [UInt8]) {
    for (n, r) in responses.enumerated() {
        if r.closes, n != responses.count - 1 { fail("a response after Connection: close", input, out) }
        if r.closes, channelActive { fail("Connection: close but the channel stays open", input, out) }
        guard !r.body.isEmpty, r.header("content-type")?.hasPrefix("application/json") == true else { continue }
        let body = Array(r.body)
        guard (try? JSONReader().parse(body)) != nil else { fail("a JSON body is not JSON", input, out) }
        if r.status == 200, (try? AdmissionReviewDecoder.decodeResponse(body)) == nil {
            fail("a 200 JSON body is not an AdmissionReview response", input, out)
        }
    }
    let finals = responses.filter { $0.status >= 200 }.count
    if finals > input.count / shortestRequest + 1 { fail("\(finals) responses to \(input.count) bytes", input, out) }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHTTPRequest(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let seed = Int(data[0])
    let input = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))

    let channel = EmbeddedChannel()
    do {
        try channel.pipeline.syncOperations.addHandler(SocketLikeWrites())
        try WebhookServer.configureHTTPPipeline(channel.pipeline.syncOperations, routes: routes, limits: limits, logger: quiet)
        try channel.connect(to: peer).wait()
    } catch {
        fatalError("pipeline set-up failed: \(error)")
    }
    var out: [UInt8] = []
    func drain() {
        while let part = try? channel.readOutbound(as: IOData.self) {
            guard case .byteBuffer(let buffer) = part else { fatalError("file region written") }
            out.append(contentsOf: buffer.readableBytesView)
        }
    }

    // 1–4 reads; the cut points move with the seed's upper bits.
    let pieces = 1 + (seed & 3)
    var cuts = (1..<pieces).map { k in min(input.count, input.count * k / pieces + (seed >> 2) * k % 23) }
    cuts.append(input.count)
    var start = 0
    for end in cuts.sorted() where end > start {
        guard channel.isActive else { break }
        // An error reaching the end of the pipeline would be logged by NIO,
        // not fatal; the handlers are meant to catch everything though.
        _ = try? channel.writeInbound(ByteBuffer(bytes: input[start..<end]))
        channel.embeddedEventLoop.run()
        drain()
        start = end
    }
    check(parseResponses(out, input: input), channelActive: channel.isActive, input: input, out: out)

    // EOF: the decoder sees the end of the stream; nothing may break.
    let before = out.count
    if channel.isActive {
        _ = try? channel.close().wait()
        channel.embeddedEventLoop.run()
        drain()
    }
    if channel.isActive { fail("channel still open after close", input, out) }
    if out.count != before { check(parseResponses(out, input: input), channelActive: false, input: input, out: out) }
    _ = try? channel.finish(acceptAlreadyClosed: true)
    return 0
}

runFuzzer(fuzzHTTPRequest)
