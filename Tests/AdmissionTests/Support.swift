import CoreMetrics
import Foundation
import Logging
import SourceModel
import SourceModelYAML
import Testing
import WebhookCLI
import WebhookServer

@testable import Admission

extension ConfigFileFormat {
    /// What `nncp-guard` reads (see its ServeCommand).
    static let yaml = ConfigFileFormat(name: "YAML") { YAMLLoader().loadStream($0) }
}

extension EnforcementPolicy {
    init(configYAML text: String, source: String = "config") throws(EnforcementConfigError) {
        try self.init(configBytes: Array(text.utf8), format: .yaml, source: source)
    }
}

/// Shared helpers: fixtures, a tiny JSON Patch applier, a recording metrics
/// factory and log handler.
enum Fixtures {
    static let directory: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("testdata/admission")

    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: directory.appendingPathComponent(name)))
    }

    static func json(_ name: String) throws -> Value {
        try JSONReader().parse(try bytes(name))
    }
}

/// Parses JSON text in tests; traps on bad test input.
func json(_ text: String) -> Value {
    do { return try JSONReader().parse(text) } catch { fatalError("bad test JSON: \(error)\n\(text)") }
}

/// Fixed "now": 2024-05-24T20:26:45.477407436Z.
let fixedNanos: Int64 = 1_716_582_405_477_407_436

/// The controller on the routes the executables serve, with what the
/// server does around each answer: the observer's metrics and one log line
/// of the answer's fields.
struct TestWebhook {
    let controller: AdmissionController
    let router: Router
    let logs: LogRecorder

    func review(_ request: AdmissionRequest, at endpoint: AdmissionEndpoint) -> AdmissionOutcome {
        controller.review(request, at: endpoint)
    }

    func handle(_ request: HTTPRequest) -> HTTPResponse {
        let response = router.respond(to: request)
        response.observer?.responseWritten(status: response.status, nanoseconds: 1000)
        var metadata: Logger.Metadata = [:]
        for (key, value) in response.logFields { metadata[key] = .string(value) }
        logs.append(.info, "request", metadata)
        return response
    }
}

func makeController(
    enforcement: EnforcementPolicy = EnforcementPolicy(),
    clusterRules: (any ClusterRules)? = nil,
    clock: AdmissionClock = .fixed(fixedNanos),
    metrics: RecordingMetrics = RecordingMetrics(),
    logs: LogRecorder = LogRecorder()
) -> TestWebhook {
    let controller = AdmissionController(enforcement: enforcement, clock: clock, clusterRules: clusterRules)
    return TestWebhook(
        controller: controller,
        router: AdmissionRoutes.router(controller: controller, metrics: AdmissionMetrics(factory: metrics)),
        logs: logs)
}

/// POSTs `body` to `path` the way the apiserver does.
func post(_ webhook: TestWebhook, _ path: String, _ body: [UInt8], contentType: String? = "application/json") -> HTTPResponse {
    webhook.handle(HTTPRequest(method: "POST", path: path, query: "timeout=10s", contentType: contentType, body: body))
}

/// POSTs and decodes the AdmissionReview that comes back.
func review(_ controller: TestWebhook, _ path: String, _ body: [UInt8]) throws -> (AdmissionReviewVersion, AdmissionResponse) {
    let http = post(controller, path, body)
    #expect(http.status == 200)
    #expect(http.contentType == "application/json")
    let decoded = try AdmissionReviewDecoder.decodeResponse(http.body)
    return (decoded.version, decoded.response)
}

/// A request review for `object` (as the apiserver would send it).
func requestBody(_ operation: String, object: Value?, oldObject: Value? = nil, subResource: String = "", version: AdmissionReviewVersion = .v1, uid: String = "uid-1") -> [UInt8] {
    AdmissionReviewEncoder.encode(AdmissionRequest(
        version: version, uid: uid, subResource: subResource,
        operation: .init(rawValue: operation)!, name: object?.at("metadata", "name")?.string ?? "",
        object: object, oldObject: oldObject
    ))
}

// MARK: - JSON Patch (RFC 6902 add/remove/replace), written independently of the module

enum PatchError: Error { case badPointer(String), missing(String), badIndex(String) }

func applyPatch(_ patch: JSONPatch, to document: Value) throws -> Value {
    var doc = document
    for op in patch.operations {
        switch op {
        case .add(let path, let value): doc = try apply(doc, tokens: try tokens(path), path: path, op: .add(value))
        case .replace(let path, let value): doc = try apply(doc, tokens: try tokens(path), path: path, op: .replace(value))
        case .remove(let path): doc = try apply(doc, tokens: try tokens(path), path: path, op: .remove)
        }
    }
    return doc
}

private enum Op { case add(Value), replace(Value), remove }

private func tokens(_ pointer: String) throws -> [String] {
    if pointer.isEmpty { return [] }
    guard pointer.hasPrefix("/") else { throw PatchError.badPointer(pointer) }
    return pointer.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map {
        $0.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
    }
}

private func apply(_ node: Value, tokens: [String], path: String, op: Op) throws -> Value {
    guard let first = tokens.first else {
        switch op {
        case .add(let v), .replace(let v): return v
        case .remove: throw PatchError.badPointer(path)
        }
    }
    let rest = Array(tokens.dropFirst())
    switch node.content {
    case .mapping(var members):
        let i = members.firstIndex { $0.key == first }
        if rest.isEmpty {
            switch op {
            case .add(let v):
                if let i { members[i].value = v } else { members.append(.init(key: first, value: v)) }
            case .replace(let v):
                guard let i else { throw PatchError.missing(path) }
                members[i].value = v
            case .remove:
                guard let i else { throw PatchError.missing(path) }
                members.remove(at: i)
            }
        } else {
            guard let i else { throw PatchError.missing(path) }
            members[i].value = try apply(members[i].value, tokens: rest, path: path, op: op)
        }
        return Value(.mapping(members))
    case .sequence(var items):
        if rest.isEmpty, case .add(let v) = op, first == "-" { items.append(v); return Value(.sequence(items)) }
        guard let i = Int(first) else { throw PatchError.badIndex(path) }
        if rest.isEmpty {
            switch op {
            case .add(let v):
                guard i <= items.count else { throw PatchError.badIndex(path) }
                items.insert(v, at: i)
            case .replace(let v):
                guard i < items.count else { throw PatchError.badIndex(path) }
                items[i] = v
            case .remove:
                guard i < items.count else { throw PatchError.badIndex(path) }
                items.remove(at: i)
            }
        } else {
            guard i < items.count else { throw PatchError.badIndex(path) }
            items[i] = try apply(items[i], tokens: rest, path: path, op: op)
        }
        return Value(.sequence(items))
    default:
        throw PatchError.missing(path)
    }
}

// MARK: - Recording metrics

final class RecordingMetrics: MetricsFactory, @unchecked Sendable {
    private let lock = NSLock()
    private var counters: [String: RecordingCounter] = [:]
    private var timers: [String: RecordingTimer] = [:]

    static func key(_ label: String, _ dimensions: [(String, String)]) -> String {
        label + "{" + dimensions.map { "\($0.0)=\($0.1)" }.joined(separator: ",") + "}"
    }

    func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        lock.lock(); defer { lock.unlock() }
        let k = Self.key(label, dimensions)
        if let c = counters[k] { return c }
        let c = RecordingCounter()
        counters[k] = c
        return c
    }

    func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        lock.lock(); defer { lock.unlock() }
        let k = Self.key(label, dimensions)
        if let t = timers[k] { return t }
        let t = RecordingTimer()
        timers[k] = t
        return t
    }

    func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler { NOOPMetricsHandler.instance }
    func makeFloatingPointCounter(label: String, dimensions: [(String, String)]) -> any FloatingPointCounterHandler { NOOPMetricsHandler.instance }
    func makeMeter(label: String, dimensions: [(String, String)]) -> any MeterHandler { NOOPMetricsHandler.instance }
    func destroyCounter(_ handler: any CounterHandler) {}
    func destroyRecorder(_ handler: any RecorderHandler) {}
    func destroyTimer(_ handler: any TimerHandler) {}
    func destroyMeter(_ handler: any MeterHandler) {}
    func destroyFloatingPointCounter(_ handler: any FloatingPointCounterHandler) {}

    func count(_ label: String, _ dimensions: [(String, String)]) -> Int64 {
        lock.lock(); defer { lock.unlock() }
        return counters[Self.key(label, dimensions)]?.value ?? 0
    }

    func timings(_ label: String, _ dimensions: [(String, String)]) -> [Int64] {
        lock.lock(); defer { lock.unlock() }
        return timers[Self.key(label, dimensions)]?.values ?? []
    }
}

final class RecordingCounter: CounterHandler, @unchecked Sendable {
    private let lock = NSLock()
    private var _value: Int64 = 0
    var value: Int64 { lock.lock(); defer { lock.unlock() }; return _value }
    func increment(by amount: Int64) { lock.lock(); _value += amount; lock.unlock() }
    func reset() { lock.lock(); _value = 0; lock.unlock() }
}

final class RecordingTimer: TimerHandler, @unchecked Sendable {
    private let lock = NSLock()
    private var _values: [Int64] = []
    var values: [Int64] { lock.lock(); defer { lock.unlock() }; return _values }
    func recordNanoseconds(_ duration: Int64) { lock.lock(); _values.append(duration); lock.unlock() }
}

// MARK: - Recording logs

final class LogRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var _lines: [(level: Logger.Level, message: String, metadata: Logger.Metadata)] = []

    var lines: [(level: Logger.Level, message: String, metadata: Logger.Metadata)] {
        lock.lock(); defer { lock.unlock() }
        return _lines
    }

    func append(_ level: Logger.Level, _ message: String, _ metadata: Logger.Metadata) {
        lock.lock(); _lines.append((level, message, metadata)); lock.unlock()
    }

    var logger: Logger {
        Logger(label: "test") { _ in Handler(recorder: self) }
    }

    /// Everything logged, flattened to one string, for "never logs X" checks.
    var text: String {
        lines.map { line in
            line.message + " " + line.metadata.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        }.joined(separator: "\n")
    }

    struct Handler: LogHandler {
        let recorder: LogRecorder
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            recorder.append(event.level, event.message.description, self.metadata.merging(event.metadata ?? [:]) { $1 })
        }
    }
}
