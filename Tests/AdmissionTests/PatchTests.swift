import GuardCore
import SourceModel
import Testing

@testable import Admission

@Suite("JSON Patch builder")
struct PatchTests {
    @Test("pointer tokens escape ~ as ~0 and / as ~1")
    func escaping() {
        #expect(JSONPointer.pointer(["metadata", "annotations", "nmstate.io/webhook-mutating-timestamp"]) == "/metadata/annotations/nmstate.io~1webhook-mutating-timestamp")
        #expect(JSONPointer.pointer(["a~b", "c/d", "~1", "/0"]) == "/a~0b/c~1d/~01/~10")
        #expect(JSONPointer.pointer(["", "x"]) == "//x")
        #expect(JSONPointer.pointer([String]()) == "")
    }

    @Test("escaped keys round-trip through an applier")
    func escapedKeysApply() throws {
        let doc = json(#"{"a~b":{"c/d":1}}"#)
        let patch = JSONPatch.setting(.int(2), at: ["a~b", "c/d"], in: doc)
        #expect(patch.operations == [.add(path: "/a~0b/c~1d", value: .int(2))])
        #expect(try applyPatch(patch, to: doc) == json(#"{"a~b":{"c/d":2}}"#))
        let tricky = JSONPatch.setting(.string("v"), at: ["a~b", "~1"], in: doc)
        #expect(try applyPatch(tricky, to: doc) == json(#"{"a~b":{"c/d":1,"~1":"v"}}"#))
    }

    @Test("setting adds the leaf when every parent exists")
    func leaf() throws {
        let doc = json(#"{"metadata":{"annotations":{"a":"b"}}}"#)
        let patch = JSONPatch.setting(.string("x"), at: ["metadata", "annotations", "k/1"], in: doc)
        #expect(patch.operations.count == 1)
        #expect(try applyPatch(patch, to: doc) == json(#"{"metadata":{"annotations":{"a":"b","k/1":"x"}}}"#))
    }

    @Test("setting replaces an existing member with add")
    func replaceWithAdd() throws {
        let doc = json(#"{"metadata":{"annotations":{"k":"old"}}}"#)
        let patch = JSONPatch.setting(.string("new"), at: ["metadata", "annotations", "k"], in: doc)
        #expect(patch.operations == [.add(path: "/metadata/annotations/k", value: .string("new"))])
        #expect(try applyPatch(patch, to: doc) == json(#"{"metadata":{"annotations":{"k":"new"}}}"#))
    }

    @Test("setting adds the nested map at the first missing parent", arguments: [
        (#"{"metadata":{"name":"p"}}"#, "/metadata/annotations"),
        (#"{"metadata":{"name":"p","annotations":null}}"#, "/metadata/annotations"),
        (#"{"metadata":{"name":"p","annotations":"junk"}}"#, "/metadata/annotations"),
        (#"{"spec":{}}"#, "/metadata"),
    ])
    func missingParents(document: String, path: String) throws {
        let doc = json(document)
        let patch = JSONPatch.setting(.string("x"), at: ["metadata", "annotations", "k"], in: doc)
        #expect(patch.operations.count == 1)
        #expect(patch.operations.first?.path == path)
        let result = try applyPatch(patch, to: doc)
        #expect(result.at("metadata", "annotations", "k") == .string("x"))
        if let name = doc.at("metadata", "name") { #expect(result.at("metadata", "name") == name) }
    }

    @Test("removing emits nothing for a missing member")
    func removing() throws {
        let doc = json(#"{"status":{"conditions":[{"type":"Available"}]}}"#)
        #expect(JSONPatch.removing(at: ["status", "x"], in: doc).isEmpty)
        #expect(JSONPatch.removing(at: ["nope", "x"], in: doc).isEmpty)
        let patch = JSONPatch.removing(at: ["status", "conditions"], in: doc)
        #expect(patch.operations == [.remove(path: "/status/conditions")])
        #expect(try applyPatch(patch, to: doc) == json(#"{"status":{}}"#))
    }

    @Test("patch JSON is compact RFC 6902")
    func jsonForm() {
        let patch = JSONPatch([.add(path: "/a", value: json(#"{"b":[1,"c"]}"#)), .remove(path: "/d"), .replace(path: "/e", value: .null)])
        #expect(String(decoding: patch.jsonBytes(), as: UTF8.self) == #"[{"op":"add","path":"/a","value":{"b":[1,"c"]}},{"op":"remove","path":"/d"},{"op":"replace","path":"/e","value":null}]"#)
        #expect(String(decoding: JSONPatch().jsonBytes(), as: UTF8.self) == "[]")
    }

    @Test("RFC 3339 formatting")
    func rfc3339() {
        #expect(RFC3339.format(unixSeconds: 0) == "1970-01-01T00:00:00Z")
        #expect(RFC3339.format(unixNanoseconds: fixedNanos) == "2024-05-24T20:26:45Z")
        #expect(RFC3339.format(unixSeconds: 951_782_400) == "2000-02-29T00:00:00Z")
        #expect(RFC3339.format(unixSeconds: 4_102_444_799) == "2099-12-31T23:59:59Z")
        #expect(RFC3339.format(unixSeconds: -1) == "1969-12-31T23:59:59Z")
    }
}
