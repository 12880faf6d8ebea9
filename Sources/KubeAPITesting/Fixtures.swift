import SourceModel

/// Objects for tests.
public enum Fixtures {
    public static func node(_ name: String, labels: [String: String] = [:]) -> Value {
        .mapping([
            "apiVersion": .string("v1"), "kind": .string("Node"),
            "metadata": .mapping([
                Value.Member(key: "name", value: .string(name)),
                Value.Member(key: "labels", value: .mapping(labels.sorted { $0.key < $1.key }.map { Value.Member(key: $0.key, value: .string($0.value)) })),
            ]),
        ])
    }

    public static func policy(_ name: String, selector: [String: String] = [:], bridge: String = "br1") -> Value {
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

    public static func secret(_ name: String, namespace: String, data: [String: String] = [:]) -> Value {
        .mapping([
            "apiVersion": .string("v1"), "kind": .string("Secret"),
            "metadata": .mapping(["name": .string(name), "namespace": .string(namespace)]),
            "type": .string("kubernetes.io/tls"),
            "data": .mapping(data.sorted { $0.key < $1.key }.map { Value.Member(key: $0.key, value: .string($0.value)) }),
        ])
    }

    public static func mutatingWebhooks(_ name: String, hooks: [String]) -> Value {
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
