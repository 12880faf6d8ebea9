import GuardCore
import Logging

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A swift-log handler writing one JSON object per line:
/// `{"ts":"2025-01-02T03:04:05.678Z","level":"info","msg":"…","logger":"…",<metadata…>}`.
///
/// Written here because swift-log ships only a text handler and the
/// available JSON ones pull in Foundation's `JSONSerialization`, which is
/// slow on Linux and keeps Foundation on the request path. Each line goes
/// out in a single `write(2)`, so lines from different threads never
/// interleave (up to PIPE_BUF for pipes; container runtimes read whole
/// lines anyway).
/// Metadata keys are written after the fixed keys; a metadata key named
/// like a fixed key is prefixed with `_`.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    public var logLevel: Logger.Level = .info
    private let label: String
    private let fileDescriptor: Int32

    /// - Parameter fileDescriptor: 1 for stdout (default), 2 for stderr.
    public init(label: String, fileDescriptor: Int32 = 1, metadataProvider: Logger.MetadataProvider? = nil) {
        self.label = label
        self.fileDescriptor = fileDescriptor
        self.metadataProvider = metadataProvider
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var line = JSONLine.start(level: event.level, message: event.message.description, label: label)

        // The common case (an access log line) has only per-event metadata:
        // use it as is instead of copying it into a merged dictionary.
        let provided = metadataProvider?.get() ?? [:]
        var merged: Logger.Metadata
        if metadata.isEmpty, provided.isEmpty {
            merged = event.metadata ?? [:]
        } else {
            merged = metadata
            merged.merge(provided) { _, new in new }
            if let extra = event.metadata { merged.merge(extra) { _, new in new } }
        }
        for (key, value) in merged.sorted(by: { $0.key < $1.key }) {
            let safeKey = Self.isReserved(key) ? "_" + key : key
            line.key(safeKey)
            line.value(value)
        }
        if event.level >= .warning {
            line.field("source", "\(event.file.split(separator: "/").last ?? ""):\(event.line)")
        }
        line.finish()
        line.emit(to: fileDescriptor)
    }

    /// The fixed keys. Compared one by one rather than looked up in a set:
    /// hashing every metadata key of every access log line cost more than
    /// writing the line.
    static func isReserved(_ key: String) -> Bool {
        switch key.utf8.count {
        case 2: return key == "ts"
        case 3: return key == "msg"
        case 5: return key == "level"
        case 6: return key == "logger" || key == "source"
        default: return false
        }
    }

    /// RFC 3339 UTC with milliseconds, e.g. `2025-01-02T03:04:05.678Z`.
    static func timestamp() -> String {
        var line = JSONLine()
        line.bytes.removeAll(keepingCapacity: true)
        line.timestamp()
        return String(decoding: line.bytes.dropFirst().dropLast(), as: UTF8.self)
    }
}

/// Builds one JSON object as UTF-8 bytes.
struct JSONLine {
    var bytes: [UInt8] = [UInt8(ascii: "{")]
    private var first = true

    init() { bytes.reserveCapacity(512) }

    /// A line's fixed keys: `ts`, `level`, `msg`, `logger`.
    static func start(level: Logger.Level, message: String, label: String) -> JSONLine {
        var line = JSONLine()
        line.key("ts")
        line.timestamp()
        line.field("level", level.rawValue)
        line.field("msg", message)
        line.field("logger", label)
        return line
    }

    /// Writes the finished line with one `write(2)` (retried on EINTR and
    /// short writes; dropped on any other error: logging must not fail a
    /// request).
    func emit(to fileDescriptor: Int32) {
        bytes.withUnsafeBytes { buf in
            var offset = 0
            while offset < buf.count {
                let n = write(fileDescriptor, buf.baseAddress! + offset, buf.count - offset)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { return }
                offset += n
            }
        }
    }

    /// The current time as a quoted RFC 3339 UTC string with milliseconds,
    /// written straight into the line: Foundation's formatters (and string
    /// interpolation with padding) cost more than the rest of the line.
    mutating func timestamp() {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        bytes.append(UInt8(ascii: "\""))
        RFC3339.append(unixSeconds: Int64(ts.tv_sec), nanoseconds: Int(ts.tv_nsec), fractionDigits: 3, to: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    mutating func key(_ k: String) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        first = false
        string(k)
        bytes.append(UInt8(ascii: ":"))
    }

    mutating func field(_ k: String, _ v: String) {
        key(k)
        string(v)
    }

    /// Metadata values: strings as strings, lists as arrays, dictionaries as
    /// objects, `stringConvertible` as its description (a string: swift-log
    /// does not say whether it is a number).
    mutating func value(_ v: Logger.Metadata.Value) {
        switch v {
        case .string(let s): string(s)
        case .stringConvertible(let c): string(c.description)
        case .array(let items):
            bytes.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { bytes.append(UInt8(ascii: ",")) }
                value(item)
            }
            bytes.append(UInt8(ascii: "]"))
        case .dictionary(let dict):
            bytes.append(UInt8(ascii: "{"))
            for (i, (k, item)) in dict.sorted(by: { $0.key < $1.key }).enumerated() {
                if i > 0 { bytes.append(UInt8(ascii: ",")) }
                string(k)
                bytes.append(UInt8(ascii: ":"))
                value(item)
            }
            bytes.append(UInt8(ascii: "}"))
        }
    }

    /// A JSON string with RFC 8259 escaping (control characters as \u00XX).
    mutating func string(_ s: String) {
        JSONString.append(s, to: &bytes)
    }

    mutating func string(_ s: Substring) {
        JSONString.append(s, to: &bytes)
    }

    mutating func finish() {
        bytes.append(UInt8(ascii: "}"))
        bytes.append(0x0a)
    }
}
