/// Cuts a byte stream of concatenated JSON objects into whole objects as
/// the bytes arrive.
///
/// kube-apiserver writes each watch event as one JSON object followed by a
/// newline, but chunk boundaries fall anywhere: one chunk may end inside a
/// string, another may hold several events. Instead of relying on the
/// newline, the framer follows object nesting and string quoting, so it
/// is correct for any framing and never rescans a byte: a large event that
/// arrives in many chunks costs one pass.
struct JSONObjectFramer {
    /// Largest object accepted; a longer one is an error, not a memory leak.
    let maxObjectBytes: Int

    private var buffer: [UInt8] = []
    /// Next byte to examine.
    private var scan = 0
    /// Where the object being read starts, if one has started.
    private var objectStart: Int?
    private var depth = 0
    private var inString = false
    private var escaped = false
    /// Start of the unconsumed part of `buffer`.
    private var consumed = 0

    init(maxObjectBytes: Int) {
        self.maxObjectBytes = maxObjectBytes
    }

    /// A watch stream that is not a sequence of JSON objects.
    struct FramingError: Error, Sendable, CustomStringConvertible {
        enum Code: Sendable, Hashable {
            /// A byte other than white space between two objects.
            case unexpectedByte
            /// One object is larger than the framer's limit.
            case tooLarge
        }

        var code: Code
        var message: String

        init(_ code: Code, _ message: String) {
            self.code = code
            self.message = message
        }

        var description: String { message }
    }

    /// Adds bytes and returns the objects they complete, in order.
    mutating func append(_ bytes: UnsafeRawBufferPointer) throws(FramingError) -> [[UInt8]] {
        compact()
        buffer.append(contentsOf: bytes)
        var frames: [[UInt8]] = []
        while scan < buffer.count {
            let b = buffer[scan]
            guard let start = objectStart else {
                switch b {
                case 0x20, 0x09, 0x0A, 0x0D:
                    consumed = scan + 1
                case UInt8(ascii: "{"):
                    objectStart = scan
                    depth = 1
                default:
                    throw FramingError(.unexpectedByte, "unexpected byte 0x\(String(b, radix: 16)) between watch events")
                }
                scan += 1
                continue
            }
            if inString {
                if escaped {
                    escaped = false
                } else if b == UInt8(ascii: "\\") {
                    escaped = true
                } else if b == UInt8(ascii: "\"") {
                    inString = false
                }
            } else {
                switch b {
                case UInt8(ascii: "\""): inString = true
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 {
                        frames.append(Array(buffer[start...scan]))
                        objectStart = nil
                        consumed = scan + 1
                    }
                default: break
                }
            }
            scan += 1
            if let start = objectStart, scan - start > maxObjectBytes {
                throw FramingError(.tooLarge, "a watch event is larger than \(maxObjectBytes) bytes")
            }
        }
        return frames
    }

    /// Whether the stream stopped inside an object (a connection cut
    /// mid-event).
    var hasPartialObject: Bool { objectStart != nil }

    /// Drops consumed bytes, so the buffer holds at most one partial object.
    private mutating func compact() {
        guard consumed > 0 else { return }
        buffer.removeFirst(consumed)
        scan -= consumed
        if let start = objectStart { objectStart = start - consumed }
        consumed = 0
    }
}
