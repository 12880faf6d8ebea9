import SourceModel

/// An nmstate policy file (`nmstatectl policy` input): `capture`, `desired`
/// (alias `desiredState`) and an optional `current`. nmstate rejects any
/// other key.
///
/// Captures keep document order, which decides how many ordering rounds
/// nmstate needs (see ``PolicyResolver``).
public struct PolicyDocument: Sendable {
    public var captures: [(name: String, expression: String)]
    public var desired: Value
    public var current: Value?

    public init(captures: [(name: String, expression: String)] = [], desired: Value = .mapping([Value.Member]()), current: Value? = nil) {
        self.captures = captures
        self.desired = desired
        self.current = current
    }

    static let fields = ["capture", "desired", "current"]

    /// Reads a policy document. Errors use serde's wording, kind
    /// InvalidArgument, as nmstate reports a policy it cannot deserialise.
    public init(_ document: Value) throws(PolicyError) {
        self.init()
        if document.isNull { return }
        guard let members = document.members else {
            throw PolicyError(kind: .invalidArgument, "invalid type: \(document.typeDescription), expected struct NetworkPolicy")
        }
        var sawDesired = false
        for member in members {
            switch member.key {
            case "capture":
                captures = try Self.captures(member.value)
            case "desired", "desiredState":
                if sawDesired { throw PolicyError(kind: .invalidArgument, "duplicate field `desired`") }
                sawDesired = true
                desired = member.value
            case "current":
                current = member.value.isNull ? nil : member.value
            default:
                throw PolicyError(kind: .invalidArgument,
                                  "unknown field `\(member.key)`, expected one of \(Self.fields.map { "`\($0)`" }.joined(separator: ", "))")
            }
        }
    }

    /// `capture` must map names to expression strings.
    static func captures(_ value: Value) throws(PolicyError) -> [(name: String, expression: String)] {
        if value.isNull { return [] }
        guard let members = value.members else {
            throw PolicyError(kind: .invalidArgument, "invalid type: \(value.typeDescription), expected a map")
        }
        var out: [(name: String, expression: String)] = []
        for member in members {
            guard let expression = member.value.string else {
                throw PolicyError(kind: .invalidArgument, "Expecting a string, but got \(ValueText.comparable(member.value))")
            }
            out.append((member.key, expression))
        }
        return out
    }

    /// Resolves the document against `current`, or against its own
    /// `current:` when none is given, reading captures in `dialect`.
    public func resolve(current override: Value? = nil, dialect: CaptureDialect = .latest) throws(PolicyError) -> Value {
        try PolicyResolver().resolve(captures: captures, desired: desired,
                                     current: override ?? current ?? .mapping([Value.Member]()), dialect: dialect)
    }
}
