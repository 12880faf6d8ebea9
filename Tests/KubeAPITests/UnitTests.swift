import Foundation
import SourceModel
import Testing
@testable import KubeAPI

@Suite("paths, queries, errors, time, backoff")
struct UnitTests {
    @Test func pathsAreExactlyWhatKubernetesServes() {
        #expect(APIResource.nodes.collectionPath(namespace: nil) == "/api/v1/nodes")
        #expect(APIResource.nodes.objectPath(name: "worker-0", namespace: nil) == "/api/v1/nodes/worker-0")
        #expect(APIResource.nodeNetworkConfigurationPolicies.collectionPath(namespace: nil)
            == "/apis/nmstate.io/v1/nodenetworkconfigurationpolicies")
        #expect(APIResource.nodeNetworkConfigurationPolicies.objectPath(name: "br1", namespace: nil, subresource: "status")
            == "/apis/nmstate.io/v1/nodenetworkconfigurationpolicies/br1/status")
        #expect(APIResource.nodeNetworkStates.collectionPath(namespace: nil) == "/apis/nmstate.io/v1beta1/nodenetworkstates")
        #expect(APIResource.secrets.collectionPath(namespace: "nmstate") == "/api/v1/namespaces/nmstate/secrets")
        #expect(APIResource.secrets.collectionPath(namespace: nil) == "/api/v1/secrets")
        #expect(APIResource.mutatingWebhookConfigurations.objectPath(name: "nmstate", namespace: nil)
            == "/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations/nmstate")
        #expect(APIResource.validatingWebhookConfigurations.collectionPath(namespace: nil)
            == "/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations")
        #expect(APIResource.leases.objectPath(name: "nncp-guard", namespace: "nmstate")
            == "/apis/coordination.k8s.io/v1/namespaces/nmstate/leases/nncp-guard")
        #expect(APIResource.leases.apiVersion == "coordination.k8s.io/v1")
        #expect(APIResource.leases.description == "leases.coordination.k8s.io")
        // Names cannot escape their segment.
        #expect(APIResource.nodes.objectPath(name: "a/../b?x", namespace: nil) == "/api/v1/nodes/a%2F..%2Fb%3Fx")
        #expect(APIResource.nodes.objectPath(name: "..", namespace: nil) == "/api/v1/nodes/%2E%2E")
    }

    @Test func queryValuesArePercentEncoded() {
        var options = ListOptions(labelSelector: "env in (a,b),!legacy", limit: 50, resourceVersion: "0")
        let request = APIRequest(method: .GET, path: "/api/v1/nodes", query: options.queryItems)
        #expect(request.target == "/api/v1/nodes?labelSelector=env%20in%20%28a%2Cb%29%2C%21legacy&limit=50&resourceVersion=0")
        // With a continue token, resourceVersion is not sent (the server refuses both).
        options.continueToken = "eyJ2Ijo+/=="
        #expect(options.queryItems == [QueryItem("labelSelector", "env in (a,b),!legacy"), QueryItem("limit", "50"), QueryItem("continue", "eyJ2Ijo+/==")])
        #expect(Percent.encode("eyJ2Ijo+/==") == "eyJ2Ijo%2B%2F%3D%3D")
    }

    @Test func watchQuery() {
        let options = WatchOptions(resourceVersion: "123", labelSelector: "a=b", timeoutSeconds: 300)
        #expect(options.queryItems == [
            QueryItem("watch", "true"), QueryItem("resourceVersion", "123"), QueryItem("allowWatchBookmarks", "true"),
            QueryItem("timeoutSeconds", "300"), QueryItem("labelSelector", "a=b"),
        ])
    }

    @Test func statusBodiesAreClassified() {
        func error(_ code: Int, _ reason: String) -> KubeAPIError {
            let body = #"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"m","reason":"\#(reason)","code":\#(code)}"#
            return KubeAPIError.fromResponse(httpStatus: code, body: Array(body.utf8), request: "GET /x")
        }
        #expect(error(404, "NotFound").code == .notFound)
        #expect(error(409, "AlreadyExists").code == .alreadyExists)
        #expect(error(409, "Conflict").code == .conflict)
        #expect(error(410, "Expired").code == .gone)
        #expect(error(410, "Gone").code == .gone)
        #expect(error(401, "Unauthorized").code == .unauthorized)
        #expect(error(403, "Forbidden").code == .forbidden)
        #expect(error(422, "Invalid").code == .invalid)
        #expect(error(429, "TooManyRequests").isRetryable)
        #expect(error(500, "InternalError").code == .other)
        #expect(error(500, "InternalError").isRetryable)
        #expect(!error(409, "Conflict").isRetryable)
        #expect(error(409, "Conflict").message == "m")
        #expect(error(409, "Conflict").reason == "Conflict")
        // A proxy's plain-text error still gets a code from the HTTP status.
        let proxy = KubeAPIError.fromResponse(httpStatus: 403, body: Array("denied by proxy".utf8), request: "GET /x")
        #expect(proxy.code == .forbidden)
        #expect(proxy.message.contains("denied by proxy"))
    }

    @Test func microTime() throws {
        let date = try #require(MicroTime.parse("2024-05-01T12:34:56.123456Z"))
        #expect(MicroTime.format(date) == "2024-05-01T12:34:56.123456Z")
        #expect(MicroTime.format(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000000Z")
        #expect(MicroTime.parse("2024-05-01T14:34:56+02:00") == MicroTime.parse("2024-05-01T12:34:56Z"))
        #expect(MicroTime.parse("2000-02-29T00:00:00Z").map(MicroTime.format) == "2000-02-29T00:00:00.000000Z")
        #expect(MicroTime.parse("2024-13-01T00:00:00Z") == nil)
        #expect(MicroTime.parse("yesterday") == nil)
        let now = Date()
        let roundTrip = try #require(MicroTime.parse(MicroTime.format(now)))
        #expect(abs(roundTrip.timeIntervalSince(now)) < 0.000002)
    }

    @Test func backoffGrowsIsCappedAndJittered() {
        var backoff = Backoff(initial: .milliseconds(100), maximum: .seconds(1), multiplier: 2, jitter: 0.5)
        var delays: [Duration] = []
        for _ in 0..<8 { delays.append(backoff.next()) }
        for (i, d) in delays.enumerated() {
            let base = min(Duration.milliseconds(100) * (1 << i), .seconds(1))
            #expect(d <= base)
            #expect(d >= base / 2)
        }
        backoff.reset()
        #expect(backoff.next() <= .milliseconds(100))
        var exact = Backoff(initial: .milliseconds(10), maximum: .milliseconds(40), multiplier: 2, jitter: 0)
        #expect([exact.next(), exact.next(), exact.next(), exact.next()] == [.milliseconds(10), .milliseconds(20), .milliseconds(40), .milliseconds(40)])
    }

    @Test func listItemsGetTypeMeta() throws {
        let body = try JSONReader().parse(#"{"kind":"NodeList","apiVersion":"v1","metadata":{"resourceVersion":"7","continue":""},"items":[{"metadata":{"name":"a"}}]}"#)
        let list = try ObjectList.decode(body, resource: .nodes, request: "GET /api/v1/nodes")
        #expect(list.resourceVersion == "7")
        #expect(list.continueToken == nil)
        #expect(list.items[0]["kind"]?.string == "Node")
        #expect(list.items[0]["apiVersion"]?.string == "v1")
        #expect(ObjectKey(object: list.items[0]) == ObjectKey(name: "a"))
    }
}
