import Testing
import SourceModel
import NMStateSchema
@testable import ManifestLint
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// A small report built by hand, so the format tests do not depend on
/// which rules other modules implement.
func sampleReport() -> LintReport {
    let conflict = Finding(
        Diagnostic(rule: "conflict.interface-settings", message: "eth1 mtu differs from policy \"a\"", path: ["spec", "desiredState", "interfaces", 0, "mtu"], location: SourceLocation(line: 12, column: 14)),
        related: RelatedLocation(file: "manifests/a.yaml", documentIndex: 0, path: .root, location: SourceLocation(line: 1, column: 1), name: "a")
    )
    let b = FileReport(path: "manifests/b <&>.yaml", byteCount: 300, documents: [
        DocumentReport(index: 0, kind: .nncp, apiVersion: "nmstate.io/v1", objectKind: "NodeNetworkConfigurationPolicy", name: "b", location: SourceLocation(line: 1, column: 1), findings: [
            Finding(Diagnostic(rule: "policy.name", message: "invalid policy name: \"b-\"", path: ["metadata", "name"], location: SourceLocation(line: 4, column: 9))),
            conflict,
        ]),
        DocumentReport(index: 1, kind: .otherKubernetes, apiVersion: "v1", objectKind: "ConfigMap", name: "c", location: SourceLocation(line: 20, column: 1)),
        DocumentReport(index: 2, kind: .unrecognized, location: SourceLocation(line: 30, column: 1), findings: [
            Finding(Diagnostic(rule: "lint.unrecognized", severity: .warning, message: "document is a sequence; not checked", location: SourceLocation(line: 30, column: 1))),
        ]),
    ])
    let a = FileReport(path: "./manifests/a.yaml", byteCount: 100, documents: [
        DocumentReport(index: 0, kind: .nncp, objectKind: "NodeNetworkConfigurationPolicy", name: "a", location: SourceLocation(line: 1, column: 1)),
    ], findings: [
        Finding(Diagnostic(rule: "yaml.syntax", message: "did not find expected key", location: SourceLocation(line: 9, column: 3))),
    ])
    return LintReport(files: [a, b], profile: .latest)
}

@Suite struct OutputTests {
    @Test func text() {
        let out = TextFormatter(options: RenderOptions(summary: true)).format(sampleReport())
        let lines = out.split(separator: "\n").map(String.init)
        #expect(lines == [
            "./manifests/a.yaml:9:3: error [yaml.syntax] did not find expected key",
            "manifests/b <&>.yaml:4:9: error [policy.name] invalid policy name: \"b-\" (at metadata.name)",
            "manifests/b <&>.yaml:12:14: error [conflict.interface-settings] eth1 mtu differs from policy \"a\" (at spec.desiredState.interfaces[0].mtu)",
            "manifests/b <&>.yaml:30:1: warning [lint.unrecognized] document is a sequence; not checked",
            "2 files, 4 documents (2 NNCPs, 1 skipped, 1 unrecognized): 3 errors, 1 warning",
        ])
    }

    @Test func multiLineMessagesAreIndented() {
        let f = Finding(Diagnostic(rule: "capture.syntax", message: "No ending double quote\n| a==\"b\n| ...^", path: ["capture", "x"], location: SourceLocation(line: 3, column: 6)))
        #expect(TextFormatter().line(for: f, file: "p.yaml") == "p.yaml:3:6: error [capture.syntax] No ending double quote (at capture.x)\n    | a==\"b\n    | ...^")
    }

    @Test func textColour() {
        let out = TextFormatter(options: RenderOptions(color: true)).format(sampleReport())
        #expect(out.contains("\u{1B}[1;31merror\u{1B}[0m"))
        #expect(out.contains("\u{1B}[1;33mwarning\u{1B}[0m"))
        #expect(!TextFormatter().format(sampleReport()).contains("\u{1B}"))
    }

    @Test func textSortsByLine() async throws {
        let report = await Fixtures.lint([Fixtures.path("invalid/bad-node-selector.yaml")])
        let out = TextFormatter().format(report)
        let lines = out.split(separator: "\n").compactMap { line -> Int? in
            let parts = line.split(separator: ":")
            return parts.count > 2 ? Int(parts[1]) : nil
        }
        #expect(!lines.isEmpty)
        #expect(lines == lines.sorted())
    }

    @Test func json() throws {
        let bytes = JSONReportFormatter(options: RenderOptions(toolVersion: "1.2.3")).format(sampleReport())
        let v = try JSONReader().parse(bytes)
        #expect(v["version"]?.int64 == 1)
        #expect(v.at("tool", "version")?.string == "1.2.3")
        #expect(v["profile"]?.string == "latest")
        let files = try #require(v["files"]?.sequence)
        #expect(files.count == 2)
        #expect(files[0]["diagnostics"]?[0]?["rule"]?.string == "yaml.syntax")
        let docs = try #require(files[1]["documents"]?.sequence)
        #expect(docs.map { $0["kind"]?.string } == ["nncp", "kubernetes-object", "unrecognized"])
        let d = try #require(docs[0]["diagnostics"]?[1])
        #expect(d["rule"]?.string == "conflict.interface-settings")
        #expect(d["severity"]?.string == "error")
        #expect(d["path"]?.string == "spec.desiredState.interfaces[0].mtu")
        #expect(d["pointer"]?.string == "/spec/desiredState/interfaces/0/mtu")
        #expect(d["line"]?.int64 == 12)
        #expect(d["column"]?.int64 == 14)
        #expect(d.at("related", "file")?.string == "manifests/a.yaml")
        #expect(docs[1]["name"]?.string == "c")
        #expect(docs[2]["name"]?.isNull == true)
        #expect(v.at("summary", "errors")?.int64 == 3)
        #expect(v.at("summary", "warnings")?.int64 == 1)
        #expect(v.at("summary", "skipped")?.int64 == 1)
        #expect(v.at("summary", "nncps")?.int64 == 2)
    }

    @Test func sarif() throws {
        let bytes = SARIFFormatter(options: RenderOptions(toolVersion: "1.2.3")).format(sampleReport())
        let v = try JSONReader().parse(bytes)
        #expect(v["version"]?.string == "2.1.0")
        #expect(v["$schema"]?.string?.contains("sarif-2.1.0") == true)
        let run = try #require(v["runs"]?[0])
        #expect(run.at("tool", "driver", "name")?.string == "nncp-guard")
        let rules = try #require(run.at("tool", "driver", "rules")?.sequence)
        let ids = rules.compactMap { $0["id"]?.string }
        #expect(ids == ["conflict.interface-settings", "lint.unrecognized", "policy.name", "yaml.syntax"])
        #expect(rules.allSatisfy { ($0.at("shortDescription", "text")?.string ?? "").count > 5 })
        let results = try #require(run["results"]?.sequence)
        #expect(results.count == 4)
        let first = results[0]
        #expect(first["ruleId"]?.string == "yaml.syntax")
        #expect(first["level"]?.string == "error")
        #expect(first["ruleIndex"]?.int64 == 3)
        let physical = try #require(first["locations"]?[0]?["physicalLocation"])
        #expect(physical.at("artifactLocation", "uri")?.string == "manifests/a.yaml")
        #expect(physical.at("region", "startLine")?.int64 == 9)
        #expect(physical.at("region", "startColumn")?.int64 == 3)
        let conflict = results[2]
        #expect(conflict.at("message", "text")?.string?.contains("mtu differs") == true)
        #expect(conflict["locations"]?[0]?["physicalLocation"]?.at("artifactLocation", "uri")?.string == "manifests/b%20%3C%26%3E.yaml")
        #expect(conflict["locations"]?[0]?["logicalLocations"]?[0]?["fullyQualifiedName"]?.string == "spec.desiredState.interfaces[0].mtu")
        #expect(conflict["relatedLocations"]?[0]?["physicalLocation"]?.at("artifactLocation", "uri")?.string == "manifests/a.yaml")
        #expect(results[3]["level"]?.string == "warning")
    }

    @Test func sarifMakesAbsolutePathsRelative() throws {
        let report = LintReport(files: [FileReport(path: "/repo/x/y.yaml", findings: [Finding(Diagnostic(rule: "lint.io", message: "m"))])], profile: .latest)
        let v = try JSONReader().parse(SARIFFormatter(options: RenderOptions(baseDirectory: "/repo")).format(report))
        let physical = v["runs"]?[0]?["results"]?[0]?["locations"]?[0]?["physicalLocation"]
        #expect(physical?.at("artifactLocation", "uri")?.string == "x/y.yaml")
        #expect(physical?.at("region", "startLine")?.int64 == 1)
    }

    @Test func junit() throws {
        let xml = JUnitFormatter().format(sampleReport())
        try XMLCheck.wellFormed(xml)
        #expect(xml.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"))
        #expect(xml.contains("<testsuites name=\"nncp-guard lint\" tests=\"5\" failures=\"2\" errors=\"0\" skipped=\"1\">"))
        #expect(xml.contains("<testsuite name=\"manifests/b &lt;&amp;&gt;.yaml\" tests=\"3\" failures=\"1\" errors=\"0\" skipped=\"1\">"))
        #expect(xml.contains("name=\"document 1: NodeNetworkConfigurationPolicy b\""))
        #expect(xml.components(separatedBy: "<failure ").count - 1 == 3)
        #expect(xml.contains("<skipped message=\"not checked: ConfigMap\"/>"))
        #expect(xml.contains("<system-out>manifests/b &lt;&amp;&gt;.yaml:30:1: warning [lint.unrecognized]"))
        #expect(xml.contains("name=\"(file)\""))
        // --fail-on warning turns warnings into failures.
        let strict = JUnitFormatter(options: RenderOptions(failOn: .warning)).format(sampleReport())
        #expect(strict.components(separatedBy: "<failure ").count - 1 == 4)
    }

    @Test func junitForRealFiles() async throws {
        let report = await Fixtures.lint([Fixtures.path("invalid"), Fixtures.path("valid")])
        let xml = JUnitFormatter().format(report)
        try XMLCheck.wellFormed(xml)
        #expect(!xml.contains("<error message="))
    }

    @Test func xmlEscaping() {
        #expect(XMLText.escape("a<b>&\"'\u{01}") == "a&lt;b&gt;&amp;&quot;&apos;\u{FFFD}")
        #expect(XMLText.escape("plain") == "plain")
    }

    @Test func renderer() {
        for format in OutputFormat.allCases {
            #expect(!ReportRenderer.render(sampleReport(), as: format, options: RenderOptions()).isEmpty)
        }
    }
}

/// Parses XML with Foundation's parser to prove it is well-formed.
enum XMLCheck {
    struct Malformed: Error { var message: String }

    static func wellFormed(_ xml: String) throws {
        let parser = XMLParser(data: Data(xml.utf8))
        guard parser.parse() else {
            throw Malformed(message: parser.parserError.map { "\($0)" } ?? "unknown XML error")
        }
    }
}
