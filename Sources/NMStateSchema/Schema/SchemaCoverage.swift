/// The schema tables rendered as the Markdown coverage document
/// (`docs/schema-coverage.md`): every struct nmstate parses, each field with
/// its aliases, its value, the first release that accepts it and the table
/// that checks it.
///
/// The document is produced from the same tables the validator walks, and a
/// test compares the committed file with this output, so the published
/// coverage cannot drift from what nncp-guard actually checks.
public enum SchemaCoverage {
    /// The command that regenerates the committed document.
    public static let command = "swift run nncp-guard schema --format coverage-markdown > docs/schema-coverage.md"

    public static func markdown(_ schema: DesiredStateSchema = NMStateSchema.desiredState) -> String {
        var out: [String] = []
        out.append("# nmstate schema coverage")
        out.append("")
        out.append("<!-- Generated from Sources/NMStateSchema/Schema/Tables; do not edit. Regenerate with: \(command) -->")
        out.append("")
        out.append("What nncp-guard's embedded schema accepts, struct by struct. Every row comes from the schema tables that the validator walks; a test fails when this file and the tables disagree.")
        out.append("")
        out.append("- **Since**: the first nmstate release that accepts the key (`≤ 2.2.38`: accepted by 2.2.38). The `latest` profile accepts every row; `--profile 2.2.38` refuses the rows newer than 2.2.38 with `schema.unsupported-in-profile`. `after 2.2.38` marks features documented without a release; `after 2.2.59` marks features merged after the newest release whose notes were available.")
        out.append("- **Checked in**: the table that declares the key; the schema walk checks its type, enumeration and unknown keys there. Semantic rules (`nmstate.*`) then run on the parsed state.")
        out.append("- **Value**: `(lenient)` marks nmstate's lenient scalar parsers, which also take strings such as `\"9000\"`, `\"0x10\"` or `yes`.")
        out.append("")

        out.append("## Interface types")
        out.append("")
        out.append("| Type | Since | Sections | Keyed by | Checked in |")
        out.append("|---|---|---|---|---|")
        for spec in schema.interfaceTypes {
            let sections = spec.sections.isEmpty ? "—" : spec.sections.map { "`\($0.name)`" }.joined(separator: ", ")
            out.append("| `\(spec.type)` | \(since(spec.since)) | \(sections) | \(spec.userSpace ? "name and type" : "name") | \(link(spec.source)) |")
        }
        out.append("")
        out.append("Any other `type` is not parsed: `latest` warns that only its name and state are applied (`schema.unknown-interface-type`); the 2.2.38 profile checks it as an ethernet interface, as generate-configuration mode does.")
        out.append("")

        // Struct order: top level, the interface level, then every object in
        // the order the walk first reaches it.
        var objects: [ObjectSchema] = []
        var seen: Set<String> = []
        func visit(_ node: SchemaNode) {
            switch node {
            case .object(let o):
                guard seen.insert(o.name).inserted else { return }
                objects.append(o)
                for f in o.fields { visit(f.schema) }
            case .array(let item), .map(let item):
                visit(item)
            case .oneOf(let alternatives, _):
                alternatives.forEach(visit)
            case .scalar, .interfaces, .any:
                return
            }
        }
        visit(.object(schema.topLevel))
        let interfaceStructs: [(String, [Field])] = [("Interface (all types)", schema.baseInterfaceFields)]
            + schema.interfaceTypes.filter { !$0.sections.isEmpty }.map { ("Interface (`\($0.type)`)", $0.sections) }
        let topLevel = objects.removeFirst()
        for f in schema.baseInterfaceFields { visit(f.schema) }
        for spec in schema.interfaceTypes { spec.sections.forEach { visit($0.schema) } }

        out.append("## Structs")
        out.append("")
        out.append("| Struct | Unknown keys | Fields | Checked in |")
        out.append("|---|---|---|---|")
        out.append("| \(structLink(topLevel.name)) | \(policy(topLevel)) | \(topLevel.fields.count) | \(link(topLevel.source)) |")
        out.append("| Interface (all types) | refused, without a list | \(schema.baseInterfaceFields.count) | \(link(schema.baseInterfaceFields.first?.source ?? "")) |")
        for o in objects {
            out.append("| \(structLink(o.name)) | \(policy(o)) | \(o.fields.count) | \(link(o.source)) |")
        }
        out.append("")

        out.append("## Fields")
        out.append("")
        out.append("| Struct | Field | Aliases | Value | Since | Checked in | Notes |")
        out.append("|---|---|---|---|---|---|---|")
        func rows(_ owner: String, _ fields: [Field], anchor: String? = nil) {
            for (i, f) in fields.enumerated() {
                let owner = i == 0 && anchor != nil ? "<a id=\"\(anchor!)\"></a>" + owner : owner
                let aliases = f.aliases.isEmpty ? "" : f.aliases.map { a in
                    f.aliasesSince[a].map { "`\(a)` (\($0.releaseLabel))" } ?? "`\(a)`"
                }.joined(separator: ", ")
                out.append("| \(owner) | `\(f.name)` | \(aliases) | \(cell(describe(f.schema))) | \(since(f.since)) | \(link(f.source)) | \(cell(notes(f))) |")
            }
        }
        rows("`\(topLevel.name)`", topLevel.fields, anchor: Self.anchor(topLevel.name))
        for (owner, fields) in interfaceStructs { rows(owner, fields) }
        for o in objects { rows("`\(o.name)`", o.fields, anchor: Self.anchor(o.name)) }

        return out.joined(separator: "\n")
    }

    // MARK: Cells

    static func since(_ v: NMStateVersion?) -> String { v?.releaseLabel ?? "≤ 2.2.38" }

    /// A table file as a link from `docs/`, named from `Sources/` on so the
    /// document reads the same in every checkout.
    static func link(_ filePath: String) -> String {
        let parts = filePath.split(separator: "/", omittingEmptySubsequences: false)
        guard let sources = parts.lastIndex(of: "Sources") else { return "`\(filePath)`" }
        let relative = parts[sources...].joined(separator: "/")
        let tables = parts.lastIndex(of: "Schema").map { parts[($0 + 1)...].joined(separator: "/") } ?? String(parts.last ?? "")
        return "[`\(tables)`](../\(relative))"
    }

    static func anchor(_ name: String) -> String { "struct-" + name.lowercased() }

    static func structLink(_ name: String) -> String { "[`\(name)`](#\(anchor(name)))" }

    static func policy(_ o: ObjectSchema) -> String {
        if o.unknownKeyMessage != nil { return "refused by a hand-written parser" }
        switch o.unknownKeys {
        case .deny: return "refused, fields listed"
        case .denyWithoutList: return "refused, without a list"
        case .lenient: return "ignored"
        }
    }

    static func notes(_ f: Field) -> String {
        var notes: [String] = []
        if f.required { notes.append("required") }
        if f.queryOnly { notes.append("query only") }
        if let r = f.rejection { notes.append("refused: \(r)") }
        return notes.joined(separator: "; ")
    }

    /// Table cells: pipes escaped, no line breaks.
    static func cell(_ s: String) -> String {
        s.replacing("|", with: "\\|").replacing("\n", with: " ")
    }

    static func describe(_ node: SchemaNode) -> String {
        switch node {
        case .scalar(let kind): return describe(kind)
        case .object(let o): return structLink(o.name)
        case .array(let item): return "list of " + describe(item)
        case .map(let value): return "map of string to " + describe(value)
        case .interfaces: return "list of interfaces, dispatched on `type`"
        case .oneOf(let alternatives, _): return alternatives.map(describe).joined(separator: " or ")
        case .any: return "any value (not checked)"
        }
    }

    static func describe(_ kind: ScalarKind) -> String {
        switch kind {
        case .string: return "string"
        case .optionalString: return "string or null"
        case .bool(let lenient): return lenient ? "bool (lenient)" : "bool"
        case .unsigned(let bits, let lenient): return "u\(bits)" + (lenient ? " (lenient)" : "")
        case .signed(let bits, let lenient): return "i\(bits)" + (lenient ? " (lenient)" : "")
        case .enumeration(let spec):
            var parts = spec.values.map { v in spec.valuesSince[v].map { "`\(v)` (\($0.releaseLabel))" } ?? "`\(v)`" }
            parts += spec.aliases.keys.sorted().compactMap { a in
                guard let target = spec.aliases[a], target.lowercased() != a.lowercased() || spec.aliasesSince[a] != nil else { return nil }
                return "`\(a)` for `\(target)`" + (spec.aliasesSince[a].map { " (\($0.releaseLabel))" } ?? "")
            }
            var text = (spec.open ? "any string; known: " : "") + parts.joined(separator: ", ")
            if !spec.numeric.isEmpty { text += "; or 0–\(spec.numeric.count - 1) as integer or digit string" }
            if spec.caseInsensitive || spec.aliases.contains(where: { $0.key.lowercased() == $0.value.lowercased() }) { text += "; either case" }
            return text
        case .custom(let c):
            switch c {
            case .ipsecInterface: return "unsigned integer, `yes`, `no` or a digit string"
            case .multicastRouter: return "`auto`, `disabled`, `enabled` (any case) or 0, 1, 2"
            case .ethtoolFeature: return "bool, or `true`/`false`/`1`/`0` as string"
            case .infinibandPkey: return "u16 (lenient) or null"
            case .ovsDbValue: return "string, number or bool (stored as string); null removes"
            case .ovsDbGlobalValue: return "string or null; `latest` also takes numbers and bools (stored as string)"
            case .ovsBondMode: return "`active-backup`, `balance-slb`, `balance-tcp`, `lacp`"
            }
        }
    }
}
