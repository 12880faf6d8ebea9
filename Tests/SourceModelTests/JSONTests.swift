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
        // Past 16 members the check uses a hash table; a duplicate is still
        // found, before and after the table grows, and a wide object (a
        // hostile body) still parses in linear time.
        let keys = (0..<300).map { "\"key-number-\($0)\":\($0)" }
        for (count, repeated) in [(40, 7), (40, 39), (100, 16), (300, 0), (300, 250)] {
            let text = "{" + (keys.prefix(count) + ["\"key-number-\(repeated)\":0"]).joined(separator: ",") + "}"
            #expect(throws: LoadError.self, "key \(repeated) of \(count)") { try reader.parse(text) }
            #expect(try reader.parse("{" + keys.prefix(count).joined(separator: ",") + "}").members?.count == count)
        }
        let wide = "{" + (0..<60_000).map { "\"k\($0)\":0" }.joined(separator: ",") + "}"
        #expect(try reader.parse(wide).members?.count == 60_000)
        // Keys alike but for their middle bytes.
        let alike = "{" + (0..<60_000).map { "\"prefix-of-key-\($0)-suffix-of-key\":0" }.joined(separator: ",") + "}"
        #expect(try reader.parse(alike).members?.count == 60_000)
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

@Suite struct JSONReaderFastPathTests {
    let reader = JSONReader()

    @Test func skippedMembersLeaveTheTreeButKeepTheirSyntaxChecked() throws {
        let skipping = JSONReader(skippingMembers: [["request", "object", "metadata", "managedFields"]])
        let text = """
        {"request":{"object":{"metadata":{"name":"a","managedFields":[{"manager":"kubectl","fieldsV1":{"f:spec":{}}}],"uid":"u"}},
         "oldObject":{"metadata":{"managedFields":[1]}}},"managedFields":2}
        """
        let v = try skipping.parse(text)
        let metadata = try #require(v.at("request", "object", "metadata"))
        #expect(metadata.members?.map(\.key) == ["name", "uid"])
        // Path-exact: the same key elsewhere stays.
        #expect(v.at("request", "oldObject", "metadata", "managedFields")?[0]?.int64 == 1)
        #expect(v["managedFields"]?.int64 == 2)
        // The location of what follows a skipped member is still right.
        #expect(metadata["uid"]?.location == SourceLocation(line: 1, column: 117))
        for bad in ["[1,]", "{\"a\" 1}", "\"\\x\"", "tru", "01", "[\"\u{01}\"]", "{\"a\":1,\"b\":{\"a\":1},\"a\":2}", "[{\"k\":{},\"k\":[]}]", "{\"a\":1,\"\\u0061\":2}", "{\"\\u0061\":1,\"a\":2}"] {
            let body = "{\"request\":{\"object\":{\"metadata\":{\"managedFields\":\(bad)}}}}"
            #expect(throws: LoadError.self, "\(bad)") { try skipping.parse(body) }
        }
        // Same lengths, different keys; keys shared by sibling objects: fine.
        let fine = "{\"request\":{\"object\":{\"metadata\":{\"managedFields\":[{\"ab\":1,\"ba\":2,\"\\u0061c\":3,\"x\":{\"ab\":1}},{\"ab\":1}]}}}}"
        #expect(try skipping.parse(fine).at("request", "object", "metadata")?.members?.isEmpty == true)
        let deep = String(repeating: "[", count: 300) + String(repeating: "]", count: 300)
        #expect(throws: LoadError.self) { try skipping.parse("{\"request\":{\"object\":{\"metadata\":{\"managedFields\":\(deep)}}}}") }
    }

    @Test func skippedMembersReportWhereTheyWere() throws {
        let skipping = JSONReader(skippingMembers: [["a", "b"], ["c"], ["missing"]])
        let text = #"{"a":{"b":[1,{"x":"y"}],"k":2},"c":"str\"ing"}"#
        let bytes = Array(text.utf8)
        let (value, spans) = try bytes.withUnsafeBufferPointer { try skipping.parseRecordingSkipped($0) }
        #expect(value == (try reader.parse(#"{"a":{"k":2}}"#)))
        #expect(spans.count == 3)
        #expect(spans[0].map { String(decoding: bytes[$0], as: UTF8.self) } == #"[1,{"x":"y"}]"#)
        #expect(spans[1].map { String(decoding: bytes[$0], as: UTF8.self) } == #""str\"ing""#)
        #expect(spans[2] == nil)
    }

    @Test func valueEqualsJSONWithValueSemantics() throws {
        let base = #"{"n":1,"s":"x\u00e9","l":[1,2,{"k":null}],"m":{"a":true,"b":2.5},"e":{},"z":[]}"#
        let v = try reader.parse(base)
        func equals(_ text: String) -> Bool {
            Array(text.utf8).withUnsafeBufferPointer { reader.value(v, equalsJSON: $0) }
        }
        let same = [
            base,
            #" { "n" : 1 , "s" : "xé" , "l" : [ 1 , 2 , { "k" : null } ] , "m" : { "a" : true , "b" : 2.5 } , "e" : { } , "z" : [ ] } "#,
            // Other key orders, at the top and inside.
            #"{"z":[],"e":{},"m":{"b":2.5,"a":true},"l":[1,2,{"k":null}],"s":"xé","n":1}"#,
            #"{"n":1,"s":"xé","l":[1,2,{"k":null}],"m":{"b":2.5,"a":true},"e":{},"z":[]}"#,
        ]
        for text in same { #expect(equals(text), "\(text)") }
        let different = [
            #"{"n":2,"s":"xé","l":[1,2,{"k":null}],"m":{"a":true,"b":2.5},"e":{},"z":[]}"#,
            #"{"n":1.0,"s":"xé","l":[1,2,{"k":null}],"m":{"a":true,"b":2.5},"e":{},"z":[]}"#,
            #"{"n":1,"s":"xé","l":[1,2],"m":{"a":true,"b":2.5},"e":{},"z":[]}"#,
            #"{"n":1,"s":"xé","l":[1,2,{"k":null},3],"m":{"a":true,"b":2.5},"e":{},"z":[]}"#,
            #"{"n":1,"s":"xé","l":[1,2,{"k":null}],"m":{"a":true},"e":{},"z":[]}"#,
            #"{"n":1,"s":"xé","l":[1,2,{"k":null}],"m":{"a":true,"b":2.5,"c":1},"e":{},"z":[]}"#,
            #"{"n":1,"s":"xé","l":[1,2,{"k":null}],"m":{"a":true,"b":2.5},"e":{},"z":[],"extra":0}"#,
            #"{"n":1,"s":"xé","l":[1,2,{"k":null}],"m":{"a":true,"b":2.5},"e":{}}"#,
            #"{"n":1,"n":1,"s":"xé","l":[1,2,{"k":null}],"m":{"a":true,"b":2.5},"e":{},"z":[]}"#,
            #"{"s":"xé","n":1,"n":1,"l":[1,2,{"k":null}],"m":{"a":true,"b":2.5},"e":{},"z":[]}"#,
            #"{"n":1,"s":"xé","l":[1,2,{"k":null}],"m":{"a":true,"b":2.5},"e":{},"z":[]} x"#,
            #"{"n":1,"s":"xé","l":[1,2,{"k":null}],"m":{"a":true,"b":2.5},"e":{},"z":["#,
            #"[]"#, #"null"#, "",
        ]
        for text in different { #expect(!equals(text), "\(text)") }
        #expect(Array("null".utf8).withUnsafeBufferPointer { reader.value(.null, equalsJSON: $0) })
    }

    @Test func repeatedStringsReadTheSame() throws {
        // Same length, first and last eight bytes, different middle: the
        // string cache must compare every byte.
        let a = "aaaaaaaa-1-zzzzzzzz", b = "aaaaaaaa-2-zzzzzzzz"
        let v = try reader.parse("[\"\(a)\",\"\(b)\",\"\(a)\",\"x\\u0041\",\"xA\",\"\",\"é€\",\"é€\",\"short\",\"short\"]")
        #expect(v.sequence?.compactMap(\.string) == [a, b, a, "xA", "xA", "", "é€", "é€", "short", "short"])
        let many = (0..<2000).map { "\"s\($0 % 700)-\(String(repeating: "x", count: $0 % 40))\"" }
        let parsed = try reader.parse("[" + many.joined(separator: ",") + "]")
        #expect(parsed.sequence?.enumerated().allSatisfy { i, s in s.string == "s\(i % 700)-\(String(repeating: "x", count: i % 40))" } == true)
    }

    @Test func stringScanStopsAtEveryByteThatEndsTheFastPath() throws {
        // Quotes, escapes and control characters at each offset of an
        // eight-byte word.
        for offset in 0..<17 {
            let prefix = String(repeating: "p", count: offset)
            #expect(try reader.parse("\"\(prefix)\"").string == prefix)
            #expect(try reader.parse("\"\(prefix)\\n\(prefix)\"").string == prefix + "\n" + prefix)
            #expect(throws: LoadError.self) { try reader.parse("\"\(prefix)\u{1F}\(prefix)\"") }
            #expect(throws: LoadError.self) { try reader.parse("\"\(prefix)") }
        }
    }

    @Test func integersAtTheFastPathBoundary() throws {
        let cases: [(String, Int64)] = [("0", 0), ("-0", 0), ("999999999999999999", 999_999_999_999_999_999),
                                         ("-999999999999999999", -999_999_999_999_999_999),
                                         ("9223372036854775807", .max), ("-9223372036854775808", .min)]
        for (text, value) in cases {
            #expect(try reader.parse(text).int64 == value, "\(text)")
        }
        if case .uint(let u) = try reader.parse("9223372036854775808").content { #expect(u == 9_223_372_036_854_775_808) } else { Issue.record("not a uint") }
        if case .float = try reader.parse("-9223372036854775809").content {} else { Issue.record("not a float") }
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
