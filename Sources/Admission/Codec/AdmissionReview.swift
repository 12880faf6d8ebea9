import PolicyRules
import SourceModel

/// The `admission.k8s.io` versions nncp-guard speaks.
///
/// Both carry the same field names; the apiserver only checks the response
/// more strictly under v1 (uid echo, apiVersion and kind). A response must
/// use the version of its request, so the version travels with the request.
public enum AdmissionReviewVersion: String, Sendable, CaseIterable {
    case v1 = "admission.k8s.io/v1"
    case v1beta1 = "admission.k8s.io/v1beta1"
}

/// `{group, version, kind}` as `request.kind` carries it.
public struct GroupVersionKind: Sendable, Hashable {
    public var group: String
    public var version: String
    public var kind: String

    public init(group: String, version: String, kind: String) {
        self.group = group
        self.version = version
        self.kind = kind
    }
}

/// `{group, version, resource}` as `request.resource` carries it.
public struct GroupVersionResource: Sendable, Hashable {
    public var group: String
    public var version: String
    public var resource: String

    public init(group: String, version: String, resource: String) {
        self.group = group
        self.version = version
        self.resource = resource
    }
}

/// The parts of `AdmissionReview.request` nncp-guard uses.
///
/// `userInfo` is reduced to the user name, which is only ever logged:
/// groups, uid and `extra` can carry sensitive data and no rule needs them.
public struct AdmissionRequest: Sendable {
    public var version: AdmissionReviewVersion
    public var uid: String
    public var kind: GroupVersionKind
    public var resource: GroupVersionResource
    /// `""` for the main resource, `"status"` for a status write.
    public var subResource: String
    public var operation: AdmissionOperation
    /// May be `""` on CREATE when the client relies on `generateName`.
    public var name: String
    public var namespace: String
    /// nil when absent or JSON `null` (DELETE). Decoded from a body, it
    /// comes without `metadata.managedFields` (see
    /// ``AdmissionReviewDecoder/unreadMembers``).
    public var object: Value?
    /// nil when absent or JSON `null` (CREATE, CONNECT). Decoded from a
    /// body, without `metadata.managedFields` (as `object`), and with its
    /// desired state kept as text (see ``OldObject``).
    public var oldObject: OldObject?
    public var dryRun: Bool
    public var username: String

    public init(
        version: AdmissionReviewVersion = .v1,
        uid: String,
        kind: GroupVersionKind = .nodeNetworkConfigurationPolicy,
        resource: GroupVersionResource = .nodeNetworkConfigurationPolicies,
        subResource: String = "",
        operation: AdmissionOperation,
        name: String = "",
        namespace: String = "",
        object: Value? = nil,
        oldObject: Value? = nil,
        dryRun: Bool = false,
        username: String = ""
    ) {
        self.version = version
        self.uid = uid
        self.kind = kind
        self.resource = resource
        self.subResource = subResource
        self.operation = operation
        self.name = name
        self.namespace = namespace
        self.object = object
        self.oldObject = oldObject.map(OldObject.init)
        self.dryRun = dryRun
        self.username = username
    }

    /// Whether the request is about a NodeNetworkConfigurationPolicy, in any
    /// served version (v1 and v1beta1 share one schema upstream).
    public var isNodeNetworkConfigurationPolicy: Bool {
        kind.group == "nmstate.io" && kind.kind == "NodeNetworkConfigurationPolicy"
    }

    /// Whether `object`'s spec equals the old object's, with ``Value``'s
    /// equality. False when there is no old object.
    public func specUnchanged(object: Value) -> Bool {
        oldObject?.specEquals(object["spec"]) ?? false
    }

    /// The name to show in messages: the request's, else the object's, else
    /// its `generateName` prefix.
    public var displayName: String {
        if !name.isEmpty { return name }
        if let n = object?.at("metadata", "name")?.string, !n.isEmpty { return n }
        if let g = object?.at("metadata", "generateName")?.string, !g.isEmpty { return g }
        return ""
    }
}

extension AdmissionRequest: Equatable {
    /// Field by field, with the old object compared whole (its desired
    /// state parsed back in): the same request decoded from differently
    /// formatted text is equal.
    public static func == (a: AdmissionRequest, b: AdmissionRequest) -> Bool {
        a.version == b.version && a.uid == b.uid && a.kind == b.kind && a.resource == b.resource
            && a.subResource == b.subResource && a.operation == b.operation && a.name == b.name
            && a.namespace == b.namespace && a.object == b.object && a.dryRun == b.dryRun
            && a.username == b.username && a.oldObject?.complete == b.oldObject?.complete
    }
}

/// `request.oldObject`: the stored object an UPDATE replaces.
///
/// No stateless rule reads the stored policy's desired state: the webhook
/// only needs to know whether the new one differs. So a decoded old object
/// keeps `spec.desiredState` as the JSON text the apiserver sent, and
/// ``specEquals(_:)`` walks that text against the new tree; the larger half
/// of an UPDATE review is never built. Tree and text travel in this one
/// value, so there is no way to have one without the other.
public struct OldObject: Sendable {
    /// The object as parsed: whole, or without `spec.desiredState` when
    /// ``desiredStateJSON`` holds it.
    public let parsed: Value
    /// `spec.desiredState` as JSON text, when it was left out of ``parsed``.
    public let desiredStateJSON: [UInt8]?

    /// A whole object (built by a tool or a test).
    public init(_ object: Value) {
        parsed = object
        desiredStateJSON = nil
    }

    /// A decoded object whose desired state was left out of the tree. The
    /// text is kept only when there is a spec to put it back into.
    init(parsed: Value, desiredStateJSON: [UInt8]?) {
        self.parsed = parsed
        self.desiredStateJSON = parsed["spec"]?.isMapping == true ? desiredStateJSON : nil
    }

    /// The object with its desired state parsed back in (the cluster rules
    /// compare node selectors and need no more, but tools and tests may
    /// want the whole object). Text that cannot be read back (a duplicate
    /// key) leaves the desired state out.
    public var complete: Value {
        guard let text = desiredStateJSON, var spec = parsed["spec"], let desired = try? JSONReader().parse(text) else { return parsed }
        var old = parsed
        spec.set("desiredState", desired)
        old.set("spec", spec)
        return old
    }

    /// Whether `newSpec` (nil: absent) equals this object's spec.
    public func specEquals(_ newSpec: Value?) -> Bool {
        let newSpec = newSpec ?? .null
        let oldSpec = parsed["spec"] ?? .null
        guard let text = desiredStateJSON else { return newSpec == oldSpec }
        // The rest of the spec first (small), then the desired state
        // against its text.
        var rest = newSpec
        rest.remove("desiredState")
        guard rest == oldSpec, let newDesired = newSpec["desiredState"] else { return false }
        return text.withUnsafeBufferPointer { JSONReader().value(newDesired, equalsJSON: $0) }
    }
}

extension GroupVersionKind {
    public static let nodeNetworkConfigurationPolicy = GroupVersionKind(group: "nmstate.io", version: "v1", kind: "NodeNetworkConfigurationPolicy")
}

extension GroupVersionResource {
    public static let nodeNetworkConfigurationPolicies = GroupVersionResource(group: "nmstate.io", version: "v1", resource: "nodenetworkconfigurationpolicies")
}

/// `response.status`: a meta/v1 Status reduced to what a rejection needs.
public struct AdmissionStatus: Sendable, Equatable {
    public var code: Int
    public var reason: String
    public var message: String

    public init(code: Int, reason: String, message: String) {
        self.code = code
        self.reason = reason
        self.message = message
    }
}

/// `AdmissionReview.response`.
public struct AdmissionResponse: Sendable, Equatable {
    public var uid: String
    public var allowed: Bool
    /// Sent only with rejections: the apiserver ignores it when allowed.
    public var status: AdmissionStatus?
    public var warnings: [String]
    /// Sent (with `patchType: JSONPatch`) only when it has operations: an
    /// empty patch on a validating webhook or DELETE is an error upstream.
    public var patch: JSONPatch?

    public init(uid: String, allowed: Bool, status: AdmissionStatus? = nil, warnings: [String] = [], patch: JSONPatch? = nil) {
        self.uid = uid
        self.allowed = allowed
        self.status = status
        self.warnings = warnings
        self.patch = patch
    }

    /// Admit unchanged.
    public static func allow(_ uid: String, warnings: [String] = []) -> AdmissionResponse {
        AdmissionResponse(uid: uid, allowed: true, warnings: warnings)
    }

    /// Reject with a 403 Forbidden, as kubectl shows `Error from server (Forbidden)`.
    public static func deny(_ uid: String, message: String, warnings: [String] = []) -> AdmissionResponse {
        AdmissionResponse(uid: uid, allowed: false, status: AdmissionStatus(code: 403, reason: "Forbidden", message: message), warnings: warnings)
    }
}
