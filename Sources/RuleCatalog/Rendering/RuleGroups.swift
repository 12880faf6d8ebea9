/// The sections rules are listed in: by family, in the order a reader
/// meets them (reading the file, the schema, nmstate, the object, the
/// cluster).
public enum RuleGroups {
    public struct Group: Sendable {
        public let title: String
        /// Id families in the group (`lint`, `yaml`, `json`).
        public let families: [String]
        public let entries: [RuleEntry]
    }

    static let layout: [(title: String, families: [String])] = [
        ("Reading files", ["lint", "yaml", "json"]),
        ("The nmstate schema", ["schema"]),
        ("nmstate's semantic rules", ["nmstate"]),
        ("The NodeNetworkConfigurationPolicy object", ["policy", "policy-document"]),
        ("Captures", ["capture"]),
        ("Conflicts between policies", ["conflict"]),
        ("Nodes and the cluster", ["node", "cluster"]),
    ]

    /// `entries` in sections; a family missing from the layout gets its own.
    public static func grouped(_ entries: [RuleEntry]) -> [Group] {
        var out: [Group] = []
        var placed = Set<String>()
        for (title, families) in layout {
            let members = entries.filter { families.contains($0.id.family) }
            placed.formUnion(families)
            if !members.isEmpty { out.append(Group(title: title, families: families, entries: members)) }
        }
        let rest = entries.filter { !placed.contains($0.id.family) }
        for family in Array(Set(rest.map(\.id.family))).sorted() {
            out.append(Group(title: family, families: [family], entries: rest.filter { $0.id.family == family }))
        }
        return out
    }
}
