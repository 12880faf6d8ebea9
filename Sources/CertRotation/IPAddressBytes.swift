/// Parses textual IP addresses into the network-order bytes an X.509
/// `iPAddress` SAN carries (4 bytes for IPv4, 16 for IPv6).
///
/// Hand-written because neither swift-certificates nor swift-nio exposes a
/// pure parser (NIO's `SocketAddress` goes through `inet_pton` and wants a
/// port); this one has no platform dependency and rejects anything that is
/// not a plain address (no zone ids, no prefixes).
public enum IPAddressBytes {
    /// Bytes of `text` if it is an IPv4 or IPv6 address, else nil.
    public static func parse(_ text: String) -> [UInt8]? {
        if text.contains(":") { return parseIPv6(Substring(text)) }
        return parseIPv4(Substring(text))
    }

    /// Dotted-quad IPv4: exactly four decimal parts 0...255, no leading zeros
    /// (ambiguous between octal and decimal in other parsers).
    static func parseIPv4(_ text: Substring) -> [UInt8]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(4)
        for part in parts {
            guard !part.isEmpty, part.count <= 3, part.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            if part.count > 1 && part.first == "0" { return nil }
            guard let value = UInt8(part) else { return nil }
            out.append(value)
        }
        return out
    }

    /// RFC 4291 text form: up to eight 16-bit hex groups, at most one `::`,
    /// optionally ending in an embedded IPv4 address (`::ffff:192.0.2.1`).
    static func parseIPv6(_ text: Substring) -> [UInt8]? {
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII }) else { return nil }
        let halves = text.split(separator: "::", omittingEmptySubsequences: false)
        guard halves.count <= 2 else { return nil }

        func groups(_ s: Substring, allowIPv4Tail: Bool) -> [UInt16]? {
            if s.isEmpty { return [] }
            let parts = s.split(separator: ":", omittingEmptySubsequences: false)
            var result: [UInt16] = []
            for (index, part) in parts.enumerated() {
                if allowIPv4Tail, index == parts.count - 1, part.contains(".") {
                    guard let v4 = parseIPv4(part) else { return nil }
                    result.append(UInt16(v4[0]) << 8 | UInt16(v4[1]))
                    result.append(UInt16(v4[2]) << 8 | UInt16(v4[3]))
                    continue
                }
                guard (1...4).contains(part.count), let value = UInt16(part, radix: 16) else { return nil }
                result.append(value)
            }
            return result
        }

        let full: [UInt16]
        if halves.count == 2 {
            guard let head = groups(halves[0], allowIPv4Tail: false),
                  let tail = groups(halves[1], allowIPv4Tail: true),
                  head.count + tail.count <= 7
            else { return nil }
            full = head + Array(repeating: 0, count: 8 - head.count - tail.count) + tail
        } else {
            guard let all = groups(text, allowIPv4Tail: true), all.count == 8 else { return nil }
            full = all
        }
        var out: [UInt8] = []
        out.reserveCapacity(16)
        for group in full {
            out.append(UInt8(group >> 8))
            out.append(UInt8(group & 0xff))
        }
        return out
    }
}
