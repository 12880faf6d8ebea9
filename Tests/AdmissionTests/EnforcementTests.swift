import SourceModel
import Testing

@testable import Admission

@Suite("Enforcement policy and configuration")
struct EnforcementTests {
    @Test("severity decides when nothing is configured")
    func defaults() {
        let p = EnforcementPolicy()
        #expect(p.action(forRule: "schema.unknown-field", severity: .error) == .deny)
        #expect(p.action(forRule: "schema.unknown-interface-type", severity: .warning) == .warn)
        #expect(p.action(forRule: "x", severity: .info) == .audit)
        #expect(p.clusterUnavailable == .warn)
    }

    @Test("most specific entry wins; wildcards only lower")
    func specificity() throws {
        let p = try EnforcementPolicy(configYAML: """
        rules:
          schema.*: deny
          nmstate.*: warn
          nmstate.bond.*: audit
          nmstate.bond.mode-required: deny
          policy.static-address-multiple-nodes: deny
          "*": warn
        """)
        #expect(p.action(forRule: "schema.unknown-field", severity: .error) == .deny)
        // A wildcard deny does not escalate a warning-severity finding...
        #expect(p.action(forRule: "schema.unknown-interface-type", severity: .warning) == .warn)
        // ...but an exact id is taken as written.
        #expect(p.action(forRule: "policy.static-address-multiple-nodes", severity: .warning) == .deny)
        #expect(p.action(forRule: "nmstate.vlan.base-missing", severity: .error) == .warn)
        #expect(p.action(forRule: "nmstate.bond.port-overlap", severity: .error) == .audit)
        #expect(p.action(forRule: "nmstate.bond.mode-required", severity: .error) == .deny)
        #expect(p.action(forRule: "nmstate.bond.mode-required", severity: .info) == .deny)
        #expect(p.action(forRule: "policy.name", severity: .error) == .warn)
        #expect(p.action(forRule: "policy.name", severity: .info) == .audit)
        // `schema.*` does not match `schema` itself, nor `schemas.x`.
        #expect(p.action(forRule: "schemas.x", severity: .error) == .warn)
    }

    @Test("the configuration shape from the design notes parses")
    func briefExample() throws {
        let p = try EnforcementPolicy(configYAML: """
        rules:
          schema.*: deny
          nmstate.bond.mode-required: warn
          policy.in-progress: audit
        clusterUnavailable: warn
        """)
        #expect(p.action(forRule: "nmstate.bond.mode-required", severity: .error) == .warn)
        #expect(p.action(forRule: "policy.in-progress", severity: .error) == .audit)
        #expect(p.action(forRule: "schema.invalid-value", severity: .error) == .deny)
        #expect(p.entries.map(\.pattern) == ["nmstate.bond.mode-required", "policy.in-progress", "schema.*"])
    }

    @Test("the shipped example config parses and keeps the built-in decisions")
    func defaultConfig() throws {
        let p = try EnforcementPolicy(configYAML: defaultConfigYAML, source: "default")
        let builtIn = EnforcementPolicy()
        let rules = ["schema.unknown-field", "schema.invalid-type", "schema.unknown-interface-type", "nmstate.bond.mode-required",
                     "policy.name", "policy.node-selector", "policy.capture-immutable", "policy.in-progress", "policy.max-unavailable",
                     "policy.structure", "cluster.unavailable"]
        for rule in rules {
            for severity in [Diagnostic.Severity.error, .warning] {
                #expect(p.action(forRule: rule, severity: severity) == builtIn.action(forRule: rule, severity: severity), "\(rule) \(severity)")
            }
        }
        #expect(p.clusterUnavailable == .warn)
    }

    @Test("empty and comment-only files give the defaults")
    func empty() throws {
        for text in ["", "# nothing\n", "rules:\n", "rules: {}\nclusterUnavailable: warn\n"] {
            let p = try EnforcementPolicy(configYAML: text)
            #expect(p.entries.isEmpty)
            #expect(p.clusterUnavailable == .warn)
        }
    }

    @Test("configuration errors name the line, column and the bad key or value", arguments: [
        ("rules:\n  schema.*: block\n", "cfg.yaml:2:13: unknown action \"block\" for rule \"schema.*\"; expected deny, warn or audit"),
        ("rules:\n  nmstate.bond.mode-required: yes\n", "cfg.yaml:2:31: unknown action boolean `true` for rule \"nmstate.bond.mode-required\"; expected deny, warn or audit"),
        ("rules:\n  schema*: deny\n", "cfg.yaml:2:3: rule id \"schema*\" has a `*` inside it; a wildcard must be the whole last segment, as in `schema.*`, or `*` alone"),
        ("rules:\n  Schema.Unknown: deny\n", "cfg.yaml:2:3: rule id \"Schema.Unknown\" contains `S`; ids use lower-case letters, digits, `-`, `_` and `.`"),
        ("rules:\n  schema..x: deny\n", "cfg.yaml:2:3: rule id \"schema..x\" has an empty segment; ids look like `schema.unknown-field`"),
        ("rulez:\n  a: deny\n", "cfg.yaml:1:1: unknown key \"rulez\"; expected rules or clusterUnavailable"),
        ("clusterUnavailable: audit\n", "cfg.yaml:1:21: clusterUnavailable must be warn or deny, got string \"audit\""),
        ("rules:\n  - schema.*: deny\n", "cfg.yaml:2:3: rules must be a mapping of rule id (or `prefix.*`) to an action, got array"),
        ("- a\n", "cfg.yaml:1:1: the configuration must be a mapping with `rules` and `clusterUnavailable`, got array"),
    ])
    func errors(text: String, expected: String) {
        do {
            _ = try EnforcementPolicy(configYAML: text, source: "cfg.yaml")
            Issue.record("no error for \(text)")
        } catch {
            #expect(error.description == expected)
        }
    }

    @Test("all issues are reported at once")
    func severalIssues() {
        do {
            _ = try EnforcementPolicy(configYAML: "rules:\n  a: nope\n  b*: deny\nextra: 1\n", source: "c")
            Issue.record("no error")
        } catch {
            #expect(error.issues.count == 3)
            #expect(error.issues.map(\.location.line) == [2, 3, 4])
        }
    }

    @Test("YAML syntax errors and duplicate keys carry positions")
    func syntax() {
        for text in ["rules:\n  a: deny\n  a: warn\n", "rules: [\n", "rules:\n  *: warn\n"] {
            do {
                _ = try EnforcementPolicy(configYAML: text, source: "c.yaml")
                Issue.record("no error for \(text)")
            } catch {
                #expect(error.issues.count == 1)
                #expect(error.issues[0].location.isKnown, "\(error)")
                #expect(error.description.hasPrefix("c.yaml:"))
            }
        }
    }

    @Test("--rule-action flags parse and override the file")
    func overrides() throws {
        var p = try EnforcementPolicy(configYAML: "rules:\n  policy.in-progress: deny\n  schema.*: warn\n")
        try p.applyRuleActions(["policy.in-progress=audit", " schema.* = deny ", "*=warn"])
        #expect(p.action(forRule: "policy.in-progress", severity: .error) == .audit)
        #expect(p.action(forRule: "schema.x", severity: .error) == .deny)
        #expect(p.action(forRule: "other", severity: .error) == .warn)
        let (pattern, action) = try EnforcementPolicy.parseRuleAction("nmstate.bond.mode-required=warn")
        #expect(pattern.description == "nmstate.bond.mode-required")
        #expect(!pattern.isWildcard)
        #expect(action == .warn)
    }

    @Test("bad --rule-action flags are all reported")
    func badOverrides() {
        var p = EnforcementPolicy()
        do {
            try p.applyRuleActions(["nmstate.bond.mode-required", "x=block", "a b=warn", "ok=deny"])
            Issue.record("no error")
        } catch {
            #expect(error.issues.count == 3)
            #expect(error.description.contains(#"--rule-action "nmstate.bond.mode-required": expected `rule-id=action`"#))
            #expect(error.description.contains(#"--rule-action "x=block": unknown action "block"; expected deny, warn or audit"#))
            #expect(error.description.contains(#"--rule-action "a b=warn": rule id "a b" contains whitespace"#))
        }
    }

    @Test("wildcard patterns")
    func patterns() throws {
        let all = try RulePattern.parse("*").get()
        #expect(all.matches("anything"))
        let schema = try RulePattern.parse("schema.*").get()
        #expect(schema.matches("schema.unknown-field"))
        #expect(schema.matches("schema.a.b"))
        #expect(!schema.matches("schema"))
        #expect(!schema.matches("schemas.x"))
        #expect(schema.description == "schema.*")
        #expect((try? RulePattern.parse("").get()) == nil)
        #expect((try? RulePattern.parse(".*").get()) == nil)
        #expect((try? RulePattern.parse("a.*.b").get()) == nil)
    }
}

@Suite("Enforcement loading")
struct EnforcementLoadingTests {
    @Test("config file plus flags, as serve loads them")
    func loadFile() throws {
        let path = Fixtures.directory.appendingPathComponent("config-example.yaml").path
        let p = try EnforcementPolicy(configPath: path, format: .yaml, ruleActions: ["policy.capture-immutable=warn"])
        #expect(p.action(forRule: "policy.in-progress", severity: .error) == .audit)
        #expect(p.action(forRule: "nmstate.bond.mode-required", severity: .error) == .warn)
        #expect(p.action(forRule: "policy.capture-immutable", severity: .error) == .warn)
        #expect(p.clusterUnavailable == .deny)
        let none = try EnforcementPolicy(configPath: nil, format: .yaml)
        #expect(none.entries.isEmpty)
    }

    @Test("a missing file is a clear error")
    func missingFile() {
        do {
            _ = try EnforcementPolicy(configPath: "/nonexistent/nncp-guard.yaml", format: .yaml)
            Issue.record("no error")
        } catch {
            #expect(error.description == "/nonexistent/nncp-guard.yaml: cannot read the configuration file: No such file or directory")
        }
    }
}

@Suite("Enforcement config in JSON (nncp-guard-slim)")
struct EnforcementJSONTests {
    func load(_ text: String) throws(EnforcementConfigError) -> EnforcementPolicy {
        try EnforcementPolicy(configBytes: Array(text.utf8), format: .json, source: "c.json")
    }

    @Test("the JSON form reads the same as the YAML form")
    func sameAsYAML() throws {
        let json = try load(#"{"rules": {"policy.in-progress": "audit", "nmstate.*": "warn"}, "clusterUnavailable": "deny"}"#)
        let yaml = try EnforcementPolicy(configYAML: "rules:\n  policy.in-progress: audit\n  nmstate.*: warn\nclusterUnavailable: deny\n")
        #expect(json.entries.map { "\($0.pattern)=\($0.action)" } == yaml.entries.map { "\($0.pattern)=\($0.action)" })
        #expect(json.clusterUnavailable == .deny)
        #expect(json.action(forRule: "nmstate.bond.mode-required", severity: .error) == .warn)
    }

    @Test("an empty file gives the defaults")
    func empty() throws {
        #expect(try load("").entries.isEmpty)
        #expect(try load(" \n\t\n").entries.isEmpty)
    }

    @Test("problems point at line and column; block YAML gets a hint")
    func errors() {
        do {
            _ = try load("{\n  \"rules\": {\"schema.*\": \"block\"}\n}")
            Issue.record("no error")
        } catch {
            #expect(error.description.hasPrefix("c.json:2:25: unknown action \"block\""), "\(error.description)")
        }
        do {
            _ = try load("rules:\n  schema.*: warn\n")
            Issue.record("no error")
        } catch {
            #expect(error.description.hasPrefix("c.json:1:1: "), "\(error.description)")
            #expect(error.description.contains("reads the config as JSON"), "\(error.description)")
        }
    }
}

