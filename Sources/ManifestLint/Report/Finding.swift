import SourceModel

/// A diagnostic as lint reports it: the rule engine's ``Diagnostic`` (path
/// and location within its document), plus, for cross-document findings,
/// the other place involved.
public struct Finding: Sendable, Hashable {
    public var diagnostic: Diagnostic
    /// The other document of a conflict, when there is one.
    public var related: RelatedLocation?

    public init(_ diagnostic: Diagnostic, related: RelatedLocation? = nil) {
        self.diagnostic = diagnostic
        self.related = related
    }

    public var rule: String { diagnostic.rule }
    public var severity: Diagnostic.Severity { diagnostic.severity }
    public var message: String { diagnostic.message }
    public var path: DocumentPath { diagnostic.path }
    public var location: SourceLocation { diagnostic.location }
}

/// Where the other half of a cross-document finding lives.
public struct RelatedLocation: Sendable, Hashable {
    public var file: String
    public var documentIndex: Int
    public var path: DocumentPath
    public var location: SourceLocation
    /// The other policy's `metadata.name`.
    public var name: String?

    public init(file: String, documentIndex: Int, path: DocumentPath, location: SourceLocation, name: String?) {
        self.file = file
        self.documentIndex = documentIndex
        self.path = path
        self.location = location
        self.name = name
    }
}
