import NMPolicy
import NMStateSchema
import SourceModel

/// Judges a policy the way each node it selects will apply it.
///
/// For every selected node with a NodeNetworkState it does what the
/// node's handler does: run the policy's captures against that node's
/// current state, fill the templates, and check the result merged with
/// the current state (nmstate's apply mode, every rule included). Nodes
/// are then grouped by what the rules can see, the resolved desired state
/// and the current interfaces it can involve (``NodeNetworkState``), and
/// each group is checked once: a fleet of alike nodes costs one check, not
/// one per node.
public struct NodeEvaluator: Sendable {
    public var profile: Profile
    /// Verdicts shared between checks (admission passes one that lives as
    /// long as the server; nil checks every group afresh).
    public var cache: GroupVerdictCache?

    public init(profile: Profile = .latest, cache: GroupVerdictCache? = nil) {
        self.profile = profile
        self.cache = cache
    }

    public func evaluate(_ policy: PreparedPolicy, on slots: [Int], in view: ClusterView) -> PolicyNodeEvaluation {
        evaluate(policy, on: slots, in: view, runRules: true)
    }

    /// Only resolves the policy on each node (what it claims there), without
    /// running the rules: for a stored policy another one is compared with.
    func evaluateClaims(_ policy: PreparedPolicy, on slots: [Int], in view: ClusterView) -> PolicyNodeEvaluation {
        evaluate(policy, on: slots, in: view, runRules: false)
    }

    private func evaluate(_ policy: PreparedPolicy, on slots: [Int], in view: ClusterView, runRules: Bool) -> PolicyNodeEvaluation {
        var result = PolicyNodeEvaluation(selected: slots)
        guard policy.isEvaluable, let desired = policy.desired else {
            result.isSkipped = true
            return result
        }

        struct Pending {
            var desired: Value
            var desiredKey: UInt64
            var closure: [Int]
            var representative: Int
            var nodes: [Int]
        }
        var groups: [GroupKey: Pending] = [:]
        var groupOrder: [GroupKey] = []
        var failures: [String: (error: PolicyError, nodes: [Int])] = [:]
        var failureOrder: [String] = []
        let textKey = Fingerprint.hash(desired)

        for slot in slots {
            guard let state = view.nodeState(slot) else {
                result.withoutState.append(slot)
                continue
            }
            var resolved = desired
            var names = policy.textNames
            var desiredKey = textKey
            if let captures = policy.captures, let templates = policy.templates {
                do {
                    resolved = try templates.fill(from: captures.resolve(against: state.source))
                } catch {
                    let key = error.nmstateDisplay
                    if failures[key] == nil { failures[key] = (error, []); failureOrder.append(key) }
                    failures[key]!.nodes.append(slot)
                    continue
                }
                names = PreparedPolicy.strings(resolved)
                desiredKey = Fingerprint.hash(resolved)
            }
            let closure = runRules ? state.closure(of: names) : []
            let key = GroupKey(desired: desiredKey, current: runRules ? state.projectionKey(closure) : Fingerprint.empty)
            if groups[key] == nil {
                groups[key] = Pending(desired: resolved, desiredKey: desiredKey, closure: closure, representative: slot, nodes: [])
                groupOrder.append(key)
            }
            groups[key]!.nodes.append(slot)
        }

        var factsByDesired: [UInt64: PolicyFacts] = [:]
        for key in groupOrder {
            let pending = groups[key]!
            let facts = factsByDesired[pending.desiredKey] ?? PolicyFacts(selector: policy.selector, desired: pending.desired)
            factsByDesired[pending.desiredKey] = facts
            let diagnostics: [Diagnostic]
            if !runRules {
                diagnostics = []
            } else if let cached = cache?.verdict(for: key, profile: profile) {
                diagnostics = cached
            } else {
                let current = view.nodeState(pending.representative)!.projection(pending.closure)
                let validator = DesiredStateValidator(options: ValidationOptions(profile: profile, current: current))
                diagnostics = validator.validate(pending.desired, at: ["spec", "desiredState"]).diagnostics
                cache?.store(diagnostics, for: key, profile: profile)
            }
            var group = PolicyNodeEvaluation.Group(nodes: pending.nodes, desired: pending.desired, facts: facts, diagnostics: diagnostics)
            group.desiredKey = pending.desiredKey
            result.groups.append(group)
        }
        result.failures = failureOrder.map { PolicyNodeEvaluation.Failure(error: failures[$0]!.error, nodes: failures[$0]!.nodes) }
        return result
    }
}

/// What the rules see of one node for one policy: the resolved desired
/// state and the current interfaces it can involve.
public struct GroupKey: Sendable, Hashable {
    let desired: UInt64
    let current: UInt64
}

/// What one policy does on the nodes it selects.
public struct PolicyNodeEvaluation: Sendable {
    /// Nodes that apply the same resolved desired state and get the same findings.
    public struct Group: Sendable {
        /// View slots of the nodes.
        public var nodes: [Int]
        /// The desired state after filling the capture templates.
        public var desired: Value
        /// What `desired` claims, for conflicts with other policies.
        public var facts: PolicyFacts
        /// nmstate's verdicts for these nodes (paths rooted at the object).
        public var diagnostics: [Diagnostic]
        /// Identifies `desired`: groups with equal keys claim the same.
        var desiredKey = Fingerprint.empty
    }

    /// Nodes on which the captures do not resolve: the handler fails there.
    public struct Failure: Sendable {
        public var error: PolicyError
        public var nodes: [Int]
    }

    /// Every node the policy selects (view slots).
    public var selected: [Int]
    public var groups: [Group] = []
    public var failures: [Failure] = []
    /// Selected nodes without a NodeNetworkState: not judged.
    public var withoutState: [Int] = []
    /// Per-node evaluation did not run (the desired state or the captures
    /// are broken in a way the stateless rules report).
    public var isSkipped = false

    public init(selected: [Int]) {
        self.selected = selected
    }

    /// Every selected node was judged from its own state.
    public var isComplete: Bool {
        !isSkipped && !selected.isEmpty && withoutState.isEmpty && failures.isEmpty
    }
}
