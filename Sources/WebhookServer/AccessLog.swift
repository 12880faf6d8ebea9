import Logging

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the server writes its one line per request.
///
/// By default a swift-log `Logger`, like every other line. With the JSON
/// log format the executables use ``jsonLines(fileDescriptor:label:level:)``
/// instead, which writes the line ``JSONLogHandler`` would write, straight
/// from the request's fields: going through `Logger.Metadata` built a
/// dictionary (hashing every key), sorted it and boxed every value, once
/// per request, and at about 8 µs that was a tenth of a validate request's
/// server time.
///
/// The fields of a JSON access line come in a fixed order (the server's
/// `duration_us`, `method`, `path`, `status`, then the handler's fields as
/// it lists them) rather than sorted; everything else about the line (the
/// `ts`, `level`, `msg`, `logger` keys, string values, the `handler_` and
/// `_` prefixes for clashing names, one `write(2)` per line) is the same.
public struct AccessLog: Sendable {
    enum Destination: Sendable {
        case logger(Logger)
        case jsonLines(fileDescriptor: Int32, label: String, level: Logger.Level)
    }

    let destination: Destination

    /// Lines go to `logger` at `info` (requests) and `debug` (connection errors).
    public static func logger(_ logger: Logger) -> AccessLog {
        AccessLog(destination: .logger(logger))
    }

    /// JSON lines written directly to `fileDescriptor` when `level` lets
    /// them through, as ``JSONLogHandler`` with that label would.
    public static func jsonLines(fileDescriptor: Int32 = 2, label: String, level: Logger.Level) -> AccessLog {
        AccessLog(destination: .jsonLines(fileDescriptor: fileDescriptor, label: label, level: level))
    }

    /// The line for one answered request. The server's keys win; a handler
    /// field of the same name is kept under a `handler_` prefix.
    func request(method: String, path: Substring, status: Int, durationMicroseconds: Int64, fields: [(String, String)]) {
        // NIO's parser has already refused control characters in the path;
        // the cap keeps a scanner's 8 KB path out of the log.
        let shownPath = path.prefix(256)
        switch destination {
        case .logger(let logger):
            guard logger.logLevel <= .info else { return }
            // Sized for the handler's fields too, so the dictionary does
            // not regrow on every request.
            var metadata = Logger.Metadata(minimumCapacity: 4 + fields.count)
            metadata["method"] = .string(method)
            metadata["path"] = .string(String(shownPath))
            metadata["status"] = .stringConvertible(status)
            metadata["duration_us"] = .stringConvertible(durationMicroseconds)
            for (key, value) in fields {
                metadata[Self.isServerKey(key) ? "handler_" + key : key] = .string(value)
            }
            logger.info("request", metadata: metadata)
        case .jsonLines(let fd, let label, let level):
            guard level <= .info else { return }
            var line = JSONLine.start(level: .info, message: "request", label: label)
            line.field("duration_us", String(durationMicroseconds))
            line.field("method", method)
            line.key("path")
            line.string(shownPath)
            line.field("status", String(status))
            for (key, value) in fields {
                let name = Self.isServerKey(key) ? "handler_" + key : key
                line.field(JSONLogHandler.isReserved(name) ? "_" + name : name, value)
            }
            line.finish()
            line.emit(to: fd)
        }
    }

    /// A connection that ended in an error (TLS, I/O); debug level.
    func connectionError(_ error: any Error) {
        switch destination {
        case .logger(let logger):
            logger.debug("connection error", metadata: ["error": "\(error)"])
        case .jsonLines(let fd, let label, let level):
            guard level <= .debug else { return }
            var line = JSONLine.start(level: .debug, message: "connection error", label: label)
            line.field("error", "\(error)")
            line.finish()
            line.emit(to: fd)
        }
    }

    static func isServerKey(_ key: String) -> Bool {
        switch key.utf8.count {
        case 4: return key == "path"
        case 6: return key == "method" || key == "status"
        case 11: return key == "duration_us"
        default: return false
        }
    }
}
