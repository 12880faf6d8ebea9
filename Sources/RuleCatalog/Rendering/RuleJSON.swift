import SourceModel

/// `nncp-guard rules --output json`: the registry as data, for tools that
/// build their own documentation or check configurations.
///
/// Shape: `{"rules": [{"id", "severity", "nodeDependent", "defaultAction",
/// "scope", "summary", "explanation", "fix", "example"?: {"before",
/// "after", "current"?, "profile"?, "format"}}]}`.
public enum RuleJSON {
    public static func value(_ entries: [RuleEntry]) -> Value {
        .mapping([m("rules", .sequence(entries.map(value)))])
    }

    public static func value(_ e: RuleEntry) -> Value {
        var members = [
            m("id", .string(e.id.rawValue)),
            m("severity", .string(e.severity.rawValue)),
            m("nodeDependent", .bool(e.nodeDependent)),
            m("defaultAction", .string(e.defaultAction.rawValue)),
            m("scope", .string(e.scope.rawValue)),
            m("summary", .string(e.summary)),
            m("explanation", .string(e.explanation)),
            m("fix", .string(e.fix)),
        ]
        if let x = e.example {
            var example = [m("before", .string(x.before)), m("after", .string(x.after))]
            if let current = x.current { example.append(m("current", .string(current))) }
            if let profile = x.profile { example.append(m("profile", .string(profile))) }
            example.append(m("format", .string(x.format.rawValue)))
            members.append(m("example", .mapping(example)))
        }
        return .mapping(members)
    }

    static func m(_ key: String, _ value: Value) -> Value.Member { Value.Member(key: key, value: value) }
}
