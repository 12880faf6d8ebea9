import GuardCore

/// Writes ``Value`` trees as compact JSON.
///
/// Hand-written because the response path writes one of these per admission
/// request and Foundation's `JSONSerialization` writer costs ~240 µs for a
/// small review (see the project's server notes); this writer appends bytes
/// to one buffer and never escapes `/`.
public enum JSONWriter {
    public static func bytes(_ value: Value, into out: inout [UInt8]) {
        switch value.content {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .int(let i): out.append(contentsOf: String(i).utf8)
        case .uint(let u): out.append(contentsOf: String(u).utf8)
        case .float(let d):
            if d.isFinite {
                // A whole float keeps its `.0` so it reads back as a float:
                // `Value` keeps integers and floats apart, as nmstate's typed
                // fields do. (Found by the fuzzer: `225.0` came back `225`.)
                if d == d.rounded(), abs(d) < 1e15 { out.append(contentsOf: (String(Int64(d)) + ".0").utf8) }
                else { out.append(contentsOf: String(d).utf8) }
            } else {
                out.append(contentsOf: "null".utf8)
            }
        case .string(let s): writeString(s, into: &out)
        case .sequence(let items):
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                bytes(item, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .mapping(let members):
            out.append(UInt8(ascii: "{"))
            for (i, m) in members.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                writeString(m.key, into: &out)
                out.append(UInt8(ascii: ":"))
                bytes(m.value, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    public static func bytes(_ value: Value) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        bytes(value, into: &out)
        return out
    }

    public static func string(_ value: Value) -> String {
        String(decoding: bytes(value), as: UTF8.self)
    }

    /// Appends `s` as a JSON string literal (with quotes).
    public static func writeString(_ s: String, into out: inout [UInt8]) {
        JSONString.append(s, to: &out)
    }

    /// A JSON string literal for `s` (with quotes).
    public static func quoted(_ s: String) -> String {
        JSONString.quoted(s)
    }
}
