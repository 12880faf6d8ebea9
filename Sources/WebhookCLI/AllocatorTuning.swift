#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// glibc malloc settings for the server process.
///
/// Why: one admission request makes a few hundred short-lived allocations
/// of a few dozen sizes (the parsed review, rule results). glibc keeps only
/// 7 freed chunks per size in its per-thread cache by default; the rest go
/// through the fast bins and get consolidated. A larger cache (and no fast
/// bins) lets the same binary serve noticeably more /validate requests per
/// core (`Benchmarks/webhook.sh` measures it), with idle RSS unchanged.
///
/// glibc reads these tunables only when a process starts, so the server
/// re-executes itself once with `GLIBC_TUNABLES` set. Nothing happens when
/// the variable is already set (to anything, even empty: that is how an
/// operator opts out or chooses other values), or off glibc.
///
/// Process set-up for this package's executables, not library API.
package enum AllocatorTuning {
    /// The tunables the server asks for.
    package static let tunables = "glibc.malloc.tcache_count=200:glibc.malloc.mxfast=0"

    /// The environment to re-execute with, or nil when nothing should change.
    package static func tunedEnvironment(_ environment: [String]) -> [String]? {
        if environment.contains(where: { $0.hasPrefix("GLIBC_TUNABLES=") }) { return nil }
        return environment + ["GLIBC_TUNABLES=" + tunables]
    }

    /// Re-executes this program with ``tunables`` when needed; returns when
    /// it did not (already tuned, not glibc, or `execve` failed, in which
    /// case the server simply runs with glibc's defaults). Call it before
    /// any work with side effects: the process image is replaced.
    package static func reexecIfNeeded() {
        #if os(Linux) && canImport(Glibc)
        var current: [String] = []
        var entry = environ
        while let pointer = entry.pointee {
            current.append(String(cString: pointer))
            entry += 1
        }
        guard let tuned = tunedEnvironment(current) else { return }
        let arguments = CommandLine.arguments
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) }
        argv.append(nil)
        var envp: [UnsafeMutablePointer<CChar>?] = tuned.map { strdup($0) }
        envp.append(nil)
        execve("/proc/self/exe", argv, envp)
        // Only reached when execve failed: carry on untuned.
        for p in argv { free(p) }
        for p in envp { free(p) }
        #endif
    }
}
