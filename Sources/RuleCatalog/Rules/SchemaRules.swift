extension RuleID {
    public static let schemaUnknownField = RuleID("schema.unknown-field")
    public static let schemaInvalidType = RuleID("schema.invalid-type")
    public static let schemaInvalidValue = RuleID("schema.invalid-value")
    public static let schemaMissingField = RuleID("schema.missing-field")
    public static let schemaDuplicateField = RuleID("schema.duplicate-field")
    public static let schemaFieldNotAllowed = RuleID("schema.field-not-allowed")
    public static let schemaUnsupportedInProfile = RuleID("schema.unsupported-in-profile")
    public static let schemaUnknownInterfaceType = RuleID("schema.unknown-interface-type")
}

extension RuleRegistry {
    /// The desired state against nmstate's schema: what nmstate's
    /// deserialiser refuses before any semantic rule runs.
    static let schemaRules: [RuleEntry] = [
        RuleEntry(
            .schemaUnknownField, .error, scope: .stateless,
            summary: "A field nmstate does not know",
            explanation: """
                nmstate reads the desired state with strict deserialisers: a key it does not \
                know is an error on the node, after the policy has been accepted and the \
                rollout started. Most cases are typos (`optionz`, `ipv4.adress`) or a key at \
                the wrong level (`port` under `bridge.options`). The message lists the keys \
                that are allowed there and the closest one.
                """,
            fix: "Rename the key to the one suggested, or move it to the level where nmstate expects it.",
            example: RuleExample(
                before: """
                    interfaces:
                    - name: bond0
                      type: bond
                      state: up
                      link-aggregation:
                        mode: 802.3ad
                        port: [eth1, eth2]
                        optionz:
                          miimon: "100"
                    """,
                after: """
                    interfaces:
                    - name: bond0
                      type: bond
                      state: up
                      link-aggregation:
                        mode: 802.3ad
                        port: [eth1, eth2]
                        options:
                          miimon: "100"
                    """)),
        RuleEntry(
            .schemaInvalidType, .error, scope: .stateless,
            summary: "A value has the wrong type",
            explanation: """
                A field holds a value of a type nmstate cannot read there: a string where a \
                section (map) is expected, a list where a number is expected, a negative number \
                for an unsigned field. nmstate accepts numbers and booleans written as strings \
                where its own parser does, so only what would fail on the node is reported.
                """,
            fix: "Write the value in the shape the message expects.",
            example: RuleExample(
                before: """
                    interfaces:
                    - name: eth1
                      type: ethernet
                      state: up
                      ipv4: enabled
                    """,
                after: """
                    interfaces:
                    - name: eth1
                      type: ethernet
                      state: up
                      ipv4:
                        enabled: true
                        dhcp: true
                    """)),
        RuleEntry(
            .schemaInvalidValue, .error, scope: .stateless,
            summary: "A value is out of range or not one of the allowed words",
            explanation: """
                The value has the right type but nmstate refuses it: an enumeration such as \
                `state` or a bond `mode` with a word nmstate does not know, a number too large \
                for its field, a MAC address or PCI address that does not parse.
                """,
            fix: "Use one of the values the message lists, or a number in range.",
            example: RuleExample(
                before: """
                    interfaces:
                    - name: eth1
                      type: ethernet
                      state: upp
                    """,
                after: """
                    interfaces:
                    - name: eth1
                      type: ethernet
                      state: up
                    """)),
        RuleEntry(
            .schemaMissingField, .error, scope: .stateless,
            summary: "A required field is missing",
            explanation: """
                nmstate needs some fields to identify what is configured: every interface needs \
                a `name`, every address an `ip` and a `prefix-length`, every OVN bridge mapping \
                a `localnet`. Without them the desired state does not deserialise.
                """,
            fix: "Add the field the message names.",
            example: RuleExample(
                before: """
                    interfaces:
                    - type: ethernet
                      state: up
                    """,
                after: """
                    interfaces:
                    - name: eth1
                      type: ethernet
                      state: up
                    """)),
        RuleEntry(
            .schemaDuplicateField, .error, scope: .stateless,
            summary: "One field is given twice under two spellings",
            explanation: """
                Some fields have aliases (`port` and `ports`, `group-forward-mask` spellings). \
                Giving both is a duplicate field to nmstate's deserialiser, and it is ambiguous \
                which list the author meant.
                """,
            fix: "Keep one spelling and merge the values into it.",
            example: RuleExample(
                before: """
                    interfaces:
                    - name: br0
                      type: linux-bridge
                      state: up
                      bridge:
                        port:
                        - name: eth1
                        ports:
                        - name: eth2
                    """,
                after: """
                    interfaces:
                    - name: br0
                      type: linux-bridge
                      state: up
                      bridge:
                        port:
                        - name: eth1
                        - name: eth2
                    """)),
        RuleEntry(
            .schemaFieldNotAllowed, .error, scope: .stateless,
            summary: "A known field that is not allowed where it is written",
            explanation: """
                The field exists in nmstate's schema but not in this position, for example \
                `autoconf` in an `ipv4` section: IPv4 has no stateless autoconfiguration, so \
                nmstate refuses it.
                """,
            fix: "Remove the field, or move it to the section it belongs to.",
            example: RuleExample(
                before: """
                    interfaces:
                    - name: eth1
                      type: ethernet
                      state: up
                      ipv4:
                        enabled: true
                        autoconf: true
                    """,
                after: """
                    interfaces:
                    - name: eth1
                      type: ethernet
                      state: up
                      ipv4:
                        enabled: true
                        dhcp: true
                    """)),
        RuleEntry(
            .schemaUnsupportedInProfile, .error, scope: .stateless,
            summary: "A field newer than the nmstate release the profile checks against",
            explanation: """
                With `--profile 2.2.38` the desired state is checked exactly as nmstate 2.2.38 \
                reads it, and fields added in later releases (`alt-names`, `pci-address`, route \
                `mtu`, …) are unknown there. Nodes running that release would refuse the policy. \
                The default profile, `latest`, accepts them.
                """,
            fix: "Remove the field, or upgrade nmstate on the nodes and use `--profile latest`.",
            example: RuleExample(
                before: """
                    interfaces:
                    - name: eth1
                      type: ethernet
                      state: up
                      alt-names:
                      - name: uplink0
                    """,
                after: """
                    interfaces:
                    - name: eth1
                      type: ethernet
                      state: up
                    """,
                profile: "2.2.38")),
        RuleEntry(
            .schemaUnknownInterfaceType, .warning, scope: .stateless,
            summary: "An interface type nmstate does not support",
            explanation: """
                nmstate keeps an interface of an unknown `type` unparsed: it must already exist \
                on the node and only its name and state are applied; every other setting is \
                silently ignored. Usually the type is misspelt (`ethernet` as `ether`) or belongs \
                to another tool.
                """,
            fix: "Use one of the types the message lists, or leave `type` out for an interface that only has its state managed.",
            example: RuleExample(
                before: """
                    interfaces:
                    - name: eth1
                      type: ether
                      state: up
                    """,
                after: """
                    interfaces:
                    - name: eth1
                      type: ethernet
                      state: up
                    """)),
    ]
}
