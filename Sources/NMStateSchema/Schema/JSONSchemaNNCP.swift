import SourceModel

/// The NodeNetworkConfigurationPolicy envelope around a desired state,
/// after the kubernetes-nmstate CRD (`nmstate.io/v1`, deprecated `v1beta1`).
enum NNCPSchema {
    /// The policy object; `desiredState` is the (reference to the) state schema.
    static func policy(desiredState: Value) -> Value {
        let stringMap = JS.object([("type", .string("object")), ("additionalProperties", JS.type("string"))])
        let spec = JS.object([
            ("type", .string("object")),
            ("properties", JS.object([
                ("nodeSelector", JS.with(JS.with(stringMap, "maxProperties", .int(256)), "description",
                                         .string("Label equality selector of the nodes the policy applies to."))),
                ("maxUnavailable", JS.object([
                    ("description", .string("Nodes (integer) or percentage (\"50%\") configured at a time; default \"50%\". Other strings silently fall back to the default.")),
                    ("anyOf", .sequence([
                        JS.object([("type", .string("integer")), ("minimum", .int(0))]),
                        JS.object([("type", .string("string")), ("pattern", .string("^[0-9]+%$"))]),
                    ])),
                ])),
                ("capture", JS.with(stringMap, "description", .string("Capture name to nmpolicy expression, resolved on each node."))),
                ("desiredState", JS.object([("type", .string("object")), ("description", .string("The nmstate desired state."))])),
            ])),
            // Unknown spec keys would be pruned by the apiserver: a typo loses data silently.
            ("additionalProperties", .bool(false)),
            // With captures, values may be `{{ capture.… }}` templates that stand
            // for any type, which JSON Schema cannot express: the embedded
            // validator checks those states.
            ("if", JS.object([("required", JS.strings(["capture"]))])),
            ("else", JS.object([("properties", JS.object([("desiredState", desiredState)]))])),
        ])
        return JS.object([
            ("description", .string("A kubernetes-nmstate NodeNetworkConfigurationPolicy.")),
            ("type", .string("object")),
            ("properties", JS.object([
                ("apiVersion", JS.object([("enum", JS.strings(["nmstate.io/v1", "nmstate.io/v1beta1"]))])),
                ("kind", JS.object([("const", .string("NodeNetworkConfigurationPolicy"))])),
                ("metadata", JS.object([
                    ("type", .string("object")),
                    ("properties", JS.object([
                        ("name", JS.type("string")),
                        ("labels", stringMap),
                        ("annotations", stringMap),
                    ])),
                ])),
                ("spec", spec),
                ("status", JS.type("object")),
            ])),
            ("required", JS.strings(["apiVersion", "kind", "spec"])),
        ])
    }
}
