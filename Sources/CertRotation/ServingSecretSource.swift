import KubeAPI
import Logging
import SourceModel

/// Tells every replica what the serving Secret holds now, so each serves
/// the current certificate whether or not it is the one that rotates.
public protocol ServingCertificateSource: Sendable {
    /// Runs until cancelled, calling `deliver` with the serving Secret's
    /// contents at start (if it exists) and after every change. Calls are
    /// sequential; the same contents may be delivered more than once.
    func run(deliver: @escaping @Sendable (StoredCertificates.Serving) async -> Void) async throws
}

/// Watches the serving Secret through an ``Informer`` (list and watch with
/// `fieldSelector=metadata.name=<secret>`): changes arrive within
/// milliseconds, which matters because kubelet's refresh of a mounted
/// Secret volume can lag by a minute or more.
///
/// RBAC: `get`, `list`, `watch` on that Secret (by name is enough: the API
/// server authorizes a list/watch with a `metadata.name` field selector
/// against `resourceNames`). Where only `get` is granted, use
/// ``ServingSecretPoller``.
public struct ServingSecretWatcher: ServingCertificateSource {
    public let client: KubeClient
    public let namespace: String
    public let secretName: String
    private let logger: Logger

    public init(client: KubeClient, namespace: String, secretName: String, logger: Logger = Logger(label: "nncp-guard.cert-rotation")) {
        self.client = client
        self.namespace = namespace
        self.secretName = secretName
        self.logger = logger
    }

    public func run(deliver: @escaping @Sendable (StoredCertificates.Serving) async -> Void) async throws {
        let informer = Informer(
            client: client, resource: .secrets, namespace: namespace,
            options: InformerOptions(fieldSelector: "metadata.name=\(secretName)"), logger: logger)
        let subscription = informer.subscribe()
        let name = secretName
        let namespace = self.namespace
        let logger = self.logger
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await informer.run() }
            group.addTask {
                if let object = subscription.snapshot.object(namespace: namespace, name: name) {
                    await deliver(KubernetesSecretStore.servingContents(object))
                }
                for await event in subscription.events {
                    switch event {
                    case .added(let object), .updated(_, let object):
                        guard ObjectMetadata(object).name == name else { continue }
                        await deliver(KubernetesSecretStore.servingContents(object))
                    case .deleted(let object):
                        guard ObjectMetadata(object).name == name else { continue }
                        logger.warning("the serving Secret was deleted; serving the last certificate until it is recreated",
                                       metadata: ["secret": "\(namespace)/\(name)"])
                    case .synced:
                        continue
                    }
                }
            }
            try await group.next()
            group.cancelAll()
        }
    }
}

/// Reads the serving Secret every `interval` (one `get`): for clusters
/// where the pod may only `get` its Secrets. Delivers on change only.
public struct ServingSecretPoller: ServingCertificateSource {
    public let client: KubeClient
    public let namespace: String
    public let secretName: String
    public let interval: Duration
    private let clock: any LeaderElectionClock
    private let logger: Logger

    public init(client: KubeClient, namespace: String, secretName: String, interval: Duration = .seconds(10),
                clock: any LeaderElectionClock = SystemLeaderElectionClock(), logger: Logger = Logger(label: "nncp-guard.cert-rotation")) {
        self.client = client
        self.namespace = namespace
        self.secretName = secretName
        self.interval = interval
        self.clock = clock
        self.logger = logger
    }

    public func run(deliver: @escaping @Sendable (StoredCertificates.Serving) async -> Void) async throws {
        var last: StoredCertificates.Serving?
        while true {
            try Task.checkCancellation()
            do {
                if let object = try await client.getIfPresent(.secrets, name: secretName, namespace: namespace) {
                    let contents = KubernetesSecretStore.servingContents(object)
                    if contents != last {
                        last = contents
                        await deliver(contents)
                    }
                }
            } catch {
                if error is CancellationError || Task.isCancelled { throw CancellationError() }
                logger.warning("reading the serving Secret failed; retrying", metadata: ["secret": "\(namespace)/\(secretName)", "error": "\(error)"])
            }
            try await clock.sleep(for: interval)
        }
    }
}
