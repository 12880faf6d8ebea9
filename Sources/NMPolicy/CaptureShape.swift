/// What a capture's result is known to contain before it runs, so that
/// templates reading a property the capture cannot have are caught at
/// admission instead of on the node.
///
/// A filter or replacement on interfaces yields `{interfaces: […]}`, one on
/// routes `{routes: {running|config: […]}}`, one on route rules
/// `{route-rules: {config: […]}}`; a bare path keeps only its first names.
/// The free-text form stores the whole state, which is not known.
struct CaptureShape {
    /// Names every path into the result must start with.
    var prefix: [String]

    init?(_ expression: CaptureExpression) {
        switch expression.operation {
        case .wholeState:
            return nil
        case .retain(let path):
            let names = path.names
            guard let first = names.first else { return nil }
            // Interfaces is a list; the other top-level keys are mappings
            // whose next name is kept as well.
            prefix = first == "interfaces" || names.count < 2 ? [first] : Array(names[..<2])
        case .filter(let key, _), .replace(let key, _), .match(let key, _):
            // A key can be a single name (`capture.c.enabled:=true` keys on
            // `enabled` alone); found by the fuzzer, it used to trap here.
            guard let first = key.names.first else { return nil }
            prefix = first == "interfaces" ? ["interfaces"] : Array(key.names.prefix(2))
        }
    }

    /// nmstate's lookup error for `reference`, if its property path leaves
    /// the known shape.
    func violation(of reference: TemplateReference) -> PolicyError? {
        let path = reference.propertyPath
        var position = reference.propertyPathPosition
        for depth in prefix.indices where depth < path.count {
            let name = path[depth]
            if name != prefix[depth] {
                let message = depth == path.count - 1
                    ? "Failed to find property \(name), exists properties are \(prefix[depth])"
                    : "Failed to find leaf \(name) data, allowed keys are \(prefix[depth])"
                return PolicyError(message, line: reference.text, position: position)
            }
            if depth + 1 < prefix.count, depth + 1 < path.count, let index = PolicyText.parseIndex(path[depth + 1]) {
                return PolicyError("Failed to find index \(index) from \(name)", line: reference.text,
                                   position: position + PolicyText.count("\(name).\(path[depth + 1])."))
            }
            // nmstate advances by the name without its dot.
            position += PolicyText.count(name)
        }
        return nil
    }
}
