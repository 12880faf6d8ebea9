import SourceModel

extension KubeClient {
    /// `GET` one object (or its subresource).
    public func get(_ resource: APIResource, name: String, namespace: String? = nil, subresource: String? = nil) async throws -> Value {
        let path = try objectPath(resource, name: name, namespace: namespace, subresource: subresource)
        return try await send(APIRequest(method: .GET, path: path))
    }

    /// `GET` one object, `nil` when it does not exist.
    public func getIfPresent(_ resource: APIResource, name: String, namespace: String? = nil) async throws -> Value? {
        do {
            return try await get(resource, name: name, namespace: namespace)
        } catch let error as KubeAPIError where error.code == .notFound {
            return nil
        }
    }

    /// One page of a list. `namespace: nil` on a namespaced resource lists
    /// all namespaces.
    public func list(_ resource: APIResource, namespace: String? = nil, options: ListOptions = ListOptions()) async throws -> ObjectList {
        let request = APIRequest(method: .GET, path: try collectionPath(resource, namespace: namespace, allowAllNamespaces: true), query: options.queryItems)
        let body = try await send(request)
        return try ObjectList.decode(body, resource: resource, request: request.summary)
    }

    /// Every page of a list, following `continue` tokens. All pages come
    /// from one snapshot, so the result's `resourceVersion` is the first
    /// page's. If a continue token expires mid-way (410), the list starts
    /// over once without a page size, as client-go's pager does.
    public func listAll(_ resource: APIResource, namespace: String? = nil, options: ListOptions = ListOptions(limit: 500)) async throws -> ObjectList {
        var first = options
        first.continueToken = nil
        var page = try await list(resource, namespace: namespace, options: first)
        var result = ObjectList(items: page.items, resourceVersion: page.resourceVersion)
        while let token = page.continueToken {
            var next = options
            next.continueToken = token
            next.resourceVersion = nil
            next.resourceVersionMatch = nil
            do {
                page = try await list(resource, namespace: namespace, options: next)
            } catch let error as KubeAPIError where error.code == .gone {
                logger.info("continue token expired; listing again without paging", metadata: ["resource": "\(resource)"])
                var full = options
                full.limit = nil
                full.continueToken = nil
                return try await list(resource, namespace: namespace, options: full)
            }
            result.items.append(contentsOf: page.items)
        }
        return result
    }

    /// Every page of a list, handed to `body` one at a time, following
    /// `continue` tokens; returns the list's `resourceVersion` (all pages
    /// come from one snapshot). Unlike ``listAll(_:namespace:options:)``
    /// at most the next page is held beside the current one, so a list of
    /// large objects never has to fit in memory at once. A continue token that expires mid-way
    /// throws the server's 410: start over (the pages seen so far were
    /// already handed out).
    @discardableResult
    public func listPages(_ resource: APIResource, namespace: String? = nil, options: ListOptions = ListOptions(limit: 500),
                          _ body: (ObjectList) async throws -> Void) async throws -> String {
        var first = options
        first.continueToken = nil
        var page = try await list(resource, namespace: namespace, options: first)
        let resourceVersion = page.resourceVersion
        while true {
            guard let token = page.continueToken else {
                try await body(page)
                return resourceVersion
            }
            var next = options
            next.continueToken = token
            next.resourceVersion = nil
            next.resourceVersionMatch = nil
            // The next page is requested before `body` runs on this one, so
            // the server serialises (and the network carries) page n + 1
            // while page n is taken in; sequentially, a large list waited
            // for every page in turn. At most two pages are held at once.
            async let following = list(resource, namespace: namespace, options: next)
            try await body(page)
            page = try await following
        }
    }

    /// `POST` a new object. The namespace is `namespace` or the object's own.
    public func create(_ resource: APIResource, _ object: Value, namespace: String? = nil, options: WriteOptions = WriteOptions()) async throws -> Value {
        let ns = namespace ?? ObjectMetadata(object).namespace
        let request = APIRequest(
            method: .POST, path: try collectionPath(resource, namespace: ns, allowAllNamespaces: false),
            query: options.queryItems(defaultFieldManager: configuration.fieldManager),
            body: JSONWriter.bytes(object), contentType: "application/json")
        return try await send(request)
    }

    /// `PUT` an object back. Carry the `metadata.resourceVersion` you read:
    /// the server then refuses the write with a
    /// ``KubeAPIError/Code-swift.struct/conflict`` error if someone else
    /// wrote in between (see ``retryOnConflict(maxAttempts:initialDelay:_:)``).
    public func update(_ resource: APIResource, _ object: Value, subresource: String? = nil, options: WriteOptions = WriteOptions()) async throws -> Value {
        let meta = ObjectMetadata(object)
        guard let name = meta.name, !name.isEmpty else {
            throw KubeAPIError(.invalidRequest, "update \(resource): the object has no metadata.name")
        }
        let request = APIRequest(
            method: .PUT, path: try objectPath(resource, name: name, namespace: meta.namespace, subresource: subresource),
            query: options.queryItems(defaultFieldManager: configuration.fieldManager),
            body: JSONWriter.bytes(object), contentType: "application/json")
        return try await send(request)
    }

    /// `DELETE` an object. Returns what the server returns: the deleted
    /// object (or one marked for deletion), or a `Status`.
    @discardableResult
    public func delete(_ resource: APIResource, name: String, namespace: String? = nil, options: DeleteOptions = DeleteOptions()) async throws -> Value {
        var request = APIRequest(method: .DELETE, path: try objectPath(resource, name: name, namespace: namespace))
        if !options.isEmpty {
            request.body = JSONWriter.bytes(options.body)
            request.contentType = "application/json"
        }
        if options.dryRun { request.query.append(QueryItem("dryRun", "All")) }
        return try await send(request)
    }

    // MARK: - Paths

    func collectionPath(_ resource: APIResource, namespace: String?, allowAllNamespaces: Bool) throws(KubeAPIError) -> String {
        if resource.isNamespaced {
            if namespace == nil, !allowAllNamespaces {
                throw KubeAPIError(.invalidRequest, "\(resource) is namespaced: a namespace is required")
            }
        } else if let namespace {
            throw KubeAPIError(.invalidRequest, "\(resource) is cluster-scoped: namespace \"\(namespace)\" makes no sense")
        }
        return resource.collectionPath(namespace: namespace)
    }

    func objectPath(_ resource: APIResource, name: String, namespace: String?, subresource: String? = nil) throws(KubeAPIError) -> String {
        guard !name.isEmpty else { throw KubeAPIError(.invalidRequest, "\(resource): empty object name") }
        _ = try collectionPath(resource, namespace: namespace, allowAllNamespaces: false)
        return resource.objectPath(name: name, namespace: namespace, subresource: subresource)
    }
}

extension DeleteOptions {
    var body: Value {
        var members: [Value.Member] = [
            Value.Member(key: "kind", value: .string("DeleteOptions")),
            Value.Member(key: "apiVersion", value: .string("v1")),
        ]
        var preconditions: [Value.Member] = []
        if let rv = preconditionResourceVersion { preconditions.append(Value.Member(key: "resourceVersion", value: .string(rv))) }
        if let uid = preconditionUID { preconditions.append(Value.Member(key: "uid", value: .string(uid))) }
        if !preconditions.isEmpty { members.append(Value.Member(key: "preconditions", value: .mapping(preconditions))) }
        if let propagationPolicy { members.append(Value.Member(key: "propagationPolicy", value: .string(propagationPolicy))) }
        if let gracePeriodSeconds { members.append(Value.Member(key: "gracePeriodSeconds", value: .int(gracePeriodSeconds))) }
        if dryRun { members.append(Value.Member(key: "dryRun", value: .sequence([.string("All")]))) }
        return .mapping(members)
    }
}
