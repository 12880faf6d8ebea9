/// What the controller decided for one review, with the facts the log line
/// and metrics need.
public struct AdmissionOutcome: Sendable {
    public var response: AdmissionResponse
    public var decision: AdmissionDecision
    /// Every finding (deny, warn and audit) as `(rule, action)`, in order.
    public var findings: [(rule: String, action: RuleAction)]
    /// Why a request was passed through untouched, for the log.
    public var note: String?

    public init(response: AdmissionResponse, decision: AdmissionDecision, findings: [(rule: String, action: RuleAction)] = [], note: String? = nil) {
        self.response = response
        self.decision = decision
        self.findings = findings
        self.note = note
    }

    /// Admitted unchanged without looking further.
    static func passThrough(_ uid: String, note: String) -> AdmissionOutcome {
        AdmissionOutcome(response: .allow(uid), decision: .allowed, note: note)
    }

    /// `rule=action` pairs, each once, for the log line.
    var rulesField: String {
        var seen: [String] = []
        for f in findings {
            let entry = "\(f.rule)=\(f.action.rawValue)"
            if !seen.contains(entry) { seen.append(entry) }
        }
        return seen.joined(separator: ",")
    }
}
