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
    /// Per-node resolution outcomes shared between checks; only for states
    /// of one ``StateNodeStore`` (versions are unique within a store).
    public var resolutions: ResolutionCache?

    public init(profile: Profile = .latest, cache: GroupVerdictCache? = nil, resolutions: ResolutionCache? = nil) {
        self.profile = profile
        self.cache = cache
        self.resolutions = resolutions
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
            var desiredKey: UInt64
            var closure: [Int]?
            var representative: Int
            var nodes: [Int]
        }
        var groups: [GroupKey: Pending] = [:]
        var groupOrder: [GroupKey] = []
        var failureNodes: [Int: [Int]] = [:]
        let textKey = Fingerprint.hash(desired)
        // What earlier checks of this policy worked out, per node.
        let perNode = policy.captures != nil
        var memo = perNode ? (resolutions?.memo(policy.resolutionKey) ?? ResolutionCache.Memo()) : ResolutionCache.Memo()
        var memoChanged = false
        if !perNode { memo.resolved[textKey] = ResolutionCache.Resolved(desired: desired, facts: policy.textFacts) }

        for slot in slots {
            guard let state = view.nodeState(slot) else {
                result.withoutState.append(slot)
                continue
            }
            var outcome = memo.outcomes[slot]
            if outcome?.version != state.version || (runRules && outcome?.desiredKey != nil && outcome?.projectionKey == nil) {
                outcome = resolve(policy, desired: desired, textKey: textKey, on: state, runRules: runRules, memo: &memo)
                memo.outcomes[slot] = outcome
                memoChanged = true
            }
            guard let outcome, let desiredKey = outcome.desiredKey else {
                failureNodes[outcome?.failure ?? 0, default: []].append(slot)
                continue
            }
            let key = GroupKey(desired: desiredKey, current: runRules ? outcome.projectionKey ?? Fingerprint.empty : Fingerprint.empty)
            if groups[key] == nil {
                groups[key] = Pending(desiredKey: desiredKey, closure: nil, representative: slot, nodes: [])
                groupOrder.append(key)
            }
            groups[key]!.nodes.append(slot)
        }
        if perNode, memoChanged, let resolutions { resolutions.store(memo, for: policy.resolutionKey) }

        for key in groupOrder {
            let pending = groups[key]!
            let resolved = memo.resolved[pending.desiredKey]!
            let diagnostics: [Diagnostic]
            if !runRules {
                diagnostics = []
            } else if let cached = cache?.verdict(for: key, profile: profile) {
                diagnostics = cached
            } else {
                let state = view.nodeState(pending.representative)!
                let closure = state.closure(of: PreparedPolicy.strings(resolved.desired))
                let current = state.projection(closure, canonicals: view.store.canonicals)
                let validator = DesiredStateValidator(options: ValidationOptions(profile: profile, current: current))
                diagnostics = validator.validate(resolved.desired, at: ["spec", "desiredState"]).diagnostics
                cache?.store(diagnostics, for: key, profile: profile)
            }
            var group = PolicyNodeEvaluation.Group(nodes: pending.nodes, desired: resolved.desired, facts: resolved.facts, diagnostics: diagnostics)
            group.desiredKey = pending.desiredKey
            result.groups.append(group)
        }
        result.failures = failureNodes.keys.sorted().map { PolicyNodeEvaluation.Failure(error: memo.failures[$0], nodes: failureNodes[$0]!) }
        return result
    }

    /// Resolves `policy` on one node: the desired state it applies there
    /// (stored in `memo` by key) and, when rules run, the key of the
    /// current interfaces it involves.
    private func resolve(_ policy: PreparedPolicy, desired: Value, textKey: UInt64, on state: NodeNetworkState, runRules: Bool,
                         memo: inout ResolutionCache.Memo) -> ResolutionCache.Outcome {
        var resolved = desired
        var desiredKey = textKey
        if let captures = policy.captures, let templates = policy.templates {
            do {
                resolved = try templates.fill(from: captures.resolve(against: state.source))
            } catch {
                let index = memo.failures.firstIndex(of: error) ?? {
                    memo.failures.append(error)
                    return memo.failures.count - 1
                }()
                return ResolutionCache.Outcome(version: state.version, desiredKey: nil, projectionKey: nil, failure: index)
            }
            desiredKey = Fingerprint.hash(resolved)
            if memo.resolved[desiredKey] == nil {
                memo.resolved[desiredKey] = ResolutionCache.Resolved(desired: resolved, facts: PolicyFacts(selector: policy.selector, desired: resolved))
            }
        }
        var projectionKey: UInt64?
        if runRules {
            let names = policy.captures == nil ? policy.textNames : PreparedPolicy.strings(resolved)
            projectionKey = state.projectionKey(state.closure(of: names))
        }
        return ResolutionCache.Outcome(version: state.version, desiredKey: desiredKey, projectionKey: projectionKey, failure: -1)
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
