import Testing
import NMPolicy
import SourceModel
import SourceModelYAML

/// Checks against /work/shared/corpus: nmstate 2.2.38's verdicts for the
/// policy error cases, the Go nmpolicy error expressions, and the valid
/// policy examples with their expected output. Skipped when the corpus is
/// not next to the checkout.
@Suite("Policy corpus", .enabled(if: Corpus.isAvailable, "shared corpus not found"))
struct CorpusPolicyTests {
    // MARK: - invalid/policy and invalid/realworld

    static var invalidRows: [[String]] {
        Corpus.tsv("invalid/MANIFEST.tsv").filter { $0[0].hasPrefix("policy/") || $0[0].hasPrefix("realworld/") }
    }

    @Test func invalidPolicyCasesGiveNmstateMessages() throws {
        let rows = Self.invalidRows
        #expect(rows.count == 20)
        var matched = 0
        for row in rows where row[0].hasPrefix("policy/") {
            let file = row[0]
            let expected = try #require(ExpectedPolicyError(verdict: row[8]), "unreadable verdict for \(file): \(row[8])")
            let document = try PolicyDocument(Corpus.yaml("invalid/\(file)"))
            do throws(PolicyError) {
                _ = try document.resolve(dialect: .v2_2_38)
                Issue.record("\(file): resolved, expected \(expected)")
            } catch {
                #expect(error.kind.rawValue == expected.kind, "\(file)")
                #expect(error.message == expected.message, "\(file)")
                #expect(error.origin == .nmstate, "\(file)")
                if let caret = expected.caret {
                    #expect(error.position == caret, "\(file)")
                    #expect(error.line == expected.line, "\(file)")
                }
                if error.kind.rawValue == expected.kind, error.message == expected.message, error.position == (expected.caret ?? error.position) {
                    matched += 1
                }
            }
        }
        #expect(matched == 18)
        if Corpus.reportRequested { print("invalid/policy: \(matched)/18 match nmstate 2.2.38 (message and caret)") }
    }

    /// The published examples resolve; nmstate rejects their output only in
    /// its typed-state step (`port` under `bridge.options`), which is the
    /// schema module's job.
    @Test func realWorldExamplesResolveToTheRejectedShape() throws {
        for row in Self.invalidRows where row[0].hasPrefix("realworld/") {
            // The example's own current state, published next to it.
            let current = row[0].replacing("realworld/", with: "valid/").replacing("__policy.yaml", with: "__current.yaml")
            let out = try PolicyDocument(Corpus.yaml("invalid/\(row[0])")).resolve(current: Corpus.yaml(current))
            #expect(out["interfaces"]?[0]?["bridge"]?["options"]?["port"] != nil, "\(row[0])")
        }
    }

    @Test func captureCheckFlagsEveryPolicyErrorCase() throws {
        for row in Self.invalidRows where row[0].hasPrefix("policy/") {
            let doc = try Corpus.yaml("invalid/\(row[0])")
            let findings = CaptureCheck.check(capture: doc["capture"], desiredState: doc["desired"] ?? doc["desiredState"],
                                              capturePath: DocumentPath("capture"), desiredPath: DocumentPath("desired"))
            #expect(findings.contains { $0.severity == .error }, "\(row[0]) has no finding")
        }
    }

    // MARK: - nmpolicy_expression_errors.tsv

    /// The state used by nmpolicy's resolver tests (from their messages).
    static let goResolverState = """
        routes:
          running:
          - destination: 0.0.0.0/0
            next-hop-address: 192.168.100.1
            next-hop-interface: eth1
            table-id: 254
        interfaces:
        - name: eth1
          type: ethernet
          state: up
          ipv4:
            address:
            - ip: 10.244.0.1
              prefix-length: 24
            - ip: 169.254.1.0
              prefix-length: 16
        """

    @Test func everyGoErrorExpressionIsRejected() throws {
        let rows = Corpus.tsv("invalid/policy/nmpolicy_expression_errors.tsv")
        #expect(rows.count == 41)
        let current = try YAMLLoader().loadSingle(Self.goResolverState)
        var byParse = 0, byResolve = 0
        var report: [String] = []
        for row in rows {
            let expression = row[1]
            do throws(PolicyError) {
                _ = try CaptureExpression.parse(expression)
            } catch {
                byParse += 1
                report.append("parse\t\(error.origin.rawValue)\t\(expression)\t\(error.message)\t\(error.position)")
                continue
            }
            do throws(PolicyError) {
                let captures = [(name: "default-gw", expression: #"routes.running.destination=="0.0.0.0/0""#), (name: "tested", expression: expression)]
                _ = try PolicyResolver().captureStates(captures: captures, current: current)
                Issue.record("accepted: \(expression)")
            } catch {
                byResolve += 1
                report.append("resolve\t\(error.origin.rawValue)\t\(expression)\t\(error.message)\t\(error.position)")
            }
        }
        #expect(byParse + byResolve == 41)
        #expect(byParse == 34)
        if Corpus.reportRequested { print(report.joined(separator: "\n")) }
    }

    // MARK: - valid policy documents

    static var validPolicyFiles: [String] {
        Corpus.tsv("valid/MANIFEST.tsv").filter { $0[5] == "nmstate-policy" || $0[5] == "nmpolicy-policy" }.map { $0[0] }
    }

    @Test func validPolicyDocumentsParse() throws {
        let files = Self.validPolicyFiles
        #expect(files.count == 23)
        var expressions = 0, templates = 0
        for file in files {
            let value = try Corpus.yaml("valid/\(file)")
            let document = try PolicyDocument(value)
            for capture in document.captures {
                #expect(throws: Never.self, "\(file) \(capture.name)") { try CaptureExpression.parse(capture.expression) }
                expressions += 1
            }
            templates += try Self.templates(in: document.desired)
            let findings = CaptureCheck.check(capture: value["capture"], desiredState: document.desired,
                                              capturePath: DocumentPath("capture"), desiredPath: DocumentPath("desired"))
            #expect(findings.isEmpty, "\(file): \(findings)")
        }
        if Corpus.reportRequested { print("valid policies: \(files.count) documents, \(expressions) expressions, \(templates) templates parse") }
    }

    static func templates(in value: Value) throws -> Int {
        switch value.content {
        case .string(let s): return try TemplateReference.scan(s).count
        case .mapping(let m): return try m.reduce(0) { try $0 + templates(in: $1.value) }
        case .sequence(let a): return try a.reduce(0) { try $0 + templates(in: $1) }
        default: return 0
        }
    }

    // MARK: - resolution against expected output

    struct Example: CustomStringConvertible {
        var name: String
        var policy: String
        var current: String
        var expected: String
        var description: String { name }
    }

    static let nmstateExamples = [
        "all-ethernet-up", "all-linux-bridges-down", "bridge-interfaces-by-description", "bridge-on-default-gw-dhcp",
        "bridge-on-default-gw-no-dhcp", "bridge_ref_port_by_mac", "capture_all", "change-gateway-iface-to-mac-identifier",
        "convert-dhcp-to-static", "enable_lldp", "ovs-slb-bond-primary-secondary", "search_route_on_mac", "unsorted_capture",
    ]

    static var examples: [Example] {
        var out = nmstateExamples.map {
            Example(name: "nmstate/\($0)", policy: "valid/nmstate__examples__policy__\($0)__policy.yml",
                    current: "valid/nmstate__examples__policy__\($0)__current.yml",
                    expected: "valid/nmstate__examples__policy__\($0)__expected.yml")
        }
        for name in ["all-ethernet-up", "all-linux-bridges-down", "bridge-interfaces-by-description", "convert-dhcp-to-static", "ovs-slb-bond-primary-secondary"] {
            out.append(Example(name: "nmpolicy/\(name)", policy: "valid/nmpolicy__docs__examples__\(name)__policy.yaml",
                               current: "valid/nmpolicy__docs__examples__\(name)__current.yaml",
                               expected: "valid/nmpolicy__docs__examples__\(name)__generated.yaml"))
        }
        for cache in ["no-cache", "partial-cache", "full-cache"] {
            out.append(Example(name: "nmpolicy/linux-bridge-default-gw-\(cache)",
                               policy: "valid/nmpolicy__tests__testdata__policy__linux-bridge-default-gw-\(cache).yaml",
                               current: "valid/nmpolicy__tests__testdata__state__main.yaml",
                               expected: "valid/nmpolicy__tests__testdata__state__linux-bridge-default-gw.yaml"))
        }
        return out
    }

    /// Examples whose expected output is the filled template itself. The
    /// others show nmstate's final `gen_diff` against the current state
    /// (properties that do not change are dropped), its typed
    /// normalisation (`balance-slb: 1` → `balance_slb: true`), or Go
    /// nmpolicy's capture cache; both are out of this module's scope.
    static let matchingExamples: Set<String> = [
        "nmstate/all-linux-bridges-down", "nmstate/bridge-interfaces-by-description", "nmstate/bridge-on-default-gw-dhcp",
        "nmstate/bridge-on-default-gw-no-dhcp", "nmstate/capture_all", "nmstate/ovs-slb-bond-primary-secondary",
        "nmstate/unsorted_capture",
        "nmpolicy/all-ethernet-up", "nmpolicy/all-linux-bridges-down", "nmpolicy/bridge-interfaces-by-description",
        "nmpolicy/convert-dhcp-to-static", "nmpolicy/ovs-slb-bond-primary-secondary",
        "nmpolicy/linux-bridge-default-gw-no-cache", "nmpolicy/linux-bridge-default-gw-partial-cache",
    ]

    @Test func examplesResolveToTheirExpectedOutput() throws {
        var matching: Set<String> = []
        for example in Self.examples {
            guard Corpus.exists(example.policy) else { Issue.record("missing \(example.policy)"); continue }
            let document = try PolicyDocument(Corpus.yaml(example.policy))
            let out = try document.resolve(current: Corpus.yaml(example.current))
            if out == (try Corpus.yaml(example.expected)) { matching.insert(example.name) }
        }
        #expect(Self.examples.count == 21)
        #expect(matching == Self.matchingExamples)
        if Corpus.reportRequested {
            print("examples: \(matching.count)/\(Self.examples.count) equal their expected output")
            for e in Self.examples where !matching.contains(e.name) { print("  differs (gen_diff/typed/cache): \(e.name)") }
        }
    }
}
