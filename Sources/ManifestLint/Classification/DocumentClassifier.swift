import SourceModel

/// Decides what a document is from its top-level keys.
///
/// The order matters: anything with `apiVersion` and `kind` is a Kubernetes
/// object first (an NNCP, a `List`, a NodeNetworkState or something we skip);
/// only mappings without those keys can be nmstate documents. A policy
/// document is recognised by `desired` or `desiredState` together with
/// `capture` (or with nothing but policy keys); a desired state by having
/// nmstate top-level keys.
public enum DocumentClassifier {
    /// nmstate's top-level keys (reference §5), with the sections of
    /// interface types whose scripts the user supplies (`dispatch`,
    /// `user-defined`), newer than 2.2.38.
    public static let nmstateTopLevelKeys: Set<String> = [
        "interfaces", "routes", "route-rules", "dns-resolver", "ovs-db", "ovn", "hostname", "description",
        "dispatch", "user-defined",
    ]

    /// Top-level keys other tools' YAML uses too (a GitHub action's
    /// `description`, a compose service's `hostname`, a job queue's
    /// `dispatch`): on their own, next to keys nmstate does not have, they
    /// do not make a desired state.
    static let commonTopLevelKeys: Set<String> = ["hostname", "description", "dispatch"]

    /// The keys of an nmstate / nmpolicy policy document.
    public static let policyKeys: Set<String> = ["capture", "desired", "desiredState", "current"]

    /// The API group versions the NNCP CRD serves.
    public static let servedNNCPVersions: Set<String> = ["nmstate.io/v1", "nmstate.io/v1beta1"]

    public enum Classification: Sendable, Equatable {
        case kind(DocumentKind)
        /// A Kubernetes `List`; its `items` are classified one by one.
        case list
    }

    public static func classify(_ document: Value) -> Classification {
        guard let members = document.members else { return .kind(.unrecognized) }
        let apiVersion = document["apiVersion"]?.string
        let kind = document["kind"]?.string
        if let kind, apiVersion != nil {
            switch kind {
            case "NodeNetworkConfigurationPolicy":
                // Other nmstate.io versions are still NNCPs; the checker
                // reports the version the apiserver would refuse.
                return apiVersion!.hasPrefix("nmstate.io/") ? .kind(.nncp) : .kind(.otherKubernetes)
            case "NodeNetworkState":
                return .kind(.nodeNetworkState)
            case "List":
                return .list
            default:
                if kind.hasSuffix("List"), document["items"]?.isSequence == true { return .list }
                return .kind(.otherKubernetes)
            }
        }
        if document["apiVersion"] != nil || document["kind"] != nil { return .kind(.unrecognized) }
        // nmstate makes `capture` optional, so a document of policy keys
        // only (`desired:` alone) is a policy too; with `capture`, other
        // keys are the checker's to report.
        let hasDesired = document["desired"] != nil || document["desiredState"] != nil
        if hasDesired, document["capture"] != nil || members.allSatisfy({ policyKeys.contains($0.key) }) {
            return .kind(.policy)
        }
        // A mapping whose keys are nmstate's is a desired state. One typo
        // among real keys (`route:` next to `interfaces:`) is still a
        // desired state, so the schema reports the unknown field as an
        // error instead of the whole file being waved through as unknown.
        // `description` and `hostname` alone, next to other keys, are not
        // enough: other tools use them too.
        if members.isEmpty { return .kind(.unrecognized) }
        let known = members.filter { nmstateTopLevelKeys.contains($0.key) }
        if known.contains(where: { !commonTopLevelKeys.contains($0.key) }) { return .kind(.desiredState) }
        if !known.isEmpty, members.count == known.count || members.contains(where: { closestNMStateKey(to: $0.key) != nil }) {
            return .kind(.desiredState)
        }
        return .kind(.unrecognized)
    }

    /// The nmstate top-level key `key` is probably a typo of: one edit away
    /// for short keys, two for long ones. Keys under four characters never
    /// match (`on`, a CI workflow's trigger, is not a misspelt `ovn`).
    static func closestNMStateKey(to key: String) -> String? {
        let lowered = key.lowercased()
        guard lowered.utf8.count >= 4, !nmstateTopLevelKeys.contains(key) else { return nil }
        var best: (String, Int)?
        for candidate in nmstateTopLevelKeys.sorted() {
            let limit = candidate.utf8.count <= 6 ? 1 : 2
            let d = UnrecognizedDocument.editDistance(lowered, candidate)
            if d <= limit, d < (best?.1 ?? .max) { best = (candidate, d) }
        }
        return best?.0
    }
}
