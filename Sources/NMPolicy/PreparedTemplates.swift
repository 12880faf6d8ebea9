import SourceModel

/// A desired state whose `{{ capture.… }}` sites were found once, so that
/// filling it on many nodes touches only those sites.
///
/// ``TemplateFiller`` scans every string of the desired state on every
/// fill; full mode fills one policy on every node it selects, and the
/// scan (a lexer per string with braces) would cost more than the fill.
/// Filling gives exactly what ``TemplateFiller`` gives, errors included,
/// in the same order.
public struct PreparedTemplates: Sendable {
    /// One string with braces: where it is, and its reference (nil when
    /// the braces hold none) or the scan error nmstate would report.
    struct Site: Sendable {
        var path: [DocumentPath.Component]
        var location: SourceLocation
        var reference: Result<TemplateReference?, PolicyError>
    }

    public let desired: Value
    let sites: [Site]

    public init(_ desired: Value) {
        self.desired = desired
        var sites: [Site] = []
        var path: [DocumentPath.Component] = []
        func walk(_ value: Value) {
            switch value.content {
            case .string(let s):
                guard s.unicodeScalars.contains(where: { $0 == "{" || $0 == "}" }) else { return }
                let reference: Result<TemplateReference?, PolicyError>
                do { reference = .success(try TemplateReference.scan(s).first) } catch { reference = .failure(error) }
                sites.append(Site(path: path, location: value.location, reference: reference))
            case .mapping(let members):
                for m in members {
                    path.append(.key(m.key))
                    walk(m.value)
                    path.removeLast()
                }
            case .sequence(let items):
                for (i, item) in items.enumerated() {
                    path.append(.index(i))
                    walk(item)
                    path.removeLast()
                }
            default:
                return
            }
        }
        walk(desired)
        self.sites = sites
    }

    /// Whether the desired state holds any template.
    public var hasTemplates: Bool { !sites.isEmpty }

    /// The desired state with every template filled from `captures`.
    public func fill(from captures: ResolvedCaptures) throws(PolicyError) -> Value {
        let filler = TemplateFiller(captures: captures.byName)
        var out = desired
        for site in sites {
            guard let reference = try site.reference.get() else { continue }
            var resolved = try filler.resolve(reference)
            resolved.location = site.location
            out.replace(at: site.path[...], with: resolved)
        }
        return out
    }
}

extension Value {
    /// Replaces the value at `path` (which must exist).
    mutating func replace(at path: ArraySlice<DocumentPath.Component>, with new: Value) {
        guard let first = path.first else {
            self = new
            return
        }
        switch (first, content) {
        case (.key(let key), .mapping(var members)):
            content = .null
            if let i = members.firstIndex(where: { $0.key == key }) {
                members[i].value.replace(at: path.dropFirst(), with: new)
            }
            content = .mapping(members)
        case (.index(let index), .sequence(var items)):
            content = .null
            if items.indices.contains(index) { items[index].replace(at: path.dropFirst(), with: new) }
            content = .sequence(items)
        default:
            return
        }
    }
}
