/// Parses sizes as `--max-size` takes them: `3145728`, `512K`, `512KiB`,
/// `3M`, `3Mi`, `3MiB`, `1G`. Both decimal-looking and binary suffixes mean
/// powers of 1024: a size limit is about memory, and the apiserver's
/// 3 MiB limit is what users copy.
public enum ByteSize {
    public static func parse(_ text: String) -> Int? {
        var digits = Substring(text.trimmingSpaces)
        var multiplier = 1
        let suffixes: [(String, Int)] = [
            ("kib", 1 << 10), ("mib", 1 << 20), ("gib", 1 << 30),
            ("ki", 1 << 10), ("mi", 1 << 20), ("gi", 1 << 30),
            ("kb", 1 << 10), ("mb", 1 << 20), ("gb", 1 << 30),
            ("k", 1 << 10), ("m", 1 << 20), ("g", 1 << 30), ("b", 1),
        ]
        let lowered = digits.lowercased()
        for (suffix, value) in suffixes where lowered.hasSuffix(suffix) {
            digits = digits.dropLast(suffix.count)
            multiplier = value
            break
        }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(digits) else { return nil }
        let (product, overflow) = n.multipliedReportingOverflow(by: multiplier)
        return overflow || product <= 0 ? nil : product
    }
}

extension String {
    fileprivate var trimmingSpaces: Substring {
        var s = Substring(self)
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return s
    }
}
