import Foundation
import KubeAPITesting
import SourceModel

#if canImport(Glibc)
import Glibc
#endif

/// `fake-cluster-check`: the same small realistic cluster in two fake API
/// servers, one keeping its objects encoded and one keeping values, and the
/// same requests to both (paged lists and their continue tokens, a get,
/// watches replaying history and from the start, a live watch, a deletion,
/// a built-in kind's list items, a version the encoded copy was not written
/// in). Every answer must be the same bytes: what `cluster-scale.sh` measures against the encoded store
/// is what a client would get from the plain one.
func runFakeClusterCheck() -> Int32 {
    let status = BlockingResult()
    Task.detached {
        do {
            let differences = try await FakeAPIServer.withServer { plain in
                try await FakeAPIServer.withServer { encoded in
                    try await compareFakeServers(plain: plain, encoded: encoded)
                }
            }
            status.set(differences == 0 ? 0 : 1)
        } catch {
            print("fake-cluster-check: error \(error)")
            status.set(1)
        }
    }
    return status.wait()
}

private func compareFakeServers(plain: FakeAPIServer, encoded: FakeAPIServer) async throws -> Int {
    encoded.cluster.keepEncoded(.nodeStates)
    encoded.cluster.keepEncoded(.nodes)
    encoded.cluster.keepEncoded(.policies)
    let generator = RealisticCluster(seed: 7)
    let nodes = 12
    func both(_ body: (FakeCluster) -> Void) {
        body(plain.cluster)
        body(encoded.cluster)
    }
    both { c in
        for i in 0..<nodes {
            c.put(.nodes, generator.node(i))
            c.put(.nodeStates, generator.nodeNetworkState(i))
        }
        for p in BenchPolicies.all(rackPolicies: 2) { c.put(.policies, p) }
    }
    let listRevision = plain.cluster.revision
    both { c in
        for i in [3, 9, 3] { c.put(.nodeStates, generator.nodeNetworkState(i, revision: 1 + i)) }
    }

    var compared = 0, differences = 0
    func compare(_ what: String, _ path: String) -> String? {
        compared += 1
        let a = rawGet(port: plain.port, path: path)
        let b = rawGet(port: encoded.port, path: path)
        guard a.status == b.status, a.body == b.body, !a.body.isEmpty else {
            differences += 1
            print("fake-cluster-check: DIFFERENT \(what): plain \(a.status) \(a.body.count) bytes, encoded \(b.status) \(b.body.count) bytes")
            return nil
        }
        print("fake-cluster-check: same \(what): \(a.status), \(a.body.count) bytes")
        return String(decoding: a.body, as: UTF8.self)
    }

    let states = "/apis/nmstate.io/v1beta1/nodenetworkstates"
    var path = states + "?limit=5"
    var page = 0
    while let body = compare("list page \(page) (limit 5)", path) {
        guard let token = (try? JSONReader().parse(Array(body.utf8)))?.at("metadata", "continue")?.string else { break }
        path = states + "?limit=5&continue=" + token.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        page += 1
    }
    _ = compare("whole list", states)
    _ = compare("get", states + "/worker-00009")
    _ = compare("nodes list (built-in: items without apiVersion and kind)", "/api/v1/nodes?limit=4")
    _ = compare("policies list", "/apis/nmstate.io/v1/nodenetworkconfigurationpolicies")
    _ = compare("policies list in another version", "/apis/nmstate.io/v1beta1/nodenetworkconfigurationpolicies")
    _ = compare("policies watch in another version", "/apis/nmstate.io/v1beta1/nodenetworkconfigurationpolicies?watch=true&timeoutSeconds=1")
    _ = compare("watch replaying history", states + "?watch=true&resourceVersion=\(listRevision)&allowWatchBookmarks=true&timeoutSeconds=1")
    _ = compare("watch from the start", states + "?watch=true&allowWatchBookmarks=true&timeoutSeconds=1")

    // A live watch: the events arrive while the watch is open.
    let now = plain.cluster.revision
    let live = Task.detached {
        (rawGet(port: plain.port, path: states + "?watch=true&resourceVersion=\(now)&timeoutSeconds=2"),
         rawGet(port: encoded.port, path: states + "?watch=true&resourceVersion=\(now)&timeoutSeconds=2"))
    }
    try await Task.sleep(for: .milliseconds(500))
    both { c in
        c.put(.nodeStates, generator.nodeNetworkState(5, revision: 40))
        c.put(.nodeStates, generator.nodeNetworkState(11, revision: 41))
    }
    let (a, b) = await live.value
    compared += 1
    if a.body != b.body || a.body.isEmpty {
        differences += 1
        print("fake-cluster-check: DIFFERENT live watch: plain \(a.body.count) bytes, encoded \(b.body.count) bytes")
    } else {
        print("fake-cluster-check: same live watch: \(a.status), \(a.body.count) bytes")
    }
    // Deleting an encoded object announces it whole.
    both { c in c.remove(.nodeStates, name: generator.nodeName(4)) }
    _ = compare("watch with a deletion", states + "?watch=true&resourceVersion=\(now)&timeoutSeconds=1")
    print("fake-cluster-check: \(compared) comparisons, \(differences) differences")
    return differences
}

/// One HTTP/1.1 GET over a plain socket: status code and body (de-chunked).
/// Raw on purpose: the bytes the server wrote, not a client's reading of them.
func rawGet(port: Int, path: String) -> (status: Int, body: [UInt8]) {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { return (0, []) }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let connected = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard connected == 0 else { return (0, []) }
    let request = Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer nncp-guard-bench\r\nConnection: close\r\n\r\n".utf8)
    _ = request.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
    var data: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if n <= 0 { break }
        data += buffer[0..<n]
        if let parsed = parseHTTPResponse(data) { return parsed }
    }
    return parseHTTPResponse(data) ?? (0, [])
}

/// A complete response in `data`, or nil while more is needed.
private func parseHTTPResponse(_ data: [UInt8]) -> (status: Int, body: [UInt8])? {
    let separator: [UInt8] = Array("\r\n\r\n".utf8)
    guard let end = data.firstRange(of: separator) else { return nil }
    let head = String(decoding: data[..<end.lowerBound], as: UTF8.self).lowercased()
    let status = Int(head.split(separator: " ").dropFirst().first ?? "") ?? 0
    let rest = Array(data[end.upperBound...])
    if head.contains("transfer-encoding: chunked") {
        var body: [UInt8] = []
        var i = 0
        while true {
            guard let lineEnd = rest[i...].firstRange(of: Array("\r\n".utf8)) else { return nil }
            let size = Int(String(decoding: rest[i..<lineEnd.lowerBound], as: UTF8.self), radix: 16) ?? 0
            let start = lineEnd.upperBound
            if size == 0 { return (status, body) }
            guard rest.count >= start + size + 2 else { return nil }
            body += rest[start..<(start + size)]
            i = start + size + 2
        }
    }
    for line in head.split(separator: "\r\n") where line.hasPrefix("content-length:") {
        let length = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) ?? 0
        return rest.count >= length ? (status, Array(rest[0..<length])) : nil
    }
    return nil
}
