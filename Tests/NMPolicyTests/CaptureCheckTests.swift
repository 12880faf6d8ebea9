import Testing
import NMPolicy
import SourceModel
import SourceModelYAML

@Suite("Capture check")
struct CaptureCheckTests {
    private func check(_ yaml: String) throws -> [Diagnostic] {
        let nncp = try YAMLLoader().loadSingle(yaml)
        let spec = DocumentPath("spec")
        return CaptureCheck.check(capture: nncp["spec"]?["capture"], desiredState: nncp["spec"]?["desiredState"],
                                  capturePath: spec.appending("capture"), desiredPath: spec.appending("desiredState"))
    }

    @Test func cleanPolicyHasNoFindings() throws {
        let findings = try check("""
            spec:
              capture:
                ethernets: interfaces.type=="ethernet"
                ethernets-up: capture.ethernets | interfaces.state=="up"
                ethernets-lldp: capture.ethernets-up | interfaces.lldp.enabled:=true
              desiredState:
                interfaces: "{{ capture.ethernets-lldp.interfaces }}"
            """)
        #expect(findings.isEmpty, "\(findings)")
    }

    @Test func syntaxErrorPointsAtTheCapture() throws {
        let findings = try check("""
            spec:
              capture:
                cap0: 'capture.abc |'
            """)
        let d = try #require(findings.first)
        #expect(findings.count == 1)
        #expect(d.rule == "capture.syntax")
        #expect(d.path.description == "spec.capture.cap0")
        #expect(d.location == SourceLocation(line: 3, column: 11))
        #expect(d.message.contains("Invalid pipe action: no property path defined\n| capture.abc |\n| ............^"))
    }

    @Test func nonStringExpression() throws {
        let findings = try check("spec:\n  capture:\n    n: 5\n")
        #expect(findings.map(\.rule) == ["capture.syntax"])
        #expect(findings.first?.message.contains("Expecting a string, but got 5") == true)
    }

    @Test func undefinedCaptureInExpressionAndTemplate() throws {
        let findings = try check("""
            spec:
              capture:
                base: interfaces.name==capture.gw.routes.running.0.next-hop-interface
              desiredState:
                interfaces:
                - name: "{{ capture.void.interfaces.0.name }}"
            """)
        #expect(findings.map(\.rule) == ["capture.undefined-reference", "capture.undefined-reference"])
        #expect(findings[0].path.description == "spec.capture.base")
        #expect(findings[0].message.contains("Failed to sort the policy capture in 10 round"))
        #expect(findings[1].path.description == "spec.desiredState.interfaces[0].name")
        #expect(findings[1].message.contains("Failed to find capture void\n| {{ capture.void.interfaces.0.name }}\n| ...........^"))
    }

    @Test func templateSyntax() throws {
        let findings = try check("""
            spec:
              capture:
                a: interfaces.name=="eth1"
              desiredState:
                interfaces:
                - name: "{{ capture.a.interfaces.0.name"
                  description: "my {note}"
            """)
        #expect(findings.map(\.rule) == ["capture.template-syntax", "capture.template-syntax"])
        #expect(findings[0].message.contains("No reference end }} found"))
        #expect(findings[1].path.description == "spec.desiredState.interfaces[0].description")
    }

    @Test func singleBracesAreLeftAloneWithoutCaptures() throws {
        let findings = try check("""
            spec:
              desiredState:
                interfaces:
                - name: eth1
                  description: "my {note}"
            """)
        #expect(findings.isEmpty)
    }

    @Test func cycles() throws {
        let findings = try check("""
            spec:
              capture:
                a: capture.b | interfaces.name=="eth1"
                b: capture.a | interfaces.name=="eth1"
                c: capture.c | interfaces.name=="eth1"
                d: capture.a | interfaces.name=="eth1"
            """)
        #expect(findings.map(\.rule) == ["capture.cycle", "capture.cycle", "capture.cycle", "capture.cycle"])
        #expect(findings[0].message.contains("a → b → a"))
        #expect(findings[2].message.contains("depends on itself"))
        #expect(findings[3].message.contains("depends on a cycle"))
    }

    @Test func tooDeepChain() throws {
        var lines = ["spec:", "  capture:"]
        for i in stride(from: 10, through: 1, by: -1) {
            lines.append("    c\(i): routes.running.destination==capture.c\(i - 1).routes.running.0.destination")
        }
        lines.append("    c0: routes.running.destination==\"0.0.0.0/0\"")
        let findings = try check(lines.joined(separator: "\n"))
        #expect(findings.map(\.rule) == ["capture.cycle"])
        #expect(findings.first?.path.description == "spec.capture.c10")
    }

    @Test func operandResolvedTooLate() throws {
        // nmstate orders x after its piped capture a only. With b written
        // first, b still runs first; written after x, b runs too late.
        let ok = try check("""
            spec:
              capture:
                a: interfaces.type=="ethernet"
                b: capture.a | interfaces.state=="up"
                x: capture.a | interfaces.name==capture.b.interfaces.0.name
            """)
        #expect(ok.isEmpty, "\(ok)")
        let late = try check("""
            spec:
              capture:
                a: interfaces.type=="ethernet"
                x: capture.a | interfaces.name==capture.b.interfaces.0.name
                b: capture.a | interfaces.state=="up"
            """)
        #expect(late.map(\.rule) == ["capture.cycle"])
        #expect(late.first?.message.contains("Capture b not found") == true)
    }

    @Test func templateReadsPropertyTheCaptureCannotHave() throws {
        let findings = try check("""
            spec:
              capture:
                void: interfaces.name=="eth1"
                gw: routes.running.destination=="0.0.0.0/0"
              desiredState:
                interfaces:
                - name: "{{ capture.void.interface.0.name }}"
                routes:
                  config: "{{ capture.gw.routes.config }}"
            """)
        #expect(findings.map(\.rule) == ["capture.undefined-reference", "capture.undefined-reference"])
        #expect(findings[0].message.contains("Failed to find leaf interface data, allowed keys are interfaces\n| {{ capture.void.interface.0.name }}\n| ................^"))
        #expect(findings[1].message.contains("Failed to find property config, exists properties are running"))
    }
}

@Suite("Capture check: nmstate run-time rules")
struct CaptureCheckKeywordTests {
    @Test func unsupportedKeywordIsReportedStatically() throws {
        let nncp = try YAMLLoader().loadSingle("""
            spec:
              capture:
                dns: dns-resolver.running.server == "8.8.8.8"
            """)
        let findings = CaptureCheck.check(capture: nncp["spec"]?["capture"], desiredState: nil,
                                          capturePath: ["spec", "capture"], desiredPath: ["spec", "desiredState"])
        #expect(findings.map(\.rule) == ["capture.syntax"])
        #expect(findings.first?.message == "Invalid capture 'dns': Unsupported capture keyword 'dns-resolver'")
    }

    @Test func filledTemplatesKeepTheTemplateLocation() throws {
        let desired = try YAMLLoader().loadSingle("interfaces:\n- name: \"{{ capture.a.interfaces.0.name }}\"\n")
        let current = try YAMLLoader().loadSingle("interfaces:\n- name: eth1\n  type: ethernet\n")
        let out = try PolicyResolver().resolve(captures: [("a", "interfaces.type == \"ethernet\"")], desired: desired, current: current)
        #expect(out["interfaces"]?[0]?["name"]?.string == "eth1")
        #expect(out["interfaces"]?[0]?["name"]?.location == SourceLocation(line: 2, column: 9))
    }
}
