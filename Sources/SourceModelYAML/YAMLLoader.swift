import CYaml
import SourceModel

/// Reads YAML streams into ``Value`` trees with libyaml (the copy inside Yams).
///
/// Why events rather than `Yams.compose`: composing expands aliases with no
/// limit and hashes whole keys for the duplicate check (an alias bomb used as
/// a key never finishes), and Yams' regular-expression resolver is most of its
/// parse time. Building the tree from libyaml events lets us count alias
/// expansion as it happens, check duplicate keys on strings, and resolve plain
/// scalars once with a table-free scanner that follows YAML 1.1 as Kubernetes
/// reads manifests (`yes`/`on` are booleans, `017` is octal).
public struct YAMLLoader: Sendable {
    public var limits: LoadLimits

    public init(limits: LoadLimits = .default) {
        self.limits = limits
    }

    /// The documents of a stream, in order. Empty documents (a trailing
    /// `---`, a comment-only file) are dropped. If document N is broken, the
    /// documents before it are returned along with the error.
    public func loadStream(_ bytes: [UInt8]) -> (documents: [Value], error: LoadError?) {
        if bytes.count > limits.maxBytes {
            return ([], LoadError(.tooLarge, "document is \(bytes.count) bytes, over the limit of \(limits.maxBytes) bytes"))
        }
        var builder = EventBuilder(limits: limits)
        return bytes.withUnsafeBufferPointer { builder.run($0) }
    }

    public func loadStream(_ text: String) -> (documents: [Value], error: LoadError?) {
        loadStream(Array(text.utf8))
    }

    /// Exactly one document (or an error).
    public func loadSingle(_ text: String) throws(LoadError) -> Value {
        let (docs, error) = loadStream(text)
        if let error { throw error }
        guard docs.count <= 1 else {
            throw LoadError(.syntax, "expected a single document but found \(docs.count)")
        }
        return docs.first ?? .null
    }
}

private struct EventBuilder {
    let limits: LoadLimits
    var parser = yaml_parser_t()
    var anchors: [String: (value: Value, nodes: Int)] = [:]
    var aliasNodes = 0

    init(limits: LoadLimits) { self.limits = limits }

    mutating func run(_ buffer: UnsafeBufferPointer<UInt8>) -> (documents: [Value], error: LoadError?) {
        guard yaml_parser_initialize(&parser) == 1 else {
            return ([], LoadError(.syntax, "could not initialise the YAML parser"))
        }
        defer { yaml_parser_delete(&parser) }
        yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
        yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)

        var documents: [Value] = []
        do throws(LoadError) {
            var event = try next()
            guard event.type == YAML_STREAM_START_EVENT else { throw LoadError(.syntax, "expected a YAML stream") }
            yaml_event_delete(&event)
            while true {
                event = try next()
                defer { yaml_event_delete(&event) }
                if event.type == YAML_STREAM_END_EVENT { break }
                guard event.type == YAML_DOCUMENT_START_EVENT else { throw LoadError(.syntax, "expected a document start") }
                anchors.removeAll(keepingCapacity: true)
                var first = try next()
                let (root, _) = try node(from: &first, depth: 0)
                var end = try next()
                yaml_event_delete(&end)
                if !root.isNull { documents.append(root) }
            }
            return (documents, nil)
        } catch {
            return (documents, error)
        }
    }

    mutating func next() throws(LoadError) -> yaml_event_t {
        var event = yaml_event_t()
        guard yaml_parser_parse(&parser, &event) == 1 else {
            throw parserError()
        }
        return event
    }

    func parserError() -> LoadError {
        let problem = parser.problem.map { String(cString: $0) } ?? "invalid YAML"
        var message = problem
        if let ctx = parser.context.map({ String(cString: $0) }) {
            message = "\(problem) (\(ctx))"
        }
        let mark = parser.problem_mark
        let code: LoadError.Code = parser.error == YAML_READER_ERROR ? .encoding : .syntax
        if parser.error == YAML_READER_ERROR {
            return LoadError(code, "\(problem) at byte \(parser.problem_offset)", at: .unknown)
        }
        return LoadError(code, message, at: SourceLocation(line: Int(mark.line) + 1, column: Int(mark.column) + 1))
    }

    static func location(_ mark: yaml_mark_t) -> SourceLocation {
        SourceLocation(line: Int(mark.line) + 1, column: Int(mark.column) + 1)
    }

    static func string(_ ptr: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let ptr else { return nil }
        return String(cString: UnsafeRawPointer(ptr).assumingMemoryBound(to: CChar.self))
    }

    /// Builds the node that starts with `event` (consumed; deleted here) and
    /// returns it with its exact node count, which anchors remember so that
    /// nested aliases are charged for everything they expand to.
    mutating func node(from event: inout yaml_event_t, depth: Int) throws(LoadError) -> (Value, Int) {
        defer { yaml_event_delete(&event) }
        let loc = Self.location(event.start_mark)
        switch event.type {
        case YAML_SCALAR_EVENT:
            let s = event.data.scalar
            let text = String(decoding: UnsafeBufferPointer(start: s.value, count: s.length), as: UTF8.self)
            let tag = Self.string(s.tag)
            let value = Value(ScalarResolver.resolve(text, plain: s.style == YAML_PLAIN_SCALAR_STYLE, tag: tag), at: loc)
            if let anchor = Self.string(s.anchor) { anchors[anchor] = (value, 1) }
            return (value, 1)
        case YAML_ALIAS_EVENT:
            let name = Self.string(event.data.alias.anchor) ?? ""
            guard let entry = anchors[name] else {
                throw LoadError(.undefinedAlias, "alias *\(name) refers to an undefined anchor", at: loc)
            }
            aliasNodes += entry.nodes
            if aliasNodes > limits.maxAliasNodes {
                throw LoadError(.aliasBudget, "aliases expand to more than \(limits.maxAliasNodes) nodes (alias *\(name)); refusing a possible alias bomb", at: loc)
            }
            var copy = entry.value
            copy.location = loc
            return (copy, entry.nodes)
        case YAML_SEQUENCE_START_EVENT:
            guard depth < limits.maxDepth else {
                throw LoadError(.tooDeep, "nesting is deeper than \(limits.maxDepth) levels", at: loc)
            }
            let anchor = Self.string(event.data.sequence_start.anchor)
            var items: [Value] = []
            var count = 1
            while true {
                var child = try next()
                if child.type == YAML_SEQUENCE_END_EVENT { yaml_event_delete(&child); break }
                let (v, n) = try node(from: &child, depth: depth + 1)
                count += n
                items.append(v)
            }
            let value = Value(.sequence(items), at: loc)
            if let anchor { anchors[anchor] = (value, count) }
            return (value, count)
        case YAML_MAPPING_START_EVENT:
            guard depth < limits.maxDepth else {
                throw LoadError(.tooDeep, "nesting is deeper than \(limits.maxDepth) levels", at: loc)
            }
            let anchor = Self.string(event.data.mapping_start.anchor)
            var members: [Value.Member] = []
            var seen: Set<String>? = nil
            var count = 1
            var merges: [Value] = []
            while true {
                var keyEvent = try next()
                if keyEvent.type == YAML_MAPPING_END_EVENT { yaml_event_delete(&keyEvent); break }
                let keyLoc = Self.location(keyEvent.start_mark)
                let isPlainMergeKey = keyEvent.type == YAML_SCALAR_EVENT
                    && keyEvent.data.scalar.style == YAML_PLAIN_SCALAR_STYLE
                    && keyEvent.data.scalar.length == 2
                    && keyEvent.data.scalar.value[0] == UInt8(ascii: "<") && keyEvent.data.scalar.value[1] == UInt8(ascii: "<")
                let (keyValue, _) = try node(from: &keyEvent, depth: depth + 1)
                var valueEvent = try next()
                let (v, n) = try node(from: &valueEvent, depth: depth + 1)
                if isPlainMergeKey {
                    merges.append(v)
                    count += n
                    continue
                }
                guard let key = keyValue.scalarText, keyValue.isScalar else {
                    throw LoadError(.syntax, "mapping keys must be scalars", at: keyLoc)
                }
                // Duplicate check: linear for the usual small mapping, a set past that.
                if members.count < 16 {
                    if let prior = members.first(where: { sameKey($0.key, key) }) {
                        throw LoadError(.duplicateKey, "duplicate mapping key \"\(key)\" (first defined at \(prior.keyLocation))", at: keyLoc)
                    }
                } else {
                    if seen == nil { seen = Set(members.map(\.key)) }
                    if !seen!.insert(key).inserted {
                        let prior = members.first(where: { $0.key == key })!
                        throw LoadError(.duplicateKey, "duplicate mapping key \"\(key)\" (first defined at \(prior.keyLocation))", at: keyLoc)
                    }
                }
                count += n
                members.append(Value.Member(key: key, keyLocation: keyLoc, value: v))
            }
            // YAML merge keys (`<<: *base`): explicit members win.
            for merge in merges {
                let sources = merge.sequence ?? [merge]
                for source in sources {
                    guard let extra = source.members else {
                        throw LoadError(.syntax, "merge key `<<` needs a mapping or a list of mappings", at: source.location)
                    }
                    // A set, not a scan: a merged mapping can be as large as the alias budget.
                    var present = Set(members.lazy.map(\.key))
                    for m in extra where present.insert(m.key).inserted {
                        members.append(m)
                    }
                }
            }
            let value = Value(.mapping(members), at: loc)
            if let anchor { anchors[anchor] = (value, count) }
            return (value, count)
        default:
            throw LoadError(.syntax, "unexpected YAML event", at: loc)
        }
    }
}

