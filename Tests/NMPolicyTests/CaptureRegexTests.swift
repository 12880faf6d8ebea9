import Testing
@testable import NMPolicy
import SourceModel
import SourceModelYAML

/// The `=~` regex filter of current nmstate (`policy/token.rs`,
/// `policy/capture.rs`, `policy/json.rs`): `latest` reads it, the 2.2.38
/// dialect refuses it the way nmstate 2.2.38 does.
@Suite("Capture regex filter")
struct CaptureRegexTests {
    /// The current state of nmstate's `interface-driver-regex` example, plus
    /// a driver the anchored pattern must not match.
    static let current = """
        interfaces:
        - name: eth0
          type: ethernet
          state: up
          mtu: 1500
          driver: igb
        - name: eth1
          type: ethernet
          state: up
          mtu: 9000
          driver: tg3
        - name: eth2
          type: ethernet
          state: up
          mtu: 1500
          driver: virtio_net
        - name: eth3
          type: ethernet
          state: up
          mtu: 1500
          driver: xigb
        """

    private func names(_ captures: [(name: String, expression: String)], capture: String) throws -> [String] {
        let current = try YAMLLoader().loadSingle(Self.current)
        let states = try PolicyResolver().captureStates(captures: captures, current: current)
        let state = try #require(states.first { $0.name == capture }?.state)
        return (state["interfaces"]?.sequence ?? []).compactMap { $0["name"]?.string }
    }

    // MARK: Lexer and parser

    @Test func lexerReadsTheRegexAction() throws {
        #expect(try CaptureLexer(line: #"interfaces.driver=~"^igb$""#).tokenize() == [
            .path(["interfaces", "driver"], 0), .regex(17), .value("^igb$", quoted: true, 20),
        ])
        // `~` ends a word, as in nmstate.
        #expect(try CaptureLexer(line: #"interfaces.name==a~b"#).tokenize() == [
            .path(["interfaces", "name"], 0), .equal(15), .value("a", quoted: false, 17), .value("~b", quoted: false, 18),
        ])
    }

    @Test(arguments: [
        (#"interfaces.driver=~ "igb""#, "Missing double quote after regex", 17),
        ("interfaces.driver=~", "Missing double quote after regex", 17),
        (#"capture.a | interfaces.driver=~"a" =~"b""#, "Nmpolicy does not allows two regex action", 35),
        (#"interfaces.driver=!"igb""#, "Invalid equal or regex action string after =, expecting another '=' or '~'", 18),
        ("interfaces.driver=", "Invalid equal or regex action, string after =, expecting another '=' or '~', but got nothing", 17),
        (#"interfaces.driver=~"""#, "The =~ action got no value defined afterwards", 17),
        ("interfaces.name :=", "The := action got no value defined afterwards", 16),
        ("interfaces.name ==", "The == action got no value defined afterwards", 16),
    ])
    func currentNmstateMessages(_ expression: String, _ message: String, _ position: Int) {
        #expect(throws: PolicyError(message, line: expression, position: position)) {
            try CaptureExpression.parse(expression)
        }
    }

    @Test func profile2_2_38RefusesTheRegexAction() {
        let expression = #"interfaces.driver=~"^igb$""#
        #expect(throws: PolicyError("Invalid equal action string after =, expecting another '=' (the regex filter '=~' is newer than nmstate 2.2.38; not accepted by profile 2.2.38)",
                                    line: expression, position: 18)) {
            try CaptureExpression.parse(expression, dialect: .v2_2_38)
        }
    }

    @Test func parsesIntoAMatchOperation() throws {
        let e = try CaptureExpression.parse(#"capture.eths | interfaces.driver=~"^igb$|^tg.*$""#)
        guard case .match(let key, let pattern) = e.operation else {
            Issue.record("not a match: \(e.operation)")
            return
        }
        #expect(key.names == ["interfaces", "driver"])
        #expect(pattern.text == "^igb$|^tg.*$")
        #expect(pattern.position == 35)
        #expect(e.referencedCaptures == ["eths"])
        #expect(e.keywordError == nil)
        // Route keys follow the same keyword rules as `==`.
        #expect(try CaptureExpression.parse(#"routes.running.0.destination=~"x""#).keywordError?.message == "No route search pattern found")
    }

    // MARK: Bad patterns

    @Test(arguments: [
        (#"interfaces.driver=~"^igb($""#, "Failed to parse regex '^igb($': expected ')'"),
        (#"interfaces.driver=~"[z-a]""#, "Failed to parse regex '[z-a]': character 'z' must compare less than or equal to 'a'"),
        (#"interfaces.driver=~"(?=igb)""#, "Failed to parse regex '(?=igb)': look-around, including look-ahead and look-behind, is not supported"),
        (#"interfaces.driver=~"(?<!x)igb""#, "Failed to parse regex '(?<!x)igb': look-around, including look-ahead and look-behind, is not supported"),
        (#"interfaces.driver=~"(i)\1""#, #"Failed to parse regex '(i)\1': backreferences are not supported"#),
    ])
    func aBadPatternIsAnErrorAtThePattern(_ expression: String, _ message: String) {
        #expect(throws: PolicyError(message, line: expression, position: 20)) {
            try CaptureExpression.parse(expression)
        }
    }

    @Test func escapesAndClassesAreNotMistakenForUnsupportedSyntax() throws {
        for pattern in [#"[\1]"#, #"\(?=x\)"#, #"[(?=]"#, #"^eth\d+$"#, #"(?i)IGB"#, #"(?P<d>igb)"#] {
            #expect(CapturePattern.unsupportedByNmstate(pattern) == nil, "\(pattern)")
        }
        _ = try CaptureExpression.parse(#"interfaces.driver=~"(?i)IGB""#)
    }

    // MARK: Evaluation

    @Test func keepsInterfacesWhosePropertyMatches() throws {
        #expect(try names([("igb-and-tg", #"interfaces.driver=~"^igb$|^tg.*$""#)], capture: "igb-and-tg") == ["eth0", "eth1"])
        // Unanchored: a match anywhere in the text counts.
        #expect(try names([("igb", #"interfaces.driver=~"igb""#)], capture: "igb") == ["eth0", "eth3"])
        // Numbers match on their text, as `==` compares them.
        #expect(try names([("jumbo", #"interfaces.mtu=~"^9\d{3}$""#)], capture: "jumbo") == ["eth1"])
    }

    @Test func theUpstreamExampleResolves() throws {
        let captures = [
            (name: "igb-and-tg-drivers", expression: #"interfaces.driver=~"^igb$|^tg.*$""#),
            (name: "igb-and-tg-drivers-with-lldp", expression: "capture.igb-and-tg-drivers | interfaces.lldp.enabled:=true"),
        ]
        let desired = try YAMLLoader().loadSingle("interfaces: '{{ capture.igb-and-tg-drivers-with-lldp.interfaces }}'")
        let filled = try PolicyResolver().resolve(captures: captures, desired: desired, current: YAMLLoader().loadSingle(Self.current))
        let interfaces = try #require(filled["interfaces"]?.sequence)
        #expect(interfaces.compactMap { $0["name"]?.string } == ["eth0", "eth1"])
        #expect(interfaces.allSatisfy { $0["lldp"]?["enabled"]?.bool == true })
    }

    @Test func noMatchIsNmstatesNotFoundError() throws {
        let expression = #"interfaces.driver=~"^e1000$""#
        #expect(throws: PolicyError("interface with 'driver=^e1000$' not found", line: expression, position: 11)) {
            _ = try names([("none", expression)], capture: "none")
        }
    }

    @Test func preparedCapturesMatchOnManyStatesAtOnce() async throws {
        let prepared = try PreparedCaptures([(name: "igb", expression: #"interfaces.driver=~"igb$""#)])
        let current = PolicyResolver.nmstateOrder(try YAMLLoader().loadSingle(Self.current))
        let counts = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    let resolved = try? prepared.resolve(against: current)
                    return resolved?.inOrder.first?.state.materialize()["interfaces"]?.sequence?.count ?? -1
                }
            }
            return await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(counts == Array(repeating: 2, count: 8))
    }

    @Test func captureCheckReadsTheDialect() throws {
        let capture = try YAMLLoader().loadSingle(#"igb: interfaces.driver=~"^igb$""#)
        #expect(CaptureCheck.check(capture: capture, desiredState: nil, capturePath: ["capture"], desiredPath: ["desiredState"]).isEmpty)
        let pinned = CaptureCheck.check(capture: capture, desiredState: nil, capturePath: ["capture"], desiredPath: ["desiredState"], dialect: .v2_2_38)
        #expect(pinned.map(\.rule) == ["capture.syntax"])
        #expect(pinned.first?.severity == .error)
    }
}
