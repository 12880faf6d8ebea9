import GuardCore

/// Everything the planner and issuer need to know about the certificates
/// they keep: lifetimes, the names the serving certificate must carry, and
/// the key type.
public struct RotationOptions: Sendable, Hashable {
    public var intervals: RotationIntervals
    /// The names (service, namespace, cluster domain, extra DNS names, IPs)
    /// and key type of the serving certificate. Its `validity` is ignored:
    /// ``RotationIntervals/certificateValidity`` applies.
    public var serving: ServingCertificateRequest
    /// Key type of newly made CAs (serving keys use `serving.keyAlgorithm`).
    public var caKeyAlgorithm: KeyAlgorithm
    /// Common name of every CA. All CAs share one subject on purpose: the
    /// new CA cross-signed by the old one is then *self-issued*, which RFC
    /// 5280 exempts from the CA's path length limit, so old-bundle clients
    /// can verify through it. Verifiers tell the CAs apart by key
    /// identifiers and signatures, as with upstream's CAs (all `CN=nmstate`).
    public var caCommonName: String
    /// Most CA certificates kept in the trust bundle (newest first); the
    /// oldest beyond this are dropped even if still valid. Upstream caps its
    /// list at 100; a handful is plenty when expired ones are pruned.
    public var maxBundleSize: Int

    public init(
        intervals: RotationIntervals = .upstreamDefaults,
        serving: ServingCertificateRequest,
        caKeyAlgorithm: KeyAlgorithm? = nil,
        caCommonName: String = "nncp-guard-ca",
        maxBundleSize: Int = 10
    ) {
        self.intervals = intervals
        self.serving = serving
        self.caKeyAlgorithm = caKeyAlgorithm ?? serving.keyAlgorithm
        self.caCommonName = caCommonName
        self.maxBundleSize = max(2, maxBundleSize)
    }

    /// Checks the intervals and that the serving certificate names
    /// something (a certificate without SANs is useless to every client).
    public func validate() throws(CertRotationError) {
        try intervals.validate()
        if serving.dnsNames.isEmpty && serving.ipAddresses.isEmpty {
            throw CertRotationError(.invalidOptions, "the serving certificate needs a service name, a DNS name or an IP address")
        }
        for name in serving.dnsNames where !CertificateAuthority.isPlausibleDNSName(name) {
            throw CertRotationError(.invalidDNSName, name)
        }
        for ip in serving.ipAddresses where IPAddress.parse(ip) == nil {
            throw CertRotationError(.invalidIPAddress, ip)
        }
    }

    /// The request for a new serving certificate: configured names, the
    /// configured serving lifetime.
    var servingRequest: ServingCertificateRequest {
        var request = serving
        request.validity = intervals.certificateValidity
        return request
    }
}
