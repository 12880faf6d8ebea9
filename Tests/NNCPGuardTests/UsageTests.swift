import ArgumentParser
import Testing
@testable import nncp_guard

/// Usage errors name the command that failed and suggest the option or
/// rule id that was meant.
@Suite("Usage errors")
struct UsageTests {
    @Test func anUnknownSchemaProfileShowsTheSchemaUsage() {
        do {
            _ = try NNCPGuard.parseAsRoot(["schema", "--profile", "9.9"])
            Issue.record("no error")
        } catch {
            let message = NNCPGuard.fullMessage(for: error)
            #expect(message.contains("unknown profile '9.9'; expected one of: latest, 2.2.38"), "\(message)")
            #expect(message.contains("Usage: nncp-guard schema"), "\(message)")
            #expect(NNCPGuard.exitCode(for: error) == .validationFailure)
        }
    }

    @Test func aUsageErrorFoundWhileRunningShowsThatCommandsUsage() {
        let serve = NNCPGuard.runtimeUsageMessage(ValidationError("--tls-cert-file and --tls-key-file are required"), for: ServeCommand.self)
        #expect(serve.hasPrefix("Error: --tls-cert-file and --tls-key-file are required\nUsage: nncp-guard serve "), "\(serve)")
        #expect(serve.hasSuffix("See 'nncp-guard serve --help' for more information."), "\(serve)")
        let inspect = NNCPGuard.runtimeUsageMessage(ValidationError("x"), for: CertsCommand.Inspect.self)
        #expect(inspect.contains("See 'nncp-guard certs inspect --help'"), "\(inspect)")
    }

    @Test("a misspelt lint option gets a suggestion", arguments: [
        ("--assume-stat", "unknown option '--assume-stat'; did you mean '--assume-state'?"),
        ("--rule-actoin=x=warn", "unknown option '--rule-actoin'; did you mean '--rule-action'?"),
        ("--exlude", "unknown option '--exlude'; did you mean '--exclude'?"),
        ("--confg", "unknown option '--confg'; did you mean '--config'?"),
    ])
    func lintSuggestions(option: String, message: String) {
        #expect(LintOptionNames.unknownOptionMessage(option) == message)
    }

    @Test func everyLintOptionIsOneTheSuggestionsKnow() throws {
        let help = LintCommand.helpMessage(columns: 300)
        let names = Set(help.matches(of: try Regex("--[a-z][a-z-]*")).map { String(help[$0.range]) })
        #expect(names.contains("--rule-action") && names.contains("--assume-state"))
        for name in names { #expect(LintOptionNames.all.contains(name), "\(name) is missing from LintOptionNames.all") }
    }

    @Test func anUnknownRuleIDInServeFlagsIsAUsageErrorWithASuggestion() {
        do {
            _ = try NNCPGuard.parseAsRoot(["serve", "--dev", "--rule-action", "nmstate.bond.mode-requird=warn"])
            Issue.record("no error")
        } catch {
            let message = NNCPGuard.fullMessage(for: error)
            #expect(message.contains(#"--rule-action "nmstate.bond.mode-requird=warn": unknown rule id "nmstate.bond.mode-requird" (did you mean "nmstate.bond.mode-required"?)"#), "\(message)")
            #expect(message.contains("Usage: nncp-guard serve"), "\(message)")
            #expect(NNCPGuard.exitCode(for: error) == .validationFailure)
        }
    }
}
