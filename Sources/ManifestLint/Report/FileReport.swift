import SourceModel

/// What lint found in one input.
public struct FileReport: Sendable {
    /// The path as shown to the user (see ``LintInput/displayPath``).
    public var path: String
    public var byteCount: Int
    public var documents: [DocumentReport]
    /// Findings about the file rather than one document: it could not be
    /// read, is too large, or its YAML/JSON is broken (documents before the
    /// break are still checked and listed in ``documents``).
    public var findings: [Finding]
    /// The file could not be read at all (missing, permissions): an I/O
    /// error, which makes lint exit with status 2 rather than 1.
    public var isIOFailure: Bool

    public init(path: String, byteCount: Int = 0, documents: [DocumentReport] = [], findings: [Finding] = [], isIOFailure: Bool = false) {
        self.path = path
        self.byteCount = byteCount
        self.documents = documents
        self.findings = findings
        self.isIOFailure = isIOFailure
    }

    /// Every finding of the file, file-level and per document, sorted by
    /// line and column (unknown positions first), then rule.
    public var allFindings: [Finding] {
        var all = findings
        for d in documents { all += d.findings }
        return all.sortedByPosition()
    }
}

extension Array where Element == Finding {
    /// Stable sort by line, column, then rule id.
    public func sortedByPosition() -> [Finding] {
        enumerated().sorted { a, b in
            let la = a.element.location, lb = b.element.location
            if la != lb { return la < lb }
            if a.element.rule != b.element.rule { return a.element.rule < b.element.rule }
            return a.offset < b.offset
        }.map(\.element)
    }
}
