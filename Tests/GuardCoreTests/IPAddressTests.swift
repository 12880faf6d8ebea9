import GuardCore
import Testing

@Suite("IP address literals")
struct IPAddressTests {
    @Test func parsesIPv4AsNmstateDoes() {
        #expect(IPAddress.parse("192.0.2.1") == .v4(0xC000_0201))
        #expect(IPAddress.parse("0.0.0.0") == .v4(0))
        #expect(IPAddress.parse("255.255.255.255") == .v4(.max))
        #expect(IPAddress.parse("192.0.2.1")?.bytes == [192, 0, 2, 1])
    }

    @Test(arguments: ["01.2.3.4", "1.2.3.04", "00.0.0.0", "256.0.0.1", "1.2.3", "1.2.3.4.5", "1..2.3", "1.2.3.4 ", " 1.2.3.4", "1.2.3.4/24", "a.b.c.d", "", "1.2.3.-4"])
    func refusesIPv4WithLeadingZerosOrWrongShape(_ text: String) {
        #expect(IPAddress.parse(text) == nil)
    }

    @Test func parsesIPv6WithCompressionAndEmbeddedIPv4() {
        #expect(IPAddress.parse("::")?.bytes == Array(repeating: 0, count: 16))
        #expect(IPAddress.parse("::1")?.bytes == Array(repeating: 0, count: 15) + [1])
        #expect(IPAddress.parse("2001:db8::8a2e:370:7334")?.bytes == [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0x8a, 0x2e, 0x03, 0x70, 0x73, 0x34])
        #expect(IPAddress.parse("::ffff:1.2.3.4")?.bytes == Array(repeating: 0, count: 10) + [0xff, 0xff, 1, 2, 3, 4])
        #expect(IPAddress.parse("64:ff9b::192.0.2.33") != nil)
        #expect(IPAddress.parse("FE80:0:0:0:0:0:0:1")?.isIPv6LinkLocal == true)
        #expect(IPAddress.parse("1:2:3:4:5:6:7:8") == .v6([1, 2, 3, 4, 5, 6, 7, 8]))
    }

    @Test(arguments: [
        "fe80::1%eth0", "fe80::1%1", "[::1]", "::1/128", "1::2::3", ":::1", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7",
        "12345::1", "g::1", "::ffff:1.2.3.04", "::1.2.3.4:5", "1:2:3:4:5:6:7:1.2.3.4", ":1::", "1:",
    ])
    func refusesIPv6WithZoneIdsBracketsOrWrongShape(_ text: String) {
        #expect(IPAddress.parse(text) == nil)
    }

    @Test(arguments: [
        ("2001:0db8:85a3:0000:0000:8a2e:0370:7331", "2001:db8:85a3::8a2e:370:7331"),
        ("fe80:0:0:1:0:0:0:1", "fe80:0:0:1::1"),
        ("1:0:0:2:0:0:3:4", "1::2:0:0:3:4"),
        ("1:0:2:0:3:0:4:0", "1:0:2:0:3:0:4:0"),
        ("::ffff:192.0.2.1", "::ffff:192.0.2.1"),
        ("0:0:0:0:0:0:0:0", "::"),
        ("192.0.2.1", "192.0.2.1"),
    ])
    func printsTheCanonicalForm(_ text: String, _ canonical: String) {
        #expect(IPAddress.parse(text)?.description == canonical)
    }

    @Test func bytesRoundTrip() {
        for text in ["10.0.0.5", "2001:db8::1", "::ffff:1.2.3.4", "::"] {
            let address = IPAddress.parse(text)
            #expect(address.flatMap { IPAddress(bytes: $0.bytes) } == address, "\(text)")
        }
        #expect(IPAddress(bytes: [1, 2, 3]) == nil)
        #expect(IPAddress(bytes: []) == nil)
    }

    @Test func masksToAPrefix() {
        #expect(IPAddress.parse("192.0.2.77")?.masked(24).description == "192.0.2.0")
        #expect(IPAddress.parse("2001:db8:1:2::1")?.masked(48).description == "2001:db8:1::")
        #expect(IPAddress.parse("10.1.2.3")?.masked(0).description == "0.0.0.0")
    }
}
