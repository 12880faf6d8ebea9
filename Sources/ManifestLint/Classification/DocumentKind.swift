/// What a document is, which decides how it is checked.
public enum DocumentKind: String, Sendable, Hashable, CaseIterable {
    /// A NodeNetworkConfigurationPolicy (`nmstate.io/v1` or `v1beta1`).
    case nncp
    /// A bare nmstate desired state (`interfaces:`, `routes:`, …).
    case desiredState = "desired-state"
    /// An nmstate or nmpolicy policy document (`capture` + `desired`/`desiredState`).
    case policy
    /// A NodeNetworkState: cluster context, not a manifest to check.
    case nodeNetworkState = "node-network-state"
    /// Any other Kubernetes object (has `apiVersion` and `kind`).
    case otherKubernetes = "kubernetes-object"
    /// Neither a Kubernetes object nor an nmstate document.
    case unrecognized

    /// Documents that were recognised but are deliberately not checked.
    public var isSkipped: Bool { self == .nodeNetworkState || self == .otherKubernetes }
}
