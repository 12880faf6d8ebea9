import GuardCore
import PolicyRules
import SourceModel
import Testing

@testable import Admission

@Suite("AdmissionReview codec")
struct CodecTests {
    @Test("decodes the v1 UPDATE fixture")
    func decodeUpdate() throws {
        let request = try AdmissionReviewDecoder.decodeRequest(try Fixtures.bytes("update-bond-vlan.json"))
        #expect(request.version == .v1)
        #expect(request.uid == "6f1d2a4b-8c3e-4f5a-9b7c-1d2e3f4a5b6c")
        #expect(request.kind == .nodeNetworkConfigurationPolicy)
        #expect(request.resource == .nodeNetworkConfigurationPolicies)
        #expect(request.subResource == "")
        #expect(request.operation == .update)
        #expect(request.name == "bond0-vlan102")
        #expect(request.username == "kubernetes-admin")
        #expect(request.dryRun == false)
        #expect(request.isNodeNetworkConfigurationPolicy)
        #expect(request.object?.at("spec", "desiredState", "interfaces")?.sequence?.count == 5)
        #expect(request.oldObject?.parsed.at("status", "conditions")?.sequence?.count == 4)
        // Locations survive, for diagnostics.
        #expect(request.object?.location.isKnown == true)
        // managedFields are checked for syntax but not kept; the rest of
        // metadata is.
        let body = try Fixtures.bytes("update-bond-vlan.json")
        let full = try JSONReader().parse(body)
        #expect(full.at("request", "oldObject", "metadata", "managedFields") != nil)
        for object in [request.object, request.oldObject?.parsed] {
            #expect(object?.at("metadata", "managedFields") == nil)
            #expect(object?.at("metadata", "resourceVersion") != nil)
        }
        var expected = try #require(full.at("request", "object"))
        var metadata = try #require(expected["metadata"])
        metadata.remove("managedFields")
        expected.set("metadata", metadata)
        #expect(request.object == expected)
        // The old desired state stays text until someone asks for it.
        #expect(request.oldObject?.parsed.at("spec", "desiredState") == nil)
        #expect(request.oldObject?.parsed.at("spec", "nodeSelector") != nil)
        #expect(request.oldObject?.desiredStateJSON != nil)
        var expectedOld = try #require(full.at("request", "oldObject"))
        var oldMetadata = try #require(expectedOld["metadata"])
        oldMetadata.remove("managedFields")
        expectedOld.set("metadata", oldMetadata)
        #expect(request.oldObject?.complete == expectedOld)
        #expect(request.oldObject?.complete.at("spec", "desiredState")?.location.isKnown == true)
    }

    @Test("a request decoded from other formatting round-trips equal")
    func prettyRoundTrip() throws {
        let compact = try Fixtures.bytes("update-bond-vlan.json")
        let text = String(decoding: compact, as: UTF8.self)
        let pretty = Array(text.replacing(#",""#, with: ", \"").utf8)
        let a = try AdmissionReviewDecoder.decodeRequest(compact)
        let b = try AdmissionReviewDecoder.decodeRequest(pretty)
        #expect(a.oldObject?.desiredStateJSON != b.oldObject?.desiredStateJSON)
        #expect(a == b)
        #expect(try AdmissionReviewDecoder.decodeRequest(AdmissionReviewEncoder.encode(b)) == b)
        // A duplicate key inside the unread old desired state is still an error.
        let duplicated = text.replacing(#""desiredState":{"#, with: #""desiredState":{"x":1,"x":2,"#)
        #expect(duplicated != text)
        #expect(throws: AdmissionReviewError.self) { try AdmissionReviewDecoder.decodeRequest(Array(duplicated.utf8)) }
    }

    @Test("fuzz regression: a request round-trips with its old desired state kept as text")
    func fuzzRoundTripOldDesiredState() throws {
        // FuzzAdmissionReview found this while the request type compared the
        // kept text byte for byte; the re-encoded text differs in form only.
        let body = try Fixtures.bytes("fuzz/request-round-trip-old-desired-state.bin")
        let request = try AdmissionReviewDecoder.decodeRequest(body)
        #expect(request.oldObject?.desiredStateJSON != nil)
        let again = try AdmissionReviewDecoder.decodeRequest(AdmissionReviewEncoder.encode(request))
        #expect(again == request)
    }

    @Test("spec comparison against the old desired state's text")
    func specUnchanged() throws {
        let request = try AdmissionReviewDecoder.decodeRequest(try Fixtures.bytes("update-bond-vlan.json"))
        let object = try #require(request.object)
        let old = try #require(request.oldObject?.complete)
        #expect(request.specUnchanged(object: object) == ((object["spec"] ?? .null) == (old["spec"] ?? .null)))
        #expect(request.specUnchanged(object: old))
        // Same spec, keys written in another order: unchanged.
        var reordered = old
        var spec = try #require(old["spec"])
        let desired = try #require(spec["desiredState"])
        spec.remove("desiredState")
        spec.set("desiredState", .mapping((desired.members ?? []).reversed()))
        reordered.set("spec", spec)
        #expect(request.specUnchanged(object: reordered))
        // A desired state dropped, or another spec field changed: changed.
        var dropped = old
        var noDesired = try #require(old["spec"])
        noDesired.remove("desiredState")
        dropped.set("spec", noDesired)
        #expect(!request.specUnchanged(object: dropped))
        var moved = old
        var otherSpec = try #require(old["spec"])
        otherSpec.set("maxUnavailable", .string("10%"))
        moved.set("spec", otherSpec)
        #expect(!request.specUnchanged(object: moved))
        // Built in code (no text): plain equality.
        var built = request
        built.oldObject = OldObject(old)
        #expect(built.specUnchanged(object: old) && !built.specUnchanged(object: dropped))
    }

    @Test("decodes v1beta1, dryRun and null oldObject")
    func decodeV1beta1() throws {
        let request = try AdmissionReviewDecoder.decodeRequest(try Fixtures.bytes("create-v1beta1.json"))
        #expect(request.version == .v1beta1)
        #expect(request.kind.version == "v1beta1")
        #expect(request.isNodeNetworkConfigurationPolicy)
        #expect(request.dryRun)
        #expect(request.oldObject == nil)
        #expect(request.operation == .create)
    }

    @Test("decodes DELETE with a null object and a status subresource")
    func decodeDeleteAndStatus() throws {
        let delete = try AdmissionReviewDecoder.decodeRequest(try Fixtures.bytes("delete-bond-vlan.json"))
        #expect(delete.object == nil)
        #expect(delete.oldObject != nil)
        let status = try AdmissionReviewDecoder.decodeRequest(try Fixtures.bytes("update-status.json"))
        #expect(status.subResource == "status")
    }

    @Test("request round trip", arguments: AdmissionReviewVersion.allCases)
    func requestRoundTrip(version: AdmissionReviewVersion) throws {
        let original = AdmissionRequest(
            version: version, uid: "7e4c\"quoted\"", subResource: "status", operation: .update,
            name: "p1", object: json(#"{"metadata":{"name":"p1"},"spec":{"desiredState":{"a/b~c":"é\n"}}}"#),
            oldObject: json(#"{"metadata":{"name":"p1"}}"#), dryRun: true, username: "system:serviceaccount:nmstate:x"
        )
        let decoded = try AdmissionReviewDecoder.decodeRequest(AdmissionReviewEncoder.encode(original))
        #expect(decoded == original)
    }

    @Test("response round trip", arguments: AdmissionReviewVersion.allCases)
    func responseRoundTrip(version: AdmissionReviewVersion) throws {
        let responses = [
            AdmissionResponse.allow("u1"),
            AdmissionResponse.allow("u2", warnings: ["spec: first \"quoted\"", "second"]),
            AdmissionResponse.deny("u3", message: "NodeNetworkConfigurationPolicy \"p\" rejected by nncp-guard: a [r]", warnings: ["w"]),
            AdmissionResponse(uid: "u4", allowed: true, patch: JSONPatch([
                .add(path: "/metadata/annotations/nmstate.io~1webhook-mutating-timestamp", value: .string("1")),
                .remove(path: "/status/conditions"),
                .replace(path: "/a~0b", value: json(#"{"x":[1,2.5,null,true]}"#)),
            ])),
        ]
        for response in responses {
            let bytes = AdmissionReviewEncoder.encode(response, version: version)
            let (v, decoded) = try AdmissionReviewDecoder.decodeResponse(bytes)
            #expect(v == version)
            #expect(decoded == response)
        }
    }

    @Test("response bytes are exactly what the apiserver expects")
    func exactBytes() {
        let allow = AdmissionReviewEncoder.encode(.allow("abc"), version: .v1)
        #expect(String(decoding: allow, as: UTF8.self) == #"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","response":{"uid":"abc","allowed":true}}"#)
        let deny = AdmissionReviewEncoder.encode(.deny("abc", message: "no"), version: .v1beta1)
        #expect(String(decoding: deny, as: UTF8.self) == #"{"apiVersion":"admission.k8s.io/v1beta1","kind":"AdmissionReview","response":{"uid":"abc","allowed":false,"status":{"code":403,"reason":"Forbidden","message":"no"}}}"#)
        // The documented example from the Kubernetes docs: same patch, compact JSON.
        let patch = JSONPatch([.add(path: "/spec/replicas", value: .int(3))])
        let patched = AdmissionReviewEncoder.encode(AdmissionResponse(uid: "abc", allowed: true, patch: patch), version: .v1)
        #expect(String(decoding: patched, as: UTF8.self) == #"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","response":{"uid":"abc","allowed":true,"patchType":"JSONPatch","patch":"W3sib3AiOiJhZGQiLCJwYXRoIjoiL3NwZWMvcmVwbGljYXMiLCJ2YWx1ZSI6M31d"}}"#)
    }

    @Test("an empty patch sends neither patch nor patchType")
    func emptyPatchOmitted() {
        let bytes = AdmissionReviewEncoder.encode(AdmissionResponse(uid: "u", allowed: true, patch: JSONPatch()), version: .v1)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(!text.contains("patch"))
    }

    @Test("malformed reviews are typed errors", arguments: [
        ("not json", AdmissionReviewError.Code.invalidJSON),
        ("", .invalidJSON),
        (#"[1,2]"#, .notAdmissionReview),
        (#"{"apiVersion":"admission.k8s.io/v1","kind":"Pod"}"#, .notAdmissionReview),
        (#"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview"}"#, .notAdmissionReview),
        (#"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":[]}"#, .notAdmissionReview),
        (#"{"apiVersion":"admission.k8s.io/v2","kind":"AdmissionReview","request":{"uid":"u"}}"#, .unsupportedVersion),
        (#"{"kind":"AdmissionReview","request":{"uid":"u"}}"#, .unsupportedVersion),
        (#"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"operation":"CREATE"}}"#, .missingUID),
        (#"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"","operation":"CREATE"}}"#, .missingUID),
        (#"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u","operation":"PATCH","kind":{"kind":"X"}}}"#, .invalidRequest),
        (#"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u","operation":"CREATE"}}"#, .invalidRequest),
    ])
    func malformed(body: String, code: AdmissionReviewError.Code) {
        #expect(throws: AdmissionReviewError.self) { try AdmissionReviewDecoder.decodeRequest(Array(body.utf8)) }
        do {
            _ = try AdmissionReviewDecoder.decodeRequest(Array(body.utf8))
        } catch {
            #expect(error.code == code)
        }
    }

    @Test("base64 matches RFC 4648 test vectors")
    func base64Vectors() {
        let vectors = ["": "", "f": "Zg==", "fo": "Zm8=", "foo": "Zm9v", "foob": "Zm9vYg==", "fooba": "Zm9vYmE=", "foobar": "Zm9vYmFy"]
        for (plain, encoded) in vectors {
            #expect(Base64.encode(Array(plain.utf8)) == encoded)
            #expect(Base64.decode(encoded) == Array(plain.utf8))
        }
        let all = (0...255).map { UInt8($0) }
        #expect(Base64.decode(Base64.encode(all)) == all)
        #expect(Base64.decode("Zg=") == nil)
        #expect(Base64.decode("Z=g=") == nil)
        #expect(Base64.decode("Zm9v!A==") == nil)
    }
}
