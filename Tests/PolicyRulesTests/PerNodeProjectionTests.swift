import Testing
import Glibc
import NMStateSchema
import SourceModel
import SourceModelYAML
@testable import PolicyRules

/// Per-node evaluation checks a desired state against only the current
/// interfaces it can reach, in a canonical form (MACs, current addresses
/// and LLDP neighbours replaced), so that alike nodes share one check.
/// That must never change a verdict: for every desired state and current
/// state at hand, the findings against the projection equal the findings
/// against the whole state.
@Suite("Per-node projection")
struct PerNodeProjectionTests {
    static let repository = Files.repository
    static let corpus = repository + "/../shared/corpus"

    static func documents(_ path: String) -> [Value] { Files.documents(path) }

    static func files(in directory: String) -> [String] {
        var out: [String] = []
        guard let dir = opendir(directory) else { return [] }
        defer { closedir(dir) }
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name.hasSuffix(".yml") || name.hasSuffix(".yaml") { out.append(directory + "/" + name) }
        }
        return out.sorted()
    }

    /// Current states: the repository's NodeNetworkState fixtures, and the
    /// corpus's current states when the corpus is present.
    static let currents: [Value] = {
        var out: [Value] = []
        for file in ["/testdata/pernode/states.yaml", "/testdata/cluster/states.yaml"] {
            for doc in documents(repository + file) {
                for item in doc["items"]?.sequence ?? [] { if let s = item.at("status", "currentState") { out.append(s) } }
            }
        }
        for file in files(in: corpus + "/invalid") where file.hasSuffix(".current.yml") {
            out += documents(file).filter(\.isMapping)
        }
        return out
    }()

    /// Desired states: every fixture policy of the repository, and the
    /// corpus's documents when present.
    static let desiredStates: [Value] = {
        var paths = files(in: repository + "/testdata/lint/valid") + files(in: repository + "/testdata/lint/invalid")
            + files(in: repository + "/testdata/pernode") + files(in: repository + "/testdata/cluster")
        paths += files(in: corpus + "/valid") + files(in: corpus + "/invalid")
        var out: [Value] = []
        for path in paths where !path.hasSuffix(".current.yml") {
            for doc in documents(path) {
                if let desired = doc.at("spec", "desiredState"), desired.isMapping {
                    out.append(desired)
                } else if doc["interfaces"] != nil || doc["routes"] != nil, doc["capture"] == nil, doc["kind"] == nil {
                    out.append(doc)
                }
            }
        }
        return out.filter { !PreparedPolicy.strings($0).contains { $0.contains("{{") } }
    }()

    static func render(_ diagnostics: [Diagnostic]) -> [String] {
        diagnostics.map { "\($0.severity.rawValue) [\($0.rule)] \($0.path): \($0.message)" }.sorted()
    }

    @Test func projectionGivesTheSameFindingsAsTheWholeState() {
        #expect(Self.currents.count >= 4)
        #expect(Self.desiredStates.count >= 20)
        var compared = 0
        for current in Self.currents {
            let state = NodeNetworkState(currentState: current)
            let ordered = state.materialize()
            for desired in Self.desiredStates {
                let whole = DesiredStateValidator(options: ValidationOptions(current: ordered)).validate(desired).diagnostics
                let closure = state.closure(of: PreparedPolicy.strings(desired))
                let projected = DesiredStateValidator(options: ValidationOptions(current: state.projection(closure))).validate(desired).diagnostics
                #expect(Self.render(whole) == Self.render(projected))
                compared += 1
            }
        }
        #expect(compared > 0)
    }

    @Test func nodesThatDifferOnlyInMACsAndAddressesShareAKey() throws {
        let states = Self.documents(Self.repository + "/testdata/pernode/states.yaml").first?["items"]?.sequence ?? []
        let nodes = states.compactMap { $0.at("status", "currentState") }.map { NodeNetworkState(currentState: $0) }
        try #require(nodes.count == 3)
        let names: Set<String> = ["ens33", "ens35"]
        let keys = Set(nodes.map { $0.projectionKey($0.closure(of: names)) })
        #expect(keys.count == 1)
        // A real difference (another MTU) is a different key.
        var changed = try #require(states[0].at("status", "currentState"))
        var interfaces = try #require(changed["interfaces"]?.sequence)
        interfaces[0].set("mtu", .int(9000))
        changed.set("interfaces", .sequence(interfaces))
        let other = NodeNetworkState(currentState: changed)
        #expect(other.projectionKey(other.closure(of: names)) != nodes[0].projectionKey(nodes[0].closure(of: names)))
    }

    @Test func fingerprintsOfInterfacesAreThoseOfTheirCanonicalForms() {
        var checked = 0
        for current in Self.currents {
            for iface in current["interfaces"]?.sequence ?? [] {
                #expect(NodeNetworkState.canonicalFingerprint(iface) == Fingerprint.hash(NodeNetworkState.canonical(iface)))
                checked += 1
            }
        }
        #expect(checked > 10)
    }

    @Test func closureFollowsPortsControllersAndListingControllers() {
        let state = NodeNetworkState(currentState: nncp("""
        interfaces:
        - {name: bond0, type: bond, state: up, link-aggregation: {mode: active-backup, port: [eth1, eth2]}}
        - {name: eth1, type: ethernet, state: up, controller: bond0}
        - {name: eth2, type: ethernet, state: up, controller: bond0}
        - {name: eth3, type: ethernet, state: up}
        - {name: bond0.10, type: vlan, state: up, vlan: {base-iface: bond0, id: 10}}
        """))
        let names = { (closure: [Int]) in closure.compactMap { state.name($0)?.string } }
        #expect(names(state.closure(of: ["eth1"])) == ["bond0", "eth1", "eth2"])
        #expect(names(state.closure(of: ["bond0.10"])) == ["bond0", "bond0.10", "eth1", "eth2"])
        #expect(names(state.closure(of: ["eth3"])) == ["eth3"])
        #expect(state.closure(of: ["nothing"]).isEmpty)
    }
}
