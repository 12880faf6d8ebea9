/// What a serving certificate must cover.
///
/// The kube-apiserver reaches an in-cluster webhook as
/// `<service>.<namespace>.svc` and checks the certificate against that name
/// [admission-protocol §1]; the shorter and longer forms are added because
/// other in-cluster clients (probes, port-forwards, curl from a pod) use them.
public struct ServingCertificateRequest: Sendable, Hashable {
    /// Kubernetes Service name, e.g. `nncp-guard`. nil for a certificate that
    /// only names ``extraDNSNames`` and ``ipAddresses`` (the `--dev` case).
    public var serviceName: String?
    /// Namespace of the Service, e.g. `nmstate`.
    public var namespace: String?
    /// Cluster DNS domain; `cluster.local` unless the cluster says otherwise.
    public var clusterDomain: String
    /// More DNS SANs (e.g. `localhost`), in order, after the service names.
    public var extraDNSNames: [String]
    /// IP SANs as text, IPv4 or IPv6 (e.g. `127.0.0.1`, `::1`).
    public var ipAddresses: [String]
    /// Lifetime from issue time.
    public var validity: Duration
    public var keyAlgorithm: KeyAlgorithm

    public init(
        serviceName: String? = nil,
        namespace: String? = nil,
        clusterDomain: String = "cluster.local",
        extraDNSNames: [String] = [],
        ipAddresses: [String] = [],
        validity: Duration = .seconds(365 * 24 * 3600),
        keyAlgorithm: KeyAlgorithm = .ecdsaP256
    ) {
        self.serviceName = serviceName
        self.namespace = namespace
        self.clusterDomain = clusterDomain
        self.extraDNSNames = extraDNSNames
        self.ipAddresses = ipAddresses
        self.validity = validity
        self.keyAlgorithm = keyAlgorithm
    }

    /// The certificate a developer's local server needs: `localhost`,
    /// `127.0.0.1` and `::1`.
    public static func localhost(validity: Duration = .seconds(30 * 24 * 3600), keyAlgorithm: KeyAlgorithm = .ecdsaP256) -> Self {
        Self(extraDNSNames: ["localhost"], ipAddresses: ["127.0.0.1", "::1"], validity: validity, keyAlgorithm: keyAlgorithm)
    }

    /// All DNS SANs, service forms first, duplicates removed, order kept.
    ///
    /// `svc`, `svc.ns`, `svc.ns.svc`, `svc.ns.svc.<clusterDomain>`.
    public var dnsNames: [String] {
        var names: [String] = []
        if let svc = serviceName, !svc.isEmpty {
            names.append(svc)
            if let ns = namespace, !ns.isEmpty {
                names.append("\(svc).\(ns)")
                names.append("\(svc).\(ns).svc")
                if !clusterDomain.isEmpty { names.append("\(svc).\(ns).svc.\(clusterDomain)") }
            }
        }
        for name in extraDNSNames where !names.contains(name) { names.append(name) }
        return names
    }

    /// The subject common name: the first DNS name, the first IP otherwise.
    /// (Clients check SANs; the CN is only for humans reading `openssl x509`.)
    var commonName: String {
        dnsNames.first ?? ipAddresses.first ?? "nncp-guard"
    }
}
