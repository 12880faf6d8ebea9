import Testing
@testable import NMPolicy

@Suite("Capture lexer")
struct CaptureLexerTests {
    /// nmstate 2.2.38's lexer, which these cases come from.
    private func tokens(_ text: String) throws -> [CaptureToken] {
        try CaptureLexer(line: text, dialect: .v2_2_38).tokenize()
    }

    @Test func splitsPathsOperatorsAndValues() throws {
        #expect(try tokens(#"capture.base-iface-routes | routes.running.next-hop-interface:="br1""#) == [
            .path(["capture", "base-iface-routes"], 0),
            .pipe(26),
            .path(["routes", "running", "next-hop-interface"], 28),
            .replace(61),
            .value("br1", quoted: true, 64),
        ])
        #expect(try tokens("interfaces.lldp.enabled==true") == [
            .path(["interfaces", "lldp", "enabled"], 0), .equal(23), .value("true", quoted: false, 25),
        ])
    }

    @Test func nullIsCaseInsensitiveAndEmptyStringsVanish() throws {
        #expect(try tokens("interfaces.ethernet := NULL") == [.path(["interfaces", "ethernet"], 0), .replace(20), .null(23)])
        #expect(try tokens(#"interfaces.description == """#) == [.path(["interfaces", "description"], 0), .equal(23)])
    }

    @Test func wordsEndAtOperatorCharacters() throws {
        #expect(try tokens("a.b==-\"x\"") == [.path(["a", "b"], 0), .equal(3), .value("-", quoted: false, 5), .value("x", quoted: true, 7)])
    }

    /// Cases from nmstate's `unit_tests/policy/error.rs` that fail in the lexer.
    @Test(arguments: [
        (#"routes.running.next-hop-interface=!"br1""#, "Invalid equal action string after =, expecting another '='", 34),
        ("routes.running.next-hop-interface=", "Invalid equal action string after =, expecting another '=', but got nothing", 33),
        (#"routes.running.next-hop-interface::"br1""#, "Invalid replace action string after =, expecting another '='", 34),
        ("routes.running.next-hop-interface:", "Invalid replace action string after =, expecting another '=', but got nothing", 33),
        (#"routes.running.next-hop-interface=="br1"""#, "No ending double quote", 40),
        (#"capture.abc | capture.abc | interface.name="eth1""#, "Nmpolicy does not allows two pipe action", 26),
        (#"capture.abc | capture.abc := interface.name := "eth1""#, "Nmpolicy does not allows two replace action", 44),
        (#"capture.abc | capture.abc == interface.name == "eth1""#, "Nmpolicy does not allows two equal action", 44),
        ("capture.abc |", "Invalid pipe action: no property path defined", 12),
        (#"capture.abc | "eth1""#, "Invalid pipe action: only property path allowed after pipe", 15),
    ])
    func nmstateLexerErrors(_ expression: String, _ message: String, _ position: Int) {
        #expect(throws: PolicyError(message, line: expression, position: position)) {
            try CaptureLexer(line: expression, dialect: .v2_2_38).tokenize()
        }
    }

    @Test func inequalityIsReportedAsGoOnly() {
        do throws(PolicyError) {
            _ = try CaptureLexer(line: "routes.running.destination!=\"x\"").tokenize()
            Issue.record("expected an error")
        } catch {
            #expect(error.origin == .guardRule)
            #expect(error.position == 26)
            #expect(error.message.contains("'!='"))
        }
    }
}
