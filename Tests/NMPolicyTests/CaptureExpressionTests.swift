import Testing
import NMPolicy

@Suite("Capture expressions")
struct CaptureExpressionTests {
    @Test func filterOnCurrentState() throws {
        let e = try CaptureExpression.parse(#"  interfaces.description == "primary"  "#)
        #expect(e.text == #"interfaces.description == "primary""#)
        #expect(e.source == nil)
        #expect(e.operation == .filter(key: PropertyPath(["interfaces", "description"], position: 0),
                                       value: CaptureOperand(.string("primary"), position: 27)))
        #expect(e.referencedCaptures.isEmpty)
    }

    @Test func pipedReplace() throws {
        let e = try CaptureExpression.parse("capture.ethernets-up | interfaces.lldp.enabled:=true")
        #expect(e.source == .init(capture: "ethernets-up", position: 0, isPipe: true))
        guard case .replace(let key, let value) = e.operation else { Issue.record("not a replace"); return }
        #expect(key.names == ["interfaces", "lldp", "enabled"])
        #expect(value.kind == .word("true"))
        #expect(e.referencedCaptures == ["ethernets-up"])
        #expect(e.orderingDependency == "ethernets-up")
    }

    @Test func captureOnTheKeySide() throws {
        let e = try CaptureExpression.parse(#"capture.ethernets.interfaces.state=="up""#)
        #expect(e.source == .init(capture: "ethernets", position: 8, isPipe: false))
        // nmstate's position for the rest of the path is the dot after the name.
        #expect(e.keyPath == PropertyPath(["interfaces", "state"], position: 17))
    }

    @Test func captureOnTheValueSide() throws {
        let e = try CaptureExpression.parse("interfaces.name==capture.default-gw.routes.running.0.next-hop-interface")
        #expect(e.source == nil)
        #expect(e.operand?.kind == .capturePath(capture: "default-gw", path: PropertyPath(["routes", "running", "0", "next-hop-interface"], position: 36)))
        #expect(e.referencedCaptures == ["default-gw"])
        #expect(e.orderingDependency == "default-gw")
    }

    @Test func pipeWinsOverOperandForOrdering() throws {
        let e = try CaptureExpression.parse("capture.a | interfaces.name == capture.b.interfaces.0.name")
        #expect(e.referencedCaptures == ["a", "b"])
        #expect(e.orderingDependency == "a")
    }

    @Test func retainAndWholeState() throws {
        #expect(try CaptureExpression.parse("dns-resolver.running").operation == .retain(PropertyPath(["dns-resolver", "running"])))
        #expect(try CaptureExpression.parse("override me with the cache").operation == .wholeState)
        #expect(try CaptureExpression.parse("capture.x | interfaces.name").operation == .retain(PropertyPath(["interfaces", "name"], position: 12)))
    }

    @Test func nullAndStatePathOperands() throws {
        #expect(try CaptureExpression.parse("capture.a | interfaces.ethernet := null").operand?.kind == .null)
        #expect(try CaptureExpression.parse("interfaces.name == routes.running.0.next-hop-interface").operand?.kind
            == .statePath(PropertyPath(["routes", "running", "0", "next-hop-interface"], position: 19)))
    }

    @Test func foldedYAMLAndNonBreakingSpaces() throws {
        let e = try CaptureExpression.parse("routes.running.destination==\u{A0}capture.cap0.routes.running.0.destination\n")
        #expect(e.referencedCaptures == ["cap0"])
    }

    /// Cases from nmstate's `unit_tests/policy/error.rs` that fail while
    /// building the command.
    @Test(arguments: [
        ("kapture.abc | interface.name == \"eth1\"", "The pipe action should always in format of 'capture.<capture_name>'", 0),
        ("capture.abc.abd | interface.name == \"eth1\"", "The pipe action should always in format of 'capture.<capture_name>'", 0),
        ("interfaces | interface.name == \"eth1\"", "The pipe action should always in format of 'capture.<capture_name>'", 0),
        ("interface.name ==", "The equal action got no value defined afterwards", 15),
        ("interface.name == \"eth1\" interface.name", "The equal or replace action should end with single value or property path", 19),
        ("capture.abc == \"eth1\"", "No property path after capture name", 0),
        ("capture == \"eth1\"", "The equal or replace action should always start with property path", 0),
        ("interface.name :=", "The equal or replace action should end with single value or property path", 15),
        ("interface.name := \"eth1\" interface.name", "The equal or replace action should end with single value or property path", 19),
        ("capture.abc := \"eth1\"", "No property path after capture name", 0),
        ("capture := \"eth1\"", "The equal or replace action should always start with property path", 0),
        ("capture.abc | interface.name==-\"eth1\"", "The equal or replace action should end with single value or property path", 30),
    ])
    func nmstateParseErrors(_ expression: String, _ message: String, _ position: Int) {
        #expect(throws: PolicyError(message, line: expression, position: position)) {
            try CaptureExpression.parse(expression, dialect: .v2_2_38)
        }
    }

    @Test func keywordRulesUseNmstateWords() throws {
        #expect(try CaptureExpression.parse("interface.name == \"eth1\"").keywordError
            == PolicyError(kind: .invalidArgument, "Unsupported capture keyword 'interface'", line: "interface.name == \"eth1\"", position: 0))
        #expect(try CaptureExpression.parse("routes.running.0.destination == \"x\"").keywordError
            == PolicyError("No route search pattern found", line: "routes.running.0.destination == \"x\"", position: 7))
        #expect(try CaptureExpression.parse("routes.all.table-id := 5").keywordError
            == PolicyError("Only support 'running' or 'config' keyword for replacing routes", line: "routes.all.table-id := 5", position: 7))
        #expect(try CaptureExpression.parse("route-rules.running.priority == 5").keywordError
            == PolicyError("Only support 'config' keyword for searching route rules", line: "route-rules.running.priority == 5", position: 12))
        #expect(try CaptureExpression.parse("interfaces.name == \"eth1\"").keywordError == nil)
    }

    @Test(arguments: [
        ("routesdestination", 0),
        ("interfaces.name=='eth1'", 17),
        ("\"bar1\" 'foo dar", 7),
        (".", 0),
        ("routes.", 6),
        ("routes..destination", 7),
        ("755 33 44 -.3", 10),
        ("foo 1foo", 4),
        ("routes.running.next-hop-interface==capture", 35),
        ("routes.running.destination==0.0.0.0/0", 28),
        ("interfaces.name \"eth1\"", 17),
        ("capture.x.interfaces", 0),
        ("capture.a foo | interfaces.name", 10),
        ("capture.a | capture.b.interfaces.name == \"x\"", 12),
        ("ovs.bridges", 0),
        ("", 0),
        ("null", 0),
    ])
    func guardRules(_ expression: String, _ position: Int) {
        do throws(PolicyError) {
            let e = try CaptureExpression.parse(expression)
            Issue.record("accepted \(expression): \(e.operation)")
        } catch {
            #expect(error.origin == .guardRule, "\(expression): \(error)")
            #expect(error.position == position, "\(expression): \(error)")
        }
    }

    @Test func descriptionRendersNmstateSnippet() {
        let error = PolicyError("Invalid pipe action: no property path defined", line: "capture.abc |", position: 12)
        #expect(error.description == "Invalid pipe action: no property path defined\n| capture.abc |\n| ............^")
        #expect(error.nmstateDisplay.hasPrefix("PolicyError: Invalid pipe action"))
        #expect(PolicyError(kind: .invalidArgument, "x").description == "x")
    }
}
