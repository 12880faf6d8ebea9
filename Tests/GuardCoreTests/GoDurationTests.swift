import GuardCore
import Testing

@Suite("Go durations")
struct GoDurationTests {
    @Test(arguments: [
        ("8760h0m0s", Int64(8760) * 3_600_000_000_000),
        ("4380h0m0s", Int64(4380) * 3_600_000_000_000),
        ("24h", Int64(24) * 3_600_000_000_000),
        ("90m", Int64(90) * 60_000_000_000),
        ("1h30m", Int64(90) * 60_000_000_000),
        ("500ms", Int64(500_000_000)),
        ("1.5h", Int64(90) * 60_000_000_000),
        (".5s", Int64(500_000_000)),
        ("1.s", Int64(1_000_000_000)),
        ("10us", Int64(10_000)),
        ("10\u{00B5}s", Int64(10_000)),
        ("10\u{03BC}s", Int64(10_000)),
        ("7ns", Int64(7)),
        ("0", Int64(0)),
        ("+5s", Int64(5_000_000_000)),
        ("-1m", Int64(-60_000_000_000)),
        ("1h1m1s1ms1us1ns", Int64(3_661_001_001_001)),
        ("2562047h47m16.854775807s", Int64.max),
    ])
    func parsesLikeGo(_ text: String, _ nanoseconds: Int64) throws {
        #expect(try GoDuration.parseNanoseconds(text) == nanoseconds)
    }

    @Test(arguments: [
        ("", "invalid duration \"\": empty"),
        ("10", "invalid duration \"10\": missing unit (one of h, m, s, ms, us, ns)"),
        ("1d", "invalid duration \"1d\": unknown unit \"d\" (one of h, m, s, ms, us, ns)"),
        ("h", "invalid duration \"h\": expected a number at \"h\""),
        (".h", "invalid duration \".h\": a number needs digits"),
        ("-", "invalid duration \"-\": no number after the sign"),
        ("1h 30m", "invalid duration \"1h 30m\": unknown unit \"h \" (one of h, m, s, ms, us, ns)"),
        ("3000000h", "invalid duration \"3000000h\": out of range"),
        ("9223372036854775808ns", "invalid duration \"9223372036854775808ns\": out of range"),
    ])
    func rejectsWithAClearMessage(_ text: String, _ message: String) {
        let error = #expect(throws: DurationError.self) { try GoDuration.parse(text) }
        #expect(error?.text == text)
        #expect(error?.description == message)
    }

    @Test(arguments: [
        (Int64(8760) * 3_600_000_000_000, "8760h0m0s"),
        (Int64(90) * 60_000_000_000, "1h30m0s"),
        (Int64(500_000_000), "500ms"),
        (Int64(1_500_000_000), "1.5s"),
        (Int64(0), "0s"),
        (Int64(1_500), "1.5\u{00B5}s"),
        (Int64(7), "7ns"),
        (Int64(-60_000_000_000), "-1m0s"),
        (Int64.max, "2562047h47m16.854775807s"),
    ])
    func formatsLikeGo(_ nanoseconds: Int64, _ text: String) throws {
        #expect(GoDuration.format(nanoseconds: nanoseconds) == text)
        #expect(try GoDuration.parseNanoseconds(text) == nanoseconds)
    }

    @Test func durationConversions() throws {
        #expect(try GoDuration.parse("1h30m") == .seconds(5400))
        #expect(GoDuration.format(.seconds(4380 * 3600)) == "4380h0m0s")
        #expect(GoDuration.format(.milliseconds(1500)) == "1.5s")
    }

    @Test func negativeDurationsParseAndFormat() throws {
        #expect(try GoDuration.parse("-1s") == .seconds(-1))
        #expect(GoDuration.format(.seconds(-1)) == "-1s")
    }

    @Test func errorsCarryACode() {
        let cases: [(String, DurationError.Code)] = [
            ("", .empty), ("-", .missingNumber), ("10", .missingUnit), ("5y", .unknownUnit), ("1h30", .missingUnit),
            ("99999999999h", .outOfRange),
        ]
        for (text, code) in cases {
            let error = #expect(throws: DurationError.self) { try GoDuration.parse(text) }
            #expect(error?.code == code, "\(text)")
        }
    }

    @Test(arguments: [
        ("90s", Duration.seconds(90)),
        ("1h30m", .seconds(5400)),
        ("500ms", .milliseconds(500)),
        ("30", .seconds(30)),
        ("1.5", .milliseconds(1500)),
        ("0", .zero),
        ("  10s ", .seconds(10)),
    ])
    func flagsTakeGoSyntaxOrBareSeconds(_ text: String, _ expected: Duration) {
        #expect(GoDuration.parseFlag(text) == expected)
    }

    @Test(arguments: ["", "-1s", "-5", "10x", "1d", "s", "1h 30m", "abc"])
    func flagsRefuseNegativeAndMalformedValues(_ text: String) {
        #expect(GoDuration.parseFlag(text) == nil)
    }

    @Test func durationsConvertToSeconds() {
        #expect(Duration.seconds(90).inSeconds == 90)
        #expect(Duration.milliseconds(1500).inSeconds == 1.5)
        #expect(Duration.seconds(-1).inSeconds == -1)
        #expect(Duration.zero.inSeconds == 0)
    }
}
