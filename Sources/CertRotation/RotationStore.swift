/// Where the CA, the serving pair and the trust bundle live between runs:
/// two Kubernetes Secrets (``KubernetesSecretStore``) or a directory
/// (``DirectoryStore``).
///
/// The contract is optimistic concurrency over whole contents: `save`
/// is given what `load` returned and refuses (with
/// ``CertRotationError/Code-swift.enum/concurrentModification``) when the
/// stored certificate data changed since, so a stale writer never clobbers
/// a newer rotation; the caller loads and plans again.
public protocol RotationStore: Sendable {
    /// The current contents; parts that do not exist are `nil`.
    func load() async throws -> StoredCertificates

    /// Writes the parts of `desired` that differ from `current` (the value
    /// `load` returned), CA first, then the serving part. Writes nothing
    /// when they are equal.
    func save(_ desired: StoredCertificates, replacing current: StoredCertificates) async throws
}
