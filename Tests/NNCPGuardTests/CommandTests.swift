import Admission
import ArgumentParser
import CertRotation
import Foundation
import ManifestLint
import RuleCatalog
import SourceModel
import Testing
import WebhookCLI
@testable import nncp_guard

/// A scratch directory, removed when the test ends.
final class ScratchDirectory {
    let path: String
    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("nncp-guard-cli-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let file = path + "/" + name
        try FileManager.default.createDirectory(atPath: URL(fileURLWithPath: file).deletingLastPathComponent().path, withIntermediateDirectories: true)
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }
}

@Suite("Subcommands")
struct CommandTests {
    @Test func versionAndDashDashVersionNameTheCommit() throws {
        #expect(NNCPGuard.configuration.version == BuildInfo.versionLine)
        #expect(try NNCPGuard.parseAsRoot(["version"]) is VersionCommand)
        // Tests run from a clone, so the plugin found the commit in git.
        let commit = try #require(BuildInfo.commit)
        #expect(commit.wholeMatch(of: try Regex("[0-9a-f]{7,40}(-dirty)?")) != nil, "\(commit)")
        #expect(BuildInfo.versionLine == "\(BuildInfo.version) (commit \(commit))")
    }

    @Test func completionScriptsCoverTheSubcommandsAndRuleIDs() {
        let bash = NNCPGuard.completionScript(for: .bash)
        for word in ["lint", "rules", "version", "--rule-action", "--exclude", "schema.unknown-field="] {
            #expect(bash.contains(word), "\(word)")
        }
    }

    @Test func rulesListsExplainsAndRefusesUnknownIDs() throws {
        let list = RulesCommand.render(patterns: [], as: .text)
        #expect(list.contains("nmstate.bond.mode-required"))
        let bond = RulesCommand.render(patterns: ["nmstate.bond.*"], as: .text)
        #expect(bond.components(separatedBy: "default action:").count - 1 == 7)
        let json = try JSONReader().parse(RulesCommand.render(patterns: [], as: .json))
        #expect(json["rules"]?.sequence?.count == RuleRegistry.all.count)
        #expect(RulesCommand.render(patterns: [], as: .markdown) == RuleMarkdown.document(RuleRegistry.all))
        do {
            _ = try NNCPGuard.parseAsRoot(["rules", "schema.unknow-field"])
            Issue.record("no error")
        } catch {
            let message = NNCPGuard.fullMessage(for: error)
            #expect(message.contains(#"(did you mean "schema.unknown-field"?)"#), "\(message)")
            #expect(message.contains("Usage: nncp-guard rules"), "\(message)")
        }
    }

    @Test func lintTakesTheWebhooksRuleActions() async throws {
        let dir = try ScratchDirectory()
        let file = try dir.write("bond.yaml", "interfaces: [{name: bond0, type: bond, state: up, link-aggregation: {mode: 802.3ad, optionz: {}}}]\n")
        let strict = try LintSettings(LintCommand.parse([file]))
        let plain = await Linter(options: strict.options).run([file], standardInput: .bytes([]))
        #expect(plain.exitStatus(failOn: .error) == 1)
        let config = try dir.write("config.yaml", "rules:\n  schema.*: warn\n")
        let softened = try LintSettings(LintCommand.parse(["--config", config, file]))
        let report = await Linter(options: softened.options).run([file], standardInput: .bytes([]))
        #expect(report.files[0].allFindings.map(\.severity) == [.warning])
        #expect(report.exitStatus(failOn: .error) == 0)
        let audited = try LintSettings(LintCommand.parse(["--config", config, "--rule-action", "schema.unknown-field=audit", file]))
        let notes = await Linter(options: audited.options).run([file], standardInput: .bytes([]))
        #expect(notes.files[0].allFindings.map(\.severity) == [.info])
        #expect(notes.exitStatus(failOn: .warning) == 0)
    }

    @Test func lintRefusesAConfigWithAnUnknownRuleID() throws {
        let dir = try ScratchDirectory()
        let config = try dir.write("config.yaml", "rules:\n  schema.unknown-feild: warn\n")
        do {
            _ = try LintSettings(LintCommand.parse(["--config", config, "x.yaml"]))
            Issue.record("no error")
        } catch let error as CommandError {
            #expect(error.code == .usage)
            #expect(error.message == #"\#(config):2:3: unknown rule id "schema.unknown-feild" (did you mean "schema.unknown-field"?); `nncp-guard rules` lists every id"#)
        }
        do {
            _ = try LintSettings(LintCommand.parse(["--rule-action", "conflict.*=warn", "--rule-action", "confict.*=warn", "x.yaml"]))
            Issue.record("no error")
        } catch let error as CommandError {
            #expect(error.code == .usage)
            #expect(error.message == #"command line: --rule-action "confict.*=warn": pattern "confict.*" matches no rule (did you mean "conflict.*"?); `nncp-guard rules` lists every id"#)
        }
    }

    @Test func lintExcludesGlobs() async throws {
        let dir = try ScratchDirectory()
        try dir.write("network/bond.yaml", "interfaces: [{name: eth1, type: ethernet, state: up}]\n")
        try dir.write("generated/broken.yaml", "interfaces: [\n")
        let settings = try LintSettings(LintCommand.parse(["--exclude", "generated", dir.path]))
        let report = await Linter(options: settings.options).run([dir.path], standardInput: .bytes([]))
        #expect(report.files.map { URL(fileURLWithPath: $0.path).lastPathComponent } == ["bond.yaml"])
    }

    @Test func slimAndServeRefuseUnknownRuleIDsAtStart() throws {
        let options = try ServeRuleOptions.parse(["--rule-action", "shema.*=warn"])
        #expect(throws: ValidationError.self) { try options.validate(configFormat: .json) }
        do {
            try options.validate(configFormat: .json)
        } catch let error as ValidationError {
            #expect(error.message.contains(#"pattern "shema.*" matches no rule (did you mean "schema.*"?)"#), "\(error.message)")
        }
        let dir = try ScratchDirectory()
        let config = try dir.write("config.json", #"{"rules": {"nmstate.bond.mode-requird": "warn"}}"#)
        let fromFile = try ServeRuleOptions.parse(["--config", config])
        do {
            try fromFile.validate(configFormat: .json)
            Issue.record("no error")
        } catch let error as ValidationError {
            #expect(error.message.hasPrefix("\(config):1:12: unknown rule id"), "\(error.message)")
        }
        try ServeRuleOptions.parse(["--rule-action", "policy.in-progress=audit", "--rule-action", "*=warn"]).validate(configFormat: .json)
    }
}

@Suite("certs inspect messages")
struct CertsMessageTests {
    @Test func aMissingFileSaysSoWithoutFoundationInternals() {
        do {
            _ = try CertsCommand.Inspect.readText("/nonexistent/nope.crt")
            Issue.record("no error")
        } catch {
            #expect(CertsCommand.Inspect.describe(error) == "cannot read: No such file or directory")
        }
    }

    @Test func aNameMismatchListsTheCertificatesNames() async throws {
        let dir = try ScratchDirectory()
        let generate = try CertsCommand.Generate.parse(["--out-dir", dir.path, "--ip", "10.0.0.1"])
        try await generate.run()
        let chain = try PEM.certificates(try CertsCommand.Inspect.readText(dir.path + "/tls.crt"))
        let roots = try PEM.certificates(try CertsCommand.Inspect.readText(dir.path + "/ca.crt"))
        for name in ["10.0.0.5", "other.example.com"] {
            let result = await CertsCommand.Inspect.verify(chain: chain, roots: roots, serverName: name)
            #expect(!result.verified)
            #expect(result.detail.hasPrefix("the chain is trusted, but the certificate is not valid for \(name): it is valid for DNS:nncp-guard, "), "\(result.detail)")
            #expect(result.detail.contains("IP:10.0.0.1"))
            #expect(!result.detail.contains("DNSName(") && !result.detail.contains("IPAddress("), "\(result.detail)")
        }
        let good = await CertsCommand.Inspect.verify(chain: chain, roots: roots, serverName: "nncp-guard.nncp-guard.svc")
        #expect(good.verified, "\(good.detail)")
    }
}
