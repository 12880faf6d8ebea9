import SourceModel
import SourceModelYAML

/// A response body: a value to serialise, or JSON already serialised.
enum FakeBody: Sendable {
    case value(Value)
    case bytes([UInt8])

    var bytes: [UInt8] {
        switch self {
        case .value(let v): return JSONWriter.bytes(v)
        case .bytes(let b): return b
        }
    }
}

/// Non-watch requests of the fake API server: get, list, create, update,
/// patch, delete, with kube-apiserver's status codes and messages.
struct FakeHandlers {
    let cluster: FakeCluster

    func handle(_ route: FakeRoute, _ r: FakeAPIServer.RecordedRequest) -> (Int, FakeBody) {
        if r.method == "GET", route.name == nil { return list(route, r) }
        let (code, value) = handleValue(route, r)
        return (code, .value(value))
    }

    private func handleValue(_ route: FakeRoute, _ r: FakeAPIServer.RecordedRequest) -> (Int, Value) {
        if route.resource.namespaced, route.namespace == nil, !(r.method == "GET" && route.name == nil) {
            return (404, FakeStatus.failure(404, reason: "NotFound", message: "the server could not find the requested resource"))
        }
        switch (r.method, route.name) {
        case ("GET", let name?):
            guard let object = cluster.get(route.resource, name: name, namespace: route.namespace) else {
                return (404, FakeStatus.notFound(route.resource, name))
            }
            return (200, object.withAPIVersion(route.apiVersion))
        case ("POST", nil): return create(route, r)
        case ("PUT", let name?): return update(route, name, r)
        case ("PATCH", let name?): return patch(route, name, r)
        case ("DELETE", let name?): return delete(route, name, r)
        default:
            return (405, FakeStatus.failure(405, reason: "MethodNotAllowed", message: "the server does not allow this method on the requested resource"))
        }
    }

    private func json(_ body: [UInt8]) -> Result<Value, FakeStatusError> {
        do {
            return .success(try JSONReader().parse(body))
        } catch {
            return .failure(FakeStatusError(FakeStatus.badRequest("the body of the request was in an unknown format: \(error)")))
        }
    }

    private func outcome(_ o: FakeCluster.Outcome, apiVersion: String) -> (Int, Value) {
        switch o {
        case .ok(let code, let v): return (code, v.withAPIVersion(apiVersion))
        case .failure(let status): return (Int(status["code"]?.int64 ?? 500), status)
        }
    }

    // MARK: - List

    private func list(_ route: FakeRoute, _ r: FakeAPIServer.RecordedRequest) -> (Int, FakeBody) {
        var continueFrom: (revision: Int, key: String)?
        if let token = r.query["continue"], !token.isEmpty {
            if r.query["resourceVersion"] != nil {
                return (400, .value(FakeStatus.badRequest("specifying resource version is not allowed when using continue")))
            }
            guard let decoded = FakeContinueToken.decode(token) else {
                return (400, .value(FakeStatus.badRequest("continue key is not valid")))
            }
            continueFrom = decoded
        }
        let limit = r.query["limit"].flatMap(Int.init)
        switch cluster.list(route.resource, namespace: route.namespace, labelSelector: r.query["labelSelector"], limit: limit, continueFrom: continueFrom) {
        case .failure(let error):
            return (Int(error.status["code"]?.int64 ?? 500), .value(error.status))
        case .success(let page):
            var metadata: [Value.Member] = [.init(key: "resourceVersion", value: .string(String(page.revision)))]
            if let token = page.continueToken {
                metadata.append(.init(key: "continue", value: .string(token)))
                metadata.append(.init(key: "remainingItemCount", value: .int(page.remaining)))
            }
            // Written member by member, in the order a `<Kind>List` value
            // would be, so that items kept encoded go out as stored.
            var out: [UInt8] = []
            out.append(contentsOf: #"{"kind":"#.utf8)
            JSONWriter.writeString(route.resource.kind + "List", into: &out)
            out.append(contentsOf: #","apiVersion":"#.utf8)
            JSONWriter.writeString(route.apiVersion, into: &out)
            out.append(contentsOf: #","metadata":"#.utf8)
            JSONWriter.bytes(.mapping(metadata), into: &out)
            out.append(contentsOf: #","items":["#.utf8)
            for (i, item) in page.items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                switch item {
                case .encoded(let e) where route.resource.isCustom && e.apiVersion == route.apiVersion:
                    out.append(contentsOf: e.bytes)
                case .encoded(let e):
                    JSONWriter.bytes(listItem(FakeCluster.decode(e), route), into: &out)
                case .value(let v):
                    JSONWriter.bytes(listItem(v, route), into: &out)
                }
            }
            out.append(contentsOf: "]}".utf8)
            return (200, .bytes(out))
        }
    }

    /// Built-in kinds list their items without apiVersion and kind;
    /// custom resources keep them. The client must cope with both.
    private func listItem(_ item: Value, _ route: FakeRoute) -> Value {
        var copy = item.withAPIVersion(route.apiVersion)
        if !route.resource.isCustom {
            copy.remove("apiVersion")
            copy.remove("kind")
        }
        return copy
    }

    // MARK: - Create and update

    private func create(_ route: FakeRoute, _ r: FakeAPIServer.RecordedRequest) -> (Int, Value) {
        guard case .success(var object) = json(r.body) else { return (400, FakeStatus.badRequest("invalid JSON body")) }
        var name = object.at("metadata", "name")?.string ?? ""
        if name.isEmpty, let prefix = object.at("metadata", "generateName")?.string, !prefix.isEmpty {
            name = prefix + String(cluster.revision, radix: 36)
            object = object.settingMeta("name", .string(name))
        }
        guard !name.isEmpty else {
            return (422, FakeStatus.invalid("\(route.resource.kind) \"\" is invalid: metadata.name: Required value: name or generateName is required"))
        }
        if let error = namespaceMismatch(route, object) { return (400, error) }
        if let ns = route.namespace { object = object.settingMeta("namespace", .string(ns)) }
        let result = cluster.mutate(route.resource, namespace: route.namespace, name: name) { existing in
            if existing != nil { return .failure(FakeStatusError(FakeStatus.alreadyExists(route.resource, name))) }
            return .success(object.withAPIVersion(route.apiVersion))
        }
        return outcome(result, apiVersion: route.apiVersion)
    }

    private func update(_ route: FakeRoute, _ name: String, _ r: FakeAPIServer.RecordedRequest) -> (Int, Value) {
        guard case .success(var object) = json(r.body) else { return (400, FakeStatus.badRequest("invalid JSON body")) }
        let bodyName = object.at("metadata", "name")?.string ?? ""
        guard bodyName == name else {
            return (400, FakeStatus.badRequest("the name of the object (\(bodyName)) does not match the name on the URL (\(name))"))
        }
        if let error = namespaceMismatch(route, object) { return (400, error) }
        if let ns = route.namespace { object = object.settingMeta("namespace", .string(ns)) }
        let result = cluster.mutate(route.resource, namespace: route.namespace, name: name) { existing in
            guard let existing else { return .failure(FakeStatusError(FakeStatus.notFound(route.resource, name))) }
            if let rv = object.at("metadata", "resourceVersion")?.string, !rv.isEmpty,
               rv != existing.at("metadata", "resourceVersion")?.string {
                return .failure(FakeStatusError(FakeStatus.conflict(route.resource, name)))
            }
            if route.subresource == "status" {
                var updated = existing
                updated.set("status", object["status"] ?? .null)
                return .success(updated)
            }
            return .success(object.withAPIVersion(route.apiVersion))
        }
        return outcome(result, apiVersion: route.apiVersion)
    }

    private func namespaceMismatch(_ route: FakeRoute, _ object: Value) -> Value? {
        if let ns = object.at("metadata", "namespace")?.string, !ns.isEmpty, let routeNS = route.namespace, ns != routeNS {
            return FakeStatus.badRequest("the namespace of the provided object does not match the namespace sent on the request")
        }
        return nil
    }

    // MARK: - Patch

    private func patch(_ route: FakeRoute, _ name: String, _ r: FakeAPIServer.RecordedRequest) -> (Int, Value) {
        let contentType = (r.header("Content-Type") ?? "").split(separator: ";").first.map { String($0).trimmingCharacters(in: .whitespaces) } ?? ""
        let isApply = contentType == "application/apply-patch+yaml"
        if r.query["force"] != nil, !isApply {
            return (422, FakeStatus.invalid("force: Forbidden: may not be specified for non-apply patch"))
        }
        if isApply, (r.query["fieldManager"] ?? "").isEmpty {
            return (422, FakeStatus.invalid("PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch"))
        }
        let accepted = route.resource.isCustom
            ? ["application/json-patch+json", "application/merge-patch+json", "application/apply-patch+yaml"]
            : ["application/json-patch+json", "application/merge-patch+json", "application/strategic-merge-patch+json", "application/apply-patch+yaml"]
        guard accepted.contains(contentType) else {
            return (415, FakeStatus.failure(415, reason: "UnsupportedMediaType",
                message: "the body of the request was in an unknown format - accepted media types include: \(accepted.joined(separator: ", "))"))
        }
        let patch: Value
        if isApply {
            // Apply bodies are YAML (JSON is a subset).
            guard let parsed = try? YAMLLoader().loadSingle(String(decoding: r.body, as: UTF8.self)) else {
                return (400, FakeStatus.badRequest("error decoding YAML"))
            }
            patch = parsed
        } else {
            guard case .success(let parsed) = json(r.body) else { return (400, FakeStatus.badRequest("invalid JSON body")) }
            patch = parsed
        }
        let result = cluster.mutate(route.resource, namespace: route.namespace, name: name) { existing in
            guard let existing else {
                guard isApply else { return .failure(FakeStatusError(FakeStatus.notFound(route.resource, name))) }
                var created = patch.withAPIVersion(route.apiVersion)
                if let ns = route.namespace { created = created.settingMeta("namespace", .string(ns)) }
                return .success(created)
            }
            var patched: Value
            switch contentType {
            case "application/merge-patch+json": patched = FakePatch.merge(existing, patch)
            case "application/json-patch+json":
                do {
                    patched = try FakePatch.json(existing, patch)
                } catch {
                    return .failure(FakeStatusError(FakeStatus.invalid("the server rejected our request due to an error in our request: \(error)")))
                }
            default:
                // Strategic merge, and apply (no field ownership tracking).
                patched = FakePatch.strategic(existing, patch)
            }
            if patched.at("metadata", "resourceVersion")?.string != existing.at("metadata", "resourceVersion")?.string {
                return .failure(FakeStatusError(FakeStatus.conflict(route.resource, name)))
            }
            patched = patched.settingMeta("name", .string(name))
            if let ns = route.namespace { patched = patched.settingMeta("namespace", .string(ns)) }
            if route.subresource == "status" {
                var updated = existing
                updated.set("status", patched["status"] ?? .null)
                return .success(updated)
            }
            return .success(patched)
        }
        return outcome(result, apiVersion: route.apiVersion)
    }

    // MARK: - Delete

    private func delete(_ route: FakeRoute, _ name: String, _ r: FakeAPIServer.RecordedRequest) -> (Int, Value) {
        var options: Value?
        if !r.body.isEmpty {
            guard case .success(let parsed) = json(r.body) else { return (400, FakeStatus.badRequest("invalid JSON body")) }
            options = parsed
        }
        let result = cluster.mutate(route.resource, namespace: route.namespace, name: name) { existing in
            guard let existing else { return .failure(FakeStatusError(FakeStatus.notFound(route.resource, name))) }
            if let rv = options?.at("preconditions", "resourceVersion")?.string,
               rv != existing.at("metadata", "resourceVersion")?.string {
                return .failure(FakeStatusError(FakeStatus.failure(409, reason: "Conflict", message:
                    "Operation cannot be fulfilled on \(route.resource.qualifiedName) \"\(name)\": Precondition failed: ResourceVersion in precondition: \(rv), ResourceVersion in object meta: \(existing.at("metadata", "resourceVersion")?.string ?? "")")))
            }
            if let uid = options?.at("preconditions", "uid")?.string, uid != existing.at("metadata", "uid")?.string {
                return .failure(FakeStatusError(FakeStatus.failure(409, reason: "Conflict", message:
                    "Operation cannot be fulfilled on \(route.resource.qualifiedName) \"\(name)\": Precondition failed: UID in precondition: \(uid)")))
            }
            return .success(nil)
        }
        return outcome(result, apiVersion: route.apiVersion)
    }
}
