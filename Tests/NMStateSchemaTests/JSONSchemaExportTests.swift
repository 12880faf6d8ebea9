import Foundation
import NMStateSchema
import SourceModel
import Testing

@Suite struct JSONSchemaExportTests {
    static let latest = JSONSchemaExporter.desiredState(profile: .latest)
    static let pinned = JSONSchemaExporter.desiredState(profile: .v2_2_38)

    static func def(_ schema: Value, _ name: String) -> Value? { schema.at("$defs", name) }

    static func propertyNames(_ schema: Value, _ def: String) -> [String] {
        (Self.def(schema, def)?["properties"]?.members ?? []).map(\.key)
    }

    @Test func rootIsDraft2020WithDefinitions() {
        let s = Self.latest
        #expect(s["$schema"]?.string == "https://json-schema.org/draft/2020-12/schema")
        #expect(s["$ref"]?.string == "#/$defs/NetworkState")
        #expect(Self.propertyNames(s, "NetworkState") == ["description", "hostname", "dns-resolver", "route-rules", "routes", "interfaces", "ovs-db", "ovn", "dispatch", "user-defined"])
        #expect(Self.propertyNames(Self.pinned, "NetworkState") == ["description", "hostname", "dns-resolver", "route-rules", "routes", "interfaces", "ovs-db", "ovn"])
        #expect(Self.def(s, "NetworkState")?["additionalProperties"] == .bool(false))
    }

    @Test func rendersAsJSONThatReadsBack() throws {
        for schema in [Self.latest, Self.pinned, JSONSchemaExporter.nncp(profile: .latest)] {
            let text = JSONWriter.string(schema)
            let back = try JSONReader().parse(text)
            #expect(back == schema)
        }
    }

    @Test func everyReferenceResolves() {
        for schema in [Self.latest, Self.pinned, JSONSchemaExporter.nncp(profile: .v2_2_38)] {
            var refs: [String] = []
            Self.collectRefs(schema, into: &refs)
            #expect(!refs.isEmpty)
            for ref in refs {
                #expect(ref.hasPrefix("#/$defs/"))
                #expect(Self.def(schema, String(ref.dropFirst("#/$defs/".count))) != nil, "dangling \(ref)")
            }
        }
    }

    static func collectRefs(_ v: Value, into refs: inout [String]) {
        switch v.content {
        case .mapping(let members):
            for m in members {
                if m.key == "$ref", let s = m.value.string { refs.append(s) } else { collectRefs(m.value, into: &refs) }
            }
        case .sequence(let items): items.forEach { collectRefs($0, into: &refs) }
        default: break
        }
    }

    @Test func unknownKeyPolicyBecomesAdditionalProperties() {
        let s = Self.latest
        for deny in ["InterfaceIpv4", "BondOptions", "EthtoolConfig", "RouteEntry", "LibreswanConfig", "OvsDbIfaceConfig", "interface-ethernet"] {
            #expect(Self.def(s, deny)?["additionalProperties"] == .bool(false), "\(deny)")
        }
        for lenient in ["VethConfig", "BondPortConfig", "HsrConfig", "MacSecConfig", "Ieee8021XConfig", "DispatchConfig", "OvnBridgeMapping"] {
            #expect(Self.def(s, lenient) != nil, "\(lenient)")
            #expect(Self.def(s, lenient)?["additionalProperties"] == nil, "\(lenient)")
        }
    }

    @Test func lenientScalarsAcceptStringsStrictOnesDoNot() {
        let s = Self.latest
        let u32 = Self.def(s, "u32-or-string")
        #expect(u32?["anyOf"]?.sequence?.count == 2)
        #expect(u32?.at("anyOf")?[1]?["pattern"]?.string == "^(\\+?[0-9]+|0x[0-9a-fA-F]+)$")
        let mtu = Self.def(s, "interface-ethernet")?.at("properties", "mtu")
        #expect(mtu?["$ref"]?.string == "#/$defs/u64-or-string")
        let cwnd = Self.def(s, "RouteEntry")?.at("properties", "cwnd")
        #expect(cwnd?["type"]?.string == "integer")
        #expect(cwnd?["maximum"] == .int(4_294_967_295))
        let allowExtra = Self.def(s, "InterfaceIpv4")?.at("properties", "allow-extra-address")
        #expect(allowExtra?["type"]?.string == "boolean")
        #expect(Self.def(s, "bool-or-string")?["anyOf"]?.sequence?.count == 3)
    }

    @Test func enumsCarryNumericAliasesAndValueAliases() {
        let s = Self.latest
        let mode = Self.def(s, "BondConfig")?.at("properties", "mode", "enum")?.sequence ?? []
        #expect(mode.contains(.string("802.3ad")))
        #expect(mode.contains(.int(4)))
        #expect(mode.contains(.string("6")))
        #expect(!mode.contains(.int(7)))
        let clientID = Self.def(s, "InterfaceIpv4")?.at("properties", "dhcp-client-id")
        #expect(clientID?["type"]?.string == "string")
        #expect(clientID?["examples"]?.sequence?.contains(.string("LL")) == true)
    }

    @Test func aliasesAreExtraPropertiesAndExclusive() {
        let s = Self.latest
        let props = Self.propertyNames(s, "BondConfig")
        #expect(props.contains("port") && props.contains("ports"))
        let allOf = Self.def(s, "BondConfig")?["allOf"]?.sequence ?? []
        #expect(allOf.contains(.mapping(["not": .mapping(["required": .sequence([.string("port"), .string("ports")])])])))
        #expect(Self.propertyNames(s, "InterfaceIpAddr").contains("valid-lft"))
    }

    @Test func rejectedFieldsAreFalseSchemas() {
        #expect(Self.def(Self.latest, "InterfaceIpv4")?.at("properties", "autoconf") == .bool(false))
        #expect(Self.def(Self.latest, "InterfaceIpv6")?.at("properties", "autoconf")?["$ref"] != nil)
    }

    @Test func profilesDifferInNewerFields() {
        #expect(Self.propertyNames(Self.latest, "InterfaceIpv4").contains("forwarding"))
        #expect(!Self.propertyNames(Self.pinned, "InterfaceIpv4").contains("forwarding"))
        #expect(Self.propertyNames(Self.latest, "EthtoolConfig").contains("fec"))
        #expect(!Self.propertyNames(Self.pinned, "EthtoolConfig").contains("fec"))
        #expect(Self.def(Self.latest, "interface-ip-tunnel") != nil)
        #expect(Self.def(Self.pinned, "interface-ip-tunnel") == nil)
        let identifier = Self.def(Self.pinned, "interface-ethernet")?.at("properties", "identifier", "enum")
        #expect(identifier == .sequence([.string("name"), .string("mac-address")]))
        let latestIdentifier = Self.def(Self.latest, "interface-ethernet")?.at("properties", "identifier", "enum")?.sequence ?? []
        #expect(latestIdentifier.contains(.string("pci-address")))
        #expect(Self.def(Self.latest, "RouteEntry")?.at("properties", "mtu", "description")?.string?.contains("2.2.42") == true)
    }

    @Test func interfacesDispatchOnType() {
        let entry = Self.def(Self.latest, "Interface")
        #expect(entry?.at("if", "properties", "state", "const")?.string == "absent")
        let dispatch = entry?.at("else", "allOf")?.sequence ?? []
        let types = dispatch.compactMap { $0.at("if", "properties", "type", "const")?.string }
        #expect(types.first == "ethernet")
        #expect(types.contains("bond") && types.contains("ip-tunnel") && !types.contains("tun"))
        // 2.2.38 reads unknown types as ethernet; latest leaves them open.
        let pinned = Self.def(Self.pinned, "Interface")?.at("else", "allOf")?.sequence ?? []
        #expect(pinned.last?.at("then", "$ref")?.string == "#/$defs/interface-ethernet")
        #expect(dispatch.count == types.count)
    }

    @Test func nncpWrapsTheDesiredState() {
        let s = JSONSchemaExporter.nncp(profile: .latest)
        #expect(s.at("properties", "apiVersion", "enum") == .sequence([.string("nmstate.io/v1"), .string("nmstate.io/v1beta1")]))
        #expect(s.at("properties", "kind", "const")?.string == "NodeNetworkConfigurationPolicy")
        let spec = s.at("properties", "spec")
        #expect(spec?.at("properties", "nodeSelector", "additionalProperties", "type")?.string == "string")
        #expect(spec?.at("properties", "maxUnavailable", "anyOf")?.sequence?.count == 2)
        #expect(spec?.at("else", "properties", "desiredState", "$ref")?.string == "#/$defs/NetworkState")
        #expect(s.at("$defs", "NetworkState") != nil)
    }

    @Test func descriptionsComeFromTheTables() {
        let s = Self.latest
        #expect(Self.def(s, "SrIovConfig")?.at("properties", "max-vfs", "description")?.string?.contains("query only") == true)
        #expect(Self.def(s, "LldpConfig")?["description"]?.string == "LLDP listener.")
    }

    /// Cross-checks the export with Python `jsonschema` (Draft 2020-12) when
    /// python3 with `jsonschema` and `yaml` is installed: the schemas are
    /// valid, every valid corpus state and NNCP passes the latest export, and
    /// the four parse-error cases fail. Reported as skipped otherwise.
    @Test(Corpus.required, .enabled(if: PythonCheck.available, "python3 with jsonschema and yaml not found"))
    func pythonJSONSchemaAgrees() throws {
        let corpus = try #require(Corpus.shared)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nncp-guard-schema-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try JSONWriter.string(Self.latest).write(to: dir.appendingPathComponent("state.json"), atomically: true, encoding: .utf8)
        try JSONWriter.string(JSONSchemaExporter.nncp(profile: .latest)).write(to: dir.appendingPathComponent("nncp.json"), atomically: true, encoding: .utf8)
        let invalid = CorpusSchemaTests.parseErrors.map(\.file).joined(separator: ",")
        let (status, output) = try PythonCheck.run(PythonCheck.script, [dir.path, corpus.root.path, invalid])
        #expect(status == 0, "\(output)")
        #expect(output.contains("valid-failures 0"), "\(output)")
        #expect(output.contains("invalid-accepted 0"), "\(output)")
    }

    /// Writes both exports when `NNCP_GUARD_SCHEMA_DIR` is set, for external
    /// tools (and for the Python cross-check below).
    @Test(.enabled(if: ProcessInfo.processInfo.environment["NNCP_GUARD_SCHEMA_DIR"] != nil, "NNCP_GUARD_SCHEMA_DIR not set"))
    func dumpWhenAsked() throws {
        let dir = try #require(ProcessInfo.processInfo.environment["NNCP_GUARD_SCHEMA_DIR"])
        for profile in Profile.allCases {
            try JSONWriter.string(JSONSchemaExporter.desiredState(profile: profile))
                .write(toFile: "\(dir)/nmstate-desired-state-\(profile.rawValue).json", atomically: true, encoding: .utf8)
            try JSONWriter.string(JSONSchemaExporter.nncp(profile: profile))
                .write(toFile: "\(dir)/nncp-\(profile.rawValue).json", atomically: true, encoding: .utf8)
        }
    }
}

/// Runs the Python cross-check; the script only reads files.
enum PythonCheck {
    static let available: Bool = (try? run("import jsonschema, yaml", []).status) == 0

    static func run(_ script: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    static let script = """
    import csv, json, sys, yaml
    from jsonschema import Draft202012Validator
    out, corpus, invalid = sys.argv[1], sys.argv[2], sys.argv[3].split(",")
    state = json.load(open(out + "/state.json")); nncp = json.load(open(out + "/nncp.json"))
    Draft202012Validator.check_schema(state); Draft202012Validator.check_schema(nncp)
    sv, nv = Draft202012Validator(state), Draft202012Validator(nncp)
    failures = 0
    for row in csv.DictReader(open(corpus + "/valid/MANIFEST.tsv"), delimiter="\t"):
        if row["kind"].endswith("-policy"): continue
        for doc in yaml.safe_load_all(open(corpus + "/valid/" + row["file"])):
            if doc is None: continue
            errors = list((nv if row["kind"] == "nncp" else sv).iter_errors(doc))
            if errors:
                failures += 1
                print(row["file"], errors[0].message[:200])
    accepted = 0
    for name in invalid:
        if sv.is_valid(yaml.safe_load(open(corpus + "/invalid/" + name))):
            accepted += 1
            print("accepted", name)
    print("valid-failures", failures)
    print("invalid-accepted", accepted)
    """
}
