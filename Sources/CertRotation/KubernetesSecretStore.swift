import Foundation
import GuardCore
import KubeAPI
import Logging
import SourceModel

/// The certificates in two Secrets, laid out as upstream kubernetes-nmstate
/// keeps them:
///
/// | Secret | type | keys |
/// |---|---|---|
/// | CA (`--ca-secret`) | `Opaque` | `ca.crt` (one CA), `ca.key` |
/// | serving (`--tls-secret`) | `kubernetes.io/tls` | `tls.crt` (leaf, then chain), `tls.key`, `ca.crt` (bundle, newest first) |
///
/// Both carry the labels `app.kubernetes.io/managed-by: nncp-guard`,
/// `app.kubernetes.io/component: cert-rotation` (plus any extra labels) and
/// the annotation ``ownershipAnnotation``, so `kubectl get secret -l` finds
/// them and a human can see who rewrites them.
///
/// Writes are read-modify-write with optimistic concurrency: each attempt
/// reads the Secret, checks that its certificate keys still hold what
/// ``load()`` returned (else ``CertRotationError/Code-swift.enum/concurrentModification``:
/// another writer rotated, plan again), and writes with the
/// `resourceVersion` just read. A 409 (someone touched the Secret in
/// between, e.g. a label) retries with backoff; fields other than our
/// keys, labels and annotation are kept.
public struct KubernetesSecretStore: RotationStore {
    /// Marks Secrets this store writes.
    public static let ownershipAnnotation = "nncp-guard.io/cert-rotation"
    public static let managedLabels: [String: String] = [
        "app.kubernetes.io/managed-by": "nncp-guard",
        "app.kubernetes.io/component": "cert-rotation",
    ]

    public let client: KubeClient
    public let namespace: String
    public let caSecretName: String
    public let servingSecretName: String
    /// Added to ``managedLabels`` on every write (e.g. `app.kubernetes.io/part-of`).
    public let extraLabels: [String: String]
    private let logger: Logger

    public init(client: KubeClient, namespace: String, caSecretName: String, servingSecretName: String,
                extraLabels: [String: String] = [:], logger: Logger = Logger(label: "nncp-guard.cert-rotation")) {
        self.client = client
        self.namespace = namespace
        self.caSecretName = caSecretName
        self.servingSecretName = servingSecretName
        self.extraLabels = extraLabels
        self.logger = logger
    }

    static let caKeys = ["ca.crt", "ca.key"]
    static let servingKeys = ["tls.crt", "tls.key", "ca.crt"]

    public func load() async throws -> StoredCertificates {
        async let caObject = client.getIfPresent(.secrets, name: caSecretName, namespace: namespace)
        async let servingObject = client.getIfPresent(.secrets, name: servingSecretName, namespace: namespace)
        let (ca, serving) = try await (caObject, servingObject)
        return StoredCertificates(ca: ca.map(Self.caContents), serving: serving.map(Self.servingContents))
    }

    public func save(_ desired: StoredCertificates, replacing current: StoredCertificates) async throws {
        if let ca = desired.ca, ca != current.ca {
            try await write(
                name: caSecretName, type: "Opaque",
                data: ["ca.crt": ca.certificatePEM, "ca.key": ca.keyPEM],
                expected: current.ca.map { ["ca.crt": $0.certificatePEM, "ca.key": $0.keyPEM] })
        }
        if let serving = desired.serving, serving != current.serving {
            try await write(
                name: servingSecretName, type: "kubernetes.io/tls",
                data: ["tls.crt": serving.certificatePEM, "tls.key": serving.keyPEM, "ca.crt": serving.caBundlePEM],
                expected: current.serving.map { ["tls.crt": $0.certificatePEM, "tls.key": $0.keyPEM, "ca.crt": $0.caBundlePEM] })
        }
    }

    /// Creates or updates one Secret so that its `data` holds `data` (other
    /// keys kept), provided its current values for those keys are `expected`
    /// (`nil`: the Secret must not exist).
    private func write(name: String, type: String, data: [String: String], expected: [String: String]?) async throws {
        let keys = data.keys.sorted()
        try await retryOnConflict(maxAttempts: 6, initialDelay: .milliseconds(50)) {
            let existing = try await client.getIfPresent(.secrets, name: name, namespace: namespace)
            let found = existing.map { object in Dictionary(uniqueKeysWithValues: keys.map { ($0, Self.decoded(object, key: $0)) }) }
            guard found == expected else {
                throw CertRotationError(.concurrentModification, "Secret \(namespace)/\(name) changed since it was read")
            }
            if let existing {
                let updated = self.updated(existing, type: type, data: data)
                _ = try await client.update(.secrets, updated)
                logger.debug("updated Secret", metadata: ["secret": "\(namespace)/\(name)", "keys": "\(keys.joined(separator: ","))"])
            } else {
                do {
                    _ = try await client.create(.secrets, newSecret(name: name, type: type, data: data), namespace: namespace)
                } catch let error as KubeAPIError where error.code == .alreadyExists {
                    throw CertRotationError(.concurrentModification, "Secret \(namespace)/\(name) was created by someone else")
                }
                logger.info("created Secret", metadata: ["secret": "\(namespace)/\(name)", "type": "\(type)"])
            }
        }
    }

    private func newSecret(name: String, type: String, data: [String: String]) -> Value {
        .mapping([
            Value.Member(key: "apiVersion", value: .string("v1")),
            Value.Member(key: "kind", value: .string("Secret")),
            Value.Member(key: "metadata", value: .mapping([
                Value.Member(key: "name", value: .string(name)),
                Value.Member(key: "namespace", value: .string(namespace)),
                Value.Member(key: "labels", value: Self.stringMap(labels)),
                Value.Member(key: "annotations", value: Self.stringMap([Self.ownershipAnnotation: "managed"])),
            ])),
            Value.Member(key: "type", value: .string(type)),
            Value.Member(key: "data", value: Self.stringMap(data.mapValues(Self.base64))),
        ])
    }

    /// `existing` with our keys, labels and annotation set. The type is
    /// immutable in Kubernetes, so a Secret of another type keeps it (with
    /// a warning) rather than failing every write.
    private func updated(_ existing: Value, type: String, data: [String: String]) -> Value {
        var object = existing
        let existingType = existing["type"]?.string ?? "Opaque"
        if existingType != type {
            logger.warning("Secret has an unexpected type; keeping it (the type cannot be changed in place)", metadata: [
                "secret": "\(namespace)/\(ObjectMetadata(existing).name ?? "")", "type": "\(existingType)", "expected": "\(type)",
            ])
        }
        var dataValue = existing["data"] ?? .mapping([Value.Member]())
        if !dataValue.isMapping { dataValue = .mapping([Value.Member]()) }
        for (key, text) in data.sorted(by: { $0.key < $1.key }) { dataValue.set(key, .string(Self.base64(text))) }
        object.set("data", dataValue)

        var metadata = existing["metadata"] ?? .mapping([Value.Member]())
        var labelsValue = metadata["labels"] ?? .mapping([Value.Member]())
        if !labelsValue.isMapping { labelsValue = .mapping([Value.Member]()) }
        for (key, value) in labels.sorted(by: { $0.key < $1.key }) { labelsValue.set(key, .string(value)) }
        metadata.set("labels", labelsValue)
        var annotations = metadata["annotations"] ?? .mapping([Value.Member]())
        if !annotations.isMapping { annotations = .mapping([Value.Member]()) }
        if annotations[Self.ownershipAnnotation] == nil {
            logger.notice("adopting a Secret nncp-guard did not create", metadata: ["secret": "\(namespace)/\(ObjectMetadata(existing).name ?? "")"])
        }
        annotations.set(Self.ownershipAnnotation, .string("managed"))
        metadata.set("annotations", annotations)
        object.set("metadata", metadata)
        return object
    }

    private var labels: [String: String] { Self.managedLabels.merging(extraLabels) { _, extra in extra } }

    // MARK: - Decoding

    static func caContents(_ secret: Value) -> StoredCertificates.CA {
        .init(certificatePEM: decoded(secret, key: "ca.crt"), keyPEM: decoded(secret, key: "ca.key"))
    }

    static func servingContents(_ secret: Value) -> StoredCertificates.Serving {
        .init(certificatePEM: decoded(secret, key: "tls.crt"), keyPEM: decoded(secret, key: "tls.key"), caBundlePEM: decoded(secret, key: "ca.crt"))
    }

    /// `data[key]` base64-decoded as UTF-8; empty when absent or not base64.
    static func decoded(_ secret: Value, key: String) -> String {
        guard let text = secret.at("data", key)?.string, let data = Base64.decodeLenient(text) else { return "" }
        return String(decoding: data, as: UTF8.self)
    }

    static func base64(_ text: String) -> String { Base64.encode(text) }

    static func stringMap(_ map: [String: String]) -> Value {
        .mapping(map.sorted { $0.key < $1.key }.map { Value.Member(key: $0.key, value: .string($0.value)) })
    }
}
