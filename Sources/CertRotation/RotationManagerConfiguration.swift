import KubeAPI

/// Timing and behaviour of ``RotationManager``.
public struct RotationManagerConfiguration: Sendable {
    public var options: RotationOptions
    /// The leader re-checks the store and the webhook configurations at
    /// least this often, even when no deadline is near: this is what puts
    /// back a caBundle someone overwrote (within one interval) when the
    /// configurations are not watched.
    public var resyncInterval: Duration
    /// Delay after a failed pass, growing to its maximum.
    public var retryBackoff: Backoff
    /// How often the expiry gauges are refreshed; `nil`: only when
    /// something changes (tests use this to keep the clock quiet).
    public var metricsRefreshInterval: Duration?
    /// Also watch the webhook configurations (list and watch by name) while
    /// leading, so an overwritten caBundle is restored at once rather than
    /// at the next resync. Needs `list` and `watch` in RBAC.
    public var watchWebhookConfigurations: Bool

    public init(
        options: RotationOptions,
        resyncInterval: Duration = .seconds(60),
        retryBackoff: Backoff = Backoff(initial: .seconds(1), maximum: .seconds(300), multiplier: 2, jitter: 0.2),
        metricsRefreshInterval: Duration? = .seconds(30),
        watchWebhookConfigurations: Bool = false
    ) {
        self.options = options
        self.resyncInterval = resyncInterval
        self.retryBackoff = retryBackoff
        self.metricsRefreshInterval = metricsRefreshInterval
        self.watchWebhookConfigurations = watchWebhookConfigurations
    }
}
