import Foundation
import SourceModel
import Testing
@testable import ManifestLint

/// Lint pointed at an ordinary repository (testdata/lint/repository): NNCPs
/// next to a Helm chart, a CI workflow, a compose file and a GitHub action.
@Suite("Repositories")
struct RepositoryTests {
    static let repository = Fixtures.path("repository")

    @Test func onlyTheManifestsAreCheckedAndNothingElseIsReported() async {
        let report = await Fixtures.lint([Self.repository])
        #expect(report.allFindings.isEmpty, "\(report.allFindings.map { "\($0.file): [\($0.finding.rule)] \($0.finding.message)" })")
        #expect(report.exitStatus(failOn: .warning) == 0)
        #expect(report.skippedFiles.map { "\($0.path.split(separator: "/").suffix(2).joined(separator: "/")) \($0.reason.rawValue)" } == [
            "lab-network/Chart.yaml helm-chart-file",
            "templates/nncp.yaml helm-template",
            "lab-network/values.yaml helm-chart-file",
        ])
        let s = report.summary
        #expect(s.nncps == 1 && s.skippedFiles == 3 && s.unrecognized == 0)
        #expect(s.line.hasSuffix("; 3 Helm chart files not linted"), "\(s.line)")
        let kinds = report.files.flatMap { f in f.documents.map { (f.path.split(separator: "/").last.map(String.init) ?? "", $0.kind) } }
        #expect(kinds.contains { $0 == ("docker-compose.yml", .foreign) })
        #expect(kinds.contains { $0 == ("action.yml", .foreign) })
        #expect(kinds.contains { $0 == ("example.yaml", .otherKubernetes) })
    }

    @Test("files pre-commit passes one by one are skipped the same way", arguments: [
        "charts/lab-network/templates/nncp.yaml", "charts/lab-network/Chart.yaml", "charts/lab-network/values.yaml",
        ".github/workflows/ci.yml", "docker-compose.yml", "action.yml",
    ])
    func explicitFiles(file: String) async {
        let report = await Fixtures.lint([Self.repository + "/" + file])
        #expect(report.allFindings.isEmpty, "\(report.allFindings.map(\.finding.message))")
        #expect(report.exitStatus(failOn: .warning) == 0)
    }

    @Test func theProjectsOwnChartLintsClean() async {
        let report = await Fixtures.lint([Fixtures.root + "/charts"])
        #expect(report.allFindings.isEmpty, "\(report.allFindings.map { "\($0.file): [\($0.finding.rule)] \($0.finding.message)" })")
        #expect(report.summary.skippedFiles > 0)
    }

    @Test func excludedFilesAndDirectoriesAreNotRead() async {
        var options = LintOptions()
        options.excludes = [PathGlob("network"), PathGlob("*.yml")]
        let report = await Fixtures.lint([Self.repository], options: options)
        #expect(!report.files.contains { $0.path.contains("/network/") && !$0.path.contains("/charts/") })
        #expect(!report.files.contains { $0.path.hasSuffix(".yml") })
        #expect(report.files.contains { $0.path.hasSuffix("crds/example.yaml") })
    }

    @Test("near misses are still reported; other tools' YAML is not", arguments: [
        ("interface: [{name: eth1, type: ethernet}]\n", true),
        ("capture: {a: interfaces}\n", true),
        ("kind: NodeNetworkConfigurationPolicy\nmetadata: {name: x}\n", true),
        ("apiVersion: nmstate.io/v1\nmetadata: {name: x}\n", true),
        ("spec: {desiredState: {interfaces: []}}\n", true),
        ("dns_resolver: {config: {server: [192.0.2.1]}}\n", true),
        ("hello: world\n", false),
        ("on: [push]\njobs: {build: {runs-on: ubuntu-latest}}\n", false),
        ("services: {db: {image: postgres, hostname: db}}\n", false),
        ("apiVersion: v2\nname: chart\nversion: 1.0.0\n", false),
        ("name: x\ndescription: y\nruns: {using: node20}\n", false),
        ("- hosts: all\n  tasks: []\n", false),
        ("{}\n", false),
        ("just a string\n", false),
    ])
    func nearMisses(yaml: String, reported: Bool) async {
        let report = await Fixtures.lint(yaml: yaml)
        #expect(report.allFindings.map(\.finding.rule) == (reported ? ["lint.unrecognized"] : []), "\(report.allFindings.map(\.finding.message))")
        #expect(report.files[0].documents.first?.kind == (reported ? .unrecognized : .foreign))
    }

    @Test func aDescriptionNextToATypoIsStillADesiredState() async {
        let report = await Fixtures.lint(yaml: "description: lab\ninterface: [{name: eth1, type: ethernet}]\n")
        #expect(report.files[0].documents.first?.kind == .desiredState)
        #expect(report.allFindings.map(\.finding.rule) == ["schema.unknown-field"])
    }

    /// `kubectl get nncp -o yaml | nncp-guard lint -`: a List of stored
    /// policies, with status, managed fields and server-set metadata.
    @Test func whatALiveClusterHoldsLintsAsItsPolicies() async {
        let report = await Fixtures.lint(yaml: """
            apiVersion: v1
            items:
            - apiVersion: nmstate.io/v1
              kind: NodeNetworkConfigurationPolicy
              metadata:
                annotations:
                  nmstate.io/webhook-mutating-timestamp: "1716582405477407436"
                creationTimestamp: "2024-05-24T20:26:45Z"
                generation: 3
                managedFields:
                - apiVersion: nmstate.io/v1
                  fieldsType: FieldsV1
                  fieldsV1: {f:spec: {}}
                  manager: kubectl-client-side-apply
                  operation: Update
                name: workers-bond0
                resourceVersion: "48213"
                uid: 6f1d2a4b-8c3e-4f5a-9b7c-1d2e3f4a5b6c
              spec:
                nodeSelector:
                  node-role.kubernetes.io/worker: ""
                desiredState:
                  interfaces:
                  - name: bond0
                    type: bond
                    state: up
                    link-aggregation:
                      mode: active-backup
                      port: [eth1, eth2]
              status:
                conditions:
                - type: Available
                  status: "True"
                  reason: SuccessfullyConfigured
                  lastTransitionTime: "2024-05-24T20:27:10Z"
                lastUnavailableNodeCountUpdate: "2024-05-24T20:27:10Z"
            - apiVersion: nmstate.io/v1
              kind: NodeNetworkConfigurationPolicy
              metadata: {name: workers-bond0-mtu}
              spec:
                nodeSelector:
                  node-role.kubernetes.io/worker: ""
                desiredState:
                  interfaces:
                  - {name: bond0, type: bond, state: up, mtu: 9000, link-aggregation: {mode: balance-rr, port: [eth1, eth2]}}
            kind: List
            metadata:
              resourceVersion: ""
            """)
        #expect(report.summary.nncps == 2)
        #expect(report.allFindings.map(\.finding.rule) == ["conflict.interface-settings"], "\(report.allFindings.map(\.finding.message))")
    }

    @Test func aSeverityPolicyDecidesEachFindingsSeverity() async {
        struct Soften: SeverityPolicy {
            func severity(for diagnostic: Diagnostic) -> Diagnostic.Severity {
                diagnostic.rule.hasPrefix("schema.") ? .info : diagnostic.severity
            }
        }
        var options = LintOptions()
        options.severityPolicy = Soften()
        let report = await Fixtures.lint(yaml: "interfaces: [{name: eth1, type: ethernet, mtuu: 9000}]\n", options: options)
        #expect(report.allFindings.map(\.finding.severity) == [.info])
        #expect(report.exitStatus(failOn: .warning) == 0)
    }
}

@Suite("Exclude patterns")
struct PathGlobTests {
    @Test("patterns", arguments: [
        ("charts", "repo/charts", true),
        ("charts", "repo/charts/a/values.yaml", true),
        ("charts", "repo/chart/a.yaml", false),
        ("values*.yaml", "charts/x/values-prod.yaml", true),
        ("*.yml", "a/b/c.yml", true),
        ("*.yml", "a/b/c.yaml", false),
        ("charts/**", "repo/charts", true),
        ("charts/**", "charts/x/templates/a.yaml", true),
        ("deploy/*/secret.yaml", "./deploy/prod/secret.yaml", true),
        ("deploy/*/secret.yaml", "deploy/prod/eu/secret.yaml", false),
        ("deploy/**/secret.yaml", "deploy/prod/eu/secret.yaml", true),
        ("node0[1-3].yaml", "nodes/node02.yaml", true),
        ("node0[!1-3].yaml", "nodes/node02.yaml", false),
        ("node?.yaml", "node7.yaml", true),
        ("./network/", "repo/network/a.yaml", true),
    ])
    func glob(pattern: String, path: String, matches: Bool) {
        #expect(PathGlob(pattern).matches(path) == matches)
    }
}
