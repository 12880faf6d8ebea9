import ArgumentParser
import NMStateSchema
import SourceModel

/// `nncp-guard schema`: exports the embedded schema for editors.
struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the embedded nmstate schema as JSON Schema (draft 2020-12), or as the Markdown coverage table.",
        discussion: "Point yaml-language-server at the JSON Schema output (`# yaml-language-server: $schema=…`) to validate NNCP files while typing. `--format coverage-markdown` prints docs/schema-coverage.md (every struct and field with the release that added it; it covers both profiles, so --target and --profile do not apply)."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case jsonSchema = "json-schema", coverageMarkdown = "coverage-markdown" }
    enum Target: String, ExpressibleByArgument, CaseIterable { case nncp, desiredState = "desired-state" }

    @Option(help: "Output format.") var format: Format = .jsonSchema
    @Option(help: "What the schema describes: a whole NNCP object, or a bare nmstate desired state.") var target: Target = .nncp
    @Option(help: "nmstate profile: latest or 2.2.38.") var profile: String = Profile.latest.rawValue

    /// During parsing, so that the error shows this command's usage.
    func validate() throws {
        guard Profile(rawValue: profile) != nil else {
            throw ValidationError("unknown profile '\(profile)'; expected one of: \(Profile.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() throws {
        let p = Profile(rawValue: profile) ?? .latest
        if format == .coverageMarkdown {
            print(SchemaCoverage.markdown())
            return
        }
        let schema: Value
        switch target {
        case .nncp: schema = JSONSchemaExporter.nncp(profile: p)
        case .desiredState: schema = JSONSchemaExporter.desiredState(profile: p)
        }
        print(JSONWriter.string(schema))
    }
}
