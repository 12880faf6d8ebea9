/// A strict RFC 8259 JSON reader that produces ``Value`` trees with source
/// locations.
///
/// Why not Foundation's `JSONSerialization`: it loses integer/float/boolean
/// distinctions (`NSNumber`), has no positions for diagnostics, and the
/// admission path parses one of these per request, where a byte scanner is
/// several times cheaper.
public struct JSONReader: Sendable {
    public var limits: LoadLimits
    /// Object members left out of the tree, each named by its chain of
    /// object keys from the root (`["request", "object", "metadata",
    /// "managedFields"]`). Their values are still checked (syntax, depth,
    /// duplicate keys), so a body is accepted or refused exactly as without
    /// them, but no tree is
    /// built: a reader that never looks at a large member does not pay for
    /// it. Arrays end a chain (there is no index or wildcard step).
    public var skippedMembers: [[String]]

    public init(limits: LoadLimits = .default, skippingMembers skippedMembers: [[String]] = []) {
        precondition(skippedMembers.count <= 64 && skippedMembers.allSatisfy { !$0.isEmpty },
                     "at most 64 non-empty member paths can be skipped")
        self.limits = limits
        self.skippedMembers = skippedMembers
    }

    public func parse(_ bytes: [UInt8]) throws(LoadError) -> Value {
        try bytes.withUnsafeBufferPointer { (buf) throws(LoadError) -> Value in try parse(buf) }
    }

    public func parse(_ text: String) throws(LoadError) -> Value {
        try parse(Array(text.utf8))
    }

    public func parse(_ buffer: UnsafeBufferPointer<UInt8>) throws(LoadError) -> Value {
        try parseRecordingSkipped(buffer).value
    }

    /// Parses, and says where the value of each skipped member was: entry
    /// `n` is the byte range in `buffer` of the member named by
    /// `skippedMembers[n]` (the last one, should it occur more than once),
    /// nil when the document has none. A caller can keep those bytes and
    /// read them only if it ever needs them, or compare them with
    /// ``JSONReader/value(_:equalsJSON:)``.
    public func parseRecordingSkipped(_ buffer: UnsafeBufferPointer<UInt8>) throws(LoadError) -> (value: Value, skipped: [Range<Int>?]) {
        if buffer.count > limits.maxBytes {
            throw LoadError(.tooLarge, "document is \(buffer.count) bytes, over the limit of \(limits.maxBytes) bytes")
        }
        var scanner = JSONScanner(bytes: buffer, maxDepth: limits.maxDepth, skipPaths: skippedMembers)
        defer { scanner.strings.free() }
        scanner.skipWhitespace()
        let all: UInt64 = skippedMembers.isEmpty ? 0 : (skippedMembers.count == 64 ? ~0 : (1 << UInt64(skippedMembers.count)) - 1)
        let value = try scanner.parseValue(depth: 0, candidates: all)
        scanner.skipWhitespace()
        guard scanner.index == buffer.count else {
            throw scanner.error("unexpected data after the JSON value")
        }
        return (value, scanner.skippedSpans)
    }

    /// Whether `value` equals the JSON value in `json`, with ``Value``'s
    /// `==` semantics (mapping keys in any order, integers by value), built
    /// only as far as needed: members are compared in lockstep while the
    /// keys come in the same order, which they do when one encoder wrote
    /// both (an apiserver's `object` and `oldObject`), and the first
    /// difference ends the walk. A mapping whose keys come in another order
    /// is parsed and compared whole. Text that does not parse, or has a
    /// duplicate key, is unequal to every value.
    public func value(_ value: Value, equalsJSON json: UnsafeBufferPointer<UInt8>) -> Bool {
        guard json.count <= limits.maxBytes else { return false }
        var scanner = JSONScanner(bytes: json, maxDepth: limits.maxDepth, skipPaths: [], cacheStrings: false)
        defer { scanner.strings.free() }
        do {
            scanner.skipWhitespace()
            guard try scanner.matches(value, depth: 0) else { return false }
            scanner.skipWhitespace()
            return scanner.index == json.count
        } catch {
            return false
        }
    }
}

private struct JSONScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    let maxDepth: Int
    let skipPaths: [[String]]
    /// Where each skipped member's value was (see `parseRecordingSkipped`).
    var skippedSpans: [Range<Int>?]
    /// Keys of the objects being skipped, innermost last, as (contents
    /// start, end, escaped) triples (duplicate check).
    var skippedKeys: [Int] = []
    var index = 0
    var line = 1
    var lineStart = 0
    let strings: StringCache

    init(bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int, skipPaths: [[String]], cacheStrings: Bool = true) {
        self.bytes = bytes
        self.maxDepth = maxDepth
        self.skipPaths = skipPaths
        self.skippedSpans = Array(repeating: nil, count: skipPaths.count)
        self.strings = StringCache(enabled: cacheStrings, inputBytes: bytes.count)
    }

    /// Called for every value and key: inlined, it is a subtraction.
    @inline(__always)
    var location: SourceLocation { SourceLocation(line: line, column: index - lineStart + 1) }

    func error(_ message: String) -> LoadError {
        LoadError(.syntax, message, at: location)
    }

    /// Inlined for its first check: apiserver JSON is compact, so nearly
    /// every call finds no whitespace at all.
    @inline(__always)
    mutating func skipWhitespace() {
        if index < bytes.count, bytes[index] > 0x20 { return }
        skipWhitespaceRun()
    }

    mutating func skipWhitespaceRun() {
        // A local cursor: the loop then runs in registers instead of
        // storing `index` back through `self` on every byte.
        var i = index
        let end = bytes.count
        while i < end {
            switch bytes[i] {
            case 0x20, 0x09, 0x0D: i += 1
            case 0x0A: i += 1; line += 1; lineStart = i
            default: index = i; return
            }
        }
        index = i
    }

    /// - Parameter candidates: The entries of `skipPaths` whose first
    ///   `depth` keys lead here (bit `n` for path `n`); 0 almost always.
    mutating func parseValue(depth: Int, candidates: UInt64 = 0) throws(LoadError) -> Value {
        guard index < bytes.count else { throw error("unexpected end of input") }
        let loc = location
        switch bytes[index] {
        case UInt8(ascii: "{"):
            guard depth < maxDepth else { throw LoadError(.tooDeep, "nesting is deeper than \(maxDepth) levels", at: loc) }
            index += 1
            var members: [Value.Member] = []
            members.reserveCapacity(8)
            var seenKeys = KeyTable()
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
                    var j = 0
                    while j < members.count, !sameKey(members[j].key, key) { j += 1 }
                    duplicate = j < members.count
                } else {
                    if seenKeys.isEmpty { seenKeys.fill(members) }
                    duplicate = !seenKeys.insert(key, at: members.count, in: members)
                }
                if duplicate {
                    throw LoadError(.duplicateKey, "duplicate object key \"\(key)\"", at: keyLoc)
                }
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw error("expected ':' after an object key") }
                index += 1
                skipWhitespace()
                var next: UInt64 = 0
                var skipped = -1
                var bits = candidates
                while bits != 0 {
                    let n = bits.trailingZeroBitCount
                    bits &= bits - 1
                    let path = skipPaths[n]
                    guard sameKey(path[depth], key) else { continue }
                    if path.count == depth + 1 { skipped = n } else { next |= 1 << UInt64(n) }
                }
                if skipped >= 0 {
                    let start = index
                    try skipValue(depth: depth + 1)
                    skippedSpans[skipped] = start..<index
                } else {
                    let v = try parseValue(depth: depth + 1, candidates: next)
                    members.append(Value.Member(key: key, keyLocation: keyLoc, value: v))
                }
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
            // Most sequences in Kubernetes objects and nmstate states are
            // short; starting at 4 saves the 1 → 2 → 4 regrowth copies.
            items.reserveCapacity(4)
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

    /// Compares the value at the cursor with `v` (see
    /// ``JSONReader/value(_:equalsJSON:)``); past the value when true.
    mutating func matches(_ v: Value, depth: Int) throws(LoadError) -> Bool {
        guard index < bytes.count else { throw error("unexpected end of input") }
        switch bytes[index] {
        case UInt8(ascii: "{"):
            guard case .mapping(let members) = v.content else { return false }
            guard depth < maxDepth else { throw LoadError(.tooDeep, "nesting is deeper than \(maxDepth) levels", at: location) }
            let start = index
            index += 1
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; return members.isEmpty }
            var i = 0
            while true {
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw error("expected a string key") }
                guard i < members.count else { return false }
                let sameKeyHere: Bool
                if let raw = rawString() {
                    sameKeyHere = Self.equal(members[i].key, bytes, raw)
                } else {
                    sameKeyHere = sameKey(members[i].key, try parseString())
                }
                if !sameKeyHere {
                    // Another key order: compare the whole mapping.
                    index = start
                    return try parseValue(depth: depth) == v
                }
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw error("expected ':' after an object key") }
                index += 1
                skipWhitespace()
                guard try matches(members[i].value, depth: depth + 1) else { return false }
                i += 1
                skipWhitespace()
                guard index < bytes.count else { throw error("unexpected end of input in an object") }
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                if bytes[index] == UInt8(ascii: "}") { index += 1; return i == members.count }
                throw error("expected ',' or '}' in an object")
            }
        case UInt8(ascii: "["):
            guard case .sequence(let items) = v.content else { return false }
            guard depth < maxDepth else { throw LoadError(.tooDeep, "nesting is deeper than \(maxDepth) levels", at: location) }
            index += 1
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; return items.isEmpty }
            var i = 0
            while true {
                skipWhitespace()
                guard i < items.count, try matches(items[i], depth: depth + 1) else { return false }
                i += 1
                skipWhitespace()
                guard index < bytes.count else { throw error("unexpected end of input in an array") }
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                if bytes[index] == UInt8(ascii: "]") { index += 1; return i == items.count }
                throw error("expected ',' or ']' in an array")
            }
        case UInt8(ascii: "\""):
            guard case .string(let string) = v.content else { return false }
            if let raw = rawString() { return Self.equal(string, bytes, raw) }
            return try parseString() == string
        default:
            return try parseValue(depth: depth) == v
        }
    }

    /// Whether `string` is exactly the bytes at `range`.
    static func equal(_ string: String, _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        var string = string
        guard string.utf8.count == range.count else { return false }
        return string.withUTF8 { utf8 in
            utf8.isEmpty || sameBytes(utf8.baseAddress!, bytes.baseAddress! + range.lowerBound, utf8.count)
        }
    }

    /// Checks the syntax of one value without building it (a member named
    /// in `skipPaths`). Scalars go through the parser's own number, literal
    /// and string readers, so the accepted grammar is identical.
    mutating func skipValue(depth: Int) throws(LoadError) {
        guard index < bytes.count else { throw error("unexpected end of input") }
        switch bytes[index] {
        case UInt8(ascii: "{"):
            guard depth < maxDepth else { throw LoadError(.tooDeep, "nesting is deeper than \(maxDepth) levels", at: location) }
            index += 1
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; return }
            // Keys are still checked for duplicates, exactly as when parsing,
            // by their bytes: a stack of (contents start, end, escaped) shared
            // by the nested objects being skipped. Only a key with escapes
            // is decoded, and only to compare it.
            if skippedKeys.capacity == 0 { skippedKeys.reserveCapacity(192) }
            let firstKey = skippedKeys.count
            defer { skippedKeys.removeSubrange(firstKey...) }
            // Lengths of the raw keys so far (bit `length % 64`): a raw key
            // whose length is new cannot repeat one, which spares the
            // pairwise comparison for nearly every key.
            var lengths: UInt64 = 0
            var sawEscaped = false
            while true {
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw error("expected a string key") }
                let keyLoc = location
                let start = index + 1
                let escaped: Bool
                if rawString() != nil {
                    escaped = false
                } else {
                    _ = try parseString()
                    escaped = true
                }
                let end = index - 1
                let lengthBit: UInt64 = 1 << UInt64((end - start) & 63)
                var j = (escaped || sawEscaped || lengths & lengthBit != 0) ? firstKey : skippedKeys.count
                if escaped { sawEscaped = true } else { lengths |= lengthBit }
                while j < skippedKeys.count {
                    if try sameSkippedKey(skippedKeys[j], skippedKeys[j + 1], skippedKeys[j + 2] != 0, start, end, escaped) {
                        let saved = index
                        index = start - 1
                        let key = (try? parseString()) ?? ""
                        index = saved
                        throw LoadError(.duplicateKey, "duplicate object key \"\(key)\"", at: keyLoc)
                    }
                    j += 3
                }
                skippedKeys.append(start)
                skippedKeys.append(end)
                skippedKeys.append(escaped ? 1 : 0)
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw error("expected ':' after an object key") }
                index += 1
                skipWhitespace()
                try skipValue(depth: depth + 1)
                skipWhitespace()
                guard index < bytes.count else { throw error("unexpected end of input in an object") }
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                if bytes[index] == UInt8(ascii: "}") { index += 1; return }
                throw error("expected ',' or '}' in an object")
            }
        case UInt8(ascii: "["):
            guard depth < maxDepth else { throw LoadError(.tooDeep, "nesting is deeper than \(maxDepth) levels", at: location) }
            index += 1
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; return }
            while true {
                skipWhitespace()
                try skipValue(depth: depth + 1)
                skipWhitespace()
                guard index < bytes.count else { throw error("unexpected end of input in an array") }
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                if bytes[index] == UInt8(ascii: "]") { index += 1; return }
                throw error("expected ',' or ']' in an array")
            }
        case UInt8(ascii: "\""):
            try skipString()
        case UInt8(ascii: "t"):
            try expectLiteral("true")
        case UInt8(ascii: "f"):
            try expectLiteral("false")
        case UInt8(ascii: "n"):
            try expectLiteral("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            _ = try parseNumber()
        default:
            throw error("unexpected character '\(Self.printable(bytes[index]))'")
        }
    }

    /// Whether two skipped keys (string contents `a..<aEnd`, `b..<bEnd`) are
    /// the same string. Raw keys compare as bytes; a key with escapes is
    /// decoded first.
    mutating func sameSkippedKey(_ a: Int, _ aEnd: Int, _ aEscaped: Bool, _ b: Int, _ bEnd: Int, _ bEscaped: Bool) throws(LoadError) -> Bool {
        if !aEscaped && !bEscaped {
            let base = bytes.baseAddress!
            return aEnd - a == bEnd - b && sameBytes(base + a, base + b, aEnd - a)
        }
        let saved = index
        defer { index = saved }
        index = a - 1
        let first = try parseString()
        index = b - 1
        let second = try parseString()
        return first == second
    }

    /// Skips a string; one with escapes or a control character goes through
    /// ``parseString()`` for the same checks and messages.
    mutating func skipString() throws(LoadError) {
        if rawString() == nil { _ = try parseString() }
    }

    /// The contents of the string at the cursor when it has no escapes
    /// (the cursor moves past it), else nil with the cursor unmoved.
    mutating func rawString() -> Range<Int>? {
        let stop = firstStop(from: index + 1)
        guard stop < bytes.count, bytes[stop] == UInt8(ascii: "\"") else { return nil }
        let contents = (index + 1)..<stop
        index = stop + 1
        return contents
    }

    /// The first `"`, `\\` or control byte at or after `start` (the end of
    /// the input when there is none): eight bytes at a time, then byte by
    /// byte.
    @inline(__always)
    func firstStop(from start: Int) -> Int {
        var i = start
        let end = bytes.count
        let base = bytes.baseAddress!
        while i + 8 <= end {
            let mask = Self.stopMask(UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self))
            // The lowest flagged byte is exact: go straight to it.
            if mask != 0 { return i + mask.trailingZeroBitCount >> 3 }
            i += 8
        }
        while i < end {
            let b = base[i]
            if b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") || b < 0x20 { return i }
            i += 1
        }
        return end
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
        // Integers of up to 18 digits (all of them, in practice) cannot
        // overflow Int64: accumulate them without making a String.
        if !isFloat {
            let negative = bytes[start] == UInt8(ascii: "-")
            let first = negative ? start + 1 : start
            if index - first <= 18 {
                var v: Int64 = 0
                for i in first..<index { v = v &* 10 &+ Int64(bytes[i] &- 48) }
                return .int(negative ? -v : v)
            }
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

    /// High bit set in each byte of `w` that is `"`, `\\` or below 0x20
    /// (exact for the lowest such byte, which is all the caller uses).
    @inline(__always)
    static func stopMask(_ w: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        let quote = w ^ 0x2222_2222_2222_2222
        let backslash = w ^ 0x5C5C_5C5C_5C5C_5C5C
        return ((quote &- ones) & ~quote | (backslash &- ones) & ~backslash | (w &- 0x2020_2020_2020_2020) & ~w) & highs
    }

    mutating func parseString() throws(LoadError) -> String {
        index += 1 // opening quote
        let start = index
        // Fast path: no escapes.
        let stop = firstStop(from: start)
        if stop < bytes.count, bytes[stop] == UInt8(ascii: "\"") {
            index = stop + 1
            let base = bytes.baseAddress!
            return strings.string(base + start, count: stop - start, offset: start, source: base)
        }
        index = stop
        if stop < bytes.count, bytes[stop] < 0x20 { throw error("control character in a string") }
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

/// The strings of one document by content, so a key or value that repeats
/// (`name`, `type`, `state`, a node-role label, the object's uid, a whole
/// `oldObject`) is decoded and allocated once and shared after that. A
/// Kubernetes object repeats most of its strings: in an UPDATE review the
/// `oldObject` repeats the `object`.
///
/// A direct-mapped table keyed by length and the first and last eight
/// bytes; a slot remembers where in the source its string was first read,
/// so a hit is confirmed by comparing source bytes. A collision just
/// replaces the slot. Only escape-free strings go through it.
private struct StringCache {
    private struct Entry {
        var offset: Int
        var count: Int
        var value: String
    }

    /// A power of two: more for a larger document, which has more distinct
    /// strings (a page of NodeNetworkStates holds hundreds of feature
    /// names), fewer for a small one, where setting the table up would cost
    /// more than it saves.
    private let slots: Int
    /// Raw storage, owned by one parse (``free()`` at its end): arrays here
    /// paid a uniqueness and a bounds check on every access, which cost
    /// more than the strings they saved.
    /// nil for a scanner that makes few strings (a comparison): setting
    /// up the table would cost more than it saves.
    private let entries: UnsafeMutablePointer<Entry>?

    init(enabled: Bool = true, inputBytes: Int = 0) {
        var slots = 256
        while slots < 8192, slots * 256 < inputBytes { slots <<= 1 }
        self.slots = slots
        guard enabled else { entries = nil; return }
        let entries = UnsafeMutablePointer<Entry>.allocate(capacity: slots)
        entries.initialize(repeating: Entry(offset: -1, count: 0, value: ""), count: slots)
        self.entries = entries
    }

    func free() {
        guard let entries else { return }
        entries.deinitialize(count: slots)
        entries.deallocate()
    }

    func string(_ p: UnsafePointer<UInt8>, count n: Int, offset: Int, source: UnsafePointer<UInt8>) -> String {
        if n == 0 { return "" }
        guard let entries else { return String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self) }
        let entry = entries + (Self.hash(p, n) & (slots - 1))
        let cached = entry.pointee.offset
        if cached >= 0, entry.pointee.count == n, sameBytes(source + cached, p, n) {
            return entry.pointee.value
        }
        let s = String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self)
        entry.pointee.offset = offset
        entry.pointee.count = n
        entry.pointee.value = s
        return s
    }

    @inline(__always)
    private static func hash(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int {
        var h = UInt64(n) &* 0x9E37_79B9_7F4A_7C15
        if n >= 8 {
            h ^= UnsafeRawPointer(p).loadUnaligned(as: UInt64.self)
            h = h &* 0xFF51_AFD7_ED55_8CCD
            h ^= UnsafeRawPointer(p + n - 8).loadUnaligned(as: UInt64.self)
        } else {
            for k in 0..<n { h = (h ^ UInt64(p[k])) &* 0x0000_0100_0000_01B3 }
        }
        h = h &* 0xC4CE_B9FE_1A85_EC53
        return Int(truncatingIfNeeded: h >> 40)
    }
}

/// Whether `n` bytes at `a` and `b` are the same, eight at a time.
@inline(__always)
private func sameBytes(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ n: Int) -> Bool {
    var k = 0
    while k + 8 <= n {
        if UnsafeRawPointer(a + k).loadUnaligned(as: UInt64.self) != UnsafeRawPointer(b + k).loadUnaligned(as: UInt64.self) { return false }
        k += 8
    }
    while k < n {
        if a[k] != b[k] { return false }
        k += 1
    }
    return true
}

/// The keys of one large object (an ethtool feature map has hundreds), for
/// finding a repeated key in one pass: open addressing over member
/// indices, keyed by a multiply-xor hash of the key's bytes. A
/// `Set<String>` did the same with SipHash and a copy of every key, which
/// made it a tenth of the time spent reading a NodeNetworkState.
private struct KeyTable {
    /// Member index + 1 per slot; 0 is free.
    private var slots: [Int32] = []
    private var count = 0

    var isEmpty: Bool { slots.isEmpty }

    mutating func fill(_ members: [Value.Member]) {
        slots = Array(repeating: 0, count: Self.capacity(for: max(members.count * 4, 256)))
        count = 0
        for (i, m) in members.enumerated() { _ = insert(m.key, at: i, in: members) }
    }

    /// Records `key` as member `index`; false when `members` has it already.
    mutating func insert(_ key: String, at index: Int, in members: [Value.Member]) -> Bool {
        if (count + 1) * 2 > slots.count { grow(members) }
        let mask = slots.count - 1
        var i = Self.hash(key) & mask
        while slots[i] != 0 {
            if sameKey(members[Int(slots[i]) - 1].key, key) { return false }
            i = (i + 1) & mask
        }
        slots[i] = Int32(index + 1)
        count += 1
        return true
    }

    private mutating func grow(_ members: [Value.Member]) {
        let old = slots
        slots = Array(repeating: 0, count: old.count * 2)
        let mask = slots.count - 1
        for entry in old where entry != 0 {
            var i = Self.hash(members[Int(entry) - 1].key) & mask
            while slots[i] != 0 { i = (i + 1) & mask }
            slots[i] = entry
        }
    }

    private static func capacity(for n: Int) -> Int {
        var c = 1
        while c < n { c <<= 1 }
        return c
    }

    /// Every byte counts (eight at a time): a hash of only some of them
    /// would let a hostile body of keys that differ elsewhere make the
    /// table quadratic.
    private static func hash(_ key: String) -> Int {
        var key = key
        let h = key.withUTF8 { bytes -> UInt64 in
            let n = bytes.count
            var h = UInt64(n) &* 0x9E37_79B9_7F4A_7C15
            guard let p = bytes.baseAddress else { return h }
            var k = 0
            while k + 8 <= n {
                h = (h ^ UnsafeRawPointer(p + k).loadUnaligned(as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
                h ^= h >> 32
                k += 8
            }
            while k < n {
                h = (h ^ UInt64(p[k])) &* 0x0000_0100_0000_01B3
                k += 1
            }
            return h
        }
        let mixed = (h ^ (h >> 31)) &* 0xBF58_476D_1CE4_E5B9
        return Int(truncatingIfNeeded: mixed >> 1)
    }
}
