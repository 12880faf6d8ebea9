/// The nmstate releases that added fields after 2.2.38, named once so the
/// tables say *why* a field is profile-gated rather than repeating numbers.
///
/// Releases come from the website API document, reference section 18 and
/// nmstate's release notes.
extension NMStateVersion {
    /// Route `mtu`.
    static let v2_2_42 = NMStateVersion(2, 2, 42)
    /// Ethtool `fec`.
    static let v2_2_43 = NMStateVersion(2, 2, 43)
    /// `pci-address`, `identifier: pci-address`, bond `lacp_active` /
    /// `ns_ip6_target`, ipv4 `forwarding`, route `advmss`, the `bond` alias of
    /// `link-aggregation` and the `lacp` bond mode alias.
    static let v2_2_47 = NMStateVersion(2, 2, 47)
    /// Interface `alt-names`.
    static let v2_2_51 = NMStateVersion(2, 2, 51)
    /// OVS DPDK `lsc-interrupt`, route `vrf-name`.
    static let v2_2_55 = NMStateVersion(2, 2, 55)
    /// Libreswan `nm-auto-defaults`, `rightca`.
    static let v2_2_56 = NMStateVersion(2, 2, 56)
    /// Libreswan `leftprotoport`, `rightprotoport`.
    static let v2_2_57 = NMStateVersion(2, 2, 57)
    /// `ip-tunnel` interfaces, route `lock-mtu`, SR-IOV `max-vfs`.
    static let v2_2_59 = NMStateVersion(2, 2, 59)

    /// For features merged after the newest release whose notes were
    /// available (bridge `allow-extra-ports`, OVS bridge port `ovs-db`):
    /// the next release is the earliest that can carry them.
    static let afterV2_2_59 = NMStateVersion(2, 2, 60)

    /// For features the documentation shows without naming a release
    /// (`allow-extra-ports`, route `vrf-name`, ip `forwarding`, route
    /// `state: ignore`). 2.2.38 rejects them, so the first release after it
    /// is the conservative marker: only the 2.2.38 profile is affected.
    static let unstated = NMStateVersion(2, 2, 39)

    /// How the marker reads in generated documents: the two inferred
    /// markers say what is known rather than a release number nobody stated.
    public var releaseLabel: String {
        switch self {
        case .unstated: return "after 2.2.38"
        case .afterV2_2_59: return "after 2.2.59"
        default: return description
        }
    }

    /// How a finding names the release: "added in nmstate 2.2.55", or
    /// "added after nmstate 2.2.59" for the inferred markers.
    public var addedPhrase: String {
        self == .unstated || self == .afterV2_2_59 ? "added \(releaseLabel.replacing("after ", with: "after nmstate "))" : "added in nmstate \(self)"
    }
}
