import Foundation
import KubeAPITesting
import SourceModel
import StateStore

#if canImport(Glibc)
import Glibc
#endif

/// `statestore [nodes] [--threshold T[,T…]] [--no-values]`: memory and speed of keeping
/// every node's current state as `Value` trees versus a ``StatePool``, on
/// ``RealisticCluster`` states (one node in ten is a telco node). Prints, in
/// one run: JSON bytes per normal and telco node; `Value` tree bytes per
/// node (RSS delta) against encoded bytes (own and shared) and the RSS
/// delta of encoding all nodes; encode time per state; decode time of one
/// interface; path lookup time. With several thresholds, the memory part
/// runs once per threshold (to choose the pool's sharing threshold).
/// `--no-values` skips the `Value` tree measurement, whose gigabytes a
/// 5,000-node run would not fit on a small machine.
func runStateStoreBench(_ args: [String]) -> Int32 {
    var nodes = 1000
    var thresholds = [StatePool.defaultSharingThreshold]
    var measureValues = true
    var i = 0
    while i < args.count {
        if args[i] == "--profile" {
            // Encodes (or decodes) only, for a profiler: no RSS phases.
            profileLoop(decodeOnly: args.dropFirst(i + 1).first == "decode")
            return 0
        } else if args[i] == "--no-values" {
            measureValues = false
            i += 1
        } else if args[i] == "--threshold", i + 1 < args.count {
            thresholds = args[i + 1].split(separator: ",").compactMap { Int($0) }
            i += 2
        } else if let n = Int(args[i]) {
            nodes = n
            i += 1
        } else {
            print("usage: nncp-guard-bench statestore [nodes=1000] [--threshold 64[,96,…]] [--no-values]")
            return 2
        }
    }
    let cluster = RealisticCluster()
    let normal = (0..<nodes).filter { !cluster.isTelco($0) }
    let telco = (0..<nodes).filter { cluster.isTelco($0) }

    // JSON sizes.
    var normalJSON = 0, telcoJSON = 0
    for n in normal { normalJSON += JSONWriter.bytes(cluster.currentState(n)).count }
    for n in telco { telcoJSON += JSONWriter.bytes(cluster.currentState(n)).count }
    print("nodes=\(nodes) (\(normal.count) normal, \(telco.count) telco)")
    print("json bytes/node:            normal \(kb(normalJSON / max(1, normal.count)))  telco \(kb(telcoJSON / max(1, telco.count)))")

    // Value trees as full mode keeps them today: parsed from the JSON the
    // API server sends (the generator's own trees share some storage).
    let reader = JSONReader(limits: LoadLimits(maxBytes: 64 << 20))
    func parsed(_ n: Int) -> Value { (try? reader.parse(JSONWriter.bytes(cluster.currentState(n)))) ?? .null }
    let valueNormal = measureValues ? rssDelta { normal.map(parsed) } : 0
    let valueTelco = measureValues ? rssDelta { telco.map(parsed) } : 0
    if measureValues {
        print("Value tree bytes/node (RSS): normal \(kb(valueNormal / max(1, normal.count)))  telco \(kb(valueTelco / max(1, telco.count)))")
    }

    for threshold in thresholds {
        trim()
        let before = residentBytes()
        let pool = StatePool(sharingThreshold: threshold)
        var states: [EncodedState] = []
        states.reserveCapacity(nodes)
        for n in 0..<nodes { states.append(pool.encode(cluster.currentState(n))) }
        trim()
        let after = residentBytes()
        let stats = pool.statistics
        let ownNormal = normal.map { states[$0].ownBytes }.sorted()
        let ownTelco = telco.map { states[$0].ownBytes }.sorted()
        let ownTotal = states.reduce(0) { $0 + $1.ownBytes }
        let shared = stats.liveBytes - ownTotal
        print("threshold \(threshold):")
        print("  own bytes/node (median):  normal \(kb(median(ownNormal)))  telco \(kb(median(ownTelco)))")
        print("  shared blobs: \(stats.liveBlobs - nodes) holding \(kb(shared)) = \(kb(shared / max(1, nodes)))/node;  all-in encoded \(kb(stats.liveBytes / max(1, nodes)))/node")
        print("  RSS before \(mb(before)), after encoding all \(mb(after)): \(kb((after - before) / max(1, nodes)))/node, \(mb((after - before) * 5000 / max(1, nodes))) for 5,000 nodes")
        if measureValues {
            print("  vs Value trees: \(String(format: "%.1f", Double(valueNormal + valueTelco) / Double(max(1, after - before))))x smaller")
        }
        withExtendedLifetime(states) {}
    }

    // Speed, in a pool that already holds the cluster (the steady state of
    // re-encoding a node's updated state).
    let pool = StatePool(sharingThreshold: thresholds[0])
    let resident = (0..<nodes).map { pool.encode(cluster.currentState($0)) }
    // Three rounds of changed revisions; the best round is reported (the
    // others measure the neighbours' builds on a shared machine).
    var encodeNormal = Double.infinity, encodeTelco = Double.infinity
    var kept: [EncodedState] = []
    for round in 1...3 {
        let normalInputs = normal.prefix(200).map { cluster.currentState($0, revision: round) }
        let telcoInputs = telco.prefix(20).map { cluster.currentState($0, revision: round) }
        kept.removeAll(keepingCapacity: true)
        var start = monotonicNanos()
        for v in normalInputs { kept.append(pool.encode(v)) }
        encodeNormal = min(encodeNormal, Double(monotonicNanos() - start) / Double(max(1, normalInputs.count)) / 1000)
        start = monotonicNanos()
        for v in telcoInputs { kept.append(pool.encode(v)) }
        encodeTelco = min(encodeTelco, Double(monotonicNanos() - start) / Double(max(1, telcoInputs.count)) / 1000)
    }
    print(String(format: "encode µs/state:            normal %.1f  telco %.1f", encodeNormal, encodeTelco))

    let state = resident[min(4, nodes - 1)]
    guard let ens33 = state.root["interfaces"]?.elements.first(where: { $0["name"]?.stringEquals("ens33") == true }) else {
        print("no ens33"); return 1
    }
    let iterations = 20000
    var sink = 0
    var start = monotonicNanos()
    for _ in 0..<iterations { sink &+= ens33.decode().members?.count ?? 0 }
    let decode = Double(monotonicNanos() - start) / Double(iterations) / 1000
    let valueDecoded = ens33.decode()
    start = monotonicNanos()
    for _ in 0..<iterations { sink &+= JSONWriter.bytes(valueDecoded).count }
    let jsonWrite = Double(monotonicNanos() - start) / Double(iterations) / 1000
    print(String(format: "decode ens33 (%d features): %.2f µs  (writing it as JSON from a Value: %.2f µs)",
                 ens33.at("ethtool", "feature")?.count ?? 0, decode, jsonWrite))

    let lookups = 1_000_000
    start = monotonicNanos()
    for k in 0..<lookups {
        sink &+= state.root.at("routes", "running")?.element(k & 15)?["next-hop-interface"]?.count ?? 0
    }
    let routeLookup = Double(monotonicNanos() - start) / Double(lookups)
    let interfaces = state.root["interfaces"]!
    start = monotonicNanos()
    for k in 0..<lookups {
        if interfaces.element(1 + (k & 1))?.at("ethtool", "feature", "tx-udp-segmentation")?.bool == true { sink &+= 1 }
    }
    let featureLookup = Double(monotonicNanos() - start) / Double(lookups)
    let value = cluster.currentState(min(4, nodes - 1))
    start = monotonicNanos()
    for k in 0..<lookups {
        if value["interfaces"]?[1 + (k & 1)]?.at("ethtool", "feature", "tx-udp-segmentation")?.bool == true { sink &+= 1 }
    }
    let valueLookup = Double(monotonicNanos() - start) / Double(lookups)
    print(String(format: "lookup ns:                  routes.running[k].next-hop-interface %.0f, interfaces[k].ethtool.feature.<key> %.0f (same on a Value: %.0f)",
                 routeLookup, featureLookup, valueLookup))
    if sink == 42 { print(sink) }
    withExtendedLifetime((resident, kept)) {}
    return 0
}

private func profileLoop(decodeOnly: Bool) {
    let cluster = RealisticCluster()
    let inputs = (0..<100).map { cluster.currentState($0) }
    let pool = StatePool()
    var kept = inputs.map { pool.encode($0) }
    var sink = 0
    if decodeOnly {
        let ens33 = kept[4].root["interfaces"]!.elements.first { $0["name"]?.stringEquals("ens33") == true }!
        for _ in 0..<300_000 { sink &+= ens33.decode().members?.count ?? 0 }
        if sink == 42 { print(sink) }
        return
    }
    for round in 0..<20 {
        for (i, v) in inputs.enumerated() { kept[i] = pool.encode(v) }
        for state in kept.prefix(10) { sink &+= state.root.decode().members?.count ?? round }
    }
    if sink == 42 { print(sink) }
}

private func rssDelta<T>(_ make: () -> T) -> Int {
    trim()
    let before = residentBytes()
    let kept = make()
    trim()
    let after = residentBytes()
    withExtendedLifetime(kept) {}
    return after - before
}

/// Returns freed heap pages to the system so RSS shows live memory only.
private func trim() {
    typealias MallocTrim = @convention(c) (Int) -> Int32
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return }
    _ = unsafeBitCast(symbol, to: MallocTrim.self)(0)
}

private func median(_ sorted: [Int]) -> Int { sorted.isEmpty ? 0 : sorted[sorted.count / 2] }

private func kb(_ bytes: Int) -> String { String(format: "%.1f KB", Double(bytes) / 1024) }

private func mb(_ bytes: Int) -> String { String(format: "%.1f MiB", Double(bytes) / 1_048_576) }
