/// Standard base64 (RFC 4648 section 4, with padding): Kubernetes'
/// encoding of `[]byte` fields (`response.patch`, Secret `data`,
/// kubeconfig `*-data`, webhook `caBundle`).
///
/// Written once here rather than taken from Foundation so that the slim
/// binary's request path (which encodes every patch) links no Foundation.
package enum Base64 {
    private static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// Appends the padded encoding of `bytes` to `out`.
    package static func encode(_ bytes: [UInt8], into out: inout [UInt8]) {
        out.reserveCapacity(out.count + (bytes.count + 2) / 3 * 4)
        var i = 0
        let n = bytes.count
        while i + 3 <= n {
            let v = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2])
            out.append(alphabet[Int(v >> 18 & 63)])
            out.append(alphabet[Int(v >> 12 & 63)])
            out.append(alphabet[Int(v >> 6 & 63)])
            out.append(alphabet[Int(v & 63)])
            i += 3
        }
        let rest = n - i
        if rest > 0 {
            let v = UInt32(bytes[i]) << 16 | (rest == 2 ? UInt32(bytes[i + 1]) << 8 : 0)
            out.append(alphabet[Int(v >> 18 & 63)])
            out.append(alphabet[Int(v >> 12 & 63)])
            out.append(rest == 2 ? alphabet[Int(v >> 6 & 63)] : UInt8(ascii: "="))
            out.append(UInt8(ascii: "="))
        }
    }

    /// The padded encoding of `bytes`.
    package static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        encode(bytes, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// The padded encoding of the UTF-8 of `text` (a PEM bundle, a token).
    package static func encode(_ text: String) -> String {
        encode(Array(text.utf8))
    }

    /// Decodes padded standard base64, as Go's `encoding/json` requires of
    /// a `[]byte` field; nil on any other input (no whitespace, no missing
    /// padding, no URL alphabet).
    package static func decode(_ text: String) -> [UInt8]? {
        decode(utf8: Array(text.utf8))
    }

    /// Like ``decode(_:)``, but ignores ASCII whitespace (line breaks in a
    /// hand-edited kubeconfig or a wrapped PEM bundle) and supplies missing
    /// `=` padding, which people who encode by hand often drop.
    package static func decodeLenient(_ text: String) -> [UInt8]? {
        var chars = text.utf8.filter { !($0 == 0x20 || (0x09...0x0D).contains($0)) }
        switch chars.count % 4 {
        case 1: return nil
        case 2: chars += [UInt8(ascii: "="), UInt8(ascii: "=")]
        case 3: chars.append(UInt8(ascii: "="))
        default: break
        }
        return decode(utf8: chars)
    }

    private static func decode(utf8 chars: [UInt8]) -> [UInt8]? {
        guard chars.count % 4 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(chars.count / 4 * 3)
        var i = 0
        while i < chars.count {
            var v: UInt32 = 0
            var pad = 0
            for j in 0..<4 {
                let c = chars[i + j]
                let d: UInt32
                switch c {
                case UInt8(ascii: "A")...UInt8(ascii: "Z"): d = UInt32(c - 65)
                case UInt8(ascii: "a")...UInt8(ascii: "z"): d = UInt32(c - 71)
                case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(c) + 4
                case UInt8(ascii: "+"): d = 62
                case UInt8(ascii: "/"): d = 63
                case UInt8(ascii: "=") where i + 4 == chars.count && j >= 2:
                    d = 0
                    pad += 1
                default: return nil
                }
                // Padding may only be followed by padding.
                if pad > 0 && c != UInt8(ascii: "=") { return nil }
                v = v << 6 | d
            }
            out.append(UInt8(v >> 16 & 0xFF))
            if pad < 2 { out.append(UInt8(v >> 8 & 0xFF)) }
            if pad < 1 { out.append(UInt8(v & 0xFF)) }
            i += 4
        }
        return out
    }
}
