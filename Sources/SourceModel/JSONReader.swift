/// A strict RFC 8259 JSON reader that produces ``Value`` trees with source
/// locations.
///
/// Why not Foundation's `JSONSerialization`: it loses integer/float/boolean
/// distinctions (`NSNumber`), has no positions for diagnostics, and the
/// admission path parses one of these per request, where a byte scanner is
/// several times cheaper.
public struct JSONReader: Sendable {
    public var limits: LoadLimits

    public init(limits: LoadLimits = .default) { self.limits = limits }

    public func parse(_ bytes: [UInt8]) throws(LoadError) -> Value {
        try bytes.withUnsafeBufferPointer { (buf) throws(LoadError) -> Value in try parse(buf) }
    }

    public func parse(_ text: String) throws(LoadError) -> Value {
        try parse(Array(text.utf8))
    }

    public func parse(_ buffer: UnsafeBufferPointer<UInt8>) throws(LoadError) -> Value {
        if buffer.count > limits.maxBytes {
            throw LoadError(.tooLarge, "document is \(buffer.count) bytes, over the limit of \(limits.maxBytes) bytes")
        }
        var scanner = JSONScanner(bytes: buffer, maxDepth: limits.maxDepth)
        scanner.skipWhitespace()
        let value = try scanner.parseValue(depth: 0)
        scanner.skipWhitespace()
        guard scanner.index == buffer.count else {
            throw scanner.error("unexpected data after the JSON value")
        }
        return value
    }
}

private struct JSONScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    let maxDepth: Int
    var index = 0
    var line = 1
    var lineStart = 0

    init(bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    var location: SourceLocation { SourceLocation(line: line, column: index - lineStart + 1) }

    func error(_ message: String) -> LoadError {
        LoadError(.syntax, message, at: location)
    }

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0D: index += 1
            case 0x0A: index += 1; line += 1; lineStart = index
            default: return
            }
        }
    }

    mutating func parseValue(depth: Int) throws(LoadError) -> Value {
        guard index < bytes.count else { throw error("unexpected end of input") }
        let loc = location
        switch bytes[index] {
        case UInt8(ascii: "{"):
            guard depth < maxDepth else { throw LoadError(.tooDeep, "nesting is deeper than \(maxDepth) levels", at: loc) }
            index += 1
            var members: [Value.Member] = []
            members.reserveCapacity(8)
            var seenKeys: Set<String> = []
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; return Value(.mapping(members), at: loc) }
            while true {
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw error("expected a string key") }
                let keyLoc = location
                let key = try parseString()
                // Small objects (all of nmstate's) scan; a large one switches
                // to a set so a body with 100,000 keys stays linear.
                let duplicate: Bool
                if members.count < 16 {
                    duplicate = members.contains { sameKey($0.key, key) }
                } else {
                    if seenKeys.isEmpty { seenKeys = Set(members.lazy.map(\.key)) }
                    duplicate = !seenKeys.insert(key).inserted
                }
                if duplicate {
                    throw LoadError(.duplicateKey, "duplicate object key \"\(key)\"", at: keyLoc)
                }
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw error("expected ':' after an object key") }
                index += 1
                skipWhitespace()
                let v = try parseValue(depth: depth + 1)
                members.append(Value.Member(key: key, keyLocation: keyLoc, value: v))
                skipWhitespace()
                guard index < bytes.count else { throw error("unexpected end of input in an object") }
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                if bytes[index] == UInt8(ascii: "}") { index += 1; return Value(.mapping(members), at: loc) }
                throw error("expected ',' or '}' in an object")
            }
        case UInt8(ascii: "["):
            guard depth < maxDepth else { throw LoadError(.tooDeep, "nesting is deeper than \(maxDepth) levels", at: loc) }
            index += 1
            var items: [Value] = []
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; return Value(.sequence(items), at: loc) }
            while true {
                skipWhitespace()
                items.append(try parseValue(depth: depth + 1))
                skipWhitespace()
                guard index < bytes.count else { throw error("unexpected end of input in an array") }
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                if bytes[index] == UInt8(ascii: "]") { index += 1; return Value(.sequence(items), at: loc) }
                throw error("expected ',' or ']' in an array")
            }
        case UInt8(ascii: "\""):
            return Value(.string(try parseString()), at: loc)
        case UInt8(ascii: "t"):
            try expectLiteral("true"); return Value(.bool(true), at: loc)
        case UInt8(ascii: "f"):
            try expectLiteral("false"); return Value(.bool(false), at: loc)
        case UInt8(ascii: "n"):
            try expectLiteral("null"); return Value(.null, at: loc)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return Value(try parseNumber(), at: loc)
        default:
            throw error("unexpected character '\(Self.printable(bytes[index]))'")
        }
    }

    static func printable(_ b: UInt8) -> String {
        (0x20..<0x7F).contains(b) ? String(UnicodeScalar(b)) : "\\u{\(String(b, radix: 16))}"
    }

    mutating func expectLiteral(_ literal: StaticString) throws(LoadError) {
        let n = literal.utf8CodeUnitCount
        guard index + n <= bytes.count else { throw error("invalid literal") }
        let p = literal.utf8Start
        for i in 0..<n where bytes[index + i] != p[i] { throw error("invalid literal") }
        index += n
    }

    mutating func parseNumber() throws(LoadError) -> Value.Content {
        let start = index
        var isFloat = false
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 else { throw error("invalid number") }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 { throw error("invalid number: leading zero") }
        } else {
            while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            isFloat = true
            index += 1
            guard index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 else { throw error("invalid number: digit expected after '.'") }
            while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            isFloat = true
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 else { throw error("invalid number: digit expected in exponent") }
            while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 { index += 1 }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        if !isFloat {
            if let i = Int64(text) { return .int(i) }
            if let u = UInt64(text) { return .uint(u) }
        }
        guard let d = Double(text) else { throw error("invalid number") }
        // `2e820` would become infinity, which JSON cannot write back; Go's
        // decoder (so the apiserver) refuses such numbers too. Found by the
        // fuzzer.
        guard d.isFinite else { throw error("number out of range") }
        return .float(d)
    }

    mutating func parseString() throws(LoadError) -> String {
        index += 1 // opening quote
        let start = index
        // Fast path: no escapes.
        while index < bytes.count {
            let b = bytes[index]
            if b == UInt8(ascii: "\"") {
                let s = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                index += 1
                return s
            }
            if b == UInt8(ascii: "\\") { break }
            if b < 0x20 { throw error("control character in a string") }
            index += 1
        }
        var out = Array(bytes[start..<index])
        while index < bytes.count {
            let b = bytes[index]
            if b == UInt8(ascii: "\"") {
                index += 1
                return String(decoding: out, as: UTF8.self)
            }
            if b < 0x20 { throw error("control character in a string") }
            if b != UInt8(ascii: "\\") { out.append(b); index += 1; continue }
            index += 1
            guard index < bytes.count else { break }
            let e = bytes[index]
            index += 1
            switch e {
            case UInt8(ascii: "\""): out.append(0x22)
            case UInt8(ascii: "\\"): out.append(0x5C)
            case UInt8(ascii: "/"): out.append(0x2F)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try parseHex4()
                if (0xD800..<0xDC00).contains(scalar) {
                    guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                        throw error("unpaired surrogate in a string")
                    }
                    index += 2
                    let low = try parseHex4()
                    guard (0xDC00..<0xE000).contains(low) else { throw error("invalid surrogate pair in a string") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00..<0xE000).contains(scalar) {
                    throw error("unpaired surrogate in a string")
                }
                guard let u = Unicode.Scalar(scalar) else { throw error("invalid unicode escape") }
                out.append(contentsOf: Array(String(Character(u)).utf8))
            default:
                throw error("invalid escape '\\\(Self.printable(e))'")
            }
        }
        throw error("unterminated string")
    }

    mutating func parseHex4() throws(LoadError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw error("truncated unicode escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[index]
            let d: UInt32
            switch b {
            case 48...57: d = UInt32(b - 48)
            case 97...102: d = UInt32(b - 87)
            case 65...70: d = UInt32(b - 55)
            default: throw error("invalid hex digit in unicode escape")
            }
            v = v << 4 | d
            index += 1
        }
        return v
    }
}
