#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension EnforcementPolicy {
    /// What `serve`, `nncp-guard-slim` and `lint` do at start-up: the
    /// `--config` file (if any), then the `--rule-action` flags on top, then
    /// every pattern checked against ``RuleRegistry``. Any problem is fatal
    /// and reported with file, line and column, so a typo never silently
    /// falls back to defaults.
    public init(configPath: String?, format: ConfigFileFormat, ruleActions: [String] = []) throws(EnforcementConfigError) {
        if let configPath {
            let bytes = try Self.readConfigFile(configPath)
            try self.init(configBytes: bytes, format: format, source: configPath)
        } else {
            self.init()
        }
        try applyRuleActions(ruleActions)
        try checkRuleIDs(source: configPath ?? "command line")
    }

    /// Reads a whole (small) file with libc: the module stays free of
    /// Foundation, and a config file needs nothing more.
    static func readConfigFile(_ path: String) throws(EnforcementConfigError) -> [UInt8] {
        guard let file = fopen(path, "rb") else {
            let reason = String(cString: strerror(errno))
            throw EnforcementConfigError(source: path, issues: [.init("cannot read the configuration file: \(reason)")])
        }
        defer { fclose(file) }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let n = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            if n > 0 { out.append(contentsOf: chunk[0..<n]) }
            if n < chunk.count {
                if ferror(file) != 0 {
                    throw EnforcementConfigError(source: path, issues: [.init("cannot read the configuration file: read error")])
                }
                break
            }
            if out.count > 1 << 20 {
                throw EnforcementConfigError(source: path, issues: [.init("the configuration file is larger than 1 MiB")])
            }
        }
        return out
    }
}
