import SourceModel

/// `meta.k8s.io/v1 Status` bodies as kube-apiserver writes them.
enum FakeStatus {
    static func failure(_ code: Int, reason: String, message: String, details: Value? = nil) -> Value {
        var members: [Value.Member] = [
            .init(key: "kind", value: .string("Status")),
            .init(key: "apiVersion", value: .string("v1")),
            .init(key: "metadata", value: .mapping([Value.Member]())),
            .init(key: "status", value: .string("Failure")),
            .init(key: "message", value: .string(message)),
            .init(key: "reason", value: .string(reason)),
        ]
        if let details { members.append(.init(key: "details", value: details)) }
        members.append(.init(key: "code", value: .int(code)))
        return .mapping(members)
    }

    static func notFound(_ resource: FakeResource, _ name: String) -> Value {
        failure(404, reason: "NotFound", message: "\(resource.qualifiedName) \"\(name)\" not found",
                details: .mapping(["name": .string(name), "group": .string(resource.group), "kind": .string(resource.plural)]))
    }

    static func alreadyExists(_ resource: FakeResource, _ name: String) -> Value {
        failure(409, reason: "AlreadyExists", message: "\(resource.qualifiedName) \"\(name)\" already exists",
                details: .mapping(["name": .string(name), "group": .string(resource.group), "kind": .string(resource.plural)]))
    }

    static func conflict(_ resource: FakeResource, _ name: String) -> Value {
        failure(409, reason: "Conflict", message:
            "Operation cannot be fulfilled on \(resource.qualifiedName) \"\(name)\": the object has been modified; please apply your changes to the latest version and try again",
            details: .mapping(["name": .string(name), "group": .string(resource.group), "kind": .string(resource.plural)]))
    }

    static let unauthorized = failure(401, reason: "Unauthorized", message: "Unauthorized")

    static func badRequest(_ message: String) -> Value { failure(400, reason: "BadRequest", message: message) }
    static func invalid(_ message: String) -> Value { failure(422, reason: "Invalid", message: message) }
}

struct FakeStatusError: Error, Sendable {
    var status: Value
    init(_ status: Value) { self.status = status }
}
