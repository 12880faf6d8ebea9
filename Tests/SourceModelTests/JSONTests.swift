import Testing
@testable import SourceModel

@Suite struct JSONReaderTests {
    let reader = JSONReader()

    @Test func parsesAllTypesWithLocations() throws {
        let v = try reader.parse("{\n  \"a\": [1, -2, 3.5, true, false, null],\n  \"b\": \"x\\u00e9\\n\\ud83d\\ude00\",\n  \"c\": 18446744073709551615\n}")
        #expect(v["a"]?[0]?.int64 == 1)
        #expect(v["a"]?[1]?.int64 == -2)
        #expect(v["a"]?[3]?.bool == true)
        #expect(v["a"]?[5]?.isNull == true)
        #expect(v["b"]?.string == "xé\n😀")
        if case .uint(let u)? = v["c"]?.content { #expect(u == UInt64.max) } else { Issue.record("c is not a uint") }
        #expect(v["a"]?.location == SourceLocation(line: 2, column: 8))
        #expect(v.member("b")?.keyLocation == SourceLocation(line: 3, column: 3))
    }

    @Test(arguments: ["", "{", "[1,]", "{\"a\" 1}", "01", "1.", "\"\\x\"", "tru", "{\"a\":1}x", "\"\u{01}\"", "\"\\ud800\"", "[1 2]", "-", "1e"])
    func rejectsMalformedInput(_ text: String) {
        #expect(throws: LoadError.self) { try reader.parse(text) }
    }

    @Test func rejectsDuplicateKeys() {
        #expect(throws: LoadError.self) { try reader.parse("{\"a\":1,\"a\":2}") }
    }

    @Test func duplicateKeysInLargeObjects() throws {
        // Past 16 members the check uses a set; a duplicate is still found
        // and a wide object (a hostile body) still parses in linear time.
        let keys = (0..<40).map { "\"key-number-\($0)\":\($0)" }
        #expect(throws: LoadError.self) { try reader.parse("{" + (keys + ["\"key-number-7\":0"]).joined(separator: ",") + "}") }
        let wide = "{" + (0..<60_000).map { "\"k\($0)\":0" }.joined(separator: ",") + "}"
        #expect(try reader.parse(wide).members?.count == 60_000)
    }

    @Test func rejectsDeepNesting() {
        let text = String(repeating: "[", count: 300) + String(repeating: "]", count: 300)
        do {
            _ = try reader.parse(text)
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .tooDeep)
        }
    }

    @Test func writerRoundTrips() throws {
        let text = "{\"k\":[1,-2,3.25,true,null,\"a/b\\\"c\\n\\u0001\"],\"e\":{}}"
        let v = try reader.parse(text)
        #expect(JSONWriter.string(v) == text)
        #expect(try reader.parse(JSONWriter.string(v)) == v)
    }

    @Test func equalityIgnoresKeyOrderAndLocations() throws {
        let a = try reader.parse("{\"x\":1,\"y\":[1,2]}")
        let b = try reader.parse("{ \"y\" : [1, 2], \"x\" : 1 }")
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
        #expect(try reader.parse("[1,2]") != reader.parse("[2,1]"))
    }
}

@Suite struct DocumentPathTests {
    @Test func rendersDottedAndPointerForms() {
        let p = DocumentPath("spec", "desiredState", "interfaces", 2, "vlan", "id")
        #expect(p.description == "spec.desiredState.interfaces[2].vlan.id")
        #expect(p.jsonPointer == "/spec/desiredState/interfaces/2/vlan/id")
        let annotation = DocumentPath("metadata", "annotations", "nmstate.io/webhook~x")
        #expect(annotation.jsonPointer == "/metadata/annotations/nmstate.io~1webhook~0x")
        #expect(annotation.description == "metadata.annotations.\"nmstate.io/webhook~x\"")
    }
}
