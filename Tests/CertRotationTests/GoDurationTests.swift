import Testing
@testable import CertRotation

@Suite("Go durations and rotation options")
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
        let error = #expect(throws: CertRotationError.self) { try GoDuration.parse(text) }
        #expect(error?.code == .invalidDuration)
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

    @Test func upstreamDefaults() throws {
        let defaults = RotationIntervals.upstreamDefaults
        #expect(GoDuration.format(defaults.caValidity) == "8760h0m0s")
        #expect(GoDuration.format(defaults.caOverlap) == "24h0m0s")
        #expect(GoDuration.format(defaults.certificateValidity) == "4380h0m0s")
        #expect(GoDuration.format(defaults.certificateOverlap) == "24h0m0s")
        try defaults.validate()
        let parsed = try RotationIntervals(caValidity: "8760h0m0s", caOverlap: "24h", certificateValidity: nil, certificateOverlap: "1440m")
        #expect(parsed == defaults)
    }

    @Test(arguments: [
        (["8760h", "8761h", "4380h", "24h"], "failed validating certificate options, 'CAOverlapInterval' has to be <= 'CARotateInterval'"),
        (["8760h", "24h", "8761h", "24h"], "failed validating certificate options, 'CertRotateInterval' has to be <= 'CARotateInterval'"),
        (["8760h", "24h", "4380h", "4381h"], "failed validating certificate options, 'CertOverlapInterval' has to be <= 'CertRotateInterval'"),
        (["8760h", "8760h", "4380h", "24h"], "failed validating certificate options, 'CAOverlapInterval' has to be < 'CARotateInterval' (equal values rotate on every pass)"),
        (["8760h", "24h", "4380h", "4380h"], "failed validating certificate options, 'CertOverlapInterval' has to be < 'CertRotateInterval' (equal values rotate on every pass)"),
        (["0", "24h", "4380h", "24h"], "failed validating certificate options, 'CARotateInterval' has to be > 0"),
        (["8760h", "-1h", "4380h", "24h"], "failed validating certificate options, 'CAOverlapInterval' has to be > 0"),
    ])
    func validationMessagesFollowUpstream(_ values: [String], _ message: String) throws {
        let intervals = try RotationIntervals(caValidity: values[0], caOverlap: values[1], certificateValidity: values[2], certificateOverlap: values[3])
        let error = #expect(throws: CertRotationError.self) { try intervals.validate() }
        #expect(error?.code == .invalidOptions)
        #expect(error?.description == message)
    }

    @Test func parseErrorsNameTheOption() {
        let error = #expect(throws: CertRotationError.self) {
            try RotationIntervals(caValidity: "1y", caOverlap: nil, certificateValidity: nil, certificateOverlap: nil)
        }
        #expect(error?.description == "'CARotateInterval': invalid duration \"1y\": unknown unit \"y\" (one of h, m, s, ms, us, ns)")
    }

    @Test func optionsNeedANameForTheServingCertificate() {
        let options = RotationOptions(serving: ServingCertificateRequest())
        let error = #expect(throws: CertRotationError.self) { try options.validate() }
        #expect(error?.code == .invalidOptions)
        #expect(throws: CertRotationError.self) {
            try RotationOptions(serving: ServingCertificateRequest(serviceName: "svc", namespace: "ns", ipAddresses: ["10.0.0.300"])).validate()
        }
        #expect(throws: Never.self) { try RotationOptions.test().validate() }
    }
}
