import NMStateSchema
import PolicyRules
import RuleCatalog
import SourceModel

/// The admission webhook's decisions: the AdmissionReview codec, the NNCP
/// mutations, the rules and the enforcement decision. Review in, outcome
/// out; HTTP, timing, metrics and logging are the server's.
///
/// One value serves every request concurrently: it holds only immutable
/// configuration. Everything runs synchronously on the caller's thread;
/// the body is parsed once and the response written into one buffer.
public struct AdmissionController: Sendable {
    public let validator: PolicyValidator
    public let enforcement: EnforcementPolicy
    public let clock: AdmissionClock
    public let clusterRules: (any ClusterRules)?

    /// - Parameters:
    ///   - validationOptions: profile and options for the stateless rules.
    ///   - enforcement: rule actions (see ``EnforcementPolicy/init(configBytes:format:source:)``).
    ///   - clock: "now" for the timestamp annotation and condition times.
    ///   - clusterRules: cluster-aware rules, when the server runs with an API client.
    public init(
        validationOptions: ValidationOptions = ValidationOptions(),
        enforcement: EnforcementPolicy = EnforcementPolicy(),
        clock: AdmissionClock = .system,
        clusterRules: (any ClusterRules)? = nil
    ) {
        self.validator = PolicyValidator(options: validationOptions)
        self.enforcement = enforcement
        self.clock = clock
        self.clusterRules = clusterRules
    }

    // MARK: - Reviews as bytes

    /// Decodes a request review, decides it at `endpoint` and encodes the
    /// response review. Every decodable review gets an answer (denials
    /// travel inside it); only a body that is not a review throws.
    public func answer(_ body: [UInt8], at endpoint: AdmissionEndpoint) throws(AdmissionReviewError) -> AdmissionAnswer {
        let request = try AdmissionReviewDecoder.decodeRequest(body)
        let outcome = review(request, at: endpoint)
        return AdmissionAnswer(
            body: AdmissionReviewEncoder.encode(outcome.response, version: request.version),
            outcome: outcome,
            logFields: Self.logFields(request, outcome, endpoint: endpoint))
    }

    // MARK: - Admission

    /// Decides one decoded review at `endpoint`. ``answer(_:at:)`` calls
    /// this; tools that replay reviews can too.
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
        let old = request.operation == .update ? request.oldObject : nil
        let oldObject = old?.parsed
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
            let result = clusterRules.check(object: object, oldObject: old?.complete, operation: request.operation, stateless: stateless)
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
    static func logFields(_ request: AdmissionRequest, _ outcome: AdmissionOutcome, endpoint: AdmissionEndpoint) -> [(String, String)] {
        var fields: [(String, String)] = [
            ("endpoint", endpoint.label),
            ("uid", request.uid),
            ("kind", request.kind.kind),
            ("name", request.displayName),
            ("operation", request.operation.rawValue),
            ("decision", outcome.decision.rawValue),
            ("rules", outcome.rulesField),
        ]
        if !request.subResource.isEmpty { fields.append(("subresource", request.subResource)) }
        if request.dryRun { fields.append(("dry_run", "true")) }
        if !request.username.isEmpty { fields.append(("user", request.username)) }
        if let note = outcome.note { fields.append(("note", note)) }
        return fields
    }
}

/// One review answered: the response review's bytes, the decision, and the
/// facts for the request's log line.
public struct AdmissionAnswer: Sendable {
    /// The response AdmissionReview, in the request's version.
    public var body: [UInt8]
    public var outcome: AdmissionOutcome
    /// Facts only: ids, names, the decision. Never object contents or tokens.
    public var logFields: [(String, String)]
}
