import SourceModel

/// Scalar kinds as JSON Schema. Lenient parsers become `anyOf` an integer
/// (or boolean) and a string pattern; the repeated ones live in `$defs`.
///
/// What a pattern cannot say: the numeric range of a lenient number written
/// as a string (`"70000"` for a u16 passes the pattern), which the embedded
/// validator still catches.
extension JSONSchemaRenderer {
    mutating func scalar(_ kind: ScalarKind) -> Value {
        switch kind {
        case .string:
            return JS.type("string")
        case .optionalString:
            return JS.object([("type", JS.strings(["string", "null"]))])
        case .bool(let lenient):
            return lenient ? sharedDef("bool-or-string", Self.lenientBool) : JS.type("boolean")
        case .unsigned(let bits, let lenient):
            return lenient ? sharedDef("u\(bits)-or-string", Self.lenientUnsigned(bits: bits)) : JS.unsignedInteger(bits: bits)
        case .signed(let bits, let lenient):
            return lenient ? sharedDef("i\(bits)-or-string", Self.lenientSigned(bits: bits)) : JS.signedInteger(bits: bits)
        case .enumeration(let spec):
            return enumeration(spec)
        case .custom(.ovsDbGlobalValue) where profile == .v2_2_38:
            return scalar(.optionalString)
        case .custom(let custom):
            return Self.custom(custom)
        }
    }

    /// Names, aliases and, for `NumberAsString` enums, the indexes as
    /// integers and digit strings.
    func enumeration(_ spec: EnumSpec) -> Value {
        let names = spec.values(for: profile)
        let aliases = spec.aliases(for: profile).filter { spec.aliases[$0].map(names.contains) ?? false }
        if spec.open {
            return JS.object([("type", .string("string")), ("examples", JS.strings(names + aliases))])
        }
        if spec.caseInsensitive {
            return JS.object([("type", .string("string")), ("pattern", .string(JS.caseInsensitivePattern(names + aliases)))])
        }
        var members = (names + aliases).map { Value.string($0) }
        members += spec.numeric.indices.map { Value.string(String($0)) }
        members += spec.numeric.indices.map { Value.int($0) }
        return JS.object([("enum", .sequence(members))])
    }

    static let lenientBool = JS.object([
        ("description", .string("A boolean, 0 or 1, or one of 1/0/true/false/yes/no/on/off/y/n in any case.")),
        ("anyOf", .sequence([
            JS.type("boolean"),
            JS.object([("enum", .sequence([.int(0), .int(1)]))]),
            JS.object([("type", .string("string")), ("pattern", .string(JS.caseInsensitivePattern(Lenient.boolWords.split(separator: "|").map(String.init))))]),
        ])),
    ])

    static func lenientUnsigned(bits: Int) -> Value {
        JS.object([
            ("description", .string("u\(bits): a non-negative integer, or a decimal or lower-case 0x hexadecimal string.")),
            ("anyOf", .sequence([
                JS.unsignedInteger(bits: bits),
                JS.object([("type", .string("string")), ("pattern", .string("^(\\+?[0-9]+|0x[0-9a-fA-F]+)$"))]),
            ])),
        ])
    }

    static func lenientSigned(bits: Int) -> Value {
        JS.object([
            ("description", .string("i\(bits): an integer, or a decimal string.")),
            ("anyOf", .sequence([
                JS.signedInteger(bits: bits),
                JS.object([("type", .string("string")), ("pattern", .string("^[+-]?[0-9]+$"))]),
            ])),
        ])
    }

    static func custom(_ kind: CustomScalar) -> Value {
        switch kind {
        case .ipsecInterface:
            return JS.anyOf([
                JS.object([("type", .string("integer")), ("minimum", .int(0))]),
                JS.object([("type", .string("string")), ("pattern", .string("^(yes|no|[0-9]+)$"))]),
            ])
        case .multicastRouter:
            return JS.anyOf([
                JS.object([("enum", .sequence([.int(0), .int(1), .int(2)]))]),
                JS.object([("type", .string("string")), ("pattern", .string(JS.caseInsensitivePattern(["auto", "disabled", "enabled", "0", "1", "2"])))]),
            ])
        case .ethtoolFeature:
            return JS.anyOf([JS.type("boolean"), JS.object([("enum", JS.strings(["true", "false", "1", "0"]))])])
        case .infinibandPkey:
            return JS.anyOf([JS.type("null"), lenientUnsigned(bits: 16)])
        case .ovsDbValue, .ovsDbGlobalValue:
            return JS.object([("type", JS.strings(["string", "number", "boolean", "null"]))])
        case .ovsBondMode:
            return JS.object([("enum", JS.strings(["active-backup", "balance-slb", "balance-tcp", "lacp"]))])
        }
    }
}
