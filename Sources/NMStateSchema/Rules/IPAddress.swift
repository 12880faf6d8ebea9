/// An IPv4 or IPv6 address literal, parsed the way nmstate's Rust core
/// (`std::net::IpAddr::from_str`) parses it, so the rules accept and reject
/// the same strings nmstate does.
///
/// Why not Foundation or `inet_pton`: `inet_pton` accepts forms Rust
/// rejects (IPv4 octets with leading zeros on some libcs) and the admission
/// server must answer identically on every platform.
public enum IPAddress: Sendable, Hashable, CustomStringConvertible {
    case v4(UInt32)
    case v6([UInt16])

    public var isV6: Bool { if case .v6 = self { return true } else { return false } }

    /// `std::net::IpAddr::from_str`: no zone index, no brackets, no prefix.
    public static func parse<S: StringProtocol>(_ text: S) -> IPAddress? {
        if let v4 = parseV4(text) { return .v4(v4) }
        if let v6 = parseV6(text) { return .v6(v6) }
        return nil
    }

    /// Dotted quad with exactly four decimal octets; a leading zero is only
    /// allowed for the octet `0` itself (Rust rejects `01`).
    public static func parseV4<S: StringProtocol>(_ text: S) -> UInt32? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var value: UInt32 = 0
        for part in parts {
            guard let octet = parseOctet(part) else { return nil }
            value = value << 8 | UInt32(octet)
        }
        return value
    }

    private static func parseOctet<S: StringProtocol>(_ part: S) -> UInt8? {
        guard !part.isEmpty, part.count <= 3, part.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        if part.count > 1 && part.first == "0" { return nil }
        guard let n = Int(part), n <= 255 else { return nil }
        return UInt8(n)
    }

    /// RFC 4291 text form: up to eight 1–4 digit hex groups, one `::`, and an
    /// optional trailing dotted quad.
    public static func parseV6<S: StringProtocol>(_ text: S) -> [UInt16]? {
        let s = String(text)
        guard s.contains(":") else { return nil }
        let halves = splitOnDoubleColon(s)
        guard halves.count <= 2 else { return nil }
        func groups(_ part: String, allowV4Tail: Bool) -> [UInt16]? {
            if part.isEmpty { return [] }
            let items = part.split(separator: ":", omittingEmptySubsequences: false)
            var out: [UInt16] = []
            for (i, item) in items.enumerated() {
                if i == items.count - 1, allowV4Tail, item.contains(".") {
                    guard let v4 = parseV4(item) else { return nil }
                    out.append(UInt16(v4 >> 16))
                    out.append(UInt16(v4 & 0xffff))
                    continue
                }
                guard !item.isEmpty, item.count <= 4, item.allSatisfy({ $0.isHexDigit && $0.isASCII }),
                      let g = UInt16(item, radix: 16) else { return nil }
                out.append(g)
            }
            return out
        }
        if halves.count == 1 {
            guard let g = groups(halves[0], allowV4Tail: true), g.count == 8 else { return nil }
            return g
        }
        guard let head = groups(halves[0], allowV4Tail: false),
              let tail = groups(halves[1], allowV4Tail: true),
              head.count + tail.count <= 7 else { return nil }
        return head + Array(repeating: 0, count: 8 - head.count - tail.count) + tail
    }

    /// Rust's `Display`: IPv6 with the longest run (two or more) of zero
    /// groups compressed, lower-case hex; IPv4-mapped addresses as
    /// `::ffff:a.b.c.d`. nmstate messages print addresses this way.
    public var description: String {
        switch self {
        case .v4(let v): return Self.formatV4(v)
        case .v6(let g):
            if g[0...4].allSatisfy({ $0 == 0 }) && g[5] == 0xffff {
                return "::ffff:" + Self.formatV4(UInt32(g[6]) << 16 | UInt32(g[7]))
            }
            var bestStart = -1, bestLen = 0, i = 0
            while i < 8 {
                if g[i] == 0 {
                    var j = i
                    while j < 8 && g[j] == 0 { j += 1 }
                    if j - i > bestLen { bestStart = i; bestLen = j - i }
                    i = j
                } else { i += 1 }
            }
            let hex = { (x: UInt16) in String(x, radix: 16) }
            if bestLen < 2 { return g.map(hex).joined(separator: ":") }
            let head = g[0..<bestStart].map(hex).joined(separator: ":")
            let tail = g[(bestStart + bestLen)...].map(hex).joined(separator: ":")
            return head + "::" + tail
        }
    }

    /// Splits on every `::` (a `:::` leaves an empty-group remainder that the
    /// group parser rejects).
    private static func splitOnDoubleColon(_ s: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var chars = Array(s)[...]
        while let c = chars.first {
            if c == ":" && chars.dropFirst().first == ":" {
                parts.append(current)
                current = ""
                chars = chars.dropFirst(2)
            } else {
                current.append(c)
                chars = chars.dropFirst()
            }
        }
        parts.append(current)
        return parts
    }

    static func formatV4(_ v: UInt32) -> String {
        "\(v >> 24).\((v >> 16) & 0xff).\((v >> 8) & 0xff).\(v & 0xff)"
    }

    /// `fe80::/10`.
    public var isIPv6LinkLocal: Bool {
        if case .v6(let g) = self { return g[0] & 0xffc0 == 0xfe80 }
        return false
    }

    /// The address with every bit after `prefix` cleared (nmstate masks
    /// route destinations before printing them).
    public func masked(_ prefix: Int) -> IPAddress {
        switch self {
        case .v4(let v):
            if prefix <= 0 { return .v4(0) }
            if prefix >= 32 { return self }
            return .v4(v & (UInt32.max << UInt32(32 - prefix)))
        case .v6(var g):
            if prefix >= 128 { return self }
            for i in 0..<8 {
                let bitsKept = max(0, min(16, prefix - i * 16))
                g[i] = bitsKept == 0 ? 0 : g[i] & (UInt16.max << UInt16(16 - bitsKept))
            }
            return .v6(g)
        }
    }

    /// Rust's `AddrParseError` text for the kind of address that was expected.
    public static let syntaxError = "invalid IP address syntax"
    public static let v4SyntaxError = "invalid IPv4 address syntax"
    public static let v6SyntaxError = "invalid IPv6 address syntax"
}

/// nmstate tells the families apart by the presence of a colon
/// (`is_ipv6_addr`), before any parsing.
func looksLikeIPv6(_ s: String) -> Bool { s.contains(":") }

/// Rust's `ParseIntError` text for a string that is not an unsigned number.
func parseIntError(_ s: Substring) -> String {
    if s.isEmpty { return "cannot parse integer from empty string" }
    if s.allSatisfy({ $0.isASCII && $0.isNumber }) { return "number too large to fit in target type" }
    return "invalid digit found in string"
}
