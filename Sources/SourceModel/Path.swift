/// Where a value sits inside a document, e.g.
/// `spec.desiredState.interfaces[2].vlan.id`.
///
/// Diagnostics carry a path as well as a line and column: the path is what
/// an admission response can show (the apiserver has no source text), the
/// location is what an editor or CI annotation needs.
public struct DocumentPath: Sendable, Hashable, CustomStringConvertible, ExpressibleByArrayLiteral {
    public enum Component: Sendable, Hashable {
        case key(String)
        case index(Int)
    }

    public var components: [Component]

    public init(_ components: [Component] = []) { self.components = components }

    public init(arrayLiteral elements: Component...) { self.components = elements }

    public static let root = DocumentPath()

    public func appending(_ key: String) -> DocumentPath {
        var copy = self
        copy.components.append(.key(key))
        return copy
    }

    public func appending(_ index: Int) -> DocumentPath {
        var copy = self
        copy.components.append(.index(index))
        return copy
    }

    public func appending(_ other: DocumentPath) -> DocumentPath {
        DocumentPath(components + other.components)
    }

    public var isEmpty: Bool { components.isEmpty }

    /// Dotted form: keys joined by `.`, indices as `[n]`. Keys that contain
    /// a dot, a bracket or a space are quoted so the path stays unambiguous.
    public var description: String {
        var out = ""
        for c in components {
            switch c {
            case .key(let k):
                let needsQuote = k.isEmpty || k.contains(where: { $0 == "." || $0 == "[" || $0 == "]" || $0 == " " || $0 == "\"" })
                if !out.isEmpty { out += "." }
                out += needsQuote ? "\"" + k.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\\\"") + "\"" : k
            case .index(let i):
                out += "[\(i)]"
            }
        }
        return out
    }

    /// RFC 6901 JSON Pointer form (`/spec/desiredState/interfaces/2`), as
    /// JSON Patch and SARIF want it.
    public var jsonPointer: String {
        var out = ""
        for c in components {
            out += "/"
            switch c {
            case .key(let k): out += Self.escapePointerToken(k)
            case .index(let i): out += String(i)
            }
        }
        return out
    }

    /// Escapes one JSON Pointer reference token: `~` as `~0`, `/` as `~1`.
    public static func escapePointerToken(_ token: String) -> String {
        guard token.contains(where: { $0 == "~" || $0 == "/" }) else { return token }
        var out = ""
        out.reserveCapacity(token.count + 4)
        for ch in token {
            switch ch {
            case "~": out += "~0"
            case "/": out += "~1"
            default: out.append(ch)
            }
        }
        return out
    }
}

extension Value {
    /// The value at `path`, if every step exists.
    public func value(at path: DocumentPath) -> Value? {
        var current = self
        for c in path.components {
            switch c {
            case .key(let k):
                guard let next = current[k] else { return nil }
                current = next
            case .index(let i):
                guard let next = current[i] else { return nil }
                current = next
            }
        }
        return current
    }

    /// The best source location for `path`: the value's own location, or
    /// the location of the deepest ancestor that exists. For a missing key
    /// this points at the mapping that should have held it.
    public func location(of path: DocumentPath) -> SourceLocation {
        var current = self
        var best = location
        for c in path.components {
            switch c {
            case .key(let k):
                guard let m = current.member(k) else { return best }
                best = m.value.location.isKnown ? m.value.location : m.keyLocation
                current = m.value
            case .index(let i):
                guard let next = current[i] else { return best }
                current = next
                if next.location.isKnown { best = next.location }
            }
        }
        return best
    }

    /// Location of the key of the last path component when it is a key
    /// (where an "unknown field" points), else the value's location.
    public func keyLocation(of path: DocumentPath) -> SourceLocation {
        guard case .key(let k)? = path.components.last else { return location(of: path) }
        let parentPath = DocumentPath(Array(path.components.dropLast()))
        guard let parent = value(at: parentPath), let m = parent.member(k) else { return location(of: path) }
        return m.keyLocation.isKnown ? m.keyLocation : m.value.location
    }
}

extension DocumentPath.Component: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    public init(stringLiteral value: String) { self = .key(value) }
    public init(integerLiteral value: Int) { self = .index(value) }
}

extension DocumentPath {
    /// Builds a path from keys and indices: `DocumentPath("interfaces", 2, "vlan")`.
    public init(_ components: Component...) { self.components = components }
}
