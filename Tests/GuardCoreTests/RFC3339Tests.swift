import GuardCore
import Testing

@Suite("RFC 3339 timestamps")
struct RFC3339Tests {
    @Test(arguments: [
        (Int64(0), "1970-01-01T00:00:00Z"),
        (Int64(-1), "1969-12-31T23:59:59Z"),
        (Int64(951_782_400), "2000-02-29T00:00:00Z"),
        (Int64(1_709_164_800), "2024-02-29T00:00:00Z"),
        (Int64(4_102_444_799), "2099-12-31T23:59:59Z"),
        (Int64(1_716_582_405), "2024-05-24T20:26:45Z"),
    ])
    func formatsWholeSecondsInUTC(_ seconds: Int64, _ text: String) {
        #expect(RFC3339.format(unixSeconds: seconds) == text)
        #expect(RFC3339.parse(text)?.unixSeconds == seconds)
    }

    @Test func formatsFractionsTruncatedToTheDigitsAsked() {
        #expect(RFC3339.format(unixSeconds: 0, nanoseconds: 123_456_789, fractionDigits: 6) == "1970-01-01T00:00:00.123456Z")
        #expect(RFC3339.format(unixSeconds: 0, nanoseconds: 999_999_999, fractionDigits: 3) == "1970-01-01T00:00:00.999Z")
        #expect(RFC3339.format(unixSeconds: 0, nanoseconds: 5, fractionDigits: 9) == "1970-01-01T00:00:00.000000005Z")
        #expect(RFC3339.format(unixSeconds: 0, nanoseconds: 0, fractionDigits: 6) == "1970-01-01T00:00:00.000000Z")
    }

    @Test func formatsNanosecondsBeforeAndAfterTheEpoch() {
        #expect(RFC3339.format(unixNanoseconds: 1_716_582_405_123_456_789) == "2024-05-24T20:26:45Z")
        #expect(RFC3339.format(unixNanoseconds: -1) == "1969-12-31T23:59:59Z")
        #expect(RFC3339.format(unixNanoseconds: -1, fractionDigits: 9) == "1969-12-31T23:59:59.999999999Z")
    }

    @Test func appendsInPlace() {
        var out = Array("ts=".utf8)
        RFC3339.append(unixSeconds: 0, to: &out)
        #expect(String(decoding: out, as: UTF8.self) == "ts=1970-01-01T00:00:00Z")
    }

    @Test func parsesFractionsAndOffsets() throws {
        let micro = try #require(RFC3339.parse("2024-05-01T12:34:56.123456Z"))
        #expect(micro.nanoseconds == 123_456_000)
        #expect(RFC3339.format(unixSeconds: micro.unixSeconds, nanoseconds: micro.nanoseconds, fractionDigits: 6) == "2024-05-01T12:34:56.123456Z")
        #expect(RFC3339.parse("2024-05-01T14:34:56+02:00")?.unixSeconds == RFC3339.parse("2024-05-01T12:34:56Z")?.unixSeconds)
        #expect(RFC3339.parse("2024-05-01T10:04:56-02:30")?.unixSeconds == RFC3339.parse("2024-05-01T12:34:56Z")?.unixSeconds)
        #expect(RFC3339.parse("2024-05-01t12:34:56z") != nil)
        #expect(RFC3339.parse("2024-05-01 12:34:56Z") != nil)
        #expect(RFC3339.parse("2024-05-01T12:34:56.1234567891Z")?.nanoseconds == 123_456_789)
    }

    @Test(arguments: [
        "", "yesterday", "2024-13-01T00:00:00Z", "2024-00-10T00:00:00Z", "2023-02-29T00:00:00Z", "2024-04-31T00:00:00Z",
        "2024-05-01T24:00:00Z", "2024-05-01T12:60:00Z", "2024-05-01T12:00:00", "2024-05-01T12:00:00.Z",
        "2024-05-01T12:00:00+0200", "2024-05-01T12:00:00Zjunk", "2024-05-01", "2024/05/01T12:00:00Z",
    ])
    func refusesMalformedTimestamps(_ text: String) {
        #expect(RFC3339.parse(text) == nil)
    }

    @Test func acceptsLeapDaysOnlyInLeapYears() {
        #expect(RFC3339.parse("2000-02-29T00:00:00Z") != nil)
        #expect(RFC3339.parse("2024-02-29T00:00:00Z") != nil)
        #expect(RFC3339.parse("1900-02-29T00:00:00Z") == nil)
        #expect(RFC3339.parse("2100-02-29T00:00:00Z") == nil)
    }
}
