import Testing
import SourceModel
@testable import SourceModelYAML

@Suite struct YAMLLoaderTests {
    let loader = YAMLLoader()

    @Test func scalarsResolveLikeKubernetes() throws {
        let v = try loader.loadSingle("""
        a: yes
        b: off
        c: "yes"
        d: 017
        e: 0x1F
        f: 1.5
        g: ~
        h: 12345678901234567890
        i: -42
        j: 00:11:22:33:44:55
        k: 52:54:00:12:34:56
        l: '0x10'
        m: .inf
        """)
        #expect(v["a"]?.bool == true)
        #expect(v["b"]?.bool == false)
        #expect(v["c"]?.string == "yes")
        #expect(v["d"]?.int64 == 15)
        #expect(v["e"]?.int64 == 31)
        if case .float(let f)? = v["f"]?.content { #expect(f == 1.5) } else { Issue.record("f is not a float") }
        #expect(v["g"]?.isNull == true)
        if case .uint(let u)? = v["h"]?.content { #expect(u == 12345678901234567890) } else { Issue.record("h is not a uint") }
        #expect(v["i"]?.int64 == -42)
        #expect(v["j"]?.string == "00:11:22:33:44:55")
        #expect(v["k"]?.string == "52:54:00:12:34:56", "no YAML 1.1 sexagesimal: MAC addresses stay strings")
        #expect(v["l"]?.string == "0x10")
        if case .float(let f)? = v["m"]?.content { #expect(f == .infinity) } else { Issue.record("m is not a float") }
    }

    @Test func locationsAreOneBased() throws {
        let v = try loader.loadSingle("interfaces:\n  - name: eth0\n    mtu: 9000\n")
        let mtu = v.value(at: DocumentPath("interfaces", 0, "mtu"))
        #expect(mtu?.location == SourceLocation(line: 3, column: 10))
        #expect(v.keyLocation(of: DocumentPath("interfaces", 0, "mtu")) == SourceLocation(line: 3, column: 5))
        #expect(v["interfaces"]?[0]?.location == SourceLocation(line: 2, column: 5))
    }

    @Test func keyOrderIsKept() throws {
        let v = try loader.loadSingle("z: 1\na: 2\nm: 3\n")
        #expect(v.members?.map(\.key) == ["z", "a", "m"])
    }

    @Test func multiDocumentStreamsDropEmptyDocuments() {
        let (docs, error) = loader.loadStream("---\na: 1\n---\n# only a comment\n---\nb: 2\n---\n")
        #expect(error == nil)
        #expect(docs.count == 2)
        #expect(docs[1]["b"]?.int64 == 2)
        #expect(docs[1].location.line == 6)
    }

    @Test func laterBrokenDocumentKeepsEarlierOnes() {
        let (docs, error) = loader.loadStream("a: 1\n---\nb: [1, 2\n")
        #expect(docs.count == 1)
        #expect(error?.code == .syntax)
        #expect(error?.location.line ?? 0 >= 3)
    }

    @Test func duplicateKeysAreRejectedWithBothPlaces() {
        let (_, error) = loader.loadStream("name: a\nmtu: 1\nname: b\n")
        #expect(error?.code == .duplicateKey)
        #expect(error?.location == SourceLocation(line: 3, column: 1))
        #expect(error?.message.contains("first defined at 1:1") == true)
    }

    @Test func duplicateKeysInLargeMappings() {
        var text = ""
        for i in 0..<40 { text += "k\(i): \(i)\n" }
        text += "k7: again\n"
        let (_, error) = loader.loadStream(text)
        #expect(error?.code == .duplicateKey)
        #expect(error?.location.line == 41)
    }

    @Test func mergeKeysKeepExplicitMembersFirst() throws {
        let (docs, error) = loader.loadStream("base: &b {mtu: 1500, name: x, state: up}\nif:\n  <<: *b\n  name: eth1\n")
        #expect(error == nil)
        let merged = docs.first?["if"]
        #expect(merged?["name"]?.string == "eth1")
        #expect(merged?["mtu"]?.int64 == 1500)
        #expect(merged?.members?.map(\.key) == ["name", "mtu", "state"])
    }

    @Test func billionLaughsIsStoppedQuickly() {
        var text = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
        var prev = "a"
        for name in ["b", "c", "d", "e", "f", "g", "h", "i"] {
            text += "\(name): &\(name) [" + Array(repeating: "*\(prev)", count: 9).joined(separator: ",") + "]\n"
            prev = name
        }
        let (_, error) = loader.loadStream(text)
        #expect(error?.code == .aliasBudget)
    }

    @Test func aliasBombUsedAsKeyIsStopped() {
        var text = "a: &a [x,x,x,x,x,x,x,x,x,x]\n"
        var prev = "a"
        for name in ["b", "c", "d", "e", "f", "g"] {
            text += "\(name): &\(name) [" + Array(repeating: "*\(prev)", count: 10).joined(separator: ",") + "]\n"
            prev = name
        }
        text += "? *g\n: boom\n"
        let (_, error) = loader.loadStream(text)
        #expect(error?.code == .aliasBudget)
    }

    @Test func ordinaryAliasesAndMergeKeysWork() throws {
        let v = try loader.loadSingle("""
        base: &base {mtu: 9000, state: up}
        eth0:
          <<: *base
          mtu: 1500
        list: [*base]
        """)
        #expect(v["eth0"]?["mtu"]?.int64 == 1500)
        #expect(v["eth0"]?["state"]?.string == "up")
        #expect(v["list"]?[0]?["mtu"]?.int64 == 9000)
    }

    @Test func deepNestingIsRejected() {
        let text = String(repeating: "[", count: 500) + String(repeating: "]", count: 500)
        let (_, error) = loader.loadStream(text)
        #expect(error?.code == .tooDeep)
    }

    @Test func oversizeInputIsRejectedBeforeParsing() {
        let small = YAMLLoader(limits: LoadLimits(maxBytes: 16))
        let (_, error) = small.loadStream("interfaces: [a, b, c, d, e]")
        #expect(error?.code == .tooLarge)
    }

    @Test func undefinedAliasIsAnError() {
        let (_, error) = loader.loadStream("a: *nope\n")
        #expect(error != nil)
    }

    @Test func invalidUTF8IsAnError() {
        let (_, error) = loader.loadStream([0x61, 0x3A, 0x20, 0xFF, 0xFE, 0x0A])
        #expect(error != nil)
    }
}
