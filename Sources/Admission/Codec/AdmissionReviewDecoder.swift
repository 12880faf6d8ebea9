import GuardCore
import PolicyRules
import SourceModel

/// Reads AdmissionReview requests (and, for tests and tools, responses).
///
/// The body is parsed once with ``JSONReader`` and fields are picked off the
/// tree: `object` and `oldObject` stay `Value`s with source locations, and
/// no Codable or Foundation type is involved.
public enum AdmissionReviewDecoder {
    /// Members of a review left out while parsing: `metadata.managedFields`
    /// of `object` and `oldObject`, which no rule reads (the apiserver
    /// always sends them, and for a policy edited by a few managers they are
    /// a fifth of the body or more), and `oldObject.spec.desiredState`,
    /// which is kept as text (see ``OldObject``). Their syntax is still
    /// checked.
    public enum UnreadMember: Int, CaseIterable, Sendable {
        case objectManagedFields
        case oldObjectManagedFields
        case oldDesiredState

        public var path: [String] {
            switch self {
            case .objectManagedFields: return ["request", "object", "metadata", "managedFields"]
            case .oldObjectManagedFields: return ["request", "oldObject", "metadata", "managedFields"]
            case .oldDesiredState: return ["request", "oldObject", "spec", "desiredState"]
            }
        }
    }

    /// The reader's skip list, in ``UnreadMember`` order: the reader
    /// reports each member's span at its index here.
    private static let unreadPaths = UnreadMember.allCases.sorted { $0.rawValue < $1.rawValue }.map(\.path)

    /// Parses a request body. `object` and `oldObject` come without their
    /// ``UnreadMember``s; the old desired state comes as text.
    public static func decodeRequest(_ body: [UInt8], limits: LoadLimits = .default) throws(AdmissionReviewError) -> AdmissionRequest {
        let root: Value
        let spans: [Range<Int>?]
        do {
            (root, spans) = try body.withUnsafeBufferPointer { (buffer) throws(LoadError) in
                try JSONReader(limits: limits, skippingMembers: unreadPaths).parseRecordingSkipped(buffer)
            }
        } catch {
            if error.code == .tooLarge { throw AdmissionReviewError(.tooLarge, error.message) }
            throw AdmissionReviewError(.invalidJSON, "the body is not valid JSON: \(error)")
        }
        var request = try decodeRequest(root)
        if let old = request.oldObject, let span = spans[UnreadMember.oldDesiredState.rawValue] {
            request.oldObject = OldObject(parsed: old.parsed, desiredStateJSON: Array(body[span]))
        }
        return request
    }

    /// Reads a request from an already parsed review.
    public static func decodeRequest(_ review: Value) throws(AdmissionReviewError) -> AdmissionRequest {
        let version = try envelope(review)
        guard let request = review["request"], request.isMapping else {
            throw AdmissionReviewError(.notAdmissionReview, "an AdmissionReview request needs a `request` object")
        }
        guard let uid = request["uid"]?.string, !uid.isEmpty else {
            throw AdmissionReviewError(.missingUID, "request.uid is missing or empty; it must be echoed in the response")
        }
        guard let opText = request["operation"]?.string else {
            throw AdmissionReviewError(.invalidRequest, "request.operation is missing")
        }
        guard let operation = AdmissionOperation(rawValue: opText) else {
            throw AdmissionReviewError(.invalidRequest, "request.operation \(JSONWriter.quoted(opText)) is not CREATE, UPDATE, DELETE or CONNECT")
        }
        guard let kindValue = request["kind"], kindValue.isMapping, let kindName = kindValue["kind"]?.string else {
            throw AdmissionReviewError(.invalidRequest, "request.kind must be an object with a `kind`")
        }
        let kind = GroupVersionKind(
            group: kindValue["group"]?.string ?? "",
            version: kindValue["version"]?.string ?? "",
            kind: kindName
        )
        let resourceValue = request["resource"]
        let resource = GroupVersionResource(
            group: resourceValue?["group"]?.string ?? "",
            version: resourceValue?["version"]?.string ?? "",
            resource: resourceValue?["resource"]?.string ?? ""
        )
        return AdmissionRequest(
            version: version,
            uid: uid,
            kind: kind,
            resource: resource,
            subResource: request["subResource"]?.string ?? "",
            operation: operation,
            name: request["name"]?.string ?? "",
            namespace: request["namespace"]?.string ?? "",
            object: nonNull(request["object"]),
            oldObject: nonNull(request["oldObject"]),
            dryRun: request["dryRun"]?.bool ?? false,
            username: request.at("userInfo", "username")?.string ?? ""
        )
    }

    /// Reads a response review (what the apiserver would receive). Used by
    /// tests and by tooling that replays reviews; not on the serving path.
    public static func decodeResponse(_ body: [UInt8]) throws(AdmissionReviewError) -> (version: AdmissionReviewVersion, response: AdmissionResponse) {
        let root: Value
        do {
            root = try JSONReader().parse(body)
        } catch {
            throw AdmissionReviewError(.invalidJSON, "the body is not valid JSON: \(error)")
        }
        let version = try envelope(root)
        guard let response = root["response"], response.isMapping else {
            throw AdmissionReviewError(.notAdmissionReview, "an AdmissionReview response needs a `response` object")
        }
        guard let uid = response["uid"]?.string else {
            throw AdmissionReviewError(.missingUID, "response.uid is missing")
        }
        guard let allowed = response["allowed"]?.bool else {
            throw AdmissionReviewError(.invalidRequest, "response.allowed is missing")
        }
        var status: AdmissionStatus?
        if let s = response["status"], s.isMapping {
            status = AdmissionStatus(
                code: Int(s["code"]?.int64 ?? 0),
                reason: s["reason"]?.string ?? "",
                message: s["message"]?.string ?? ""
            )
        }
        let warnings = (response["warnings"]?.sequence ?? []).compactMap(\.string)
        var patch: JSONPatch?
        if let encoded = response["patch"]?.string {
            guard response["patchType"]?.string == "JSONPatch" else {
                throw AdmissionReviewError(.invalidRequest, "response.patch without patchType JSONPatch")
            }
            guard let raw = Base64.decode(encoded) else {
                throw AdmissionReviewError(.invalidRequest, "response.patch is not valid base64")
            }
            let patchJSON: Value
            do {
                patchJSON = try JSONReader().parse(raw)
            } catch {
                throw AdmissionReviewError(.invalidRequest, "response.patch is not JSON: \(error)")
            }
            patch = try JSONPatch(json: patchJSON)
        }
        return (version, AdmissionResponse(uid: uid, allowed: allowed, status: status, warnings: warnings, patch: patch))
    }

    /// Checks `kind` and `apiVersion` at the top of a review.
    static func envelope(_ review: Value) throws(AdmissionReviewError) -> AdmissionReviewVersion {
        guard review.isMapping else {
            throw AdmissionReviewError(.notAdmissionReview, "the body must be a JSON object (an AdmissionReview), got \(review.kindName)")
        }
        let kind = review["kind"]?.string
        guard kind == "AdmissionReview" else {
            let got = kind.map { JSONWriter.quoted($0) } ?? "none"
            throw AdmissionReviewError(.notAdmissionReview, "expected kind \"AdmissionReview\", got \(got)")
        }
        let apiVersion = review["apiVersion"]?.string ?? ""
        guard let version = AdmissionReviewVersion(rawValue: apiVersion) else {
            throw AdmissionReviewError(.unsupportedVersion, "unsupported apiVersion \(JSONWriter.quoted(apiVersion)); nncp-guard accepts admission.k8s.io/v1 and admission.k8s.io/v1beta1")
        }
        return version
    }

    private static func nonNull(_ v: Value?) -> Value? {
        guard let v, !v.isNull else { return nil }
        return v
    }
}
