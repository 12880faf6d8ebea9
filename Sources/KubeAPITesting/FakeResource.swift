/// The resources the fake API server serves, described independently of
/// the client's `APIResource` table, so a wrong path in the client
/// shows up as a 404 instead of being agreed with.
public struct FakeResource: Sendable, Hashable {
    public var group: String
    public var versions: [String]
    public var plural: String
    public var kind: String
    public var namespaced: Bool
    /// Custom resources do not accept strategic merge patches.
    public var isCustom: Bool

    /// Storage is shared by every served version.
    public var storageKey: String { "\(group)/\(plural)" }

    public func apiVersion(_ version: String) -> String { group.isEmpty ? version : "\(group)/\(version)" }
    /// `leases.coordination.k8s.io`, as kube-apiserver names it in messages.
    public var qualifiedName: String { group.isEmpty ? plural : "\(plural).\(group)" }

    public static let nodes = FakeResource(group: "", versions: ["v1"], plural: "nodes", kind: "Node", namespaced: false, isCustom: false)
    public static let secrets = FakeResource(group: "", versions: ["v1"], plural: "secrets", kind: "Secret", namespaced: true, isCustom: false)
    public static let configMaps = FakeResource(group: "", versions: ["v1"], plural: "configmaps", kind: "ConfigMap", namespaced: true, isCustom: false)
    public static let policies = FakeResource(group: "nmstate.io", versions: ["v1", "v1beta1"], plural: "nodenetworkconfigurationpolicies",
                                       kind: "NodeNetworkConfigurationPolicy", namespaced: false, isCustom: true)
    public static let nodeStates = FakeResource(group: "nmstate.io", versions: ["v1beta1"], plural: "nodenetworkstates",
                                         kind: "NodeNetworkState", namespaced: false, isCustom: true)
    public static let mutatingWebhooks = FakeResource(group: "admissionregistration.k8s.io", versions: ["v1"], plural: "mutatingwebhookconfigurations",
                                               kind: "MutatingWebhookConfiguration", namespaced: false, isCustom: false)
    public static let validatingWebhooks = FakeResource(group: "admissionregistration.k8s.io", versions: ["v1"], plural: "validatingwebhookconfigurations",
                                                 kind: "ValidatingWebhookConfiguration", namespaced: false, isCustom: false)
    public static let leases = FakeResource(group: "coordination.k8s.io", versions: ["v1"], plural: "leases", kind: "Lease", namespaced: true, isCustom: false)

    public static let all: [FakeResource] = [.nodes, .secrets, .configMaps, .policies, .nodeStates, .mutatingWebhooks, .validatingWebhooks, .leases]
}

/// A request path taken apart the way kube-apiserver's router does.
struct FakeRoute: Sendable {
    var resource: FakeResource
    var version: String
    var namespace: String?
    var name: String?
    var subresource: String?

    var apiVersion: String { resource.apiVersion(version) }

    /// `nil` when the path is not one the fake serves (the server answers 404).
    init?(path: String) {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map { FakeQuery.decode(String($0)) }
        var rest: ArraySlice<String>
        let group: String
        let version: String
        if segments.count >= 2, segments[0] == "api" {
            group = ""
            version = segments[1]
            rest = segments[2...]
        } else if segments.count >= 3, segments[0] == "apis" {
            group = segments[1]
            version = segments[2]
            rest = segments[3...]
        } else {
            return nil
        }
        var namespace: String?
        if rest.count >= 3, rest.first == "namespaces" {
            namespace = rest[rest.startIndex + 1]
            rest = rest.dropFirst(2)
        }
        guard let plural = rest.first, !plural.isEmpty else { return nil }
        guard let resource = FakeResource.all.first(where: { $0.group == group && $0.plural == plural && $0.versions.contains(version) }) else {
            return nil
        }
        rest = rest.dropFirst()
        var name: String?
        var subresource: String?
        if let first = rest.first {
            guard !first.isEmpty else { return nil }
            name = first
            rest = rest.dropFirst()
        }
        if let sub = rest.first {
            guard sub == "status", rest.count == 1 else { return nil }
            subresource = sub
        }
        // A cluster-scoped resource has no namespaced form; a namespaced
        // one has a cluster form only for list and watch (checked by the caller).
        if namespace != nil, !resource.namespaced { return nil }
        self.resource = resource
        self.version = version
        self.namespace = namespace
        self.name = name
        self.subresource = subresource
    }
}

enum FakeQuery {
    /// Parses a query string as Go's `url.ParseQuery` does (`+` is a space).
    static func parse(_ query: Substring?) -> [String: String] {
        guard let query, !query.isEmpty else { return [:] }
        var out: [String: String] = [:]
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = decode(String(parts[0]).replacingOccurrencesOfPlus())
            let value = parts.count > 1 ? decode(String(parts[1]).replacingOccurrencesOfPlus()) : ""
            out[key] = value
        }
        return out
    }

    static func decode(_ text: String) -> String {
        var bytes: [UInt8] = []
        var it = Array(text.utf8)[...]
        while let b = it.popFirst() {
            if b == UInt8(ascii: "%"), it.count >= 2,
               let v = UInt8(String(decoding: it.prefix(2), as: UTF8.self), radix: 16) {
                bytes.append(v)
                it = it.dropFirst(2)
            } else {
                bytes.append(b)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension String {
    fileprivate func replacingOccurrencesOfPlus() -> String {
        String(map { $0 == "+" ? " " : $0 })
    }
}
