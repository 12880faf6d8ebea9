import SourceModel
@testable import StateStore

/// Exact identity of two values: same kinds (int vs uint, float bit
/// patterns), same member order. Stricter than `==`, which ignores key
/// order, for checking that a round trip loses nothing.
func identical(_ a: Value, _ b: Value) -> Bool {
    switch (a.content, b.content) {
    case (.null, .null): return true
    case (.bool(let x), .bool(let y)): return x == y
    case (.int(let x), .int(let y)): return x == y
    case (.uint(let x), .uint(let y)): return x == y
    case (.float(let x), .float(let y)): return x.bitPattern == y.bitPattern
    case (.string(let x), .string(let y)): return Array(x.utf8) == Array(y.utf8)
    case (.sequence(let x), .sequence(let y)):
        return x.count == y.count && zip(x, y).allSatisfy { identical($0, $1) }
    case (.mapping(let x), .mapping(let y)):
        return x.count == y.count && zip(x, y).allSatisfy { $0.key == $1.key && identical($0.value, $1.value) }
    default: return false
    }
}

/// Seeded values of every kind for property tests: small key and string
/// vocabularies so that equal subtrees (and so sharing) happen often.
struct ValueGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 | 1 }

    mutating func next() -> UInt64 {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return state
    }

    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }

    static let keys = ["name", "type", "state", "ipv4", "address", "enabled", "mtu", "ip", "prefix-length", "føø", "日本", "a", ""]
    static let strings = ["up", "down", "ethernet", "", "x", "10.0.0.1", "fe80::1", "é", "e\u{301}", "🚀 rocket", String(repeating: "long ", count: 40)]

    mutating func value(depth: Int = 0) -> Value {
        let choice = depth >= 4 ? below(7) : below(10)
        switch choice {
        case 0: return .null
        case 1: return .bool(below(2) == 0)
        case 2:
            let samples: [Int64] = [0, 1, -1, 63, 64, -65, 127, 128, 1500, 65535, Int64.max, Int64.min]
            return below(3) == 0 ? .int(Int64(bitPattern: next())) : .int(samples[below(samples.count)])
        case 3:
            let samples: [UInt64] = [0, 5, UInt64(Int64.max) + 1, UInt64.max]
            return Value(.uint(samples[below(samples.count)]))
        case 4:
            let samples: [Double] = [0, -0.0, 1.5, -2.25, 1e300, -1e-300, .infinity, -.infinity, Double.leastNonzeroMagnitude]
            return .float(samples[below(samples.count)])
        case 5, 6: return .string(Self.strings[below(Self.strings.count)])
        case 7:
            let n = below(3) == 0 ? below(40) : below(5)
            return .sequence((0..<n).map { _ in value(depth: depth + 1) })
        default:
            let n = below(3) == 0 ? below(30) : below(6)
            var members: [Value.Member] = []
            for k in 0..<n {
                let key = below(2) == 0 ? Self.keys[below(Self.keys.count)] : "k\(k)"
                guard !members.contains(where: { $0.key == key }) else { continue }
                members.append(Value.Member(key: key, value: value(depth: depth + 1)))
            }
            return .mapping(members)
        }
    }
}

extension Value {
    /// The same value with every mapping's members in reverse order.
    var reversedKeys: Value {
        switch content {
        case .mapping(let m): return .mapping(m.reversed().map { Value.Member(key: $0.key, value: $0.value.reversedKeys) })
        case .sequence(let a): return .sequence(a.map(\.reversedKeys))
        default: return self
        }
    }
}

extension EncodedState {
    /// The interface named `name` of an nmstate state.
    func interface(_ name: String) -> EncodedNode? {
        root["interfaces"]?.elements.first { $0["name"]?.stringEquals(name) == true }
    }
}
