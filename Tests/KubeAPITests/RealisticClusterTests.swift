import KubeAPITesting
import SourceModel
import Testing

@Suite("realistic cluster generator")
struct RealisticClusterTests {
    let cluster = RealisticCluster(seed: 1)

    func jsonSize(_ v: Value) -> Int { JSONWriter.bytes(v).count }

    @Test func sameSeedGivesEqualObjects() {
        let other = RealisticCluster(seed: 1)
        for i in [0, 5, 9, 1234] {
            #expect(cluster.node(i) == other.node(i))
            #expect(cluster.nodeNetworkState(i, revision: 3) == other.nodeNetworkState(i, revision: 3))
            #expect(JSONWriter.bytes(cluster.currentState(i)) == JSONWriter.bytes(other.currentState(i)))
        }
        #expect(RealisticCluster(seed: 2).currentState(5) != cluster.currentState(5))
    }

    @Test func namesRolesAndAddresses() {
        #expect(cluster.nodeName(0) == "master-0")
        #expect(cluster.nodeName(2) == "master-2")
        #expect(cluster.nodeName(42) == "worker-00042")
        let master = cluster.node(1)
        #expect(master.at("metadata", "labels", "node-role.kubernetes.io/control-plane")?.string == "")
        let worker = cluster.node(42)
        #expect(worker.at("metadata", "labels", "node-role.kubernetes.io/worker")?.string == "")
        #expect(worker.at("metadata", "labels", "kubernetes.io/hostname")?.string == "worker-00042")
        let internalAddress = worker.at("status", "addresses")?[0]
        #expect(internalAddress?["type"]?.string == "InternalIP")
        // The InternalIP is ens33's address.
        let ens33 = cluster.currentState(42)["interfaces"]?.sequence?.first { $0["name"]?.string == "ens33" }
        #expect(ens33?.at("ipv4", "address")?[0]?["ip"]?.string == internalAddress?["address"]?.string)
        let nns = cluster.nodeNetworkState(42)
        #expect(nns["kind"]?.string == "NodeNetworkState")
        #expect(nns.at("metadata", "ownerReferences")?[0]?["uid"] == worker.at("metadata", "uid"))
        #expect(nns.at("status", "handlerNmstateVersion")?.string == "2.2.38")
    }

    @Test func normalNodeIsTensOfKBAndTelcoNodeHundreds() {
        #expect(!cluster.isTelco(8))
        #expect(cluster.isTelco(9))
        let normal = cluster.currentState(8)
        let telco = cluster.currentState(9)
        let normalSize = jsonSize(normal), telcoSize = jsonSize(telco)
        #expect((60_000...120_000).contains(normalSize), "normal node \(normalSize) bytes")
        #expect((300_000...900_000).contains(telcoSize), "telco node \(telcoSize) bytes")
        let interfaces = telco["interfaces"]?.sequence ?? []
        #expect(interfaces.filter { $0["type"]?.string == "vlan" }.count == 1000)
        #expect(normal["interfaces"]?.sequence?.filter { $0["type"]?.string == "veth" }.count == 40)
        #expect(normal.at("routes", "running")?.sequence?.count == 21)
        // Sorted by name, names unique, keys unique in every mapping.
        let names = interfaces.compactMap { $0["name"]?.string }
        #expect(names == names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        #expect(Set(names).count == names.count)
        #expect(keysAreUnique(telco))
        let features = interfaces.first { $0["name"]?.string == "ens33" }?.at("ethtool", "feature")?.members?.count ?? 0
        #expect((120...200).contains(features))
    }

    @Test func revisionsChangeTheStateAndSharedPartsStayShared() {
        let a = cluster.currentState(20), b = cluster.currentState(20, revision: 1)
        #expect(a != b)
        #expect(cluster.currentState(20, revision: 1) == b)
        // The feature map of one NIC model is identical across nodes of a rack.
        func features(_ v: Value) -> Value? {
            v["interfaces"]?.sequence?.first { $0["name"]?.string == "ens33" }?.at("ethtool", "feature")
        }
        #expect(features(cluster.currentState(20)) == features(cluster.currentState(21)))
    }

    func keysAreUnique(_ v: Value) -> Bool {
        switch v.content {
        case .mapping(let members):
            return Set(members.map(\.key)).count == members.count && members.allSatisfy { keysAreUnique($0.value) }
        case .sequence(let items):
            return items.allSatisfy(keysAreUnique)
        default:
            return true
        }
    }
}
