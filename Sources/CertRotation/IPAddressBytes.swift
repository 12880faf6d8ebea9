import GuardCore

/// The bytes of an IP SAN, through ``GuardCore/IPAddress``; kept under this
/// name for `Tests/WebhookServerTests/UnitTests.swift`. Remove once that
/// test imports GuardCore and calls `IPAddress.parse(_:)?.bytes`.
package enum IPAddressBytes {
    /// Bytes of `text` if it is an IPv4 or IPv6 address, else nil.
    package static func parse(_ text: String) -> [UInt8]? {
        IPAddress.parse(text)?.bytes
    }
}
