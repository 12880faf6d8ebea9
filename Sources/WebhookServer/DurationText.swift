/// Parses durations written the Go/Kubernetes way: `10s`, `500ms`, `2m`,
/// `1h`, `1m30s`; a bare number means seconds.
///
/// Hand-written: the flags of a Kubernetes component are expected to read
/// like this, and neither ArgumentParser nor NIO parses them.
public enum DurationText {
    public static func parse(_ text: String) -> Duration? {
        let s = text.trimmingSpaces
        guard !s.isEmpty else { return nil }
        if let seconds = Double(s) {
            guard seconds >= 0, seconds < 1e9 else { return nil }
            return .nanoseconds(Int64(seconds * 1e9))
        }
        var total: Double = 0
        var rest = Substring(s)
        while !rest.isEmpty {
            let number = rest.prefix { $0.isNumber || $0 == "." }
            guard !number.isEmpty, let value = Double(number) else { return nil }
            rest = rest.dropFirst(number.count)
            let unit = rest.prefix { $0.isLetter || $0 == "µ" }
            rest = rest.dropFirst(unit.count)
            let scale: Double
            switch unit {
            case "ns": scale = 1
            case "us", "µs": scale = 1e3
            case "ms": scale = 1e6
            case "s": scale = 1e9
            case "m": scale = 60e9
            case "h": scale = 3600e9
            default: return nil
            }
            total += value * scale
        }
        guard total < 1e18 else { return nil }
        return .nanoseconds(Int64(total))
    }
}

extension String {
    fileprivate var trimmingSpaces: String {
        String(self.drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}
