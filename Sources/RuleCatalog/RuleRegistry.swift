/// Every rule nncp-guard reports, in one place.
///
/// The webhooks and lint check enforcement patterns against it at start
/// (``problem(with:)``), so a misspelt id in `--rule-action` or the
/// `rules:` table is a usage error rather than an entry that silently
/// matches nothing; `nncp-guard rules`, `docs/rules.md` and SARIF output
/// describe rules from it.
public enum RuleRegistry {
    /// Every rule, sorted by id.
    public static let all: [RuleEntry] = (inputRules + schemaRules + interfaceRules + userInterfaceTypeRules
        + controllerRules + routingRules + policyRules + clusterRules + nodeLimitRules).sorted { $0.id < $1.id }

    private static let byID: [RuleID: Int] = {
        var out: [RuleID: Int] = [:]
        for (i, entry) in all.enumerated() { out[entry.id] = i }
        return out
    }()

    public static func entry(for id: RuleID) -> RuleEntry? {
        byID[id].map { all[$0] }
    }

    /// The entry of a rule id as findings and configurations spell it.
    public static func entry(for raw: String) -> RuleEntry? {
        entry(for: RuleID(rawValue: raw))
    }

    public static func contains(_ raw: String) -> Bool {
        byID[RuleID(rawValue: raw)] != nil
    }

    /// Every wildcard that matches at least one rule (`nmstate.*`,
    /// `nmstate.bond.*`, …), sorted.
    public static let wildcards: [String] = {
        var out = Set<String>()
        for entry in all { out.formUnion(entry.id.wildcards) }
        return out.sorted()
    }()

    /// The rules a pattern of the enforcement configuration matches: an
    /// exact id, a `prefix.*` wildcard, or `*`.
    public static func matching(_ pattern: String) -> [RuleEntry] {
        if pattern == "*" { return all }
        if pattern.hasSuffix(".*") {
            let prefix = pattern.dropLast()
            return all.filter { $0.id.rawValue.hasPrefix(prefix) }
        }
        return entry(for: pattern).map { [$0] } ?? []
    }

    /// Why an enforcement pattern names no rule, or nil when it names at
    /// least one: `unknown rule id "schema.unknow-field" (did you mean
    /// "schema.unknown-field"?)`. The caller adds where the pattern came from.
    public static func problem(with pattern: String) -> String? {
        guard matching(pattern).isEmpty else { return nil }
        let listing = "; `nncp-guard rules` lists every id"
        if pattern.hasSuffix(".*") {
            let hint = closest(to: pattern, among: wildcards).map { " (did you mean \(quoted($0))?)" } ?? ""
            return "pattern \(quoted(pattern)) matches no rule\(hint)\(listing)"
        }
        if wildcards.contains(pattern + ".*") {
            return "\(quoted(pattern)) is not a rule id; \(quoted(pattern + ".*")) matches the \(matching(pattern + ".*").count) rules under it"
        }
        let ids = all.map(\.id.rawValue)
        let hint = (ids.first { $0.hasSuffix("." + pattern) } ?? closest(to: pattern, among: ids)).map { " (did you mean \(quoted($0))?)" } ?? ""
        return "unknown rule id \(quoted(pattern))\(hint)\(listing)"
    }

    /// The candidate closest to `text` by edit distance, when it is close
    /// enough to be a typo of it (a quarter of its length, at least two edits).
    static func closest(to text: String, among candidates: [String]) -> String? {
        let a = Array(text.utf8)
        let limit = max(2, a.count / 4)
        var best: (String, Int)?
        for candidate in candidates {
            let b = Array(candidate.utf8)
            guard abs(a.count - b.count) <= limit else { continue }
            let d = editDistance(a, b)
            if d <= limit, d < (best?.1 ?? .max) { best = (candidate, d) }
        }
        return best?.0
    }

    static func editDistance(_ a: [UInt8], _ b: [UInt8]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var row = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            row[0] = i
            for j in 1...b.count {
                row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &row)
        }
        return previous[b.count]
    }

    static func quoted(_ s: String) -> String { "\"" + s + "\"" }
}
