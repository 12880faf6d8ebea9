#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The few file-system calls lint needs, on POSIX directly.
///
/// Why not Foundation: `FileManager` and `Data` cost an extra copy and an
/// allocation per file, and lint reads thousands of small files. Reading
/// into one `[UInt8]` sized from `fstat` is what the YAML and JSON readers
/// want anyway.
enum FileSystem {
    enum EntryKind: Sendable, Equatable {
        case file
        case directory
        case other
        case missing
    }

    /// What reading a file produced.
    enum ReadResult: Sendable {
        case bytes([UInt8])
        /// The file is larger than the limit; `size` is nil for streams,
        /// whose size is not known up front.
        case tooLarge(size: Int?)
        /// Why reading failed, without the path (callers add it where the
        /// report does not already show it).
        case failed(String)
    }

    /// The kind of `path`, following symbolic links when `follow` is true.
    static func kind(of path: String, follow: Bool = true) -> EntryKind {
        var st = stat()
        let rc = follow ? stat(path, &st) : lstat(path, &st)
        guard rc == 0 else { return .missing }
        switch st.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .directory
        case S_IFLNK: return .other
        default: return .other
        }
    }

    /// True when `path` is a symbolic link (not followed).
    static func isSymbolicLink(_ path: String) -> Bool {
        var st = stat()
        guard lstat(path, &st) == 0 else { return false }
        return st.st_mode & S_IFMT == S_IFLNK
    }

    /// Names in a directory, without `.` and `..`, in byte order.
    static func entries(of directory: String) -> Result<[String], IOFailure> {
        guard let dir = opendir(directory) else { return .failure(IOFailure(path: directory, errno: errno)) }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw -> String in
                let chars = raw.bindMemory(to: CChar.self)
                return String(cString: chars.baseAddress!)
            }
            if name == "." || name == ".." { continue }
            names.append(name)
        }
        names.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        return .success(names)
    }

    /// Reads a whole file, refusing files over `limit` bytes before reading
    /// them (a regular file's size is known from `fstat`).
    static func read(_ path: String, limit: Int) -> ReadResult {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return .failed(IOFailure(path: path, errno: errno).reason) }
        defer { close(fd) }
        var st = stat()
        if fstat(fd, &st) == 0, st.st_mode & S_IFMT == S_IFDIR {
            return .failed("is a directory")
        }
        if fstat(fd, &st) == 0, st.st_mode & S_IFMT == S_IFREG {
            let size = Int(st.st_size)
            if size > limit { return .tooLarge(size: size) }
            return readAll(fd, expected: size, limit: limit, name: path)
        }
        return readAll(fd, expected: 64 * 1024, limit: limit, name: path)
    }

    /// Reads standard input to its end (or past `limit`).
    static func readStandardInput(limit: Int) -> ReadResult {
        readAll(0, expected: 64 * 1024, limit: limit, name: "<stdin>")
    }

    private static func readAll(_ fd: Int32, expected: Int, limit: Int, name: String) -> ReadResult {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(min(max(expected, 0), limit) + 1)
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glue.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                return .failed(IOFailure(path: name, errno: errno).reason)
            }
            if n == 0 { break }
            buffer.append(contentsOf: chunk[0..<n])
            if buffer.count > limit { return .tooLarge(size: nil) }
        }
        return .bytes(buffer)
    }

    /// The working directory, for turning absolute paths into the relative
    /// ones SARIF and CI annotations want.
    static func currentDirectory() -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        return buffer.withUnsafeMutableBufferPointer { b -> String? in
            guard let p = getcwd(b.baseAddress, b.count) else { return nil }
            return String(cString: p)
        }
    }
}

/// A failed system call on a path, worded like the shell would. The code
/// is the system's own (`errno`): callers match on `ENOENT`, `EACCES`, ….
struct IOFailure: Error, Sendable, CustomStringConvertible {
    var path: String
    var code: Int32

    init(path: String, errno code: Int32) {
        self.path = path
        self.code = code
    }

    /// `No such file or directory`, as `strerror` words it.
    var reason: String { String(cString: strerror(code)) }

    var message: String { "\(path): \(reason)" }

    var description: String { message }
}

/// Disambiguates libc's `read` from the `FileSystem.read` above.
private enum Glue {
    static func read(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
        #if canImport(Glibc)
        return Glibc.read(fd, buffer, count)
        #elseif canImport(Musl)
        return Musl.read(fd, buffer, count)
        #else
        return Darwin.read(fd, buffer, count)
        #endif
    }
}
