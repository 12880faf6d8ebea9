import SourceModel

/// Get, create and update of `coordination.k8s.io/v1` Leases in one
/// namespace: the primitives of leader election. Updates are conditional
/// on the `resourceVersion` that was read, so two candidates racing for an
/// expired lease cannot both win; the loser gets a
/// ``KubeAPIError/Code-swift.struct/conflict`` error.
public struct LeaseClient: Sendable {
    public let client: KubeClient
    public let namespace: String

    public init(client: KubeClient, namespace: String) {
        self.client = client
        self.namespace = namespace
    }

    /// The lease, or `nil` if it does not exist.
    public func get(_ name: String) async throws -> Lease? {
        try await client.getIfPresent(.leases, name: name, namespace: namespace).map(Lease.init(object:))
    }

    /// Creates the lease. Throws ``KubeAPIError/Code-swift.struct/alreadyExists``
    /// if another candidate created it first.
    public func create(_ name: String, record: LeaseRecord, labels: [String: String] = [:]) async throws -> Lease {
        var metadata: [Value.Member] = [
            Value.Member(key: "name", value: .string(name)),
            Value.Member(key: "namespace", value: .string(namespace)),
        ]
        if !labels.isEmpty {
            metadata.append(Value.Member(key: "labels", value: .mapping(labels.sorted { $0.key < $1.key }.map { Value.Member(key: $0.key, value: .string($0.value)) })))
        }
        let object = Value.mapping([
            Value.Member(key: "apiVersion", value: .string(APIResource.leases.apiVersion)),
            Value.Member(key: "kind", value: .string(APIResource.leases.kind)),
            Value.Member(key: "metadata", value: .mapping(metadata)),
            Value.Member(key: "spec", value: record.spec),
        ])
        return Lease(object: try await client.create(.leases, object, namespace: namespace))
    }

    /// Replaces the lease's spec with `record`, conditional on `lease`'s
    /// `resourceVersion`. Throws ``KubeAPIError/Code-swift.struct/conflict``
    /// if the lease changed since it was read.
    public func update(_ lease: Lease, record: LeaseRecord) async throws -> Lease {
        var object = lease.object
        object.set("spec", record.spec)
        return Lease(object: try await client.update(.leases, object))
    }
}
