import SourceModel

/// What lint found in one document (or one item of a `List`).
public struct DocumentReport: Sendable {
    /// Position of the YAML document in its file, from 0 (empty documents
    /// are not counted). Items of one `List` share their document's index.
    public var index: Int
    /// Where the object sits inside its YAML document: the root, or
    /// `items[3]` (nested lists: `items[0].items[1]`). Every finding's path
    /// starts with it, so paths are always relative to the YAML document.
    public var itemPath: DocumentPath
    public var kind: DocumentKind
    public var apiVersion: String?
    /// The object's `kind` as written, for Kubernetes objects.
    public var objectKind: String?
    /// `metadata.name`, when there is one.
    public var name: String?
    public var location: SourceLocation
    public var findings: [Finding]
    /// The object itself, kept for NNCPs only: run-wide checks compare
    /// every NNCP of the run after all files are read.
    public var object: Value?

    public init(index: Int, itemPath: DocumentPath = .root, kind: DocumentKind, apiVersion: String? = nil, objectKind: String? = nil, name: String? = nil, location: SourceLocation, findings: [Finding] = [], object: Value? = nil) {
        self.index = index
        self.itemPath = itemPath
        self.kind = kind
        self.apiVersion = apiVersion
        self.objectKind = objectKind
        self.name = name
        self.location = location
        self.findings = findings
        self.object = object
    }

    /// A short human label: `NodeNetworkConfigurationPolicy bond0-policy`,
    /// `desired state`, `document 3`.
    public var label: String {
        var parts: [String] = []
        switch kind {
        case .nncp, .nodeNetworkState, .otherKubernetes: parts.append(objectKind ?? kind.rawValue)
        case .desiredState: parts.append("desired state")
        case .policy: parts.append("policy document")
        case .unrecognized: parts.append("unrecognized document")
        case .foreign: parts.append("other YAML")
        }
        if let name, !name.isEmpty { parts.append(name) }
        return parts.joined(separator: " ")
    }
}
