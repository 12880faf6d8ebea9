/// Kubernetes label syntax (apimachinery `util/validation`), with
/// apimachinery's wording so users see the message they know from kubectl.
public enum LabelSyntax {
    static let valueRegex = "(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?"
    static let nameRegex = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]"

    public static let valueFormatMessage = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '\(valueRegex)')"
    public static let nameFormatMessage = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '\(nameRegex)')"

    static func isAlnum(_ b: UInt8) -> Bool {
        (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122)
    }

    /// `[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?`
    static func matchesNamePart(_ s: Substring) -> Bool {
        let u = s.utf8
        guard let first = u.first, let last = u.last, isAlnum(first), isAlnum(last) else { return false }
        return u.allSatisfy { isAlnum($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") }
    }

    /// Errors of `IsValidLabelValue` (empty when valid).
    public static func labelValueErrors(_ value: String) -> [String] {
        var errors: [String] = []
        if value.utf8.count > 63 { errors.append("must be no more than 63 bytes") }
        if !value.isEmpty && !matchesNamePart(Substring(value)) { errors.append(valueFormatMessage) }
        return errors
    }

    /// Errors of `IsQualifiedName` (empty when valid).
    public static func qualifiedNameErrors(_ key: String) -> [String] {
        // Every selector key of every request comes here and nearly all are
        // valid: answer those without splitting into arrays.
        isQualifiedName(key) ? [] : qualifiedNameErrorsBySplitting(key)
    }

    /// The full check, with every message.
    static func qualifiedNameErrorsBySplitting(_ key: String) -> [String] {
        // Byte-level split: every policy's selector keys go through here.
        let parts = key.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).map { Substring($0) }
        var errors: [String] = []
        let name: Substring
        switch parts.count {
        case 1:
            name = parts[0]
        case 2:
            let prefix = parts[0]
            name = parts[1]
            if prefix.isEmpty {
                errors.append("prefix part must be non-empty")
            } else {
                errors += dns1123SubdomainErrors(prefix).map { "prefix part " + $0 }
            }
        default:
            return ["a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"]
        }
        if name.isEmpty {
            errors.append("name part must be non-empty")
        } else {
            if name.utf8.count > 63 { errors.append("name part must be no more than 63 bytes") }
            if !matchesNamePart(name) { errors.append(nameFormatMessage) }
        }
        return errors
    }

    /// True exactly when ``qualifiedNameErrors(_:)`` is empty.
    static func isQualifiedName(_ key: String) -> Bool {
        let u = key.utf8
        guard let slash = u.firstIndex(of: UInt8(ascii: "/")) else { return isNamePart(u[...]) }
        let name = u[u.index(after: slash)...]
        guard !name.contains(UInt8(ascii: "/")) else { return false }
        return isDNS1123Subdomain(u[..<slash]) && isNamePart(name)
    }

    private static func isNamePart(_ u: Substring.UTF8View) -> Bool {
        guard let first = u.first, let last = u.last, isAlnum(first), isAlnum(last), u.count <= 63 else { return false }
        return u.allSatisfy { isAlnum($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") }
    }

    private static func isDNS1123Subdomain(_ u: Substring.UTF8View) -> Bool {
        guard !u.isEmpty, u.count <= 253 else { return false }
        var previous: UInt8 = UInt8(ascii: ".")
        for b in u {
            let lowerAlnum = (b >= 48 && b <= 57) || (b >= 97 && b <= 122)
            switch b {
            case UInt8(ascii: "."):
                // A label may not end with '-' or be empty.
                guard previous != UInt8(ascii: "."), previous != UInt8(ascii: "-") else { return false }
            case UInt8(ascii: "-"):
                guard previous != UInt8(ascii: ".") else { return false }
            default:
                guard lowerAlnum else { return false }
            }
            previous = b
        }
        return previous != UInt8(ascii: "-") && previous != UInt8(ascii: ".")
    }

    /// Errors of `IsDNS1123Subdomain` (empty when valid).
    public static func dns1123SubdomainErrors(_ s: Substring) -> [String] {
        var errors: [String] = []
        if s.utf8.count > 253 { errors.append("must be no more than 253 bytes") }
        let ok = s.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false).allSatisfy { u in
            guard let f = u.first, let l = u.last else { return false }
            let lowerAlnum = { (b: UInt8) in (b >= 48 && b <= 57) || (b >= 97 && b <= 122) }
            return lowerAlnum(f) && lowerAlnum(l) && u.allSatisfy { lowerAlnum($0) || $0 == UInt8(ascii: "-") }
        }
        if !ok {
            errors.append("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')")
        }
        return errors
    }
}
