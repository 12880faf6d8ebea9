import Testing
@testable import NMPolicy
import SourceModel
import SourceModelYAML

@Suite("Policy resolver")
struct PolicyResolverTests {
    static let current = """
        routes:
          running:
          - destination: 0.0.0.0/0
            next-hop-address: 192.168.100.1
            next-hop-interface: eth1
            table-id: 254
          - destination: 1.1.1.0/24
            next-hop-address: 192.168.100.1
            next-hop-interface: eth1
            table-id: 254
        interfaces:
        - name: eth2
          type: ethernet
          state: down
          mtu: 1500
        - name: eth1
          type: ethernet
          state: up
          mtu: 9000
          mac-address: 00:00:5E:00:00:01
          lldp:
            enabled: false
          ipv4:
            enabled: true
            address:
            - ip: 10.244.0.1
              prefix-length: 24
        """

    private func yaml(_ text: String) throws -> Value { try YAMLLoader().loadSingle(text) }

    private func states(_ captures: [(name: String, expression: String)]) throws -> [String: Value] {
        var out: [String: Value] = [:]
        for entry in try PolicyResolver().captureStates(captures: captures, current: yaml(Self.current)) {
            out[entry.name] = entry.state
        }
        return out
    }

    @Test func filterKeepsMatchingEntriesOnly() throws {
        let result = try states([("up", #"interfaces.state == "up""#)])
        let ifaces = try #require(result["up"]?["interfaces"]?.sequence)
        #expect(ifaces.map { $0["name"]?.string } == ["eth1"])
        #expect(result["up"]?.members?.map(\.key) == ["interfaces"])
    }

    @Test func numbersAndBooleansCompareAsText() throws {
        let result = try states([
            ("jumbo", "interfaces.mtu == 9000"),
            ("lldp-off", "interfaces.lldp.enabled == false"),
            ("main", "routes.running.table-id == 254"),
        ])
        #expect(result["jumbo"]?["interfaces"]?[0]?["name"]?.string == "eth1")
        #expect(result["lldp-off"]?["interfaces"]?.sequence?.count == 1)
        #expect(result["main"]?["routes"]?["running"]?.sequence?.count == 2)
    }

    @Test func interfacesAreIndexedInNameOrder() throws {
        let result = try states([("all", "interfaces.type == \"ethernet\""), ("first", "interfaces.name == capture.all.interfaces.0.name")])
        #expect(result["first"]?["interfaces"]?[0]?["name"]?.string == "eth1")
    }

    @Test func replaceUpdatesEveryEntryAndKeepsTypes() throws {
        let result = try states([
            ("gw", #"routes.running.destination=="0.0.0.0/0""#),
            ("moved", #"capture.gw | routes.running.next-hop-interface:="br1""#),
            ("lldp", "capture.gw | routes.running.table-id := 100"),
            ("eth", #"interfaces.type == "ethernet""#),
            ("on", "capture.eth | interfaces.lldp.enabled := true"),
            ("bare", "capture.eth | interfaces.lldp := null"),
        ])
        #expect(result["moved"]?["routes"]?["running"]?[0]?["next-hop-interface"]?.string == "br1")
        #expect(result["lldp"]?["routes"]?["running"]?[0]?["table-id"] == .int(100))
        let on = try #require(result["on"]?["interfaces"]?.sequence)
        #expect(on.allSatisfy { $0["lldp"]?["enabled"] == .bool(true) })
        #expect(result["bare"]?["interfaces"]?.sequence?.allSatisfy { $0["lldp"] == nil } == true)
    }

    @Test func retainKeepsOnlyThePath() throws {
        let result = try states([("routes", "routes.running")])
        #expect(result["routes"]?.members?.map(\.key) == ["routes"])
        #expect(result["routes"]?["routes"]?["running"]?.sequence?.count == 2)
    }

    @Test func capturesAreReorderedByDependency() throws {
        let result = try states([
            ("bridge-routes", #"capture.base-routes | routes.running.next-hop-interface:="br1""#),
            ("base-routes", "routes.running.next-hop-interface==capture.base.interfaces.0.name"),
            ("base", "interfaces.name==capture.gw.routes.running.0.next-hop-interface"),
            ("gw", #"routes.running.destination=="0.0.0.0/0""#),
        ])
        #expect(result["bridge-routes"]?["routes"]?["running"]?.sequence?.count == 2)
    }

    private func chain(_ order: [Int]) -> [(name: String, expression: String)] {
        order.map { i in
            i == 0 ? ("c0", #"routes.running.destination=="0.0.0.0/0""#)
                   : ("c\(i)", "routes.running.destination==capture.c\(i - 1).routes.running.0.destination")
        }
    }

    @Test func orderingGivesUpAfterTenRounds() throws {
        // c10 … c0 written consumer-first: each round orders one more, c10 would need round 11.
        #expect(throws: PolicyError(kind: .invalidArgument, "Failed to sort the policy capture in 10 round of rotation, please order the capture in desire policy by placing capture before its consumer")) {
            try PolicyResolver().captureStates(captures: chain(Array((0...10).reversed())), current: yaml(Self.current))
        }
        // With c0 before c1 (as in nmstate's unsorted_capture example) ten rounds suffice.
        let states = try PolicyResolver().captureStates(captures: chain(Array((2...10).reversed()) + [0, 1]), current: yaml(Self.current))
        #expect(states.map(\.name) == (0...10).map { "c\($0)" })
    }

    @Test func selfReferenceCannotBeOrdered() throws {
        #expect(throws: PolicyError.self) {
            try PolicyResolver().captureStates(captures: [("a", "capture.a | interfaces.name == \"eth1\"")], current: yaml(Self.current))
        }
    }

    @Test func noMatchIsAnError() throws {
        #expect(throws: PolicyError("interface with 'name=eth9' not found", line: #"interfaces.name == "eth9""#, position: 11)) {
            try states([("x", #"interfaces.name == "eth9""#)])
        }
    }

    @Test func lookupErrorsCarryNmstatePositions() throws {
        let line = "routes.running.next-hop-interface==capture.gw.routes.running.6"
        #expect(throws: PolicyError("Failed to find index 6 from running", line: line, position: 62)) {
            try states([("gw", #"routes.running.destination=="0.0.0.0/0""#), ("x", line)])
        }
    }

    @Test func templatesAreFilled() throws {
        let desired = try yaml("""
            interfaces:
            - name: br1
              type: linux-bridge
              mac-address: "{{ capture.base.interfaces.0.mac-address }}"
              ipv4: "{{ capture.base.interfaces.0.ipv4 }}"
              bridge:
                port:
                - name: "{{ capture.base.interfaces.0.name }}"
            - name: "{{ capture.base.interfaces.0.name }}.100"
              type: vlan
            """)
        let out = try PolicyResolver().resolve(captures: [("base", #"interfaces.name == "eth1""#)], desired: desired, current: yaml(Self.current))
        #expect(out["interfaces"]?[0]?["mac-address"]?.string == "00:00:5E:00:00:01")
        #expect(out["interfaces"]?[0]?["ipv4"]?["address"]?[0]?["ip"]?.string == "10.244.0.1")
        #expect(out["interfaces"]?[0]?["bridge"]?["port"]?[0]?["name"]?.string == "eth1")
        #expect(out["interfaces"]?[1]?["name"]?.string == "eth1.100")
    }

    @Test func templateErrors() throws {
        let missing = try yaml(#"interfaces: [{name: "{{ capture.void.interface.0.name }}"}]"#)
        #expect(throws: PolicyError("Failed to find capture void", line: "{{ capture.void.interface.0.name }}", position: 11)) {
            try PolicyResolver().resolve(captures: [], desired: missing, current: yaml(Self.current))
        }
        #expect(throws: PolicyError("Failed to find leaf interface data, allowed keys are interfaces", line: "{{ capture.void.interface.0.name }}", position: 16)) {
            try PolicyResolver().resolve(captures: [("void", #"interfaces.name=="eth1""#)], desired: missing, current: yaml(Self.current))
        }
        let affixed = try yaml(#"interfaces: [{name: "x-{{ capture.void.interfaces.0.ipv4 }}"}]"#)
        #expect(throws: PolicyError("The resolved reference result is object or array, hence you cannot add prefix or postfix", line: "x-{{ capture.void.interfaces.0.ipv4 }}", position: 5)) {
            try PolicyResolver().resolve(captures: [("void", #"interfaces.name=="eth1""#)], desired: affixed, current: yaml(Self.current))
        }
    }

    @Test func policyDocumentKeys() throws {
        let doc = try PolicyDocument(yaml("""
            capture:
              a: interfaces.name == "eth1"
            desiredState:
              interfaces: "{{ capture.a.interfaces }}"
            """))
        #expect(doc.captures.map(\.name) == ["a"])
        let out = try doc.resolve(current: yaml(Self.current))
        #expect(out["interfaces"]?.sequence?.count == 1)
        #expect(throws: PolicyError.self) { try PolicyDocument(yaml("capture: {}\nspec: {}")) }
        #expect(throws: PolicyError.self) { try PolicyDocument(yaml("capture: {a: 1}")) }
    }
}

@Suite("Policy resolver ordering quirks")
struct PolicyResolverOrderingTests {
    @Test func operandCaptureIsNotUsedForOrderingWhenPiped() throws {
        let current = try YAMLLoader().loadSingle(PolicyResolverTests.current)
        let captures: [(name: String, expression: String)] = [
            ("a", #"interfaces.type=="ethernet""#),
            ("x", "capture.a | interfaces.name==capture.b.interfaces.0.name"),
            ("b", #"capture.a | interfaces.state=="up""#),
        ]
        #expect(throws: PolicyError("Capture b not found", line: "capture.a | interfaces.name==capture.b.interfaces.0.name", position: 0)) {
            try PolicyResolver().captureStates(captures: captures, current: current)
        }
    }

    @Test func keywordErrorsComeAfterCaptureLookups() throws {
        let current = try YAMLLoader().loadSingle(PolicyResolverTests.current)
        #expect(throws: PolicyError(kind: .invalidArgument, CaptureOrdering.failureMessage)) {
            try PolicyResolver().captureStates(captures: [("c", #"capture.void.interface.name == "eth1""#)], current: current)
        }
        #expect(throws: PolicyError(kind: .invalidArgument, "Unsupported capture keyword 'interface'", line: #"interface.name == "eth1""#, position: 0)) {
            try PolicyResolver().captureStates(captures: [("c", #"interface.name == "eth1""#)], current: current)
        }
    }
}

/// Templates found once and filled many times give what a full scan gives.
@Suite("Prepared templates")
struct PreparedTemplatesTests {
    static let desiredStates = [
        #"interfaces: [{name: br1, type: linux-bridge, ipv4: "{{ capture.base.interfaces.0.ipv4 }}", bridge: {port: [{name: "{{ capture.base.interfaces.0.name }}"}]}}]"#,
        #"interfaces: [{name: "{{ capture.base.interfaces.0.name }}.100", type: vlan, description: "{not a template}"}]"#,
        #"interfaces: [{name: "{{ capture.void.interfaces.0.name }}"}]"#,
        #"interfaces: [{name: "x-{{ capture.base.interfaces.0.ipv4 }}"}]"#,
        #"interfaces: [{name: "{{ capture.base.interfaces.0.name"}]"#,
        #"routes: {config: [{destination: 0.0.0.0/0, next-hop-address: "{{ capture.base.interfaces.0.ipv4.address.0.ip }}"}]}"#,
        "interfaces: [{name: eth1, type: ethernet, mtu: 1500}]",
    ]

    @Test(arguments: desiredStates)
    func fillMatchesAFullScan(_ text: String) throws {
        let desired = try YAMLLoader().loadSingle(text)
        let resolved = try PreparedCaptures([("base", #"interfaces.name == "eth1""#)])
            .resolve(against: PolicyResolver.nmstateOrder(try YAMLLoader().loadSingle(PolicyResolverTests.current)))
        let full = Result { () throws(PolicyError) in try TemplateFiller(captures: resolved.byName).fill(desired) }
        let prepared = Result { () throws(PolicyError) in try PreparedTemplates(desired).fill(from: resolved) }
        switch (full, prepared) {
        case (.success(let a), .success(let b)): #expect(a == b)
        case (.failure(let a), .failure(let b)): #expect(a == b)
        default: Issue.record("one failed and the other did not: \(full) vs \(prepared)")
        }
    }
}
