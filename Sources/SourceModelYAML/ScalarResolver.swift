import SourceModel

/// Resolves YAML scalars to typed values the way Kubernetes reads manifests
/// (go-yaml v2 via sigs.k8s.io/yaml, YAML 1.1): quoted scalars are strings;
/// plain `yes`/`no`/`on`/`off`/`y`/`n`/`true`/`false` in their three spellings
/// are booleans; `~`, `null` and the empty scalar are null; integers may be
/// decimal, `0x` hex, `0o`/leading-zero octal or `0b` binary with `_`
/// separators; floats include `.inf` and `.nan`. Everything else is a string.
///
/// Written as a byte scanner rather than regular expressions: it runs once
/// per scalar on the lint hot path.
enum ScalarResolver {
    static func resolve(_ text: String, plain: Bool, tag: String?) -> Value.Content {
        if let tag, tag != "!" {
            switch tag {
            case "tag:yaml.org,2002:str": return .string(text)
            case "tag:yaml.org,2002:null": return .null
            case "tag:yaml.org,2002:bool": return resolveBool(text).map { .bool($0) } ?? .string(text)
            case "tag:yaml.org,2002:int": return resolveInt(text) ?? .string(text)
            case "tag:yaml.org,2002:float": return resolveFloat(text).map { .float($0) } ?? resolveInt(text) ?? .string(text)
            default: break
            }
        }
        guard plain else { return .string(text) }
        return resolvePlain(text)
    }

    static func resolvePlain(_ text: String) -> Value.Content {
        guard let first = text.utf8.first else { return .null }
        switch first {
        case UInt8(ascii: "~"):
            return text == "~" ? .null : .string(text)
        case UInt8(ascii: "n"), UInt8(ascii: "N"):
            if text == "null" || text == "Null" || text == "NULL" { return .null }
            if let b = resolveBool(text) { return .bool(b) }
            return .string(text)
        case UInt8(ascii: "t"), UInt8(ascii: "T"), UInt8(ascii: "f"), UInt8(ascii: "F"),
             UInt8(ascii: "y"), UInt8(ascii: "Y"), UInt8(ascii: "o"), UInt8(ascii: "O"):
            if let b = resolveBool(text) { return .bool(b) }
            return .string(text)
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."):
            if let i = resolveInt(text) { return i }
            if let d = resolveFloat(text) { return .float(d) }
            return .string(text)
        default:
            return .string(text)
        }
    }

    static func resolveBool(_ text: String) -> Bool? {
        switch text {
        case "true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON", "y", "Y": return true
        case "false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF", "n", "N": return false
        default: return nil
        }
    }

    /// YAML 1.1 integers. Returns `.int`, `.uint` (above Int64.max), or nil.
    static func resolveInt(_ text: String) -> Value.Content? {
        var bytes = Array(text.utf8)
        guard !bytes.isEmpty else { return nil }
        var negative = false
        if bytes[0] == UInt8(ascii: "-") || bytes[0] == UInt8(ascii: "+") {
            negative = bytes[0] == UInt8(ascii: "-")
            bytes.removeFirst()
        }
        guard !bytes.isEmpty, bytes.first != UInt8(ascii: "_") else { return nil }
        bytes.removeAll { $0 == UInt8(ascii: "_") }
        guard !bytes.isEmpty else { return nil }
        var radix: UInt64 = 10
        var digits = bytes[...]
        if bytes.count > 2, bytes[0] == UInt8(ascii: "0") {
            switch bytes[1] {
            case UInt8(ascii: "x"), UInt8(ascii: "X"): radix = 16; digits = bytes[2...]
            case UInt8(ascii: "o"): radix = 8; digits = bytes[2...]
            case UInt8(ascii: "b"): radix = 2; digits = bytes[2...]
            default: radix = 8; digits = bytes[1...]
            }
        } else if bytes.count == 2, bytes[0] == UInt8(ascii: "0") {
            radix = 8; digits = bytes[1...]
        }
        var magnitude: UInt64 = 0
        for b in digits {
            let d: UInt64
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt64(b - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt64(b - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt64(b - UInt8(ascii: "A") + 10)
            default: return nil
            }
            guard d < radix else { return nil }
            let (m1, o1) = magnitude.multipliedReportingOverflow(by: radix)
            let (m2, o2) = m1.addingReportingOverflow(d)
            if o1 || o2 { return nil }
            magnitude = m2
        }
        if negative {
            if magnitude <= UInt64(Int64.max) { return .int(-Int64(magnitude)) }
            if magnitude == UInt64(Int64.max) + 1 { return .int(Int64.min) }
            return nil
        }
        if magnitude <= UInt64(Int64.max) { return .int(Int64(magnitude)) }
        return .uint(magnitude)
    }

    static func resolveFloat(_ text: String) -> Double? {
        switch text {
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .infinity
        case "-.inf", "-.Inf", "-.INF": return -.infinity
        case ".nan", ".NaN", ".NAN": return .nan
        default: break
        }
        // [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?
        let u = Array(text.utf8)
        var i = 0
        if i < u.count, u[i] == UInt8(ascii: "-") || u[i] == UInt8(ascii: "+") { i += 1 }
        var intDigits = 0, fracDigits = 0
        while i < u.count, u[i] >= 48, u[i] <= 57 { i += 1; intDigits += 1 }
        if i < u.count, u[i] == UInt8(ascii: ".") {
            i += 1
            while i < u.count, u[i] >= 48, u[i] <= 57 { i += 1; fracDigits += 1 }
        }
        guard intDigits + fracDigits > 0 else { return nil }
        if i < u.count, u[i] == UInt8(ascii: "e") || u[i] == UInt8(ascii: "E") {
            i += 1
            if i < u.count, u[i] == UInt8(ascii: "-") || u[i] == UInt8(ascii: "+") { i += 1 }
            var expDigits = 0
            while i < u.count, u[i] >= 48, u[i] <= 57 { i += 1; expDigits += 1 }
            guard expDigits > 0 else { return nil }
        }
        guard i == u.count else { return nil }
        return Double(text)
    }
}
