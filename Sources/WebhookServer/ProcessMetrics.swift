import NIOConcurrencyHelpers
import Prometheus

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The standard `process_*` metrics (as Prometheus' Go and Python clients
/// export them), read from `/proc/self` right before each scrape: the
/// dashboards and alerts people already have for memory, descriptors and
/// CPU then work on nncp-guard unchanged.
///
/// Read without Foundation (the slim binary links none). On a system
/// without `/proc` the values stay at zero.
final class ProcessMetrics: Sendable {
    private let cpuSeconds: Counter
    private let residentBytes: Gauge
    private let virtualBytes: Gauge
    private let openFDs: Gauge
    private let maxFDs: Gauge
    private let startTime: Gauge
    /// CPU seconds already added to the counter: Prometheus counters only
    /// go up, so each scrape adds what was used since the last one.
    private let reportedCPU = NIOLockedValueBox<Double>(0)

    init(registry: PrometheusCollectorRegistry) {
        func descriptor(_ name: String, _ help: String) -> MetricNameDescriptor {
            MetricNameDescriptor(metricName: name, unitName: "", helpText: help)
        }
        cpuSeconds = registry.makeCounter(descriptor: descriptor("process_cpu_seconds_total", "Total user and system CPU time spent in seconds."))
        residentBytes = registry.makeGauge(descriptor: descriptor("process_resident_memory_bytes", "Resident memory size in bytes."))
        virtualBytes = registry.makeGauge(descriptor: descriptor("process_virtual_memory_bytes", "Virtual memory size in bytes."))
        openFDs = registry.makeGauge(descriptor: descriptor("process_open_fds", "Number of open file descriptors."))
        maxFDs = registry.makeGauge(descriptor: descriptor("process_max_fds", "Maximum number of open file descriptors."))
        startTime = registry.makeGauge(descriptor: descriptor("process_start_time_seconds", "Start time of the process since unix epoch in seconds."))
    }

    /// Reads the current values into the metrics.
    func update() {
        #if os(Linux)
        if let stat = Self.stat() {
            residentBytes.set(to: stat.residentBytes)
            virtualBytes.set(to: stat.virtualBytes)
            if let start = stat.startTimeSeconds { startTime.set(to: start) }
            let added = reportedCPU.withLockedValue { reported -> Double in
                let delta = stat.cpuSeconds - reported
                guard delta > 0 else { return 0 }
                reported = stat.cpuSeconds
                return delta
            }
            if added > 0 { cpuSeconds.increment(by: added) }
        }
        if let open = Self.openDescriptorCount() { openFDs.set(to: Double(open)) }
        var limit = rlimit()
        if getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) == 0 { maxFDs.set(to: Double(limit.rlim_cur)) }
        #endif
    }

    struct Stat {
        var cpuSeconds: Double
        var virtualBytes: Double
        var residentBytes: Double
        var startTimeSeconds: Double?
    }

    /// `/proc/self/stat`, fields as proc(5) numbers them: utime (14),
    /// stime (15), starttime (22), vsize (23), rss (24).
    static func stat() -> Stat? {
        #if os(Linux)
        guard let text = readFile("/proc/self/stat") else { return nil }
        return parseStat(text, ticksPerSecond: Double(sysconf(Int32(_SC_CLK_TCK))), pageSize: Double(sysconf(Int32(_SC_PAGESIZE))),
                         bootTime: bootTime())
        #else
        return nil
        #endif
    }

    /// The fields after the command name, which is in parentheses and may
    /// itself hold spaces and parentheses: everything up to the last `)`.
    static func parseStat(_ text: String, ticksPerSecond: Double, pageSize: Double, bootTime: Double?) -> Stat? {
        guard let close = text.lastIndex(of: ")") else { return nil }
        // Field 3 (state) is the first after the name.
        let fields = text[text.index(after: close)...].split(separator: " ")
        func field(_ number: Int) -> Double? {
            let index = number - 3
            return index < fields.count ? Double(fields[index]) : nil
        }
        guard ticksPerSecond > 0, let utime = field(14), let stime = field(15), let vsize = field(23), let rss = field(24) else { return nil }
        let start = field(22).flatMap { ticks in bootTime.map { $0 + ticks / ticksPerSecond } }
        return Stat(cpuSeconds: (utime + stime) / ticksPerSecond, virtualBytes: vsize, residentBytes: rss * pageSize, startTimeSeconds: start)
    }

    /// `btime` of `/proc/stat`: when the system booted, in Unix seconds.
    static func bootTime() -> Double? {
        guard let text = readFile("/proc/stat") else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("btime ") {
            return Double(line.dropFirst("btime ".count).trimmingPrefix(while: { $0 == " " }))
        }
        return nil
    }

    static func openDescriptorCount() -> Int? {
        #if os(Linux)
        guard let directory = opendir("/proc/self/fd") else { return nil }
        defer { closedir(directory) }
        var count = 0
        while let entry = readdir(directory) {
            let isDot = withUnsafeBytes(of: entry.pointee.d_name) { name in name.first == UInt8(ascii: ".") }
            if !isDot { count += 1 }
        }
        // The directory being read holds a descriptor of its own.
        return max(0, count - 1)
        #else
        return nil
        #endif
    }

    /// A small text file read whole (files under /proc report size 0, so
    /// read until end of file).
    static func readFile(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { break }
            bytes.append(contentsOf: chunk[..<n])
            if bytes.count > 1 << 20 { break }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
