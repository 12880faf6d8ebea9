import CoreMetrics

/// The outcome of one request, as the `decision` metric dimension and log field.
public enum AdmissionDecision: String, Sendable, CaseIterable {
    /// Admitted with no warnings (mutating endpoints: with or without a patch).
    case allowed
    /// Rejected by a rule (or by an unavailable cluster view under `deny`).
    case denied
    /// Admitted with warnings.
    case warned
    /// Not a usable request: a 4xx reply, or a review without an object.
    case error

    var index: Int {
        switch self {
        case .allowed: return 0
        case .denied: return 1
        case .warned: return 2
        case .error: return 3
        }
    }
}

/// swift-metrics handles for the admission path.
///
/// The controller decides; whoever serves it records here, once per
/// request, with its own measurement of the request's duration.
///
/// Request counters and timers are created once, up front, for every
/// endpoint and decision, so a request costs an atomic increment and no
/// factory lookup. Create it after `MetricsSystem.bootstrap`, or pass the
/// factory explicitly; handles made before bootstrapping stay no-ops. A
/// class, so that a reference to it is all a request needs to carry.
public final class AdmissionMetrics: Sendable {
    static let requestsTotal = "nncp_guard_admission_requests_total"
    static let findingsTotal = "nncp_guard_rule_findings_total"
    static let durationSeconds = "nncp_guard_admission_duration_seconds"

    /// Label value for requests that matched no endpoint.
    static let unknownEndpoint = "unknown"

    private let factory: any MetricsFactory
    /// `[endpointIndex][decisionIndex]`; the last endpoint row is `unknown`.
    private let requests: [[Counter]]
    private let durations: [Timer]

    public init(factory: (any MetricsFactory)? = nil) {
        let factory = factory ?? MetricsSystem.factory
        self.factory = factory
        let labels = AdmissionEndpoint.allCases.sorted { $0.index < $1.index }.map(\.label) + [Self.unknownEndpoint]
        requests = labels.map { endpoint in
            AdmissionDecision.allCases.sorted { $0.index < $1.index }.map { decision in
                Counter(label: Self.requestsTotal, dimensions: [("endpoint", endpoint), ("decision", decision.rawValue)], factory: factory)
            }
        }
        durations = labels.map { Timer(label: Self.durationSeconds, dimensions: [("endpoint", $0)], factory: factory) }
    }

    /// One answered request: `endpoint` nil for a path that is none.
    public func record(endpoint: AdmissionEndpoint?, decision: AdmissionDecision, findings: [(rule: String, action: RuleAction)] = [], nanoseconds: Int64) {
        let row = endpoint?.index ?? AdmissionEndpoint.allCases.count
        requests[row][decision.index].increment()
        durations[row].recordNanoseconds(nanoseconds)
        // Findings are rare next to requests, so their counters are made on
        // demand (the backend caches them by label and dimensions).
        for f in findings {
            Counter(label: Self.findingsTotal, dimensions: [("rule", f.rule), ("action", f.action.rawValue)], factory: factory).increment()
        }
    }

    /// Histogram buckets sized for this path (tens of microseconds to tens
    /// of milliseconds). The Prometheus backend defaults start at 5 ms, which
    /// would put every request in the first bucket; the server should set
    /// `PrometheusMetricsFactory.durationHistogramBuckets[durationSeconds]`.
    static let suggestedDurationBuckets: [Duration] = [
        .microseconds(25), .microseconds(50), .microseconds(100), .microseconds(250), .microseconds(500),
        .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(50),
    ]
}

/// Public names of the admission metrics, for the server's registry setup
/// and for dashboards.
public enum AdmissionMetricNames {
    public static let requestsTotal = AdmissionMetrics.requestsTotal
    public static let findingsTotal = AdmissionMetrics.findingsTotal
    public static let durationSeconds = AdmissionMetrics.durationSeconds
    /// The `endpoint` label of requests that matched no endpoint.
    public static let unknownEndpoint = AdmissionMetrics.unknownEndpoint
    public static let suggestedDurationBuckets = AdmissionMetrics.suggestedDurationBuckets

    /// The `# HELP` text of each, for the server's metrics backend.
    public static let help: [String: String] = [
        requestsTotal: "Admission reviews answered, by endpoint and decision (allowed, denied, warned, error).",
        findingsTotal: "Rule findings in admission reviews, by rule id and the action taken (deny, warn, audit).",
        durationSeconds: "Time to decide one admission review, by endpoint.",
    ]
}
