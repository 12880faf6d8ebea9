/// An IPv4 or IPv6 address literal, parsed the way nmstate's Rust core
/// (`std::net::IpAddr::from_str`) parses it: the rules accept and reject
/// the same strings nmstate does, and certificate SANs are checked by the
/// same parser.
///
/// Why not Foundation or `inet_pton`: `inet_pton` accepts forms Rust
/// rejects (IPv4 octets with leading zeros on some libcs), NIO's
/// `SocketAddress` wants a port, and the admission server must answer
/// identically on every platform. No zone ids (`fe80::1%eth0`), brackets
/// or prefixes: callers split those off first.
package enum IPAddress: Sendable, Hashable, CustomStringConvertible {
    case v4(UInt32)
    case v6([UInt16])

    /// The address from its network-order bytes (4 or 16, as an X.509
    /// `iPAddress` SAN carries them); nil for any other count.
    package init?(bytes: [UInt8]) {
        switch bytes.count {
        case 4:
            self = .v4(bytes.reduce(0) { $0 << 8 | UInt32($1) })
        case 16:
            self = .v6(stride(from: 0, to: 16, by: 2).map { UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]) })
        default:
            return nil
        }
    }

    /// Network-order bytes: 4 for IPv4, 16 for IPv6.
    package var bytes: [UInt8] {
        switch self {
        case .v4(let v): return [UInt8(v >> 24), UInt8(v >> 16 & 0xff), UInt8(v >> 8 & 0xff), UInt8(v & 0xff)]
        case .v6(let groups): return groups.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xff)] }
        }
    }

    package var isV6: Bool { if case .v6 = self { return true } else { return false } }

    /// `std::net::IpAddr::from_str`: no zone index, no brackets, no prefix.
    package static func parse<S: StringProtocol>(_ text: S) -> IPAddress? {
        if let v4 = parseV4(text) { return .v4(v4) }
        if let v6 = parseV6(text) { return .v6(v6) }
        return nil
    }

    /// Dotted quad with exactly four decimal octets; a leading zero is only
    /// allowed for the octet `0` itself (Rust rejects `01`).
    ///
    /// Works on UTF-8 bytes: every route, address and DNS server goes
    /// through here on each admission request, so it avoids Character-level
    /// splitting.
    package static func parseV4<S: StringProtocol>(_ text: S) -> UInt32? {
        if let fast = text.utf8.withContiguousStorageIfAvailable({ parseV4(bytes: $0) }) { return fast }
        return Array(text.utf8).withUnsafeBufferPointer { parseV4(bytes: $0) }
    }

    static func parseV4(bytes: UnsafeBufferPointer<UInt8>) -> UInt32? {
        var value: UInt32 = 0, octet: UInt32 = 0, digits = 0, dots = 0
        for b in bytes {
            if b == UInt8(ascii: ".") {
                guard digits > 0, dots < 3 else { return nil }
                value = value << 8 | octet
                dots += 1; octet = 0; digits = 0
            } else if b &- UInt8(ascii: "0") < 10 {
                // A second digit after a leading `0` is a leading zero.
                if digits == 1 && octet == 0 { return nil }
                digits += 1
                octet = octet * 10 + UInt32(b &- UInt8(ascii: "0"))
                guard digits <= 3, octet <= 255 else { return nil }
            } else {
                return nil
            }
        }
        guard dots == 3, digits > 0 else { return nil }
        return value << 8 | octet
    }

    /// RFC 4291 text form: up to eight 1–4 digit hex groups, one `::`, and an
    /// optional trailing dotted quad.
    package static func parseV6<S: StringProtocol>(_ text: S) -> [UInt16]? {
        if let fast = text.utf8.withContiguousStorageIfAvailable({ parseV6(bytes: $0) }) { return fast }
        return Array(text.utf8).withUnsafeBufferPointer { parseV6(bytes: $0) }
    }

    static func parseV6(bytes: UnsafeBufferPointer<UInt8>) -> [UInt16]? {
        let colon = UInt8(ascii: ":")
        guard bytes.contains(colon) else { return nil }
        // The one `::` allowed; a second one (or `:::`) is rejected below.
        var gap: Int? = nil
        var i = 0
        while i + 1 < bytes.count {
            if bytes[i] == colon && bytes[i + 1] == colon {
                if gap != nil { return nil }
                gap = i
                i += 2
            } else {
                i += 1
            }
        }
        /// Parses `bytes[from..<to]` as `:`-separated groups into `out`;
        /// nil when a group is malformed or there are more than `limit`.
        func parseGroups(_ from: Int, _ to: Int, limit: Int, allowV4Tail: Bool, into out: inout [UInt16]) -> Bool {
            if from == to { return true }
            var start = from
            while true {
                var end = start
                while end < to && bytes[end] != colon { end += 1 }
                let isLast = end == to
                if isLast && allowV4Tail && bytes[start..<end].contains(UInt8(ascii: ".")) {
                    guard out.count + 2 <= limit,
                          let v4 = parseV4(bytes: UnsafeBufferPointer(rebasing: bytes[start..<end])) else { return false }
                    out.append(UInt16(v4 >> 16))
                    out.append(UInt16(v4 & 0xffff))
                    return true
                }
                guard end > start, end - start <= 4, out.count < limit else { return false }
                var g: UInt16 = 0
                for b in bytes[start..<end] {
                    guard let d = hexValue(b) else { return false }
                    g = g << 4 | UInt16(d)
                }
                out.append(g)
                if isLast { return true }
                start = end + 1
            }
        }
        var head: [UInt16] = []
        head.reserveCapacity(8)
        guard let gap else {
            guard parseGroups(0, bytes.count, limit: 8, allowV4Tail: true, into: &head), head.count == 8 else { return nil }
            return head
        }
        var tail: [UInt16] = []
        guard parseGroups(0, gap, limit: 7, allowV4Tail: false, into: &head),
              parseGroups(gap + 2, bytes.count, limit: 7, allowV4Tail: true, into: &tail),
              head.count + tail.count <= 7 else { return nil }
        head.append(contentsOf: repeatElement(0, count: 8 - head.count - tail.count))
        head.append(contentsOf: tail)
        return head
    }

    private static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return b - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return b - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return b - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// Rust's `Display`: IPv6 with the longest run (two or more) of zero
    /// groups compressed, lower-case hex; IPv4-mapped addresses as
    /// `::ffff:a.b.c.d`. nmstate messages print addresses this way.
    package var description: String {
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

    static func formatV4(_ v: UInt32) -> String {
        "\(v >> 24).\((v >> 16) & 0xff).\((v >> 8) & 0xff).\(v & 0xff)"
    }

    /// `fe80::/10`.
    package var isIPv6LinkLocal: Bool {
        if case .v6(let g) = self { return g[0] & 0xffc0 == 0xfe80 }
        return false
    }

    /// The address with every bit after `prefix` cleared (nmstate masks
    /// route destinations before printing them).
    package func masked(_ prefix: Int) -> IPAddress {
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
}
