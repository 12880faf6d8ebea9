import SourceModel

/// How a cache finds an object: its name, and its namespace for namespaced
/// kinds (`nil` for cluster-scoped ones such as Nodes and NNCPs).
public struct ObjectKey: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var namespace: String?
    public var name: String

    public init(namespace: String? = nil, name: String) {
        self.namespace = namespace
        self.name = name
    }

    /// The key of an object from its `metadata`; `nil` without a name.
    public init?(object: Value) {
        let meta = ObjectMetadata(object)
        guard let name = meta.name, !name.isEmpty else { return nil }
        self.init(namespace: meta.namespace, name: name)
    }

    /// `namespace/name`, or `name` for cluster-scoped objects (client-go's
    /// `MetaNamespaceKeyFunc` form).
    public var description: String {
        if let namespace, !namespace.isEmpty { return "\(namespace)/\(name)" }
        return name
    }

    public static func < (lhs: ObjectKey, rhs: ObjectKey) -> Bool {
        ((lhs.namespace ?? ""), lhs.name) < ((rhs.namespace ?? ""), rhs.name)
    }
}
