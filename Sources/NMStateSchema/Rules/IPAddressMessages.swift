import GuardCore

extension IPAddress {
    /// Rust's `AddrParseError` text for the kind of address that was expected.
    static let syntaxError = "invalid IP address syntax"
    static let v4SyntaxError = "invalid IPv4 address syntax"
    static let v6SyntaxError = "invalid IPv6 address syntax"
}

/// nmstate tells the families apart by the presence of a colon
/// (`is_ipv6_addr`), before any parsing.
func looksLikeIPv6(_ s: String) -> Bool { s.utf8.contains(UInt8(ascii: ":")) }

/// Rust's `ParseIntError` text for a string that is not an unsigned number.
func parseIntError(_ s: Substring) -> String {
    if s.isEmpty { return "cannot parse integer from empty string" }
    if s.isASCIIDigits { return "number too large to fit in target type" }
    return "invalid digit found in string"
}

extension StringProtocol {
    /// Only `0`–`9` (and not empty is the caller's business): a byte test,
    /// where `Character.isNumber` consults Unicode tables per character.
    var isASCIIDigits: Bool { utf8.allSatisfy { $0 &- UInt8(ascii: "0") < 10 } }
}
