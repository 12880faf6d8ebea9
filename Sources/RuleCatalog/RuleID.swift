/// The identifier of one rule, e.g. `schema.unknown-field` or
/// `nmstate.bond.mode-required`.
///
/// Every id is declared once, as a static member (`RuleID.schemaUnknownField`),
/// next to its ``RuleEntry`` in ``RuleRegistry``. Code that reports a finding
/// names the member, so a typo is a compile error rather than a finding no
/// configuration can match; the registry test checks that every id the
/// rules emit is registered.
///
/// The member name is the id in lower camel case, dots and dashes dropped:
/// `policy-document.structure` is `policyDocumentStructure`.
public struct RuleID: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    init(_ rawValue: String) {
        self.rawValue = rawValue
    }

    /// The first segment: `nmstate` for `nmstate.bond.mode-required`.
    public var family: String {
        guard let dot = rawValue.firstIndex(of: ".") else { return rawValue }
        return String(rawValue[..<dot])
    }

    /// Every wildcard that matches the id, most specific first:
    /// `nmstate.bond.*`, `nmstate.*` for `nmstate.bond.mode-required`.
    public var wildcards: [String] {
        var out: [String] = []
        var prefix = Substring(rawValue)
        while let dot = prefix.lastIndex(of: ".") {
            prefix = prefix[..<dot]
            out.append(prefix + ".*")
        }
        return out
    }

    public var description: String { rawValue }

    public static func < (lhs: RuleID, rhs: RuleID) -> Bool {
        lhs.rawValue.utf8.lexicographicallyPrecedes(rhs.rawValue.utf8)
    }
}
