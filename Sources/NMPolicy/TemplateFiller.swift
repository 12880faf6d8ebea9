import SourceModel

/// Replaces `{{ capture.… }}` references in a desired state with captured
/// data, as nmstate's `NetworkStateTemplate::fill_with_captured_data`.
///
/// Every string is scanned (nmstate treats any brace as template syntax).
/// A reference that is the whole string is replaced by the value it names,
/// whatever its type; with text around it, the value must be a string and
/// the text is joined to it. Only the referenced part of a capture is
/// materialised.
struct TemplateFiller {
    let captures: [String: CaptureValue]

    func fill(_ value: Value) throws(PolicyError) -> Value {
        switch value.content {
        case .string(let s):
            guard let reference = try TemplateReference.scan(s).first else { return value }
            var resolved = try resolve(reference)
            resolved.location = value.location
            return resolved
        case .mapping(let members):
            var out: [Value.Member] = []
            out.reserveCapacity(members.count)
            for var member in members {
                member.value = try fill(member.value)
                out.append(member)
            }
            return Value(.mapping(out), at: value.location)
        case .sequence(let items):
            var out: [Value] = []
            out.reserveCapacity(items.count)
            for item in items { out.append(try fill(item)) }
            return Value(.sequence(out), at: value.location)
        default:
            return value
        }
    }

    func resolve(_ reference: TemplateReference) throws(PolicyError) -> Value {
        guard let state = captures[reference.captureName] else {
            throw PolicyError("Failed to find capture \(reference.captureName)", line: reference.text,
                              position: reference.captureNamePosition)
        }
        let found = try StateLookup(line: reference.text)
            .value(at: reference.propertyPath, in: state, position: reference.propertyPathPosition)
            .materialize()
        guard reference.hasAffixes else { return found }
        guard let text = found.string else {
            throw PolicyError("The resolved reference result is object or array, hence you cannot add prefix or postfix",
                              line: reference.text, position: reference.position)
        }
        return .string(reference.prefix + text + reference.suffix)
    }
}
