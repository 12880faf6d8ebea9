import Foundation
import KubeAPI
import SourceModel

struct TimedOut: Error, CustomStringConvertible {
    var description: String
}

/// Polls `condition` every few milliseconds until it holds; fails after
/// `limit` (a generous bound for a busy CI machine, never a performance
/// assertion: passing tests return as soon as the condition holds).
func eventually(_ what: String, limit: Duration = .seconds(10), _ condition: () async throws -> Bool) async throws {
    let deadline = ContinuousClock.now + limit
    while ContinuousClock.now < deadline {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(5))
    }
    throw TimedOut(description: "timed out waiting for \(what)")
}

/// A fresh temporary directory, removed when `body` returns.
func withTemporaryDirectory<T>(_ body: (String) async throws -> T) async throws -> T {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("kubeapi-tests-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: path) }
    return try await body(path)
}

func write(_ text: String, to path: String) throws {
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
}

/// Replaces a file the way the kubelet does: write a new file, rename over.
func replaceAtomically(_ text: String, at path: String) throws {
    let temp = path + ".tmp-\(UUID().uuidString)"
    try write(text, to: temp)
    _ = try FileManager.default.replaceItemAt(URL(fileURLWithPath: path), withItemAt: URL(fileURLWithPath: temp))
}

extension FakeAPIServer {
    /// A client pointed at this server. Short timeouts keep failure tests quick.
    func makeClient(token: String? = nil, requestTimeout: Duration = .seconds(5), userAgent: String = "nncp-guard/test") throws -> KubeClient {
        let configuration = KubeConfiguration(
            server: baseURL,
            credentials: Credentials(token: token.map(TokenSource.fixed)),
            userAgent: userAgent,
            timeouts: Timeouts(connect: .seconds(2), request: requestTimeout, watchGrace: .seconds(2)),
            source: "fake API server")
        return try KubeClient(configuration: configuration)
    }

    /// Runs `body` with a server and a client, shutting the client down after.
    static func withClient<T: Sendable>(token: String? = nil, requestTimeout: Duration = .seconds(5),
                                        _ body: (FakeAPIServer, KubeClient) async throws -> T) async throws -> T {
        try await withServer { server in
            let client = try server.makeClient(token: token, requestTimeout: requestTimeout)
            do {
                let result = try await body(server, client)
                try await client.shutdown()
                return result
            } catch {
                try? await client.shutdown()
                throw error
            }
        }
    }
}

/// Objects for tests.
enum Fixtures {
    static func node(_ name: String, labels: [String: String] = [:]) -> Value {
        .mapping([
            "apiVersion": .string("v1"), "kind": .string("Node"),
            "metadata": .mapping([
                Value.Member(key: "name", value: .string(name)),
                Value.Member(key: "labels", value: .mapping(labels.sorted { $0.key < $1.key }.map { Value.Member(key: $0.key, value: .string($0.value)) })),
            ]),
        ])
    }

    static func policy(_ name: String, selector: [String: String] = [:], bridge: String = "br1") -> Value {
        .mapping([
            "apiVersion": .string("nmstate.io/v1"), "kind": .string("NodeNetworkConfigurationPolicy"),
            "metadata": .mapping(["name": .string(name)]),
            "spec": .mapping([
                Value.Member(key: "nodeSelector", value: .mapping(selector.sorted { $0.key < $1.key }.map { Value.Member(key: $0.key, value: .string($0.value)) })),
                Value.Member(key: "desiredState", value: .mapping([
                    "interfaces": .sequence([.mapping(["name": .string(bridge), "type": .string("linux-bridge"), "state": .string("up")])]),
                ])),
            ]),
        ])
    }

    static func secret(_ name: String, namespace: String, data: [String: String] = [:]) -> Value {
        .mapping([
            "apiVersion": .string("v1"), "kind": .string("Secret"),
            "metadata": .mapping(["name": .string(name), "namespace": .string(namespace)]),
            "type": .string("kubernetes.io/tls"),
            "data": .mapping(data.sorted { $0.key < $1.key }.map { Value.Member(key: $0.key, value: .string($0.value)) }),
        ])
    }

    static func mutatingWebhooks(_ name: String, hooks: [String]) -> Value {
        .mapping([
            "apiVersion": .string("admissionregistration.k8s.io/v1"), "kind": .string("MutatingWebhookConfiguration"),
            "metadata": .mapping(["name": .string(name)]),
            "webhooks": .sequence(hooks.map { hook in
                .mapping([
                    "name": .string(hook),
                    "clientConfig": .mapping(["service": .mapping(["name": .string("nncp-guard"), "namespace": .string("nmstate")]),
                                              "caBundle": .string("T0xE")]),
                    "sideEffects": .string("None"),
                ])
            }),
        ])
    }
}
