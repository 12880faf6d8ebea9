import KubeAPI
import Logging

extension RotationManager {
    /// How each replica follows the serving Secret.
    public enum ServingSecretFollowing: Sendable {
        /// List and watch it (RBAC: `get`, `list`, `watch` on it): changes arrive at once.
        case watch
        /// `get` it every `interval` (RBAC: `get` only).
        case poll(Duration)
    }

    /// The manager of `serve --cert-mode builtin`, assembled from its flags:
    /// CA and serving certificate in two Secrets of `namespace`, caBundle in
    /// `webhookConfigurations`, one rotating replica elected through the
    /// Lease `leaseName` (none when `nil`), and every replica writing the
    /// serving pair to `servingFiles` before calling `reload` (the server's
    /// `certificates.reloadNow()`).
    ///
    /// The serving files must be writable: a path in an `emptyDir` (the
    /// chart's `/tmp`), not the read-only Secret volume.
    public static func kubernetes(
        client: KubeClient,
        namespace: String,
        caSecretName: String,
        servingSecretName: String,
        webhookConfigurations: [WebhookConfigurationRef],
        leaseName: String?,
        identity: String,
        options: RotationOptions,
        servingFiles: ServingCertificateFiles,
        following: ServingSecretFollowing = .watch,
        leaderElection: LeaderElectionConfiguration = LeaderElectionConfiguration(),
        resyncInterval: Duration = .seconds(60),
        watchWebhookConfigurations: Bool = false,
        logger: Logger = Logger(label: "nncp-guard.cert-rotation"),
        reload: @escaping @Sendable () -> Void
    ) -> RotationManager {
        let elector = leaseName.map {
            LeaderElector(leases: LeaseClient(client: client, namespace: namespace), leaseName: $0, identity: identity,
                          configuration: leaderElection, logger: logger)
        }
        let source: any ServingCertificateSource
        switch following {
        case .watch:
            source = ServingSecretWatcher(client: client, namespace: namespace, secretName: servingSecretName, logger: logger)
        case .poll(let interval):
            source = ServingSecretPoller(client: client, namespace: namespace, secretName: servingSecretName, interval: interval, logger: logger)
        }
        return RotationManager(
            configuration: RotationManagerConfiguration(
                options: options, resyncInterval: resyncInterval, watchWebhookConfigurations: watchWebhookConfigurations),
            store: KubernetesSecretStore(client: client, namespace: namespace, caSecretName: caSecretName,
                                         servingSecretName: servingSecretName, logger: logger),
            injector: webhookConfigurations.isEmpty ? nil : CABundleInjector(client: client, configurations: webhookConfigurations, logger: logger),
            leaderElector: elector,
            servingSource: source,
            logger: logger
        ) { certificate in
            try servingFiles.write(certificate)
            reload()
        }
    }
}
