import KubeAPITesting
import SourceModel
import Testing
@testable import StateStore

@Suite("encoded states decode to exactly what was encoded")
struct RoundTripTests {
    static let edgeCases: [Value] = [
        .null,
        .bool(true),
        .bool(false),
        .int(0), .int(-1), .int(63), .int(-64), .int(Int64.max), .int(Int64.min),
        Value(.uint(0)), Value(.uint(UInt64(Int64.max) + 1)), Value(.uint(UInt64.max)),
        .float(0), .float(-0.0), .float(1.5), .float(-1e-300), .float(.infinity), .float(-.infinity),
        .float(Double.leastNonzeroMagnitude), .float(Double.greatestFiniteMagnitude),
        .string(""), .string("a"), .string("héllo wörld 日本語 🚀"), .string("e\u{301}"),
        .string(String(repeating: "0123456789", count: 10_000)),
        .mapping([]),
        .sequence([]),
        .sequence([.sequence([]), .mapping([]), .sequence([.sequence([])]), .mapping(["": .mapping([])])]),
        .mapping(["": .null, "ключ": .string("значение"), "🔑": .sequence([.int(1)])]),
        .mapping((0..<300).map { Value.Member(key: "key-\($0)", value: .int(Int64($0))) }),
        .sequence((0..<1000).map { .int(Int64($0 * 1000)) }),
        .sequence((0..<16).map { .string("s\($0 % 3)") }),
        .sequence((0..<17).map { .string("s\($0 % 3)") }),
        .sequence((0..<9).map { .mapping(["name": .string("eth\($0)"), "mtu": .int(1500)]) }
                  + [.mapping(["not-named": .string(String(repeating: "x", count: 100))]), .int(5)]),
        // A container large enough to be shared, holding named entries deep down.
        .mapping(["bridge": .mapping([
            "options": .mapping((0..<20).map { Value.Member(key: "option-\($0)", value: .bool($0 % 2 == 0)) }),
            "port": .sequence((0..<30).map { .mapping(["name": .string("veth\($0)"), "vlan": .mapping([])]) }),
        ])]),
        // Repeated long strings go through the string table.
        .sequence((0..<50).map { _ in .string(String(repeating: "repeated ", count: 20)) }),
    ]

    @Test(arguments: RoundTripTests.edgeCases.indices)
    func edgeCaseRoundTrips(_ i: Int) {
        let value = Self.edgeCases[i]
        let pool = StatePool()
        let state = pool.encode(value)
        let decoded = state.root.decode()
        #expect(identical(decoded, value))
        #expect(decoded == value)
        #expect(state.root == pool.encode(value).root)
    }

    @Test func largeBlobsUseWideOffsets() {
        // More than 64 KiB in one blob: 4-byte table and sequence offsets.
        let value: Value = .sequence((0..<3000).map { i in
            .mapping(["name": .string("iface\(i)"), "note": .string("unique text \(i) " + String(repeating: "z", count: 40))])
        })
        let state = StatePool().encode(value)
        #expect(state.ownBytes > 65536)
        #expect(identical(state.root.decode(), value))
        #expect(state.root.element(2999)?["name"]?.string == "iface2999")
        #expect(state.root.element(1234)?["note"]?.string?.hasPrefix("unique text 1234 ") == true)
    }

    @Test func largeMappingsFindEveryKey() throws {
        let members = (0..<500).map { Value.Member(key: "feature-\($0)", value: .int(Int64($0))) }
        let node = StatePool().encode(.mapping(members)).root
        #expect(node.count == 500)
        for m in members { #expect(node[m.key]?.int64 == m.value.int64) }
        #expect(node["feature-500"] == nil)
        #expect(node[""] == nil)
        // A hand-built mapping that repeats a key answers its first member, as Value does.
        let repeated = Value.mapping(Array(members.prefix(30)) + [Value.Member(key: "feature-3", value: .string("second"))])
        #expect(StatePool().encode(repeated).root["feature-3"]?.int64 == 3)
        #expect(identical(StatePool().encode(repeated).root.decode(), repeated))
        // Members beyond 64 KiB: no index, still found.
        let huge = Value.mapping((0..<40).map { Value.Member(key: "k\($0)", value: .string(String(repeating: "v", count: 2000) + "\($0)")) })
        let hugeNode = StatePool().encode(huge).root
        #expect(hugeNode["k39"]?.string?.hasSuffix("39") == true)
        #expect(hugeNode["k40"] == nil)
        #expect(identical(hugeNode.decode(), huge))
    }

    @Test func randomValuesRoundTrip() {
        var generator = ValueGenerator(seed: 7)
        let pool = StatePool(sharingThreshold: 16)
        var states: [(Value, EncodedState)] = []
        for _ in 0..<400 {
            let value = generator.value()
            states.append((value, pool.encode(value)))
        }
        for (value, state) in states {
            #expect(identical(state.root.decode(), value))
        }
    }

    @Test func realisticStatesRoundTrip() {
        let cluster = RealisticCluster(seed: 3)
        let pool = StatePool()
        for i in [0, 5, 9, 19, 42, 123] {
            let value = cluster.currentState(i, revision: i % 4)
            let state = pool.encode(value)
            #expect(identical(state.root.decode(), value))
            let nns = cluster.nodeNetworkState(i)
            #expect(identical(pool.encode(nns).root.decode(), nns))
        }
    }

    @Test func navigationMatchesTheDecodedValue() throws {
        let value = RealisticCluster().currentState(9)
        let state = StatePool().encode(value)
        let interfaces = try #require(state.root["interfaces"])
        let expected = try #require(value["interfaces"]?.sequence)
        #expect(interfaces.kind == .sequence)
        #expect(interfaces.count == expected.count)
        for i in [0, 1, 7, 8, 9, 15, 16, 17, 500, expected.count - 1] {
            #expect(interfaces.element(i)?.decode() == expected[i])
        }
        #expect(interfaces.element(expected.count) == nil)
        #expect(interfaces.element(-1) == nil)
        #expect(Array(interfaces.elements).count == expected.count)

        let ens33 = try #require(state.interface("ens33"))
        let ens33Value = try #require(expected.first { $0["name"]?.string == "ens33" })
        #expect(ens33.decode() == ens33Value)
        #expect(ens33.at("ipv4", "address")?.element(0)?["ip"]?.string == ens33Value.at("ipv4", "address")?[0]?["ip"]?.string)
        #expect(ens33["mtu"]?.int64 == 1500)
        #expect(ens33["mtu"]?.uint64 == 1500)
        #expect(ens33["mtu"]?.double == nil)
        #expect(ens33["accept-all-mac-addresses"]?.bool == false)
        #expect(ens33["no-such-key"] == nil)
        #expect(ens33["name"]?.stringEquals("ens33") == true)
        #expect(ens33["name"]?.stringEquals("ens3") == false)
        #expect(ens33["mtu"]?.stringEquals("1500") == false)
        let members = try #require(ens33Value.members)
        #expect(ens33.count == members.count)
        #expect(Array(ens33.members.map(\.key)) == members.map(\.key))
        for (i, m) in members.enumerated() {
            #expect(ens33.key(at: i) == m.key)
            #expect(ens33.value(at: i).decode() == m.value)
        }
        #expect(ens33.members.allSatisfy { member in ens33[member.key] == member.value && member.keyEquals(member.key) })
        // Scalars have no members or elements.
        #expect(ens33["mtu"]?.count == 0)
        #expect(ens33["mtu"]?.element(0) == nil)
        #expect(ens33["mtu"]?["x"] == nil)
        #expect(Array(ens33["mtu"]!.members).isEmpty)
    }

    @Test func scalarAccessorsFollowValue() {
        let pool = StatePool()
        func node(_ v: Value) -> EncodedNode { pool.encode(v).root }
        #expect(node(.int(-5)).int64 == -5)
        #expect(node(.int(-5)).uint64 == nil)
        #expect(node(Value(.uint(UInt64.max))).int64 == nil)
        #expect(node(Value(.uint(UInt64.max))).uint64 == UInt64.max)
        #expect(node(Value(.uint(7))).int64 == 7)
        #expect(node(.float(2.5)).double == 2.5)
        #expect(node(.float(2.5)).int64 == nil)
        #expect(node(.null).isNull)
        #expect(node(.null).kind == .null)
        #expect(node(Value(.uint(1))).kind == .uint)
        #expect(node(.string("é")).stringEquals("e\u{301}"))
        #expect(node(.string("e\u{301}")).string == "e\u{301}")
        #expect(node(.bool(true)).string == nil)
    }
}
