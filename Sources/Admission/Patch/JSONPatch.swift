import SourceModel

/// An RFC 6902 JSON Patch, as `response.patch` carries it.
///
/// Only the operations a mutating admission webhook needs. Paths are RFC
/// 6901 pointers (`/metadata/annotations/nmstate.io~1webhook-mutating-timestamp`);
/// build them with ``JSONPointer`` so `~` and `/` in keys are escaped.
public struct JSONPatch: Sendable, Equatable {
    public enum Operation: Sendable, Equatable {
        /// Adds a member (replacing an existing one of the same name) or
        /// inserts an array element.
        case add(path: String, value: Value)
        /// Removes a member or element that must exist.
        case remove(path: String)
        /// Replaces a member or element that must exist.
        case replace(path: String, value: Value)

        public var path: String {
            switch self {
            case .add(let p, _), .remove(let p), .replace(let p, _): return p
            }
        }
    }

    public var operations: [Operation]

    public init(_ operations: [Operation] = []) {
        self.operations = operations
    }

    public var isEmpty: Bool { operations.isEmpty }

    /// The patch as a JSON array (before base64).
    public func jsonBytes() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(64 * operations.count)
        write(into: &out)
        return out
    }

    public func write(into out: inout [UInt8]) {
        out.append(UInt8(ascii: "["))
        for (i, op) in operations.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            switch op {
            case .add(let path, let value):
                out.append(contentsOf: #"{"op":"add","path":"#.utf8)
                JSONWriter.writeString(path, into: &out)
                out.append(contentsOf: #","value":"#.utf8)
                JSONWriter.bytes(value, into: &out)
            case .remove(let path):
                out.append(contentsOf: #"{"op":"remove","path":"#.utf8)
                JSONWriter.writeString(path, into: &out)
            case .replace(let path, let value):
                out.append(contentsOf: #"{"op":"replace","path":"#.utf8)
                JSONWriter.writeString(path, into: &out)
                out.append(contentsOf: #","value":"#.utf8)
                JSONWriter.bytes(value, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
        out.append(UInt8(ascii: "]"))
    }

    /// Reads a patch from its JSON form (for tests and tools).
    public init(json: Value) throws(AdmissionReviewError) {
        guard let items = json.sequence else {
            throw AdmissionReviewError(.invalidRequest, "a JSON Patch must be an array, got \(json.kindName)")
        }
        var ops: [Operation] = []
        for (i, item) in items.enumerated() {
            guard let op = item["op"]?.string, let path = item["path"]?.string else {
                throw AdmissionReviewError(.invalidRequest, "patch operation \(i) needs string `op` and `path`")
            }
            switch op {
            case "add", "replace":
                guard let value = item["value"] else {
                    throw AdmissionReviewError(.invalidRequest, "patch operation \(i) (\(op)) needs a `value`")
                }
                ops.append(op == "add" ? .add(path: path, value: value) : .replace(path: path, value: value))
            case "remove":
                ops.append(.remove(path: path))
            default:
                throw AdmissionReviewError(.invalidRequest, "patch operation \(i) has unsupported op \(JSONWriter.quoted(op))")
            }
        }
        self.init(ops)
    }
}

/// RFC 6901 pointers from mapping keys.
public enum JSONPointer {
    /// `["metadata", "annotations", "a/b~c"]` → `/metadata/annotations/a~1b~0c`.
    public static func pointer<S: Sequence>(_ keys: S) -> String where S.Element == String {
        var out = ""
        for k in keys {
            out += "/"
            out += DocumentPath.escapePointerToken(k)
        }
        return out
    }
}
