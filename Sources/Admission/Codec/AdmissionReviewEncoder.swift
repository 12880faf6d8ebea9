import GuardCore
import SourceModel

/// Writes AdmissionReview JSON straight into a byte buffer.
///
/// The response is small and fixed in shape, so it is written field by
/// field instead of building a `Value` first: one buffer, no intermediate
/// tree. Requests can be written too, for fixtures and round-trip tests.
public enum AdmissionReviewEncoder {
    /// The response review for a request of `version`.
    public static func encode(_ response: AdmissionResponse, version: AdmissionReviewVersion) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(160 + (response.status?.message.utf8.count ?? 0) + response.warnings.count * 120)
        out.append(contentsOf: #"{"apiVersion":"#.utf8)
        JSONWriter.writeString(version.rawValue, into: &out)
        out.append(contentsOf: #","kind":"AdmissionReview","response":{"uid":"#.utf8)
        JSONWriter.writeString(response.uid, into: &out)
        out.append(contentsOf: (response.allowed ? #","allowed":true"# : #","allowed":false"#).utf8)
        if let status = response.status {
            out.append(contentsOf: #","status":{"code":"#.utf8)
            out.append(contentsOf: String(status.code).utf8)
            if !status.reason.isEmpty {
                out.append(contentsOf: #","reason":"#.utf8)
                JSONWriter.writeString(status.reason, into: &out)
            }
            if !status.message.isEmpty {
                out.append(contentsOf: #","message":"#.utf8)
                JSONWriter.writeString(status.message, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
        if !response.warnings.isEmpty {
            out.append(contentsOf: #","warnings":["#.utf8)
            for (i, w) in response.warnings.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                JSONWriter.writeString(w, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        }
        if let patch = response.patch, !patch.isEmpty {
            out.append(contentsOf: #","patchType":"JSONPatch","patch":""#.utf8)
            Base64.encode(patch.jsonBytes(), into: &out)
            out.append(UInt8(ascii: "\""))
        }
        out.append(contentsOf: "}}".utf8)
        return out
    }

    /// A request review, as the apiserver would send it (only the fields
    /// ``AdmissionRequest`` keeps).
    public static func encode(_ request: AdmissionRequest) -> [UInt8] {
        var r: [Value.Member] = [
            .init(key: "uid", value: .string(request.uid)),
            .init(key: "kind", value: .mapping([
                "group": .string(request.kind.group), "version": .string(request.kind.version), "kind": .string(request.kind.kind),
            ])),
            .init(key: "resource", value: .mapping([
                "group": .string(request.resource.group), "version": .string(request.resource.version), "resource": .string(request.resource.resource),
            ])),
        ]
        if !request.subResource.isEmpty { r.append(.init(key: "subResource", value: .string(request.subResource))) }
        r.append(.init(key: "name", value: .string(request.name)))
        r.append(.init(key: "namespace", value: .string(request.namespace)))
        r.append(.init(key: "operation", value: .string(request.operation.rawValue)))
        r.append(.init(key: "userInfo", value: .mapping(["username": .string(request.username)])))
        r.append(.init(key: "object", value: request.object ?? .null))
        r.append(.init(key: "oldObject", value: request.oldObject?.complete ?? .null))
        r.append(.init(key: "dryRun", value: .bool(request.dryRun)))
        let review = Value.mapping([
            .init(key: "apiVersion", value: .string(request.version.rawValue)),
            .init(key: "kind", value: .string("AdmissionReview")),
            .init(key: "request", value: .mapping(r)),
        ])
        return JSONWriter.bytes(review)
    }
}
