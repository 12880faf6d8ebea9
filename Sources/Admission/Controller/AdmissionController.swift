import CoreMetrics
import Logging
import NMStateSchema
import PolicyRules
import RuleCatalog
import SourceModel

/// The admission webhook's request handler: HTTP checks, the AdmissionReview
/// codec, the NNCP mutations, the rules and the enforcement decision.
///
/// One value serves every request concurrently: it holds only immutable
/// configuration and metric handles. Everything runs synchronously on the
/// caller's thread; the body is parsed once and the response written into
/// one buffer.
public struct AdmissionController: WebhookHandler {
    public let validator: PolicyValidator
    public let enforcement: EnforcementPolicy
    public let clock: AdmissionClock
    public let clusterRules: (any ClusterRules)?
    public let logger: Logger
    let metrics: AdmissionMetrics

    /// - Parameters:
    ///   - validationOptions: profile and options for the stateless rules.
    ///   - enforcement: rule actions (see ``EnforcementPolicy/init(configBytes:format:source:)``).
    ///   - clock: "now" for the timestamp annotation and condition times.
    ///   - clusterRules: cluster-aware rules, when the server runs with an API client.
    ///   - logger: one line per request goes here (label `nncp-guard.admission` by default).
    ///   - metricsFactory: defaults to `MetricsSystem.factory` as bootstrapped
    ///     when the controller is created, so bootstrap first.
    public init(
        validationOptions: ValidationOptions = ValidationOptions(),
        enforcement: EnforcementPolicy = EnforcementPolicy(),
        clock: AdmissionClock = .system,
        clusterRules: (any ClusterRules)? = nil,
        logger: Logger = Logger(label: "nncp-guard.admission"),
        metricsFactory: (any MetricsFactory)? = nil
    ) {
        self.validator = PolicyValidator(options: validationOptions)
        self.enforcement = enforcement
        self.clock = clock
        self.clusterRules = clusterRules
        self.logger = logger
        self.metrics = AdmissionMetrics(factory: metricsFactory ?? MetricsSystem.factory)
    }

    // MARK: - HTTP

    /// Answers one HTTP request. Reviews always get a 200 with an
    /// AdmissionReview (denials travel inside it); only requests that are
    /// not reviews get a 4xx. Logs one line per request: `info` when
    /// admitted cleanly, `notice` when denied, warned or refused, so a
    /// `notice` level keeps every decision that matters.
    public func handle(_ request: WebhookRequest) -> WebhookResponse {
        let started = ContinuousClock.now
        guard let endpoint = AdmissionEndpoint(path: request.path) else {
            return reject(.notFound(request.path), endpoint: nil, started: started)
        }
        guard request.method == "POST" else {
            return reject(.methodNotAllowed(request.method), endpoint: endpoint, started: started)
        }
        guard MediaType.isJSON(request.contentType) else {
            return reject(.unsupportedMediaType(request.contentType), endpoint: endpoint, started: started)
        }
        let admission: AdmissionRequest
        do {
            admission = try AdmissionReviewDecoder.decodeRequest(request.body)
        } catch {
            return reject(.badReview(error), endpoint: endpoint, started: started)
        }
        let outcome = review(admission, at: endpoint)
        let body = AdmissionReviewEncoder.encode(outcome.response, version: admission.version)
        let elapsed = Self.nanoseconds(since: started)
        metrics.record(endpoint: endpoint, decision: outcome.decision, nanoseconds: elapsed)
        for f in outcome.findings { metrics.recordFinding(rule: f.rule, action: f.action) }
        let fields = Self.logFields(admission, outcome, endpoint: endpoint, nanoseconds: elapsed)
        let level: Logger.Level = outcome.decision == .allowed ? .info : .notice
        logger.log(level: level, "admission review", metadata: Self.metadata(fields))
        return WebhookResponse(status: 200, body: body, logFields: fields)
    }

    private func reject(_ rejection: HTTPRejection, endpoint: AdmissionEndpoint?, started: ContinuousClock.Instant) -> WebhookResponse {
        let elapsed = Self.nanoseconds(since: started)
        metrics.record(endpoint: endpoint, decision: .error, nanoseconds: elapsed)
        let fields: [(String, String)] = [
            ("endpoint", endpoint?.label ?? AdmissionMetrics.unknownEndpoint),
            ("decision", AdmissionDecision.error.rawValue),
            ("status", String(rejection.status)),
            ("reason", rejection.reason),
            ("duration_us", Self.microseconds(elapsed)),
        ]
        // Unknown paths are mostly probes and scanners: keep them quieter.
        logger.log(level: endpoint == nil ? .info : .notice, "admission request rejected: \(rejection.message)", metadata: Self.metadata(fields))
        return WebhookResponse(
            status: rejection.status,
            body: rejection.body,
            logFields: fields,
            headers: rejection.headers.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        )
    }

    // MARK: - Admission

    /// Decides one decoded review at `endpoint`. `handle` calls this; tools
    /// that replay reviews can too.
    public func review(_ request: AdmissionRequest, at endpoint: AdmissionEndpoint) -> AdmissionOutcome {
        guard request.isNodeNetworkConfigurationPolicy else {
            return .passThrough(request.uid, note: "not a NodeNetworkConfigurationPolicy")
        }
        guard request.operation == .create || request.operation == .update else {
            return .passThrough(request.uid, note: "\(request.operation.rawValue) is not checked")
        }
        guard let object = request.object, object.isMapping else {
            // The apiserver always sends the object on CREATE and UPDATE; a
            // review without one is answered, but not admitted.
            let got = request.object.map(\.kindName) ?? "nothing"
            let status = AdmissionStatus(code: 400, reason: "BadRequest", message: "request.object must be a NodeNetworkConfigurationPolicy object on \(request.operation.rawValue), got \(got)")
            return AdmissionOutcome(response: AdmissionResponse(uid: request.uid, allowed: false, status: status), decision: .error, note: "no object")
        }
        switch endpoint.action {
        case .stampTimestamp:
            return mutated(request, PolicyMutations.stampTimestamp(object, unixNanoseconds: clock.nanosecondsSinceEpoch()))
        case .clearConditions:
            return mutated(request, PolicyMutations.clearConditions(object))
        case .initializeConditions:
            return mutated(request, PolicyMutations.initializeConditions(object, unixNanoseconds: clock.nanosecondsSinceEpoch()))
        case .validate:
            return validate(request, object: object)
        }
    }

    private func mutated(_ request: AdmissionRequest, _ patch: JSONPatch) -> AdmissionOutcome {
        if patch.isEmpty { return .passThrough(request.uid, note: "mutation not needed") }
        return AdmissionOutcome(response: AdmissionResponse(uid: request.uid, allowed: true, patch: patch), decision: .allowed, note: "patched")
    }

    private func validate(_ request: AdmissionRequest, object: Value) -> AdmissionOutcome {
        // A status write cannot change the spec, and the handler reports
        // progress through it: spec rules must never block it.
        if !request.subResource.isEmpty {
            return .passThrough(request.uid, note: "subresource \(request.subResource) is not checked")
        }
        let oldObject = request.operation == .update ? request.oldObject : nil
        // Upstream validated updates only when the spec changed. Besides
        // matching it, this keeps metadata-only updates (finalizer removal
        // during deletion, labels) working for objects stored before a rule
        // existed or got stricter.
        if oldObject != nil, request.specUnchanged(object: object) {
            return .passThrough(request.uid, note: "spec unchanged")
        }
        // Past the check above, an UPDATE's spec is known to differ.
        let specChanged: Bool? = oldObject == nil ? nil : true
        var stateless = validator.validate(object, oldObject: oldObject, operation: request.operation, specChanged: specChanged)
        var cluster: ClusterCheckResult?
        if let clusterRules {
            let result = clusterRules.check(object: object, oldObject: oldObject == nil ? nil : request.completeOldObject, operation: request.operation, stateless: stateless)
            if !result.superseded.isEmpty {
                let dropped = Set(result.superseded)
                stateless = stateless.indices.filter { !dropped.contains($0) }.map { stateless[$0] }
            }
            cluster = result
        }
        var verdict = Verdict(stateless, policy: enforcement)
        if let result = cluster {
            for d in result.diagnostics { verdict.add(d, action: enforcement.action(for: d)) }
            if let reason = result.unavailableReason {
                switch enforcement.clusterUnavailable {
                case .warn:
                    // First, so the warning cap never hides it.
                    verdict.warnings.insert(Diagnostic(rule: ClusterCheckResult.unavailableRule, severity: .warning, message: "cluster checks skipped: \(reason)"), at: 0)
                case .deny:
                    verdict.add(Diagnostic(rule: ClusterCheckResult.unavailableRule, severity: .error, message: "cluster checks could not run: \(reason)"), action: .deny)
                }
            }
        }
        let findings = verdict.findings.map { (rule: $0.diagnostic.rule, action: $0.action) }
        let warnings = ResponseText.warnings(findings: verdict.warnings, maxCount: enforcement.maxWarnings, maxLength: enforcement.maxWarningLength)
        if verdict.isDenied {
            let message = ResponseText.denialMessage(kind: request.kind.kind, name: request.displayName, denials: verdict.denials, limit: enforcement.maxListedViolations)
            return AdmissionOutcome(response: .deny(request.uid, message: message, warnings: warnings), decision: .denied, findings: findings)
        }
        return AdmissionOutcome(response: .allow(request.uid, warnings: warnings), decision: warnings.isEmpty ? .allowed : .warned, findings: findings)
    }

    // MARK: - Log fields

    /// Facts only: ids, names, the decision. Never object contents or tokens.
    static func logFields(_ request: AdmissionRequest, _ outcome: AdmissionOutcome, endpoint: AdmissionEndpoint, nanoseconds: Int64) -> [(String, String)] {
        var fields: [(String, String)] = [
            ("endpoint", endpoint.label),
            ("uid", request.uid),
            ("kind", request.kind.kind),
            ("name", request.displayName),
            ("operation", request.operation.rawValue),
            ("decision", outcome.decision.rawValue),
            ("rules", outcome.rulesField),
            ("duration_us", microseconds(nanoseconds)),
        ]
        if !request.subResource.isEmpty { fields.append(("subresource", request.subResource)) }
        if request.dryRun { fields.append(("dry_run", "true")) }
        if !request.username.isEmpty { fields.append(("user", request.username)) }
        if let note = outcome.note { fields.append(("note", note)) }
        return fields
    }

    static func metadata(_ fields: [(String, String)]) -> Logger.Metadata {
        var m: Logger.Metadata = [:]
        for (k, v) in fields { m[k] = .string(v) }
        return m
    }

    static func nanoseconds(since start: ContinuousClock.Instant) -> Int64 {
        let c = start.duration(to: .now).components
        return c.seconds * 1_000_000_000 + c.attoseconds / 1_000_000_000
    }

    /// `12.3` (one decimal), without Foundation formatting.
    static func microseconds(_ ns: Int64) -> String {
        let tenths = ns / 100
        return "\(tenths / 10).\(tenths % 10)"
    }
}
