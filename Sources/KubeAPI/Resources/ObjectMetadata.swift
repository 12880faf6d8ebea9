import SourceModel

/// Read-only view of the `metadata` fields the client itself needs.
///
/// A view struct rather than public extensions on `Value`, so this module
/// adds no members to a type every other module also extends.
public struct ObjectMetadata: Sendable {
    public let object: Value

    public init(_ object: Value) { self.object = object }

    public var name: String? { object.at("metadata", "name")?.string }
    /// The namespace; `nil` when absent or empty (cluster-scoped objects).
    public var namespace: String? {
        guard let ns = object.at("metadata", "namespace")?.string, !ns.isEmpty else { return nil }
        return ns
    }
    public var resourceVersion: String? { object.at("metadata", "resourceVersion")?.string }
    public var uid: String? { object.at("metadata", "uid")?.string }
    public var generation: Int64? { object.at("metadata", "generation")?.int64 }
    public var labels: [String: String] { stringMap("labels") }
    public var annotations: [String: String] { stringMap("annotations") }

    private func stringMap(_ key: String) -> [String: String] {
        guard let members = object.at("metadata", key)?.members else { return [:] }
        var out: [String: String] = [:]
        for m in members { if let s = m.value.string { out[m.key] = s } }
        return out
    }
}

extension Value {
    /// A copy with `metadata.<key>` set, creating `metadata` if needed.
    func settingMetadata(_ key: String, _ value: Value) -> Value {
        var copy = self
        var meta = copy["metadata"] ?? .mapping([Value.Member]())
        if !meta.isMapping { meta = .mapping([Value.Member]()) }
        meta.set(key, value)
        copy.set("metadata", meta)
        return copy
    }

    /// A copy carrying `apiVersion` and `kind` (list items of built-in kinds
    /// come without them; watch events always have them).
    func withTypeMeta(apiVersion: String, kind: String) -> Value {
        guard isMapping else { return self }
        if self["apiVersion"]?.string != nil, self["kind"]?.string != nil { return self }
        var members: [Value.Member] = [
            Value.Member(key: "apiVersion", value: .string(apiVersion)),
            Value.Member(key: "kind", value: .string(kind)),
        ]
        members.append(contentsOf: (self.members ?? []).filter { $0.key != "apiVersion" && $0.key != "kind" })
        return Value(.mapping(members), at: location)
    }
}
