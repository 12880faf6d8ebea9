import Testing
import SourceModel
@testable import ManifestLint

@Suite struct InputTests {
    @Test func directoriesAreWalkedSortedAndFiltered() async throws {
        let (inputs, problems) = InputDiscovery().discover([Fixtures.path("valid")])
        #expect(problems.isEmpty)
        let names = inputs.map { $0.displayPath.split(separator: "/").last.map(String.init) ?? "" }
        #expect(names == names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        #expect(names.contains("desired-state.yml"))
        #expect(names.contains("nncp.json"))
        #expect(inputs.first { $0.displayPath.hasSuffix("nncp.json") }?.syntax == .json)
        #expect(inputs.allSatisfy { !$0.displayPath.contains("/.") })
    }

    @Test func hiddenEntriesAndOtherExtensionsAreSkipped() async throws {
        let dir = try TemporaryDirectory()
        try dir.write("a.yaml", "interfaces: []\n")
        try dir.write("b.txt", "not yaml")
        try dir.write(".hidden.yaml", "interfaces: []\n")
        try dir.mkdir(".git")
        try dir.write(".git/c.yaml", "interfaces: []\n")
        try dir.mkdir("sub")
        try dir.write("sub/d.YML", "interfaces: []\n")
        let (inputs, _) = InputDiscovery().discover([dir.path])
        #expect(inputs.map(\.displayPath) == [dir.path + "/a.yaml", dir.path + "/sub/d.YML"])
        // A file named explicitly is linted whatever its name.
        let (explicit, _) = InputDiscovery().discover([dir.path + "/b.txt", dir.path + "/b.txt"])
        #expect(explicit.map(\.displayPath) == [dir.path + "/b.txt"])
    }

    @Test func missingPathIsAnIOFailure() async throws {
        let report = await Fixtures.lint([Fixtures.path("valid/bond.yaml"), Fixtures.path("does-not-exist.yaml")])
        #expect(report.files.count == 2)
        let missing = try #require(report.file(endingWith: "does-not-exist.yaml"))
        #expect(missing.isIOFailure)
        #expect(missing.findings.map(\.rule) == ["lint.io"])
        #expect(report.exitStatus(failOn: .error) == 2)
    }

    @Test func standardInput() async throws {
        let report = await Fixtures.lint(yaml: "interfaces: [{name: eth1, type: ethernet, state: up}]\n")
        #expect(report.files.map(\.path) == ["<stdin>"])
        #expect(report.files[0].documents.map(\.kind) == [.desiredState])
    }

    @Test func standardInputMixedWithFiles() async throws {
        let report = await Linter().run(["-", Fixtures.path("valid/dns.yaml")], standardInput: .bytes(Array("interfaces: []\n".utf8)))
        #expect(report.files.count == 2)
        #expect(report.files.contains { $0.path == "<stdin>" })
    }

    @Test func jsonFilesUseTheJSONReader() async throws {
        let report = await Fixtures.lint([Fixtures.path("valid/nncp.json")])
        let doc = try #require(report.files.first?.documents.first)
        #expect(doc.kind == .nncp)
        #expect(doc.name == "eth10-static")
        let dir = try TemporaryDirectory()
        try dir.write("broken.json", "{\n  \"apiVersion\": \"v1\",\n  \"kind\": \"ConfigMap\"\n  \"data\": {}\n}\n")
        let broken = await Fixtures.lint([dir.path + "/broken.json"])
        let finding = try #require(broken.files.first?.findings.first)
        #expect(finding.rule == "json.syntax")
        #expect(finding.location.line == 4)
    }

    @Test func maxSizeIsEnforcedBeforeReading() async throws {
        var options = LintOptions()
        options.limits.maxBytes = 100
        let report = await Fixtures.lint([Fixtures.path("valid/bond.yaml")], options: options)
        let file = try #require(report.files.first)
        #expect(file.findings.map(\.rule) == ["lint.too-large"])
        #expect(file.findings.first?.message.contains("over the limit of 100 bytes") == true)
        #expect(file.documents.isEmpty)
        #expect(!file.isIOFailure)
        #expect(report.exitStatus(failOn: .error) == 1)
        let stdin = await Fixtures.lint(yaml: String(repeating: "# padding\n", count: 20), options: options)
        #expect(stdin.files.first?.findings.map(\.rule) == ["lint.too-large"])
    }

    @Test func byteSizes() {
        #expect(ByteSize.parse("3MiB") == 3 * 1024 * 1024)
        #expect(ByteSize.parse("512K") == 512 * 1024)
        #expect(ByteSize.parse("1048576") == 1_048_576)
        #expect(ByteSize.parse("2g") == 2 << 30)
        #expect(ByteSize.parse("0") == nil)
        #expect(ByteSize.parse("-1") == nil)
        #expect(ByteSize.parse("MiB") == nil)
        #expect(ByteSize.parse("3.5M") == nil)
    }

    @Test func manyFilesGiveTheSameReportInParallel() async throws {
        let dir = try TemporaryDirectory()
        for i in 0..<40 {
            try dir.write(String(format3(i)) + ".yaml", """
            apiVersion: nmstate.io/v1
            kind: NodeNetworkConfigurationPolicy
            metadata: {name: p\(i)\(i % 7 == 0 ? "-" : "")}
            spec: {desiredState: {interfaces: [{name: eth\(i), type: ethernet, state: up}]}}
            """)
        }
        var serial = LintOptions()
        serial.concurrency = 1
        var parallel = LintOptions()
        parallel.concurrency = 4
        parallel.parallelThreshold = 2
        let a = await Fixtures.lint([dir.path], options: serial)
        let b = await Fixtures.lint([dir.path], options: parallel)
        #expect(a.files.map(\.path) == b.files.map(\.path))
        #expect(a.allFindings.map(\.finding) == b.allFindings.map(\.finding))
        #expect(a.files.count == 40)
        #expect(a.rules.filter { $0 == "policy.name" }.count == 6)
    }

    private func format3(_ i: Int) -> String {
        let s = String(i)
        return String(repeating: "0", count: max(0, 3 - s.count)) + s
    }
}
