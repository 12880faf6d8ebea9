import GuardCore
import Testing

@testable import CertRotation

@Suite("Rotation intervals and options")
struct RotationIntervalsTests {
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
