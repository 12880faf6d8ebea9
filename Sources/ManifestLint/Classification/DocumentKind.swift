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
    /// Neither a Kubernetes object nor an nmstate document, but close to
    /// one (a misspelt top-level key, `kind` without `apiVersion`): reported
    /// as `lint.unrecognized`, since the checks meant for it did not run.
    case unrecognized
    /// YAML of another tool with nothing of nmstate about it: a CI workflow,
    /// a compose file, Helm values. Repositories are full of it, so it is
    /// counted as skipped rather than reported.
    case foreign

    /// Documents that were recognised but are deliberately not checked.
    public var isSkipped: Bool { self == .nodeNetworkState || self == .otherKubernetes || self == .foreign }
}
