#if canImport(Glibc)
import Glibc
#endif

/// Process-wide memory housekeeping.
enum ProcessMemory {
    /// Hands freed heap pages back to the kernel. The first lists of a
    /// large cluster parse hundreds of MB of JSON that is dropped as soon
    /// as each object is stored compactly; glibc keeps such freed memory
    /// mapped (and counted in RSS) until asked, and a webhook's memory
    /// limit is about RSS.
    ///
    /// `malloc_trim` is a glibc extension the Swift Glibc module does not
    /// export, so it is looked up by name; on other C libraries this does
    /// nothing.
    static func releaseFreePages() {
        #if canImport(Glibc)
        typealias MallocTrim = @convention(c) (Int) -> Int32
        guard let symbol = dlsym(nil, "malloc_trim") else { return }
        _ = unsafeBitCast(symbol, to: MallocTrim.self)(0)
        #endif
    }
}
