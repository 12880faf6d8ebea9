/// The nmstate releases that added fields after 2.2.38, named once so the
/// tables say *why* a field is profile-gated rather than repeating numbers.
///
/// Releases come from the website API document and reference section 18.
extension NMStateVersion {
    /// Route `mtu`.
    static let v2_2_42 = NMStateVersion(2, 2, 42)
    /// Ethtool `fec`.
    static let v2_2_43 = NMStateVersion(2, 2, 43)
    /// `pci-address`, `identifier: pci-address`, bond `lacp_active` / `ns_ip6_target`.
    static let v2_2_47 = NMStateVersion(2, 2, 47)
    /// Interface `alt-names`.
    static let v2_2_51 = NMStateVersion(2, 2, 51)
    /// Libreswan `nm-auto-defaults`, `rightca`.
    static let v2_2_56 = NMStateVersion(2, 2, 56)
    /// Libreswan `leftprotoport`, `rightprotoport`.
    static let v2_2_57 = NMStateVersion(2, 2, 57)
    /// `ip-tunnel` interfaces, route `lock-mtu`, SR-IOV `max-vfs`.
    static let v2_2_59 = NMStateVersion(2, 2, 59)

    /// For features the documentation shows without naming a release
    /// (`allow-extra-ports`, route `vrf-name`, ip `forwarding`, route
    /// `state: ignore`). 2.2.38 rejects them, so the first release after it
    /// is the conservative marker: only the 2.2.38 profile is affected.
    static let unstated = NMStateVersion(2, 2, 39)
}
