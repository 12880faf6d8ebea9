import RuleCatalog
import SourceModel

/// SARIF 2.1.0 (`--output sarif`) for GitHub code scanning and other SARIF
/// viewers.
///
/// One run; `tool.driver.rules` lists every rule that has a result, with
/// its summary, explanation and fix from ``RuleRegistry`` (code scanning
/// shows them as the alert's help). Each result has a physical
/// location (the file, relative to the repository root so code scanning can
/// match it, and the line and column) and a logical location (the path
/// inside the document, e.g. `spec.desiredState.interfaces[0].mtu`).
/// Cross-document conflicts also carry the other policy as a related
/// location.
public struct SARIFFormatter: Sendable {
    public static let schemaURI = "https://json.schemastore.org/sarif-2.1.0.json"
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
        var ruleIndex: [String: Int] = [:]
        var ruleLevels: [String: Diagnostic.Severity] = [:]
        var flat: [(file: String, finding: Finding)] = []
        for file in report.files {
            for f in file.allFindings {
                flat.append((file.path, f))
                if ruleLevels[f.rule] == nil { ruleLevels[f.rule] = f.severity }
            }
        }
        let ruleIds = ruleLevels.keys.sorted()
        for (i, id) in ruleIds.enumerated() { ruleIndex[id] = i }
        let rules: [Value] = ruleIds.map { rule(id: $0, level: ruleLevels[$0]!) }
        let results: [Value] = flat.map { result(for: $0.finding, file: $0.file, ruleIndex: ruleIndex[$0.finding.rule]!) }
        let driver: Value = .mapping([
            m("name", .string("nncp-guard")),
            m("version", .string(options.toolVersion)),
            m("semanticVersion", .string(options.toolVersion)),
            m("rules", .sequence(rules)),
        ])
        let run: Value = .mapping([
            m("tool", .mapping([m("driver", driver)])),
            m("columnKind", .string("unicodeCodePoints")),
            m("results", .sequence(results)),
        ])
        return .mapping([
            m("$schema", .string(Self.schemaURI)),
            m("version", .string("2.1.0")),
            m("runs", .sequence([run])),
        ])
    }

    /// A `reportingDescriptor`: the registry's summary, explanation and fix,
    /// which code scanning shows as the rule's help next to each alert.
    func rule(id: String, level: Diagnostic.Severity) -> Value {
        guard let entry = RuleRegistry.entry(for: id) else {
            return .mapping([
                m("id", .string(id)),
                m("shortDescription", .mapping([m("text", .string("nncp-guard rule \(id)"))])),
                m("defaultConfiguration", .mapping([m("level", .string(Self.level(level)))])),
            ])
        }
        return .mapping([
            m("id", .string(id)),
            m("shortDescription", .mapping([m("text", .string(entry.summary))])),
            m("fullDescription", .mapping([m("text", .string(entry.explanation))])),
            m("help", .mapping([
                m("text", .string(entry.explanation + "\n\nFix: " + entry.fix)),
                m("markdown", .string(RuleMarkdown.help(entry))),
            ])),
            m("defaultConfiguration", .mapping([m("level", .string(Self.level(level)))])),
            m("properties", .mapping([m("tags", .sequence([.string(entry.id.family)]))])),
        ])
    }

    func result(for f: Finding, file: String, ruleIndex: Int) -> Value {
        var location: [Value.Member] = [m("physicalLocation", physicalLocation(file: file, at: f.location))]
        if !f.path.isEmpty {
            var logical = [m("fullyQualifiedName", .string(f.path.description)), m("kind", .string("member"))]
            if let last = f.path.components.last, case .key(let k) = last { logical.insert(m("name", .string(k)), at: 0) }
            location.append(m("logicalLocations", .sequence([.mapping(logical)])))
        }
        var members = [
            m("ruleId", .string(f.rule)),
            m("ruleIndex", .int(ruleIndex)),
            m("level", .string(Self.level(f.severity))),
            m("message", .mapping([m("text", .string(f.message))])),
            m("locations", .sequence([.mapping(location)])),
        ]
        if let r = f.related {
            let label = r.name.map { "policy \($0)" } ?? "the other policy"
            members.append(m("relatedLocations", .sequence([.mapping([
                m("id", .int(1)),
                m("physicalLocation", physicalLocation(file: r.file, at: r.location)),
                m("message", .mapping([m("text", .string(label))])),
            ])])))
        }
        return .mapping(members)
    }

    func physicalLocation(file: String, at location: SourceLocation) -> Value {
        var artifact = [m("uri", .string(Self.uri(forPath: relativePath(file))))]
        if !relativePath(file).hasPrefix("/") { artifact.append(m("uriBaseId", .string("%SRCROOT%"))) }
        let region: Value = location.isKnown
            ? .mapping([m("startLine", .int(location.line)), m("startColumn", .int(location.column))])
            : .mapping([m("startLine", .int(1))])
        return .mapping([m("artifactLocation", .mapping(artifact)), m("region", region)])
    }

    /// `./a/b.yaml` → `a/b.yaml`; `/repo/a.yaml` → `a.yaml` under base `/repo`.
    func relativePath(_ path: String) -> String {
        var p = path
        if let base = options.baseDirectory, p.hasPrefix("/") {
            let prefix = base.hasSuffix("/") ? base : base + "/"
            if p.hasPrefix(prefix) { p = String(p.dropFirst(prefix.count)) }
        }
        while p.hasPrefix("./") { p = String(p.dropFirst(2)) }
        return p
    }

    /// Percent-encodes a path for a URI reference (RFC 3986), keeping `/`.
    static func uri(forPath path: String) -> String {
        var out = ""
        for b in path.utf8 {
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"):
                out.unicodeScalars.append(Unicode.Scalar(b))
            default:
                let hex = Array("0123456789ABCDEF".unicodeScalars)
                out += "%"
                out.unicodeScalars.append(hex[Int(b >> 4)])
                out.unicodeScalars.append(hex[Int(b & 0xF)])
            }
        }
        return out
    }

    static func level(_ severity: Diagnostic.Severity) -> String {
        switch severity {
        case .error: return "error"
        case .warning: return "warning"
        case .info: return "note"
        }
    }

    private func m(_ key: String, _ value: Value) -> Value.Member { Value.Member(key: key, value: value) }
}
