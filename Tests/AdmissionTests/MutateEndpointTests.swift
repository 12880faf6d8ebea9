import SourceModel
import Testing

@testable import Admission

@Suite("Mutating endpoints")
struct MutateEndpointTests {
    let controller = makeController()
    let timestampKey = "nmstate.io/webhook-mutating-timestamp"

    @Test("/mutate stamps the timestamp with exactly one op", arguments: ["/mutate", "/nodenetworkconfigurationpolicies-timestamp-mutate"])
    func stampExistingAnnotations(path: String) throws {
        let body = try Fixtures.bytes("update-bond-vlan.json")
        let (version, response) = try review(controller, path, body)
        #expect(version == .v1)
        #expect(response.uid == "6f1d2a4b-8c3e-4f5a-9b7c-1d2e3f4a5b6c")
        #expect(response.allowed)
        #expect(response.status == nil)
        let patch = try #require(response.patch)
        #expect(patch.operations == [.add(path: "/metadata/annotations/nmstate.io~1webhook-mutating-timestamp", value: .string(String(fixedNanos)))])
        let object = try #require(try AdmissionReviewDecoder.decodeRequest(body).object)
        let patched = try applyPatch(patch, to: object)
        #expect(patched.at("metadata", "annotations", timestampKey) == .string("1716582405477407436"))
        // Nothing else changed.
        var expected = object
        var meta = try #require(expected["metadata"])
        var annotations = try #require(meta["annotations"])
        annotations.set(timestampKey, .string(String(fixedNanos)))
        meta.set("annotations", annotations)
        expected.set("metadata", meta)
        #expect(patched == expected)
    }

    @Test("/mutate adds the annotations map when there is none")
    func stampNoAnnotations() throws {
        let body = try Fixtures.bytes("create-bond-vlan.json")
        let (_, response) = try review(controller, "/mutate", body)
        let patch = try #require(response.patch)
        #expect(patch.operations == [.add(path: "/metadata/annotations", value: .mapping([timestampKey: .string(String(fixedNanos))]))])
        let object = try #require(try AdmissionReviewDecoder.decodeRequest(body).object)
        let patched = try applyPatch(patch, to: object)
        #expect(patched.at("metadata", "annotations")?.members?.count == 1)
        #expect(patched.at("metadata", "name") == .string("bond0-vlan102"))
        #expect(patched["spec"] == object["spec"])
    }

    @Test("/mutate answers v1beta1 in v1beta1")
    func stampV1beta1() throws {
        let (version, response) = try review(controller, "/mutate", try Fixtures.bytes("create-v1beta1.json"))
        #expect(version == .v1beta1)
        #expect(response.uid == "c4d6e8f0-1a3b-4c5d-8e7f-9a0b1c2d3e4f")
        #expect(response.patch?.operations.count == 1)
    }

    @Test("the stamp is a decimal Unix-nanosecond string that grows")
    func systemClock() throws {
        let live = makeController(clock: .system)
        let body = requestBody("UPDATE", object: json(#"{"metadata":{"name":"p","annotations":{}}}"#), oldObject: json(#"{"metadata":{"name":"p"}}"#))
        func stamp() throws -> Int64 {
            let (_, response) = try review(live, "/mutate", body)
            guard case .add(_, let value)? = response.patch?.operations.first, let text = value.string, let n = Int64(text) else {
                Issue.record("no timestamp"); return 0
            }
            return n
        }
        let a = try stamp()
        let b = try stamp()
        #expect(a > 1_700_000_000_000_000_000)
        #expect(b >= a)
    }

    @Test("mutating endpoints leave DELETE, CONNECT and other kinds alone", arguments: AdmissionEndpoint.allCases)
    func untouched(endpoint: AdmissionEndpoint) throws {
        for fixture in ["delete-bond-vlan.json", "create-configmap.json"] {
            let (_, response) = try review(controller, endpoint.rawValue, try Fixtures.bytes(fixture))
            #expect(response.allowed)
            #expect(response.patch == nil)
            #expect(response.warnings.isEmpty)
        }
        let connect = requestBody("CONNECT", object: nil)
        let (_, response) = try review(controller, endpoint.rawValue, connect)
        #expect(response.allowed)
        #expect(response.patch == nil)
    }

    // MARK: - /nodenetworkconfigurationpolicies-mutate

    @Test("upstream mutate removes non-empty conditions")
    func clearConditions() throws {
        let body = try Fixtures.bytes("update-bond-vlan.json")
        let (_, response) = try review(controller, "/nodenetworkconfigurationpolicies-mutate", body)
        let patch = try #require(response.patch)
        #expect(patch.operations == [.remove(path: "/status/conditions")])
        let object = try #require(try AdmissionReviewDecoder.decodeRequest(body).object)
        let patched = try applyPatch(patch, to: object)
        #expect(patched.at("status", "conditions") == nil)
        #expect(patched.at("status", "lastUnavailableNodeCountUpdate") != nil)
    }

    @Test("upstream mutate sends no patch without conditions", arguments: [
        #"{"metadata":{"name":"p"},"spec":{}}"#,
        #"{"metadata":{"name":"p"},"status":{}}"#,
        #"{"metadata":{"name":"p"},"status":{"conditions":[]}}"#,
        #"{"metadata":{"name":"p"},"status":{"conditions":null}}"#,
    ])
    func clearNothing(object: String) throws {
        let (_, response) = try review(controller, "/nodenetworkconfigurationpolicies-mutate", requestBody("CREATE", object: json(object)))
        #expect(response.allowed)
        #expect(response.patch == nil)
    }

    // MARK: - /nodenetworkconfigurationpolicies-status-mutate

    @Test("status mutate sets four Unknown conditions when there are none", arguments: [
        (#"{"metadata":{"name":"p"},"spec":{}}"#, "/status"),
        (#"{"metadata":{"name":"p"},"status":null}"#, "/status"),
        (#"{"metadata":{"name":"p"},"status":{}}"#, "/status/conditions"),
        (#"{"metadata":{"name":"p"},"status":{"conditions":[]}}"#, "/status/conditions"),
        (#"{"metadata":{"name":"p"},"status":{"conditions":null,"x":1}}"#, "/status/conditions"),
    ])
    func initializeConditions(object: String, path: String) throws {
        let doc = json(object)
        let (_, response) = try review(controller, "/nodenetworkconfigurationpolicies-status-mutate", requestBody("UPDATE", object: doc, oldObject: doc, subResource: "status"))
        let patch = try #require(response.patch)
        #expect(patch.operations.count == 1)
        #expect(patch.operations.first?.path == path)
        let patched = try applyPatch(patch, to: doc)
        let conditions = try #require(patched.at("status", "conditions")?.sequence)
        #expect(conditions.compactMap { $0["type"]?.string } == ["Available", "Degraded", "Progressing", "Ignored"])
        for c in conditions {
            #expect(c["status"] == .string("Unknown"))
            #expect(c["lastHeartbeatTime"] == .string("2024-05-24T20:26:45Z"))
            #expect(c["lastTransitionTime"] == .string("2024-05-24T20:26:45Z"))
            #expect(c["reason"] == nil)
            #expect(c["message"] == nil)
        }
        if doc.at("status", "x") != nil { #expect(patched.at("status", "x") == .int(1)) }
    }

    @Test("status mutate leaves existing conditions alone")
    func initializeNothing() throws {
        let (_, response) = try review(controller, "/nodenetworkconfigurationpolicies-status-mutate", try Fixtures.bytes("update-status.json"))
        #expect(response.allowed)
        #expect(response.patch == nil)
    }

    @Test("an NNCP review without an object is refused, not patched")
    func noObject() throws {
        for endpoint in AdmissionEndpoint.allCases {
            let (_, response) = try review(controller, endpoint.rawValue, requestBody("CREATE", object: nil))
            #expect(!response.allowed)
            #expect(response.status?.code == 400)
            #expect(response.status?.reason == "BadRequest")
            #expect(response.patch == nil)
        }
    }
}
