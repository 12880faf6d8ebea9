import GuardCore
import Testing

@Suite("JSON string escaping")
struct JSONStringTests {
    @Test(arguments: [
        ("plain", "\"plain\""),
        ("", "\"\""),
        ("say \"hi\"", "\"say \\\"hi\\\"\""),
        ("C:\\path", "\"C:\\\\path\""),
        ("a\nb\rc\td", "\"a\\nb\\rc\\td\""),
        ("\u{0}\u{1}\u{8}\u{c}\u{1f}", "\"\\u0000\\u0001\\u0008\\u000c\\u001f\""),
        ("caf\u{e9} \u{1F600} \u{7f}", "\"caf\u{e9} \u{1F600} \u{7f}\""),
        ("/", "\"/\""),
    ])
    func escapesQuotesBackslashesAndControlCharactersOnly(_ raw: String, _ json: String) {
        #expect(JSONString.quoted(raw) == json)
        #expect(JSONString.quoted(raw[...]) == json)
    }

    @Test func appendsAfterExistingBytes() {
        var out = Array("{\"k\":".utf8)
        JSONString.append("v\n", to: &out)
        #expect(String(decoding: out, as: UTF8.self) == "{\"k\":\"v\\n\"")
    }
}
