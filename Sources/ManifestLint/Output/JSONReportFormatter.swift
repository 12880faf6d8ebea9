import SourceModel

/// The machine-readable report (`--output json`). Schema, version 1:
///
/// ```
/// {
///   "version": 1,
///   "tool": {"name": "nncp-guard", "version": "0.1.0"},
///   "profile": "latest",
///   "files": [{
///     "path": "manifests/bond.yaml",
///     "bytes": 812,
///     "diagnostics": [ <diagnostic> … ],     // file-level: unreadable, YAML/JSON errors
///     "documents": [{
///       "index": 0,                          // YAML document in the file, from 0
///       "path": "items[2]",                  // "" unless the object is a List item
///       "kind": "nncp",                      // nncp | desired-state | policy | node-network-state | kubernetes-object | unrecognized | foreign
///       "apiVersion": "nmstate.io/v1",       // null when absent
///       "objectKind": "NodeNetworkConfigurationPolicy",   // null when absent
///       "name": "bond0-policy",              // metadata.name, null when absent
///       "line": 1, "column": 1,              // where the document starts
///       "diagnostics": [ <diagnostic> … ]
///     }]
///   }],
///   "skippedFiles": [{"path": "charts/x/templates/a.yaml", "reason": "helm-template" | "helm-chart-file"}],
///   "summary": {"files", "bytes", "documents", "nncps", "desiredStates", "policies",
///               "skipped", "unrecognized", "errors", "warnings", "infos", "skippedFiles"}
/// }
///
/// <diagnostic> = {
///   "rule": "schema.unknown-field", "severity": "error" | "warning" | "info",
///   "message": "…", "path": "spec.desiredState.interfaces[0].mtu",
///   "pointer": "/spec/desiredState/interfaces/0/mtu",   // RFC 6901 form of path
///   "line": 12, "column": 9,                            // 1-based; null when unknown
///   "related": {"file", "document", "path", "name", "line", "column"}   // only for cross-document findings
/// }
/// ```
///
/// Fields are only ever added within a version; every key is always
/// present (null when it has no value) except `related`.
public struct JSONReportFormatter: Sendable {
    public static let schemaVersion = 1
    public var options: RenderOptions

    public init(options: RenderOptions = RenderOptions()) {
        self.options = options
    }

    public func format(_ report: LintReport) -> [UInt8] {
        var out = JSONWriter.bytes(value(for: report))
        out.append(0x0A)
        return out
    }

    public func value(for report: LintReport) -> Value {
        let s = report.summary
        return .mapping([
            member("version", .int(Self.schemaVersion)),
            member("tool", .mapping([member("name", .string("nncp-guard")), member("version", .string(options.toolVersion))])),
            member("profile", .string(report.profile.rawValue)),
            member("files", .sequence(report.files.map(file))),
            member("skippedFiles", .sequence(report.skippedFiles.map { skipped in
                .mapping([member("path", .string(skipped.path)), member("reason", .string(skipped.reason.rawValue))])
            })),
            member("summary", .mapping([
                member("files", .int(s.files)),
                member("bytes", .int(s.bytes)),
                member("documents", .int(s.documents)),
                member("nncps", .int(s.nncps)),
                member("desiredStates", .int(s.desiredStates)),
                member("policies", .int(s.policies)),
                member("skipped", .int(s.skipped)),
                member("unrecognized", .int(s.unrecognized)),
                member("errors", .int(s.errors)),
                member("warnings", .int(s.warnings)),
                member("infos", .int(s.infos)),
                member("skippedFiles", .int(s.skippedFiles)),
            ])),
        ])
    }

    func file(_ file: FileReport) -> Value {
        .mapping([
            member("path", .string(file.path)),
            member("bytes", .int(file.byteCount)),
            member("diagnostics", .sequence(file.findings.sortedByPosition().map(diagnostic))),
            member("documents", .sequence(file.documents.map(document))),
        ])
    }

    func document(_ d: DocumentReport) -> Value {
        .mapping([
            member("index", .int(d.index)),
            member("path", .string(d.itemPath.description)),
            member("kind", .string(d.kind.rawValue)),
            member("apiVersion", optional(d.apiVersion)),
            member("objectKind", optional(d.objectKind)),
            member("name", optional(d.name)),
            member("line", position(d.location.line)),
            member("column", position(d.location.column)),
            member("diagnostics", .sequence(d.findings.map(diagnostic))),
        ])
    }

    func diagnostic(_ f: Finding) -> Value {
        var members = [
            member("rule", .string(f.rule)),
            member("severity", .string(f.severity.rawValue)),
            member("message", .string(f.message)),
            member("path", .string(f.path.description)),
            member("pointer", .string(f.path.jsonPointer)),
            member("line", position(f.location.line)),
            member("column", position(f.location.column)),
        ]
        if let r = f.related {
            members.append(member("related", .mapping([
                member("file", .string(r.file)),
                member("document", .int(r.documentIndex)),
                member("path", .string(r.path.description)),
                member("name", optional(r.name)),
                member("line", position(r.location.line)),
                member("column", position(r.location.column)),
            ])))
        }
        return .mapping(members)
    }

    private func member(_ key: String, _ value: Value) -> Value.Member { Value.Member(key: key, value: value) }
    private func optional(_ s: String?) -> Value { s.map { .string($0) } ?? .null }
    private func position(_ n: Int) -> Value { n > 0 ? .int(n) : .null }
}
