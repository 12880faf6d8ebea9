/// JSON string literals (RFC 8259 section 7): the one escaping rule every
/// JSON writer in the package uses, so log lines, reports and admission
/// responses quote the same way.
///
/// `"` and `\` are escaped, `\n`, `\r` and `\t` get their short forms, the
/// other control characters `\u00XX`; everything else, non-ASCII
/// included, is copied as UTF-8 (valid JSON, and readable in logs).
///
/// The entry points take `String` and `Substring`, not any
/// `StringProtocol`: a generic across the module boundary runs
/// unspecialised, through a witness call per byte, and every admission
/// response and access-log line goes through here. Both forward to one
/// loop over the contiguous UTF-8.
package enum JSONString {
    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    /// Appends `s` as a quoted JSON string to `out`.
    package static func append(_ s: String, to out: inout [UInt8]) {
        var s = s
        s.withUTF8 { append(utf8: $0, to: &out) }
    }

    /// Appends `s` as a quoted JSON string to `out`.
    package static func append(_ s: Substring, to out: inout [UInt8]) {
        var s = s
        s.withUTF8 { append(utf8: $0, to: &out) }
    }

    /// Appends the UTF-8 text `utf8` as a quoted JSON string to `out`.
    package static func append(utf8: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        // Most strings need no escaping: copy them whole.
        if !utf8.contains(where: needsEscape) {
            out.append(contentsOf: utf8)
        } else {
            for b in utf8 {
                switch b {
                case UInt8(ascii: "\""): out.append(UInt8(ascii: "\\")); out.append(b)
                case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\")); out.append(b)
                case 0x0A: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "n"))
                case 0x0D: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "r"))
                case 0x09: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "t"))
                case 0..<0x20:
                    out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
                    out.append(hex[Int(b >> 4)])
                    out.append(hex[Int(b & 0xF)])
                default: out.append(b)
                }
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// `s` as a quoted JSON string.
    package static func quoted(_ s: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count + 2)
        append(s, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `s` as a quoted JSON string.
    package static func quoted(_ s: Substring) -> String {
        quoted(String(s))
    }

    private static func needsEscape(_ b: UInt8) -> Bool {
        b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\")
    }
}
