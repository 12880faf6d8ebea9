/// One kind of object the API serves, and how to address it: API group,
/// version, plural resource name, kind, and whether objects live in a
/// namespace.
///
/// Kubernetes serves the core group under `/api/v1` and every other group
/// under `/apis/<group>/<version>`; namespaced objects sit under
/// `namespaces/<ns>/`. Paths are built here only, so they are exactly the
/// ones kube-apiserver serves.
///
/// Named after `metav1.APIResource` (which also carries kind and scope);
/// the bare `{group, version, resource}` triple of an admission request is
/// Admission's `GroupVersionResource`.
public struct APIResource: Hashable, Sendable, CustomStringConvertible {
    /// API group; empty for the core group.
    public var group: String
    public var version: String
    /// Plural, lower-case resource name (`nodes`, `leases`).
    public var resource: String
    /// Object kind (`Node`); list responses are `<Kind>List`.
    public var kind: String
    public var isNamespaced: Bool

    public init(group: String, version: String, resource: String, kind: String, namespaced: Bool) {
        self.group = group
        self.version = version
        self.resource = resource
        self.kind = kind
        self.isNamespaced = namespaced
    }

    /// `v1` for the core group, `<group>/<version>` otherwise: the objects'
    /// `apiVersion`.
    public var apiVersion: String { group.isEmpty ? version : "\(group)/\(version)" }

    /// `leases.coordination.k8s.io`, as Kubernetes names a resource in messages.
    public var description: String { group.isEmpty ? resource : "\(resource).\(group)" }

    /// `/api/v1` or `/apis/<group>/<version>`.
    public var groupVersionPath: String { group.isEmpty ? "/api/\(version)" : "/apis/\(group)/\(version)" }

    /// The collection: `/api/v1/nodes`, `/api/v1/namespaces/<ns>/secrets`.
    /// A namespaced resource without a namespace is the all-namespaces
    /// collection (valid for list and watch only).
    public func collectionPath(namespace: String?) -> String {
        if isNamespaced, let namespace {
            return "\(groupVersionPath)/namespaces/\(PathSegment.escape(namespace))/\(resource)"
        }
        return "\(groupVersionPath)/\(resource)"
    }

    /// One object, optionally a subresource (`status`).
    public func objectPath(name: String, namespace: String?, subresource: String? = nil) -> String {
        var path = collectionPath(namespace: namespace) + "/" + PathSegment.escape(name)
        if let subresource { path += "/" + subresource }
        return path
    }
}

extension APIResource {
    /// `/api/v1/nodes`
    public static let nodes = APIResource(group: "", version: "v1", resource: "nodes", kind: "Node", namespaced: false)
    /// `/api/v1/namespaces/{ns}/secrets`
    public static let secrets = APIResource(group: "", version: "v1", resource: "secrets", kind: "Secret", namespaced: true)
    /// `/api/v1/namespaces/{ns}/configmaps`
    public static let configMaps = APIResource(group: "", version: "v1", resource: "configmaps", kind: "ConfigMap", namespaced: true)
    /// `/apis/nmstate.io/v1/nodenetworkconfigurationpolicies`
    public static let nodeNetworkConfigurationPolicies = APIResource(
        group: "nmstate.io", version: "v1", resource: "nodenetworkconfigurationpolicies",
        kind: "NodeNetworkConfigurationPolicy", namespaced: false)
    /// `/apis/nmstate.io/v1beta1/nodenetworkstates`
    public static let nodeNetworkStates = APIResource(
        group: "nmstate.io", version: "v1beta1", resource: "nodenetworkstates",
        kind: "NodeNetworkState", namespaced: false)
    /// `/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations`
    public static let mutatingWebhookConfigurations = APIResource(
        group: "admissionregistration.k8s.io", version: "v1", resource: "mutatingwebhookconfigurations",
        kind: "MutatingWebhookConfiguration", namespaced: false)
    /// `/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations`
    public static let validatingWebhookConfigurations = APIResource(
        group: "admissionregistration.k8s.io", version: "v1", resource: "validatingwebhookconfigurations",
        kind: "ValidatingWebhookConfiguration", namespaced: false)
    /// `/apis/coordination.k8s.io/v1/namespaces/{ns}/leases`
    public static let leases = APIResource(
        group: "coordination.k8s.io", version: "v1", resource: "leases", kind: "Lease", namespaced: true)
}

/// Percent-encoding for one path segment. Object names are DNS labels or
/// subdomains in practice, but a name read from user input must never be
/// able to change the path (`..`, `/`, `?`).
enum PathSegment {
    static func escape(_ segment: String) -> String {
        if segment == "." || segment == ".." { return segment.replacingAll(".", with: "%2E") }
        return Percent.encode(segment)
    }
}

/// RFC 3986 percent-encoding: everything but unreserved characters.
///
/// Hand-written rather than Foundation's `addingPercentEncoding`, whose
/// `urlQueryAllowed` set leaves `+`, `&`, `=` and `/` alone: a `+` in a
/// continue token would reach the server as a space.
enum Percent {
    static func encode(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        for b in text.utf8 {
            switch b {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                bytes.append(b)
            default:
                bytes.append(UInt8(ascii: "%"))
                bytes.append(hex[Int(b >> 4)])
                bytes.append(hex[Int(b & 0xF)])
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension String {
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        for ch in self { if ch == target { out += replacement } else { out.append(ch) } }
        return out
    }
}
