import KubeAPITesting
import SourceModel
import Testing
@testable import StateStore

@Suite("equality and hashing agree with Value")
struct EqualityTests {
    @Test func equalityAndHashMatchValueOnRandomPairs() {
        var generator = ValueGenerator(seed: 11)
        let pool = StatePool(sharingThreshold: 16)
        let other = StatePool()
        var values: [Value] = []
        for _ in 0..<150 { values.append(generator.value()) }
        // Pairs that are equal but differently stored: reordered keys, another pool.
        for v in values.prefix(60) { values.append(v.reversedKeys) }
        let encoded = values.map { pool.encode($0).root }
        let elsewhere = values.map { other.encode($0).root }
        for i in values.indices {
            #expect(encoded[i].contentHash == values[i].hashValue)
            #expect(encoded[i] == elsewhere[i])
            #expect(encoded[i].contentHash == elsewhere[i].contentHash)
            for j in values.indices where j % 7 == i % 7 {
                let same = values[i] == values[j]
                #expect((encoded[i] == encoded[j]) == same, "values \(i) and \(j)")
                if same { #expect(encoded[i].contentHash == encoded[j].contentHash) }
            }
        }
    }

    @Test func edgeCasesOfEquality() {
        let pool = StatePool()
        func e(_ v: Value) -> EncodedNode { pool.encode(v).root }
        #expect(e(.int(5)) != e(Value(.uint(5))))
        #expect(e(.float(0)) == e(.float(-0.0)))
        #expect(e(.float(0)).contentHash == e(.float(-0.0)).contentHash)
        #expect(e(.int(1)) != e(.float(1)))
        #expect(e(.string("é")) == e(.string("e\u{301}")))
        #expect(e(.string("é")).contentHash == e(.string("e\u{301}")).contentHash)
        #expect(e(.string("\u{212A}")) == e(.string("K")))
        #expect(e(.string("abc")) != e(.string("abd")))
        #expect(e(.mapping([])) != e(.sequence([])))
        #expect(e(.mapping(["a": .int(1), "b": .int(2)])) == e(.mapping(["b": .int(2), "a": .int(1)])))
        #expect(e(.mapping(["a": .int(1), "b": .int(2)])) != e(.mapping(["b": .int(1), "a": .int(2)])))
        #expect(e(.sequence([.int(1), .int(2)])) != e(.sequence([.int(2), .int(1)])))
        // Large mappings in another order take the indexed comparison.
        let big = Value.mapping((0..<50).map { Value.Member(key: "k\($0)", value: .int(Int64($0))) })
        #expect(e(big) == e(big.reversedKeys))
        var changed = big.reversedKeys
        changed.set("k7", .int(-7))
        #expect(e(big) != e(changed))
        // States compare like their roots; shared storage answers at once.
        let state = RealisticCluster().currentState(4)
        let a = pool.encode(state), b = pool.encode(state)
        #expect(a.sharesStorage(with: b))
        #expect(a == b)
        #expect(a == StatePool().encode(state))
        #expect(a != pool.encode(RealisticCluster().currentState(4, revision: 1)))
        #expect(Set([a, b]).count == 1)
    }
}

@Suite("shared subtrees are stored once per pool")
struct SharingTests {
    let cluster = RealisticCluster()

    @Test func twoNodesShareTheirEthtoolMaps() throws {
        let pool = StatePool()
        let a = pool.encode(cluster.currentState(4))
        let afterFirst = pool.statistics
        let b = pool.encode(cluster.currentState(5))
        let afterSecond = pool.statistics
        let featuresA = try #require(a.interface("ens33")?.at("ethtool", "feature"))
        let featuresB = try #require(b.interface("ens33")?.at("ethtool", "feature"))
        #expect(featuresA.count >= 120)
        #expect(featuresA.sharesStorage(with: featuresB))
        // ens35 is the same NIC model on the same node: same storage again.
        #expect(try #require(a.interface("ens35")?["ethtool"]).sharesStorage(with: try #require(a.interface("ens33")?["ethtool"])))
        // veths share their feature map within and across nodes.
        let vethA = try #require(a.root["interfaces"]?.elements.first { $0["type"]?.stringEquals("veth") == true })
        let vethB = try #require(b.root["interfaces"]?.elements.first { $0["type"]?.stringEquals("veth") == true })
        #expect(try #require(vethA.at("ethtool", "feature")).sharesStorage(with: try #require(vethB.at("ethtool", "feature"))))
        // The second node stored only what is its own, plus a few unique subtrees.
        #expect(afterSecond.reusedBlobs > afterFirst.reusedBlobs)
        let added = afterSecond.liveBytes - afterFirst.liveBytes
        #expect(added < afterFirst.liveBytes * 3 / 4, "second node added \(added) bytes, first \(afterFirst.liveBytes)")
        #expect(a.ownBytes < 16_000)
        #expect(b.ownBytes < 16_000)
    }

    @Test func telcoVLANsShareTheirSettings() throws {
        let pool = StatePool()
        let state = pool.encode(cluster.currentState(9))
        let vlans = try #require(state.root["interfaces"]?.elements.filter { $0["type"]?.stringEquals("vlan") == true })
        #expect(vlans.count == 1000)
        // Their small common settings are stored once in the state's blob
        // (the first occurrences inline, every later one in the table).
        let common = try #require(vlans[2]["ethtool"])
        #expect(vlans.dropFirst(2).allSatisfy { $0["ethtool"]?.sharesStorage(with: common) == true })
        #expect(vlans.dropFirst(2).allSatisfy { $0["ipv4"]?.sharesStorage(with: common) == false })
        #expect(vlans[0]["ethtool"] == common)
        #expect(state.ownBytes < 150_000)
    }

    @Test func namedEntriesStayInTheirStatesStorage() throws {
        let pool = StatePool()
        let state = pool.encode(cluster.currentState(4))
        let interfaces = try #require(state.root["interfaces"])
        // Interfaces and the bridge's ports are in the root blob, not shared objects.
        #expect(interfaces.blob === state.blob)
        let cni0 = try #require(state.interface("cni0"))
        #expect(try #require(cni0.at("bridge", "port")).blob === state.blob)
        #expect(try #require(cni0.at("bridge", "options")).blob !== state.blob)
    }

    @Test func equalStatesShareEverything() {
        let pool = StatePool()
        let a = pool.encode(cluster.currentState(7))
        let before = pool.statistics
        let b = pool.encode(cluster.currentState(7))
        let after = pool.statistics
        #expect(a.sharesStorage(with: b))
        #expect(after.liveBlobs == before.liveBlobs)
        #expect(after.liveBytes == before.liveBytes)
        #expect(after.createdBlobs == before.createdBlobs)
    }
}

@Suite("freed states free their storage")
struct ChurnTests {
    @Test func poolStaysBoundedWhenStatesAreReencoded() {
        let cluster = RealisticCluster(seed: 5)
        let pool = StatePool()
        // Normal nodes only: telco nodes add nothing here but time.
        let nodes = (0..<223).filter { !cluster.isTelco($0) }.prefix(200)
        var states = nodes.map { pool.encode(cluster.currentState($0)) }
        let first = pool.statistics
        #expect(first.liveBlobs > 0)
        var peak = first
        for revision in 1...10 {
            // Replace the generation: the previous one is dropped as the new one is stored.
            for (i, node) in nodes.enumerated() { states[i] = pool.encode(cluster.currentState(node, revision: revision)) }
            let s = pool.statistics
            peak.liveBlobs = max(peak.liveBlobs, s.liveBlobs)
            peak.liveBytes = max(peak.liveBytes, s.liveBytes)
            #expect(pool.core.table.withLock { $0.entryCount } == s.liveBlobs)
        }
        #expect(peak.liveBlobs <= first.liveBlobs + first.liveBlobs / 10, "\(peak) vs \(first)")
        #expect(peak.liveBytes <= first.liveBytes + first.liveBytes / 10, "\(peak) vs \(first)")
        #expect(pool.statistics.freedBlobs > first.liveBlobs)
        states.removeAll()
        let empty = pool.statistics
        #expect(empty.liveBlobs == 0)
        #expect(empty.liveBytes == 0)
        #expect(pool.core.table.withLock { $0.entryCount } == 0)
    }
}

@Suite("reads run concurrently with encodes")
struct ConcurrencyTests {
    @Test func readersDecodeOldStatesWhileOthersEncode() async {
        let cluster = RealisticCluster(seed: 9)
        let pool = StatePool()
        let originals = (0..<40).map { cluster.currentState($0) }
        let old = originals.map { pool.encode($0) }
        let mismatches = await withTaskGroup(of: Int.self) { group in
            for writer in 0..<2 {
                group.addTask {
                    var kept: [EncodedState] = []
                    for round in 1...3 {
                        for i in stride(from: writer, to: 40, by: 2) {
                            let value = cluster.currentState(i, revision: round)
                            let state = pool.encode(value)
                            kept.append(state)
                            if kept.count > 20 { kept.removeFirst(10) }
                        }
                    }
                    return kept.isEmpty ? 1 : 0
                }
            }
            for reader in 0..<3 {
                group.addTask {
                    var bad = 0
                    for pass in 0..<3 {
                        for i in old.indices where (i + pass + reader) % 3 == 0 {
                            if old[i].root.decode() != originals[i] { bad += 1 }
                            let ens33 = old[i].interface("ens33")
                            if ens33?.at("ipv4", "address")?.element(0)?["ip"]?.string != cluster.internalIP(i) { bad += 1 }
                        }
                    }
                    return bad
                }
            }
            return await group.reduce(0, +)
        }
        #expect(mismatches == 0)
        #expect(zip(old, originals).allSatisfy { $0.root.decode() == $1 })
    }
}

@Suite("storage is never merged wrongly")
struct InterningSafetyTests {
    @Test func equalHashesWithDifferentContentStaySeparate() {
        var table = InternTable()
        let children: [Blob] = []
        func make(_ bytes: [UInt8]) -> Blob {
            bytes.withUnsafeBytes { Blob.make(bytes: $0, table: (bytes.count, 0, 2), children: children, hash: 42, strings: nil) }
        }
        let a = make([Format.trueValue]), b = make([Format.falseValue])
        table.insert(a)
        table.insert(b)
        #expect(table.entryCount == 2)
        for (blob, bytes) in [(a, [Format.trueValue]), (b, [Format.falseValue])] {
            let found = bytes.withUnsafeBytes { table.find(hash: 42, bytes: $0, table: (1, 0, 2), children: children) }
            #expect(found.map { $0 === blob } == true)
        }
        #expect([Format.null].withUnsafeBytes { table.find(hash: 42, bytes: $0, table: (1, 0, 2), children: children) } == nil)
        table.release(a)
        #expect(table.entryCount == 1)
        #expect(table.contains(b, hash: 42))
        table.release(b)
        #expect(table.entryCount == 0)
        #expect(table.statistics.liveBlobs == 0)
    }

    @Test func lookalikeSubtreesAreNotConfused() {
        // Same size and first and last keys (the encoder's reuse
        // fingerprint), different content in the middle and in kinds.
        func map(_ middle: Value) -> Value {
            .mapping(["first": .string(String(repeating: "f", count: 40)), "middle": middle,
                      "last": .string(String(repeating: "l", count: 40))])
        }
        let variants: [Value] = [map(.int(1)), map(Value(.uint(1))), map(.float(1)), map(.string("1")),
                                 map(.int(2)), map(.mapping(["x": .null])), map(.sequence([.null]))]
        let pool = StatePool()
        let states = variants.map { pool.encode(.sequence([$0, $0])) }
        for (state, value) in zip(states, variants) {
            #expect(identical(state.root.decode(), .sequence([value, value])))
        }
        // Encoded again in another order, each still finds its own storage.
        for (state, value) in zip(states, variants).reversed() {
            #expect(pool.encode(.sequence([value, value])).sharesStorage(with: state))
        }
    }

    @Test func statesOutliveTheirPool() {
        var pool: StatePool? = StatePool()
        let value = RealisticCluster().currentState(3)
        let state = pool!.encode(value)
        pool = nil
        #expect(state.root.decode() == value)
    }
}
