import Foundation
import GuardCore
import X509

/// Read-only questions about one certificate, in one place, so the planner,
/// the inspector and the tests ask them the same way.
///
/// Extension parsing can throw (a malformed extension); every function here
/// treats that as "no" / empty, which makes a broken certificate look
/// unusable and therefore replaced, never trusted.
public enum CertificateFacts {
    /// Whether basic constraints mark it as a CA.
    public static func isCA(_ certificate: Certificate) -> Bool {
        guard let constraints = try? certificate.extensions.basicConstraints else { return false }
        if case .isCertificateAuthority = constraints { return true }
        return false
    }

    /// DNS SANs, in order.
    public static func dnsNames(_ certificate: Certificate) -> [String] {
        guard let sans = try? certificate.extensions.subjectAlternativeNames else { return [] }
        return sans.compactMap { if case .dnsName(let name) = $0 { return name } else { return nil } }
    }

    /// IP SANs as network-order bytes, in order.
    public static func ipAddressBytes(_ certificate: Certificate) -> [[UInt8]] {
        guard let sans = try? certificate.extensions.subjectAlternativeNames else { return [] }
        return sans.compactMap { if case .ipAddress(let octets) = $0 { return Array(octets.bytes) } else { return nil } }
    }

    /// IP SANs as text (`192.0.2.1`, `2001:db8::1`).
    public static func ipAddresses(_ certificate: Certificate) -> [String] {
        ipAddressBytes(certificate).map(ipText)
    }

    /// Serial number, lower-case hex without leading zero bytes (as
    /// `openssl x509 -serial` shows it, lower-cased).
    public static func serialHex(_ certificate: Certificate) -> String {
        IssuedCertificate.hex(Array(certificate.serialNumber.bytes))
    }

    /// Whether `date` lies within the validity period.
    public static func isValid(_ certificate: Certificate, at date: Date) -> Bool {
        certificate.notValidBefore <= date && date < certificate.notValidAfter
    }

    /// Whether `issuer` signed `certificate`: names chain, the issuer is a
    /// CA, and the signature verifies with the issuer's key.
    public static func isSigned(_ certificate: Certificate, by issuer: Certificate) -> Bool {
        certificate.issuer == issuer.subject && isCA(issuer)
            && issuer.publicKey.isValidSignature(certificate.signature, for: certificate)
    }

    /// Whether the certificate names every expected DNS name and IP, and
    /// nothing else: what "right SANs for the service" means to the planner.
    /// Returns the names missing and the names not asked for.
    public static func sanDifference(_ certificate: Certificate, dnsNames expectedDNS: [String], ipAddresses expectedIPs: [String])
        -> (missing: [String], unexpected: [String])
    {
        let dns = dnsNames(certificate)
        let ips = ipAddressBytes(certificate)
        var missing: [String] = []
        var unexpected: [String] = []
        let expectedDNSLower = Set(expectedDNS.map { $0.lowercased() })
        for name in expectedDNS where !dns.contains(where: { $0.lowercased() == name.lowercased() }) { missing.append(name) }
        for name in dns where !expectedDNSLower.contains(name.lowercased()) { unexpected.append(name) }
        let expectedIPBytes = expectedIPs.compactMap { IPAddress.parse($0)?.bytes }
        for (text, bytes) in zip(expectedIPs, expectedIPs.map { IPAddress.parse($0)?.bytes }) where bytes.map({ !ips.contains($0) }) ?? true {
            missing.append(text)
        }
        for bytes in ips where !expectedIPBytes.contains(bytes) { unexpected.append(ipText(bytes)) }
        return (missing, unexpected)
    }

    /// IP SAN bytes as text: dotted quad, or RFC 5952 IPv6 (longest run of
    /// zero groups as `::`, lower-case hex, `::ffff:a.b.c.d` for a mapped
    /// IPv4 address); hex bytes for a SAN of any other length.
    static func ipText(_ bytes: [UInt8]) -> String {
        IPAddress(bytes: bytes)?.description ?? bytes.map { String($0, radix: 16) }.joined(separator: ":")
    }
}
