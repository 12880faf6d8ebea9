import GuardCore
import Testing

@Suite("Base64")
struct Base64Tests {
    @Test(arguments: [
        ("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy"),
    ])
    func encodesAndDecodesTheRFC4648Vectors(_ plain: String, _ encoded: String) {
        #expect(Base64.encode(plain) == encoded)
        #expect(Base64.encode(Array(plain.utf8)) == encoded)
        #expect(Base64.decode(encoded) == Array(plain.utf8))
    }

    @Test func everyByteValueRoundTrips() {
        let all = (0...255).map(UInt8.init)
        for length in [0, 1, 2, 3, 254, 255, 256] {
            let bytes = Array(all.prefix(length))
            #expect(Base64.decode(Base64.encode(bytes)) == bytes)
        }
    }

    @Test func appendsToExistingBytes() {
        var out = Array("x=".utf8)
        Base64.encode([0xFF, 0xFE], into: &out)
        #expect(String(decoding: out, as: UTF8.self) == "x=//4=")
    }

    @Test(arguments: ["Zg=", "Z=g=", "Zm9v!A==", "Zg", "Zm9v\n", "Zg==Zg==", "====", "Zm9v_-==", "Z==="])
    func strictDecodingRefusesAnythingButPaddedStandardBase64(_ text: String) {
        #expect(Base64.decode(text) == nil)
    }

    @Test func lenientDecodingIgnoresWhitespaceAndSuppliesPadding() {
        #expect(Base64.decodeLenient("Zm9v\nYmFy\n") == Array("foobar".utf8))
        #expect(Base64.decodeLenient(" Zg ") == Array("f".utf8))
        #expect(Base64.decodeLenient("Zm8") == Array("fo".utf8))
        #expect(Base64.decodeLenient("\tZm9vYg==\r\n") == Array("foob".utf8))
    }

    @Test(arguments: ["Z", "Zm9vY", "Zm9v!", "Zg=g"])
    func lenientDecodingStillRefusesWhatCannotBeBase64(_ text: String) {
        #expect(Base64.decodeLenient(text) == nil)
    }
}
