import SourceModel
import Testing
import WebhookServer

@testable import Admission

@Suite("HTTP boundary")
struct HTTPTests {
    func errorBody(_ response: HTTPResponse) -> (error: String?, reason: String?) {
        guard let v = try? JSONReader().parse(response.body) else { return (nil, nil) }
        return (v["error"]?.string, v["reason"]?.string)
    }

    @Test("unknown paths are 404")
    func notFound() throws {
        let metrics = RecordingMetrics()
        let controller = makeController(metrics: metrics)
        for path in ["/", "/validate/", "/VALIDATE", "/readyz", "/nodenetworkconfigurationpolicies-progress-validate"] {
            let r = post(controller, path, try Fixtures.bytes("update-bond-vlan.json"))
            #expect(r.status == 404, "\(path)")
            #expect(r.contentType == "application/json")
            #expect(errorBody(r).reason == "NotFound")
            #expect(errorBody(r).error?.contains("/validate") == true)
        }
        #expect(metrics.count(AdmissionMetricNames.requestsTotal, [("endpoint", "unknown"), ("decision", "error")]) == 5)
    }

    @Test("methods other than POST are 405 with Allow")
    func methodNotAllowed() {
        let controller = makeController()
        for method in ["GET", "PUT", "HEAD", "post"] {
            let r = controller.handle(HTTPRequest(method: method, path: "/validate", contentType: "application/json"))
            #expect(r.status == 405, "\(method)")
            #expect(errorBody(r).reason == "MethodNotAllowed")
            #expect(r.headers.contains { $0.0 == "Allow" && $0.1 == "POST" })
        }
    }

    @Test("content types", arguments: [
        ("application/json", 200),
        ("application/json; charset=utf-8", 200),
        ("Application/JSON;charset=\"UTF-8\"", 200),
        (" application/json ; foo=bar", 200),
        (nil, 415),
        ("", 415),
        ("text/plain", 415),
        ("application/jsonx", 415),
        ("application/yaml", 415),
        ("application/json; charset=utf-16", 415),
    ] as [(String?, Int)])
    func contentTypes(contentType: String?, status: Int) throws {
        let r = post(makeController(), "/validate", try Fixtures.bytes("update-bond-vlan.json"), contentType: contentType)
        #expect(r.status == status)
        if status == 415 { #expect(errorBody(r).reason == "UnsupportedMediaType") }
    }

    @Test("bad bodies are 400 with a reason", arguments: [
        ("", "InvalidJSON"),
        ("{", "InvalidJSON"),
        (#"{"a":1,"a":2}"#, "InvalidJSON"),
        (#""AdmissionReview""#, "NotAdmissionReview"),
        (#"{"apiVersion":"v1","kind":"Pod"}"#, "NotAdmissionReview"),
        (#"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","response":{"uid":"u","allowed":true}}"#, "NotAdmissionReview"),
        (#"{"apiVersion":"admission.k8s.io/v1alpha1","kind":"AdmissionReview","request":{}}"#, "UnsupportedVersion"),
        (#"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"operation":"CREATE"}}"#, "MissingUID"),
        (#"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":7}}"#, "MissingUID"),
        (#"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u","operation":"CREATE"}}"#, "InvalidRequest"),
    ])
    func badBodies(body: String, reason: String) {
        let metrics = RecordingMetrics()
        let logs = LogRecorder()
        let r = post(makeController(metrics: metrics, logs: logs), "/validate", Array(body.utf8))
        #expect(r.status == 400)
        let (error, gotReason) = errorBody(r)
        #expect(gotReason == reason)
        #expect(error?.isEmpty == false)
        #expect(metrics.count(AdmissionMetricNames.requestsTotal, [("endpoint", "validate"), ("decision", "error")]) == 1)
        #expect(logs.lines.count == 1)
        #expect(r.logFields.contains { $0.0 == "reason" && $0.1 == reason })
    }

    @Test("oversized bodies are 413")
    func tooLarge() {
        let big = Array("{\"a\":\"".utf8) + [UInt8](repeating: UInt8(ascii: "x"), count: 3 * 1024 * 1024) + Array("\"}".utf8)
        let r = post(makeController(), "/validate", big)
        #expect(r.status == 413)
        #expect(errorBody(r).reason == "RequestEntityTooLarge")
    }

    @Test("every fixture gets a 200 on every endpoint")
    func fixturesEverywhere() throws {
        let controller = makeController()
        for fixture in ["update-bond-vlan.json", "update-in-progress.json", "update-status.json", "create-bond-vlan.json",
                        "create-v1beta1.json", "create-invalid.json", "create-configmap.json", "delete-bond-vlan.json"] {
            let body = try Fixtures.bytes(fixture)
            let uid = try AdmissionReviewDecoder.decodeRequest(body).uid
            for endpoint in AdmissionEndpoint.allCases {
                let r = post(controller, endpoint.rawValue, body)
                #expect(r.status == 200)
                let decoded = try AdmissionReviewDecoder.decodeResponse(r.body)
                #expect(decoded.response.uid == uid)
                // Validating endpoints never patch.
                if endpoint.action == .validate { #expect(decoded.response.patch == nil) }
            }
        }
    }
}
