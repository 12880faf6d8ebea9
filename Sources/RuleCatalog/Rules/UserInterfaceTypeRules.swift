extension RuleID {
    public static let nmstateDispatchDuplicateType = RuleID("nmstate.dispatch.duplicate-type")
    public static let nmstateDispatchTypeOnOtherInterface = RuleID("nmstate.dispatch.type-on-other-iface")
    public static let nmstateDispatchTypeRemoved = RuleID("nmstate.dispatch.type-removed")
    public static let nmstateDispatchVariableNotAllowed = RuleID("nmstate.dispatch.variable-not-allowed")
    public static let nmstateUserDefinedDuplicateType = RuleID("nmstate.user-defined.duplicate-type")
    public static let nmstateUserDefinedTypeRemoved = RuleID("nmstate.user-defined.type-removed")
}

extension RuleRegistry {
    /// nmstate's rules on interface types whose scripts the user supplies:
    /// `dispatch.interfaces` with `type: dispatch` interfaces, and
    /// `user-defined.interface-types`. Both sections are newer than 2.2.38.
    static let userInterfaceTypeRules: [RuleEntry] = [
        RuleEntry(
            .nmstateDispatchDuplicateType, .error, scope: .stateless,
            summary: "A dispatch interface type is defined twice",
            explanation: """
                Each entry of `dispatch.interfaces` defines one interface type by its `type` \
                name. nmstate refuses a state that defines the same type twice, as it could \
                not tell which scripts to use.
                """,
            fix: "Keep one entry per type; merge the scripts of the duplicates into it.",
            example: RuleExample(
                before: """
                    dispatch:
                      interfaces:
                      - type: vxcan
                        activation: ip link add $name type vxcan peer $peer
                      - type: vxcan
                        deactivation: ip link del $name
                    """,
                after: """
                    dispatch:
                      interfaces:
                      - type: vxcan
                        activation: ip link add $name type vxcan peer $peer
                        deactivation: ip link del $name
                    """)),
        RuleEntry(
            .nmstateDispatchTypeOnOtherInterface, .error, scope: .stateless,
            summary: "dispatch.type on an interface that is not `type: dispatch`",
            explanation: """
                `dispatch.type` names the `dispatch.interfaces` type whose scripts create the \
                interface, so only interfaces of `type: dispatch` may hold it. On an ethernet, \
                bond or other interface nmstate refuses it.
                """,
            fix: "Give the interface `type: dispatch`, or remove `dispatch.type` and keep only the post-activation scripts.",
            example: RuleExample(
                before: """
                    interfaces:
                    - name: eth1
                      type: ethernet
                      dispatch:
                        type: vxcan
                    """,
                after: """
                    interfaces:
                    - name: eth1
                      type: ethernet
                    """)),
        RuleEntry(
            .nmstateDispatchTypeRemoved, .error, scope: .stateless,
            summary: "A dispatch interface uses a type the same state removes",
            explanation: """
                A `type: dispatch` interface is created by the scripts of its `dispatch.type`. \
                When the same state marks that type `state: absent`, nmstate refuses it: the \
                interface would have no scripts left.
                """,
            fix: "Remove the interface (`state: absent`) together with its type, or keep the type.",
            example: RuleExample(
                before: """
                    dispatch:
                      interfaces:
                      - type: vxcan
                        state: absent
                    interfaces:
                    - name: vxcan1
                      type: dispatch
                      dispatch:
                        type: vxcan
                    """,
                after: """
                    dispatch:
                      interfaces:
                      - type: vxcan
                        state: absent
                    interfaces:
                    - name: vxcan1
                      type: dispatch
                      state: absent
                    """)),
        RuleEntry(
            .nmstateDispatchVariableNotAllowed, .error, scope: .stateless,
            summary: "A dispatch interface sets a variable its type does not allow",
            explanation: """
                When a `dispatch.interfaces` type lists `allowed-variable-names`, the \
                interfaces of that type may only set those names in `dispatch.variables`. \
                nmstate refuses any other name. Only types defined in the same state are \
                checked here; a type the node already has is not known.
                """,
            fix: "Use a variable name listed in the type's `allowed-variable-names`, or add the name to that list.",
            example: RuleExample(
                before: """
                    dispatch:
                      interfaces:
                      - type: vxcan
                        activation: ip link add $name type vxcan peer $peer
                        allowed-variable-names: [peer]
                    interfaces:
                    - name: vxcan1
                      type: dispatch
                      dispatch:
                        type: vxcan
                        variables:
                          pear: vxcan1-ep
                    """,
                after: """
                    dispatch:
                      interfaces:
                      - type: vxcan
                        activation: ip link add $name type vxcan peer $peer
                        allowed-variable-names: [peer]
                    interfaces:
                    - name: vxcan1
                      type: dispatch
                      dispatch:
                        type: vxcan
                        variables:
                          peer: vxcan1-ep
                    """)),
        RuleEntry(
            .nmstateUserDefinedDuplicateType, .error, scope: .stateless,
            summary: "A user-defined interface type is defined twice",
            explanation: """
                Each entry of `user-defined.interface-types` defines one interface type by its \
                `name`. nmstate refuses a state that defines the same name twice.
                """,
            fix: "Keep one entry per type name.",
            example: RuleExample(
                before: """
                    user-defined:
                      interface-types:
                      - name: vxcan
                        handler-script: /usr/local/bin/vxcan-handler "$@"
                      - name: vxcan
                        handler-script: /usr/local/bin/other-handler "$@"
                    """,
                after: """
                    user-defined:
                      interface-types:
                      - name: vxcan
                        handler-script: /usr/local/bin/vxcan-handler "$@"
                    """)),
        RuleEntry(
            .nmstateUserDefinedTypeRemoved, .error, scope: .stateless,
            summary: "An interface is brought up with a user-defined type the same state removes",
            explanation: """
                A user-defined type is removed with `state: absent` or an empty \
                `handler-script`. nmstate refuses a state that brings up an interface of that \
                type at the same time: its handler script would be gone.
                """,
            fix: "Remove the interface (`state: absent`) together with its type, or keep the type.",
            example: RuleExample(
                before: """
                    user-defined:
                      interface-types:
                      - name: vxcan
                        state: absent
                    interfaces:
                    - name: vxcan1
                      type: vxcan
                      state: up
                    """,
                after: """
                    user-defined:
                      interface-types:
                      - name: vxcan
                        state: absent
                    interfaces:
                    - name: vxcan1
                      type: vxcan
                      state: absent
                    """)),
    ]
}
