import Testing
import SourceModel
@testable import ManifestLint

@Suite struct ExitStatusTests {
    @Test func statusFollowsFailOn() {
        let clean = LintReport(files: [FileReport(path: "a.yaml")], profile: .latest)
        #expect(clean.exitStatus(failOn: .error) == 0)
        #expect(clean.exitStatus(failOn: .warning) == 0)
        let warning = LintReport(files: [FileReport(path: "a.yaml", documents: [
            DocumentReport(index: 0, kind: .unrecognized, location: .unknown, findings: [Finding(Diagnostic(rule: "lint.unrecognized", severity: .warning, message: "m"))]),
        ])], profile: .latest)
        #expect(warning.exitStatus(failOn: .error) == 0)
        #expect(warning.exitStatus(failOn: .warning) == 1)
        #expect(sampleReport().exitStatus(failOn: .error) == 1)
        let io = LintReport(files: [FileReport(path: "a.yaml", findings: [Finding(Diagnostic(rule: "lint.io", message: "m"))], isIOFailure: true)], profile: .latest)
        #expect(io.exitStatus(failOn: .error) == 2)
    }

    @Test func validFixturesAreClean() async throws {
        // Files whose every document nmstate accepts; warnings (rules that
        // depend on a node's state under the latest profile) do not fail.
        let report = await Fixtures.lint([Fixtures.path("valid")])
        let errors = report.allFindings.filter { $0.finding.severity == .error }
        #expect(errors.isEmpty, "\(errors.map { "\($0.file): \($0.finding)" })")
        #expect(report.exitStatus(failOn: .error) == 0)
    }

    @Test func invalidFixturesFail() async throws {
        let report = await Fixtures.lint([Fixtures.path("invalid")])
        #expect(report.exitStatus(failOn: .error) == 1)
        for file in report.files {
            #expect(file.allFindings.contains { $0.severity >= .warning }, "\(file.path) has no finding")
        }
    }

    @Test func wholeTestdataLints() async throws {
        let report = await Fixtures.lint([Fixtures.root + "/testdata"])
        let s = report.summary
        #expect(s.files >= 30)
        #expect(s.nncps > 10 && s.skipped > 2 && s.desiredStates >= 2 && s.policies >= 2)
        #expect(s.errors > 5)
        #expect(report.exitStatus(failOn: .error) == 1)
    }
}
