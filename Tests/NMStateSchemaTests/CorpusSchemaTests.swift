import Foundation
import NMStateSchema
import SourceModel
import SourceModelYAML
import Testing

/// The shared corpus of upstream documents with nmstate 2.2.38's verdicts.
///
/// Found relative to this file so the tests run from any checkout that
/// sits next to `shared/`; without it the tests that need it are reported
/// as skipped (``required`` is their trait).
struct Corpus {
    let root: URL

    static let shared: Corpus? = {
        let url = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()
            .appendingPathComponent("../../../shared/corpus")
            .standardizedFileURL
        return FileManager.default.fileExists(atPath: url.appendingPathComponent("valid/MANIFEST.tsv").path) ? Corpus(root: url) : nil
    }()

    /// Skips a test or suite when the corpus is not there.
    static let required = ConditionTrait.enabled(if: shared != nil, "../shared/corpus not found")

    /// Rows of a MANIFEST.tsv as column name → value.
    func manifest(_ folder: String) -> [[String: String]] {
        guard let text = try? String(contentsOf: root.appendingPathComponent("\(folder)/MANIFEST.tsv"), encoding: .utf8) else { return [] }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true).map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        guard let header = lines.first else { return [] }
        return lines.dropFirst().map { row in
            var dict: [String: String] = [:]
            for (i, name) in header.enumerated() where i < row.count { dict[name] = row[i] }
            return dict
        }
    }

    func documents(_ relative: String) -> [Value] {
        guard let text = try? String(contentsOf: root.appendingPathComponent(relative), encoding: .utf8) else { return [] }
        return YAMLLoader().loadStream(text).documents
    }
}

/// A state to check and where it came from.
struct CorpusState {
    var file: String
    var kind: String
    var state: Value
    var base: DocumentPath
    var templates: Bool
}

enum CorpusStates {
    /// Every state in `valid/`: plain states as they are, an NNCP's
    /// `spec.desiredState` per document. Policy documents need a resolver.
    static func valid(_ corpus: Corpus) -> [CorpusState] {
        var out: [CorpusState] = []
        for row in corpus.manifest("valid") {
            guard let file = row["file"], let kind = row["kind"] else { continue }
            if kind.hasSuffix("-policy") { continue }
            for doc in corpus.documents("valid/\(file)") {
                if kind == "nncp" {
                    guard let state = doc.at("spec", "desiredState") else { continue }
                    out.append(CorpusState(file: file, kind: kind, state: state, base: DocumentPath("spec", "desiredState"), templates: doc.at("spec", "capture") != nil))
                } else {
                    out.append(CorpusState(file: file, kind: kind, state: doc, base: .root, templates: false))
                }
            }
        }
        return out
    }

    static func schemaErrors(_ item: CorpusState, profile: Profile) -> [Diagnostic] {
        let validator = DesiredStateValidator(options: ValidationOptions(profile: profile, allowTemplates: item.templates))
        return validator.validate(item.state, at: item.base).diagnostics.filter { $0.rule.hasPrefix("schema.") && $0.severity == .error }
    }
}

@Suite(Corpus.required) struct CorpusSchemaTests {
    static let forwardingNNCP = "kubernetes-nmstate__docs__examples__per-interface-ipv4-forwarding.yaml"

    @Test func corpusIsLoadedWhenPresent() throws {
        let corpus = try #require(Corpus.shared)
        let states = CorpusStates.valid(corpus)
        // 190 state files, plus the second document of one NNCP.
        #expect(states.count > 180)
    }

    @Test func validStatesHaveNoSchemaErrorsUnderLatest() throws {
        let corpus = try #require(Corpus.shared)
        for item in CorpusStates.valid(corpus) {
            let errors = CorpusStates.schemaErrors(item, profile: .latest)
            #expect(errors.isEmpty, "\(item.file): \(errors.map(\.description))")
        }
    }

    @Test func validStatesUnder2_2_38ExceptForwarding() throws {
        let corpus = try #require(Corpus.shared)
        for item in CorpusStates.valid(corpus) {
            let errors = CorpusStates.schemaErrors(item, profile: .v2_2_38)
            if item.file == Self.forwardingNNCP {
                #expect(errors.count == 1)
                let message = errors.first?.message ?? ""
                #expect(message.hasPrefix("unknown field `forwarding`, expected one of `enabled`, `dhcp`, `autoconf`, `dhcp-client-id`, `dhcp-duid`, `address`, `auto-dns`, `auto-gateway`, `auto-routes`, `auto-route-table-id`, `auto-route-metric`, `addr-gen-mode`, `allow-extra-address`, `token`, `dhcp-send-hostname`, `dhcp-custom-hostname`"), "\(message)")
                #expect(errors.first?.path.description == "spec.desiredState.interfaces[0].ipv4.forwarding")
            } else {
                #expect(errors.isEmpty, "\(item.file): \(errors.map(\.description))")
            }
        }
    }

    /// The four `invalid/` cases nmstate rejects while deserialising.
    static let parseErrors: [(file: String, path: String, message: String)] = [
        ("nmstate__unit_tests__ifaces__test_ifaces_deny_unknonw_attribute.yml", "interfaces[0].foo", "unknown field `foo`"),
        ("nmstate__unit_tests__ipsec__test_invalid_ipsec_interface_value.yml", "interfaces[0].libreswan.ipsec-interface", "Invalid ipsec-interface value, should be unsigned integer, string 'yes' or 'no'"),
        ("nmstate__unit_tests__net_state__test_invalid_top_key.yml", "invalid_key", "unknown field `invalid_key`, expected one of `description`, `hostname`, `dns-resolver`, `route-rules`, `routes`, `interfaces`, `ovs-db`, `ovn`"),
        ("nmstate__unit_tests__route__test_route_cwnd_invalid_type.yml", "routes.config[0].cwnd", "invalid value: integer `-20`, expected u32"),
    ]

    @Test(arguments: Profile.allCases)
    func parseErrorCasesAreRejected(profile: Profile) throws {
        let corpus = try #require(Corpus.shared)
        let verdicts = Dictionary(corpus.manifest("invalid").compactMap { row in row["file"].map { ($0, row["expected_error(nmstate 2.2.38)"] ?? "") } }, uniquingKeysWith: { a, _ in a })
        for case_ in Self.parseErrors {
            // The manifest agrees that this is a parse error with this core message.
            let verdict = verdicts[case_.file] ?? ""
            #expect(verdict.hasPrefix("PARSE_ERR") && verdict.contains(case_.message), "\(case_.file): \(verdict)")
            guard let state = corpus.documents("invalid/\(case_.file)").first else {
                Issue.record("cannot read \(case_.file)")
                continue
            }
            let errors = DesiredStateValidator(options: ValidationOptions(profile: profile)).validate(state).diagnostics
                .filter { $0.rule.hasPrefix("schema.") && $0.severity == .error }
            #expect(errors.count == 1, "\(case_.file): \(errors.map(\.description))")
            #expect(errors.first?.path.description == case_.path, "\(case_.file)")
            #expect(errors.first?.message.hasPrefix(case_.message) == true, "\(case_.file): \(errors.first?.message ?? "-")")
        }
    }

    /// Every other `invalid/` case is a semantic or policy error: the schema
    /// alone must not reject it (policy folders need a resolver; skipped).
    @Test func semanticCasesPassTheSchema() throws {
        let corpus = try #require(Corpus.shared)
        let parseFiles = Set(Self.parseErrors.map(\.file))
        for row in corpus.manifest("invalid") {
            guard let file = row["file"], !file.contains("/"), !parseFiles.contains(file) else { continue }
            for state in corpus.documents("invalid/\(file)") {
                let errors = DesiredStateValidator(options: ValidationOptions(profile: .v2_2_38)).validate(state).diagnostics
                    .filter { $0.rule.hasPrefix("schema.") && $0.severity == .error }
                #expect(errors.isEmpty, "\(file): \(errors.map(\.description))")
            }
        }
    }
}
