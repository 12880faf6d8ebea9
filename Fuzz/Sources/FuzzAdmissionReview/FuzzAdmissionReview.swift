// libFuzzer entry point: bytes as the body of an AdmissionReview POST →
// the real AdmissionController, the path every apiserver request takes
// after HTTP: AdmissionReviewDecoder → review (the validating rules and
// each of the mutations) → AdmissionReviewEncoder.
//
// Invariants checked besides "no crash / no sanitizer report":
//   * whatever JSONReader accepts, JSONWriter writes back as JSON that
//     JSONReader accepts again and that compares equal (as FuzzJSONPolicy);
//   * `answer` answers every review with an AdmissionReview that decodes
//     and echoes the request's uid and apiVersion, and throws (a typed
//     error) exactly for the bodies the decoder refuses;
//   * for every endpoint action, the encoded response decodes back to the
//     same AdmissionResponse (uid, allowed, status, warnings, patch), and a
//     patch is a JSON array;
//   * a decoded request re-encoded by AdmissionReviewEncoder decodes to the
//     same request.
import FuzzDriver
import Admission
import SourceModel
#if canImport(Glibc)
import Glibc
#endif

let controller = AdmissionController(clock: .fixed(1_767_225_600_000_000_000))
/// One endpoint per distinct action (validate, stamp, clear, initialise).
let endpoints: [AdmissionEndpoint] = [.validate, .mutate, .upstreamMutate, .upstreamStatusMutate]

func fail(_ what: String, _ bytes: [UInt8]) -> Never {
    fatalError("\(what): \(String(decoding: bytes.prefix(2000), as: UTF8.self))")
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAdmissionReview(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let body = Array(UnsafeBufferPointer(start: data, count: size))

    // JSON round trip.
    let reader = JSONReader()
    if let value = try? reader.parse(body) {
        let written = JSONWriter.bytes(value)
        do {
            if try reader.parse(written) != value { fail("JSONWriter round trip changed the value", written) }
        } catch {
            fail("JSONWriter output is not readable JSON (\(error))", written)
        }
    }

    // Bytes in, bytes out, as the server's admission routes call it.
    let answer = try? controller.answer(body, at: .validate)
    let request = try? AdmissionReviewDecoder.decodeRequest(body)
    if let request {
        guard let answer else { fail("a decodable review got no answer", body) }
        guard let (version, decoded) = try? AdmissionReviewDecoder.decodeResponse(answer.body) else {
            fail("the response review does not decode", answer.body)
        }
        if version != request.version || decoded.uid != request.uid { fail("uid or apiVersion not echoed", answer.body) }
    } else if answer != nil {
        fail("an undecodable body got an answer", body)
    }
    guard let request else { return 0 }

    // Every action, and the response codec's round trip.
    for endpoint in endpoints {
        let outcome = controller.review(request, at: endpoint)
        let encoded = AdmissionReviewEncoder.encode(outcome.response, version: request.version)
        guard let (_, decoded) = try? AdmissionReviewDecoder.decodeResponse(encoded) else {
            fail("\(endpoint.rawValue): the encoded response does not decode", encoded)
        }
        var expected = outcome.response
        if expected.patch?.isEmpty == true { expected.patch = nil }  // an empty patch is not written
        if decoded != expected { fail("\(endpoint.rawValue): response round trip changed it", encoded) }
        if let patch = outcome.response.patch, !patch.isEmpty {
            guard let json = try? reader.parse(patch.jsonBytes()), json.sequence != nil else {
                fail("\(endpoint.rawValue): the patch is not a JSON array", patch.jsonBytes())
            }
        }
    }

    // The request codec's round trip.
    let reencoded = AdmissionReviewEncoder.encode(request)
    guard let again = try? AdmissionReviewDecoder.decodeRequest(reencoded) else { fail("a re-encoded request does not decode", reencoded) }
    if again != request { fail("request round trip changed it", reencoded) }
    return 0
}

runFuzzer(fuzzAdmissionReview)
