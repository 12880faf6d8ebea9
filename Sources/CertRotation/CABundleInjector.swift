import Foundation
import GuardCore
import KubeAPI
import Logging
import SourceModel
import X509

/// Keeps `clientConfig.caBundle` of every entry of the named webhook
/// configurations equal to the trust bundle.
///
/// - **Idempotent.** Each pass reads the configuration and writes only when
///   some entry differs (compared as certificates, so whitespace does not
///   count); a pass over up-to-date objects is two GETs.
/// - **Keyed by name, conditional on the version read.** The write is a
///   strategic-merge patch listing `{name, clientConfig.caBundle}` for the
///   entries that differ, with `metadata.resourceVersion` of the object
///   read. `webhooks` merges by `name`, so an entry added or reordered
///   meanwhile is not mistaken for another (an index-based JSON patch would
///   write the bundle into whatever entry sits at that index now); the
///   resourceVersion makes the API server refuse the patch (409) if an entry
///   was removed meanwhile, rather than re-creating it half-empty. A 409 is
///   retried from a fresh read.
/// - **Never fights another injector.** A configuration annotated for the
///   OpenShift service-ca operator or cert-manager's cainjector is skipped
///   with a warning: two writers alternating caBundle is the loop of
///   kubernetes-nmstate#1264.
///
/// A configuration that does not exist (yet) is not an error: it is
/// reported as missing and picked up on a later pass.
public struct CABundleInjector: Sendable {
    /// Annotations by which other controllers claim caBundle.
    public static let foreignInjectorAnnotations: [(key: String, value: String?)] = [
        ("service.beta.openshift.io/inject-cabundle", "true"),
        ("cert-manager.io/inject-ca-from", nil),
        ("cert-manager.io/inject-ca-from-secret", nil),
    ]

    public let client: KubeClient
    public let configurations: [WebhookConfigurationRef]
    private let logger: Logger

    public init(client: KubeClient, configurations: [WebhookConfigurationRef], logger: Logger = Logger(label: "nncp-guard.cert-rotation")) {
        self.client = client
        self.configurations = configurations
        self.logger = logger
    }

    /// What one pass did.
    public struct Report: Sendable, Equatable {
        /// Entries whose caBundle was written (`<resource>/<name>#<webhook>`).
        public var written: [String] = []
        /// Entries that already carried the bundle.
        public var unchanged: [String] = []
        /// Configurations that do not exist.
        public var missing: [WebhookConfigurationRef] = []
        /// Configurations left to another injector.
        public var skipped: [WebhookConfigurationRef] = []
    }

    /// The caBundle each entry carries now, for the planner.
    public func currentBundles() async throws -> [InjectedCABundle] {
        var out: [InjectedCABundle] = []
        for configuration in configurations {
            guard let object = try await client.getIfPresent(configuration.kind.resource, name: configuration.name),
                  Self.foreignInjector(object) == nil else { continue }
            for entry in Self.entries(object) {
                out.append(InjectedCABundle(target: Self.target(configuration, entry.name), pem: entry.caBundlePEM))
            }
        }
        return out
    }

    /// Makes every entry carry `bundlePEM`.
    @discardableResult
    public func inject(bundlePEM: String) async throws -> Report {
        let desired = try PEM.certificates(bundlePEM)
        let encoded = Base64.encode(bundlePEM)
        var report = Report()
        for configuration in configurations {
            let pass = try await retryOnConflict(maxAttempts: 6, initialDelay: .milliseconds(50)) {
                try await injectOnce(configuration, desired: desired, encoded: encoded)
            }
            report.merge(pass)
        }
        return report
    }

    /// One read-compare-patch of one configuration.
    private func injectOnce(_ configuration: WebhookConfigurationRef, desired: [Certificate], encoded: String) async throws -> Report {
        var report = Report()
        guard let object = try await client.getIfPresent(configuration.kind.resource, name: configuration.name) else {
            report.missing.append(configuration)
            return report
        }
        if let annotation = Self.foreignInjector(object) {
            report.skipped.append(configuration)
            logger.warning("another controller injects caBundle into this webhook configuration; leaving it alone", metadata: [
                "configuration": "\(configuration)", "annotation": "\(annotation)",
            ])
            return report
        }
        var stale: [String] = []
        for entry in Self.entries(object) {
            let current = entry.caBundlePEM.flatMap { try? PEM.certificates($0) }
            if current == desired {
                report.unchanged.append(Self.target(configuration, entry.name))
            } else {
                stale.append(entry.name)
            }
        }
        guard !stale.isEmpty else { return report }
        let patch = Self.patch(entries: stale, caBundle: encoded, resourceVersion: ObjectMetadata(object).resourceVersion)
        _ = try await client.patch(configuration.kind.resource, name: configuration.name, .strategicMerge(patch))
        report.written = stale.map { Self.target(configuration, $0) }
        logger.info("injected caBundle", metadata: ["configuration": "\(configuration)", "webhooks": "\(stale.joined(separator: ","))"])
        return report
    }

    /// `{"metadata":{"resourceVersion":…},"webhooks":[{"name":…,"clientConfig":{"caBundle":…}}…]}`
    static func patch(entries: [String], caBundle: String, resourceVersion: String?) -> Value {
        var members: [Value.Member] = []
        if let resourceVersion {
            members.append(Value.Member(key: "metadata", value: .mapping([Value.Member(key: "resourceVersion", value: .string(resourceVersion))])))
        }
        members.append(Value.Member(key: "webhooks", value: .sequence(entries.map { name in
            .mapping([
                Value.Member(key: "name", value: .string(name)),
                Value.Member(key: "clientConfig", value: .mapping([Value.Member(key: "caBundle", value: .string(caBundle))])),
            ])
        })))
        return .mapping(members)
    }

    struct Entry {
        var name: String
        /// Decoded caBundle; nil when unset or not base64.
        var caBundlePEM: String?
    }

    static func entries(_ object: Value) -> [Entry] {
        (object["webhooks"]?.sequence ?? []).compactMap { webhook in
            guard let name = webhook["name"]?.string else { return nil }
            let pem = webhook.at("clientConfig", "caBundle")?.string
                .flatMap(Base64.decodeLenient)
                .map { String(decoding: $0, as: UTF8.self) }
            return Entry(name: name, caBundlePEM: pem)
        }
    }

    static func target(_ configuration: WebhookConfigurationRef, _ webhook: String) -> String {
        "\(configuration)#\(webhook)"
    }

    /// The annotation by which another controller claims caBundle, if any.
    static func foreignInjector(_ object: Value) -> String? {
        let annotations = ObjectMetadata(object).annotations
        for (key, value) in foreignInjectorAnnotations {
            guard let actual = annotations[key] else { continue }
            if let value, actual.lowercased() != value { continue }
            return "\(key)=\(actual)"
        }
        return nil
    }
}

extension CABundleInjector.Report {
    mutating func merge(_ other: Self) {
        written += other.written
        unchanged += other.unchanged
        missing += other.missing
        skipped += other.skipped
    }
}
