import SourceModel

/// A patch body and its content type, which is how the API server tells
/// the patch kinds apart.
public struct Patch: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        /// RFC 7386 JSON merge patch: maps merge, lists are replaced whole,
        /// `null` deletes.
        case merge = "application/merge-patch+json"
        /// Kubernetes' strategic merge patch: like a merge patch, but lists
        /// with a merge key (`webhooks` by `name`) merge item by item. Only
        /// for built-in kinds; the server refuses it for custom resources.
        case strategicMerge = "application/strategic-merge-patch+json"
        /// RFC 6902 JSON Patch: a list of operations on JSON Pointer paths.
        case json = "application/json-patch+json"
        /// Server-side apply: the full intent of one field manager. The
        /// body is YAML; JSON is valid YAML, so it is sent as JSON.
        case apply = "application/apply-patch+yaml"
    }

    public var kind: Kind
    public var body: [UInt8]

    public init(kind: Kind, body: [UInt8]) {
        self.kind = kind
        self.body = body
    }

    public static func merge(_ patch: Value) -> Patch { Patch(kind: .merge, body: JSONWriter.bytes(patch)) }
    public static func strategicMerge(_ patch: Value) -> Patch { Patch(kind: .strategicMerge, body: JSONWriter.bytes(patch)) }
    public static func json(_ operations: [JSONPatchOperation]) -> Patch {
        Patch(kind: .json, body: JSONWriter.bytes(.sequence(operations.map(\.value))))
    }
    /// The configuration to apply: a whole object with `apiVersion`, `kind`
    /// and `metadata.name`, holding only the fields this manager owns.
    public static func apply(_ configuration: Value) -> Patch { Patch(kind: .apply, body: JSONWriter.bytes(configuration)) }
}

/// One RFC 6902 operation. `path` and `from` are JSON Pointers; build them
/// with `DocumentPath.jsonPointer` so `~` and `/` in keys are escaped.
public struct JSONPatchOperation: Sendable, Equatable {
    public var op: String
    public var path: String
    public var from: String?
    public var operand: Value?

    public static func add(_ path: String, _ value: Value) -> JSONPatchOperation { .init(op: "add", path: path, operand: value) }
    public static func replace(_ path: String, _ value: Value) -> JSONPatchOperation { .init(op: "replace", path: path, operand: value) }
    public static func remove(_ path: String) -> JSONPatchOperation { .init(op: "remove", path: path) }
    /// Makes the whole patch fail unless `path` holds `value`: the way to
    /// make a JSON Patch conditional (e.g. on `/metadata/resourceVersion`).
    public static func test(_ path: String, _ value: Value) -> JSONPatchOperation { .init(op: "test", path: path, operand: value) }
    public static func move(from: String, to path: String) -> JSONPatchOperation { .init(op: "move", path: path, from: from) }
    public static func copy(from: String, to path: String) -> JSONPatchOperation { .init(op: "copy", path: path, from: from) }

    var value: Value {
        var members = [Value.Member(key: "op", value: .string(op)), Value.Member(key: "path", value: .string(path))]
        if let from { members.append(Value.Member(key: "from", value: .string(from))) }
        if let operand { members.append(Value.Member(key: "value", value: operand)) }
        return .mapping(members)
    }
}

extension KubeClient {
    /// `PATCH` an object. For server-side apply use
    /// ``apply(_:_:subresource:fieldManager:force:dryRun:)``, which also
    /// sends the required field manager.
    public func patch(
        _ resource: APIResource, name: String, namespace: String? = nil, _ patch: Patch,
        subresource: String? = nil, options: WriteOptions = WriteOptions()
    ) async throws -> Value {
        let request = APIRequest(
            method: .PATCH, path: try objectPath(resource, name: name, namespace: namespace, subresource: subresource),
            query: options.queryItems(defaultFieldManager: configuration.fieldManager),
            body: patch.body, contentType: patch.kind.rawValue)
        return try await send(request)
    }

    /// Server-side apply of `configuration` (name and namespace from its
    /// metadata). `force` takes over fields other managers own instead of
    /// failing with a conflict; controllers that are the single writer of
    /// their fields (the cert manager's `caBundle`) pass `true`.
    public func apply(
        _ resource: APIResource, _ configuration: Value, subresource: String? = nil,
        fieldManager: String? = nil, force: Bool = false, dryRun: Bool = false
    ) async throws -> Value {
        let meta = ObjectMetadata(configuration)
        guard let name = meta.name, !name.isEmpty else {
            throw KubeAPIError(.invalidRequest, "apply \(resource): the configuration has no metadata.name")
        }
        var query = WriteOptions(fieldManager: fieldManager, dryRun: dryRun).queryItems(defaultFieldManager: self.configuration.fieldManager)
        if force { query.append(QueryItem("force", "true")) }
        let request = APIRequest(
            method: .PATCH, path: try objectPath(resource, name: name, namespace: meta.namespace, subresource: subresource),
            query: query, body: JSONWriter.bytes(configuration), contentType: Patch.Kind.apply.rawValue)
        return try await send(request)
    }
}
