import SourceModel

/// The three patch flavours the fake applies to stored objects. Written
/// for the fake only: the client sends patches, it never applies them.
enum FakePatch {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// RFC 7386 JSON merge patch.
    static func merge(_ target: Value, _ patch: Value) -> Value {
        guard let patchMembers = patch.members else { return patch }
        var result = target.isMapping ? target : Value.mapping([Value.Member]())
        for m in patchMembers {
            if m.value.isNull {
                result.remove(m.key)
            } else {
                result.set(m.key, merge(result[m.key] ?? .null, m.value))
            }
        }
        return result
    }

    /// Strategic merge patch, reduced to what matters here: like a merge
    /// patch, except that lists of mappings that all carry `name` (the merge
    /// key of `webhooks`, `containers`, …) merge item by item, and an item
    /// with `$patch: delete` removes its namesake.
    static func strategic(_ target: Value, _ patch: Value) -> Value {
        switch (target.content, patch.content) {
        case (_, .mapping(let patchMembers)):
            if patch["$patch"]?.string == "replace" {
                var copy = patch
                copy.remove("$patch")
                return copy
            }
            var result = target.isMapping ? target : Value.mapping([Value.Member]())
            for m in patchMembers {
                if m.value.isNull {
                    result.remove(m.key)
                } else {
                    result.set(m.key, strategic(result[m.key] ?? .null, m.value))
                }
            }
            return result
        case (.sequence(let current), .sequence(let items))
            where items.allSatisfy({ $0["name"]?.string != nil }) && current.allSatisfy({ $0["name"]?.string != nil }) && !items.isEmpty:
            var merged = current
            for item in items {
                let name = item["name"]!.string!
                let index = merged.firstIndex { $0["name"]?.string == name }
                if item["$patch"]?.string == "delete" {
                    if let index { merged.remove(at: index) }
                } else if let index {
                    merged[index] = strategic(merged[index], item)
                } else {
                    merged.append(item)
                }
            }
            return .sequence(merged)
        default:
            return patch
        }
    }

    /// RFC 6902 JSON Patch.
    static func json(_ target: Value, _ operations: Value) throws(Failure) -> Value {
        guard let ops = operations.sequence else { throw Failure(description: "a JSON patch must be an array of operations") }
        var doc = target
        for op in ops {
            guard let name = op["op"]?.string, let path = op["path"]?.string else {
                throw Failure(description: "an operation needs op and path")
            }
            let pointer = try tokens(path)
            switch name {
            case "add":
                guard let value = op["value"] else { throw Failure(description: "add needs a value") }
                doc = try add(doc, pointer[...], value)
            case "remove":
                doc = try remove(doc, pointer[...])
            case "replace":
                guard let value = op["value"] else { throw Failure(description: "replace needs a value") }
                _ = try get(doc, pointer[...])
                doc = try remove(doc, pointer[...])
                doc = try add(doc, pointer[...], value)
            case "test":
                guard let value = op["value"] else { throw Failure(description: "test needs a value") }
                guard try get(doc, pointer[...]) == value else {
                    throw Failure(description: "testing value \(path) failed")
                }
            case "move", "copy":
                guard let fromPath = op["from"]?.string else { throw Failure(description: "\(name) needs from") }
                let from = try tokens(fromPath)
                let value = try get(doc, from[...])
                if name == "move" { doc = try remove(doc, from[...]) }
                doc = try add(doc, pointer[...], value)
            default:
                throw Failure(description: "unknown operation \(name)")
            }
        }
        return doc
    }

    static func tokens(_ pointer: String) throws(Failure) -> [String] {
        if pointer.isEmpty { return [] }
        guard pointer.hasPrefix("/") else { throw Failure(description: "a JSON pointer starts with /: \(pointer)") }
        return pointer.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map {
            String($0).replacingTilde()
        }
    }

    static func get(_ doc: Value, _ path: ArraySlice<String>) throws(Failure) -> Value {
        guard let head = path.first else { return doc }
        if let items = doc.sequence {
            guard let i = Int(head), items.indices.contains(i) else { throw Failure(description: "no index \(head)") }
            return try get(items[i], path.dropFirst())
        }
        guard let child = doc[head] else { throw Failure(description: "missing key \(head)") }
        return try get(child, path.dropFirst())
    }

    static func add(_ doc: Value, _ path: ArraySlice<String>, _ value: Value) throws(Failure) -> Value {
        guard let head = path.first else { return value }
        let last = path.count == 1
        if var items = doc.sequence {
            if last {
                if head == "-" { items.append(value) } else {
                    guard let i = Int(head), i >= 0, i <= items.count else { throw Failure(description: "bad index \(head)") }
                    items.insert(value, at: i)
                }
            } else {
                guard let i = Int(head), items.indices.contains(i) else { throw Failure(description: "no index \(head)") }
                items[i] = try add(items[i], path.dropFirst(), value)
            }
            return .sequence(items)
        }
        guard doc.isMapping else { throw Failure(description: "cannot add below a scalar at \(head)") }
        var copy = doc
        if last {
            copy.set(head, value)
        } else {
            guard let child = doc[head] else { throw Failure(description: "missing key \(head)") }
            copy.set(head, try add(child, path.dropFirst(), value))
        }
        return copy
    }

    static func remove(_ doc: Value, _ path: ArraySlice<String>) throws(Failure) -> Value {
        guard let head = path.first else { throw Failure(description: "cannot remove the root") }
        let last = path.count == 1
        if var items = doc.sequence {
            guard let i = Int(head), items.indices.contains(i) else { throw Failure(description: "no index \(head)") }
            if last { items.remove(at: i) } else { items[i] = try remove(items[i], path.dropFirst()) }
            return .sequence(items)
        }
        guard let child = doc[head] else { throw Failure(description: "missing key \(head)") }
        var copy = doc
        if last { copy.remove(head) } else { copy.set(head, try remove(child, path.dropFirst())) }
        return copy
    }
}

extension String {
    fileprivate func replacingTilde() -> String {
        var out = ""
        var it = makeIterator()
        while let ch = it.next() {
            if ch == "~" {
                switch it.next() {
                case "0": out.append("~")
                case "1": out.append("/")
                case let other?: out.append("~"); out.append(other)
                case nil: out.append("~")
                }
            } else {
                out.append(ch)
            }
        }
        return out
    }
}
