#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Facts about the process's environment that decide how output looks:
/// whether a stream is a terminal, whether colour is wanted, how many cores
/// there are. Read once at the edge and passed down as plain values.
public enum Terminal {
    public enum Stream: Sendable { case standardOutput, standardError }

    public static func isTerminal(_ stream: Stream) -> Bool {
        isatty(stream == .standardOutput ? 1 : 2) == 1
    }

    /// `NO_COLOR` set to anything non-empty disables colour (no-color.org).
    public static var noColorRequested: Bool {
        guard let value = getenv("NO_COLOR") else { return false }
        return value.pointee != 0
    }

    /// Online processors, at least 1.
    public static var coreCount: Int {
        max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }

    /// Writes bytes to standard output or standard error, retrying short writes.
    public static func write(_ bytes: [UInt8], to stream: Stream) {
        let fd: Int32 = stream == .standardOutput ? 1 : 2
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Glue.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += n
            }
        }
    }

    public static func write(_ text: String, to stream: Stream) {
        write(Array(text.utf8), to: stream)
    }
}

private enum Glue {
    static func write(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
        #if canImport(Glibc)
        return Glibc.write(fd, buffer, count)
        #elseif canImport(Musl)
        return Musl.write(fd, buffer, count)
        #else
        return Darwin.write(fd, buffer, count)
        #endif
    }
}
