#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a file atomically with a given mode.
///
/// Hand-written on POSIX calls because Foundation's `Data.write(options:
/// .atomic)` creates the temporary file with the default umask (0644) and
/// only then could we chmod it: a window in which a private key is readable.
/// Here the file is opened with `O_CREAT|O_EXCL` and the final mode, then
/// renamed over the target.
enum SecureFileWriter {
    static func writeFile(_ text: String, to path: String, mode: mode_t) throws {
        let tmp = path + ".tmp-\(getpid())"
        unlink(tmp)
        let fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { throw CertRotationError(.writeFailed, "\(tmp): errno \(errno)") }
        var ok = true
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { buf in
                write(fd, buf.baseAddress! + offset, buf.count - offset)
            }
            if n < 0 {
                if errno == EINTR { continue }
                ok = false
                break
            }
            offset += n
        }
        // The umask may have masked bits off at open(); set the mode exactly.
        if fchmod(fd, mode) != 0 { ok = false }
        if fsync(fd) != 0 { ok = false }
        close(fd)
        guard ok, rename(tmp, path) == 0 else {
            unlink(tmp)
            throw CertRotationError(.writeFailed, "\(path): errno \(errno)")
        }
        bytes.removeAll()
    }
}
