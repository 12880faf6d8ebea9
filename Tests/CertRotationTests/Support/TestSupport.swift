import Foundation
import GuardCore
import KubeAPI
import KubeAPITesting
import Logging
import SourceModel
@_spi(FixedExpiryValidationTime) import X509
@testable import CertRotation

// Shared fixtures for the rotation tests. The fake API server, ManualClock,
// `eventually` and Fixtures come from KubeAPITesting.

enum TestNames {
    static let namespace = "nmstate"
    static let service = "nncp-guard"
    static let caSecret = "nncp-guard-ca"
    static let servingSecret = "nncp-guard-tls"
    static let mutating = "nncp-guard-mutating"
    static let validating = "nncp-guard-validating"
    static let lease = "nncp-guard-cert-rotation"
}

extension RotationOptions {
    /// The chart's service in `nmstate`, upstream intervals, P-256.
    static func test(intervals: RotationIntervals = .upstreamDefaults, extraDNSNames: [String] = []) -> RotationOptions {
        RotationOptions(intervals: intervals, serving: ServingCertificateRequest(
            serviceName: TestNames.service, namespace: TestNames.namespace, extraDNSNames: extraDNSNames))
    }
}

extension Duration {
    static func hours(_ h: Int) -> Duration { .seconds(h * 3600) }
}

/// Now, on a whole second: certificates carry whole seconds, so dates
/// derived from an issue time compare exactly only from such a start.
func wholeSecondNow() -> Date { Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down)) }

extension Date {
    func adding(_ duration: Duration) -> Date { addingTimeInterval(duration.inSeconds) }
}

/// Plans and executes once at `now`, as a leader pass would, without I/O.
func rotate(_ stored: StoredCertificates, options: RotationOptions = .test(), now: Date) throws -> (RotationPlan, StoredCertificates) {
    let plan = RotationPlanner(options: options).plan(stored, now: now)
    guard plan.changesStore else { return (plan, stored) }
    return (plan, try RotationExecutor(options: options).execute(plan, on: stored, now: now).stored)
}

/// A first install at `now`.
func firstIssue(options: RotationOptions = .test(), now: Date) throws -> StoredCertificates {
    try rotate(StoredCertificates(), options: options, now: now).1
}

/// Certificates of a PEM bundle, failing the test helper on bad input.
func certificates(_ pem: String) throws -> [Certificate] { try PEM.certificates(pem) }

/// Whether `leafChainPEM` (leaf first, then intermediates) verifies for
/// `hostname` against `rootsPEM` at `time`, with swift-certificates' RFC 5280
/// verifier, an independent check of the planner's own chain logic.
func verifies(_ leafChainPEM: String, roots rootsPEM: String, hostname: String = "nncp-guard.nmstate.svc", at time: Date) async throws -> Bool {
    let chain = try PEM.certificates(leafChainPEM)
    let roots = try PEM.certificates(rootsPEM)
    var verifier = Verifier(rootCertificates: CertificateStore(roots)) {
        RFC5280Policy(fixedExpiryValidationTime: time)
        ServerIdentityPolicy(serverHostname: hostname, serverIP: nil)
    }
    let result = await verifier.validate(leaf: chain[0], intermediates: CertificateStore(Array(chain.dropFirst())))
    if case .validCertificate = result { return true }
    return false
}

/// A webhook configuration like the chart's, with entries `hooks` whose
/// caBundle is `caBundle` (base64 of some text), or unset.
func webhookConfiguration(_ kind: WebhookConfigurationRef.Kind, _ name: String, hooks: [String], caBundle: String? = nil,
                          annotations: [String: String] = [:]) -> Value {
    var metadata: [Value.Member] = [Value.Member(key: "name", value: .string(name))]
    if !annotations.isEmpty {
        metadata.append(Value.Member(key: "annotations", value: .mapping(annotations.map { Value.Member(key: $0.key, value: .string($0.value)) })))
    }
    return .mapping([
        Value.Member(key: "apiVersion", value: .string("admissionregistration.k8s.io/v1")),
        Value.Member(key: "kind", value: .string(kind == .mutating ? "MutatingWebhookConfiguration" : "ValidatingWebhookConfiguration")),
        Value.Member(key: "metadata", value: .mapping(metadata)),
        Value.Member(key: "webhooks", value: .sequence(hooks.map { hook in
            var clientConfig: [Value.Member] = [
                Value.Member(key: "service", value: .mapping([
                    Value.Member(key: "name", value: .string(TestNames.service)),
                    Value.Member(key: "namespace", value: .string(TestNames.namespace)),
                    Value.Member(key: "path", value: .string("/validate")),
                ])),
            ]
            if let caBundle { clientConfig.append(Value.Member(key: "caBundle", value: .string(caBundle))) }
            return .mapping([
                Value.Member(key: "name", value: .string(hook)),
                Value.Member(key: "clientConfig", value: .mapping(clientConfig)),
                Value.Member(key: "sideEffects", value: .string("None")),
                Value.Member(key: "admissionReviewVersions", value: .sequence([.string("v1")])),
            ])
        })),
    ])
}

/// The decoded caBundle of every entry of a stored configuration.
func injectedBundles(_ object: Value?) -> [String: String] {
    var out: [String: String] = [:]
    for entry in object?["webhooks"]?.sequence ?? [] {
        guard let name = entry["name"]?.string else { continue }
        let decoded = entry.at("clientConfig", "caBundle")?.string.flatMap { Data(base64Encoded: $0) }.map { String(decoding: $0, as: UTF8.self) }
        out[name] = decoded ?? ""
    }
    return out
}

/// `data[key]` of a stored Secret, decoded.
func secretData(_ secret: Value?, _ key: String) -> String? {
    secret?.at("data", key)?.string.flatMap { Data(base64Encoded: $0) }.map { String(decoding: $0, as: UTF8.self) }
}

/// A fresh temporary directory, removed when `body` returns.
func withTemporaryDirectory<T>(_ body: (String) async throws -> T) async throws -> T {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("cert-rotation-tests-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: path) }
    return try await body(path)
}

/// A logger that stays quiet unless a test is debugged.
let quietLogger: Logger = {
    var logger = Logger(label: "cert-rotation-tests")
    logger.logLevel = .critical
    return logger
}()

/// Collects what the manager hands to the serving hook.
final class DeliveryLog: Sendable {
    private let box = NIOLockedBox<[ServingCertificate]>([])

    func append(_ certificate: ServingCertificate) { box.withLock { $0.append(certificate) } }
    var all: [ServingCertificate] { box.withLock { $0 } }
    var last: ServingCertificate? { all.last }
}

/// A tiny lock box (the test target does not link NIOConcurrencyHelpers by name).
final class NIOLockedBox<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: T
    init(_ value: T) { self.value = value }
    func withLock<R>(_ body: (inout T) -> R) -> R {
        lock.lock()
        defer { lock.unlock() }
        return body(&value)
    }
}

/// A part of the stored material a test expected and did not find.
struct Missing: Error, CustomStringConvertible {
    var description: String
}

extension StoredCertificates {
    func caCertificate() throws -> Certificate {
        guard let ca else { throw Missing(description: "no CA part") }
        guard let first = try PEM.certificates(ca.certificatePEM).first else { throw Missing(description: "no CA certificate") }
        return first
    }

    func bundle() throws -> [Certificate] { try PEM.certificates(try bundlePEM()) }
    /// tls.crt: leaf, then chain.
    func chain() throws -> [Certificate] { try PEM.certificates(try chainPEM()) }

    func bundlePEM() throws -> String {
        guard let serving else { throw Missing(description: "no serving part") }
        return serving.caBundlePEM
    }

    func chainPEM() throws -> String {
        guard let serving else { throw Missing(description: "no serving part") }
        return serving.certificatePEM
    }

    func servingKeyPEM() throws -> String {
        guard let serving else { throw Missing(description: "no serving part") }
        return serving.keyPEM
    }
}
