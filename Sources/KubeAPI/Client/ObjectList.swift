import SourceModel

/// One list response (or several pages joined by
/// ``KubeClient/listAll(_:namespace:options:)``).
public struct ObjectList: Sendable {
    /// The objects, each carrying `apiVersion` and `kind` (the server leaves
    /// them out of items of built-in kinds; they are filled in so every
    /// object in this module looks like a watch event's).
    public var items: [Value]
    /// `metadata.resourceVersion`: the version to start a watch from.
    public var resourceVersion: String
    /// `metadata.continue`: set when more pages remain.
    public var continueToken: String?
    /// `metadata.remainingItemCount`, when the server knows it.
    public var remainingItemCount: Int64?

    public init(items: [Value], resourceVersion: String, continueToken: String? = nil, remainingItemCount: Int64? = nil) {
        self.items = items
        self.resourceVersion = resourceVersion
        self.continueToken = continueToken
        self.remainingItemCount = remainingItemCount
    }

    static func decode(_ body: Value, resource: APIResource, request: String) throws(KubeAPIError) -> ObjectList {
        guard let items = body["items"]?.sequence ?? (body["items"]?.isNull == true ? [] : nil) else {
            throw KubeAPIError(.malformedResponse, "\(request): list response has no items")
        }
        let continueToken = body.at("metadata", "continue")?.string.flatMap { $0.isEmpty ? nil : $0 }
        return ObjectList(
            items: items.map { $0.withTypeMeta(apiVersion: resource.apiVersion, kind: resource.kind) },
            resourceVersion: body.at("metadata", "resourceVersion")?.string ?? "",
            continueToken: continueToken,
            remainingItemCount: body.at("metadata", "remainingItemCount")?.int64
        )
    }
}
