import NMStateSchema
import SourceModel
import Testing

/// Interface types whose scripts the user supplies: the top-level
/// `dispatch` section with `type: dispatch` interfaces, and the top-level
/// `user-defined` section with interfaces of the types it names. `latest`
/// accepts both; the 2.2.38 profile refuses the sections.
@Suite struct UserInterfaceTypeTests {
    /// nmstate's `examples/dispatch_iface.yml`, as JSON.
    static let dispatchExample = #"""
    {"dispatch": {"interfaces": [{"type": "vxcan",
        "activation": "ip link add $name type vxcan peer $peer",
        "deactivation": "ip link del $name",
        "allowed-variable-names": ["peer"],
        "kernel-index-getter": "cat /sys/class/net/$name/ifindex"}]},
     "interfaces": [{"name": "vxcan1", "type": "dispatch", "description": "vxcan",
        "dispatch": {"type": "vxcan", "variables": {"peer": "vxcan1-ep"}},
        "ipv4": {"enabled": true, "address": [{"ip": "192.0.2.1", "prefix-length": 24}]}}]}
    """#

    /// nmstate's `examples/user_defined_iface.yml`, as JSON.
    static let userDefinedExample = #"""
    {"user-defined": {"interface-types": [{"name": "vxcan", "handler-script": "#!/bin/bash\nexit 0\n"}]},
     "interfaces": [{"name": "vxcan1", "type": "vxcan", "description": "user defined vxcan interface",
        "user-defined": {"peer": "vxcan1-ep"},
        "ipv4": {"enabled": true, "address": [{"ip": "192.0.2.1", "prefix-length": 24}]}}]}
    """#

    static func all(_ json: String, _ profile: Profile = .latest) -> [Diagnostic] {
        guard let state = try? JSONReader().parse(json) else {
            Issue.record("bad test JSON: \(json)")
            return []
        }
        return DesiredStateValidator(options: ValidationOptions(profile: profile)).validate(state).diagnostics
    }

    @Test func dispatchExampleIsAcceptedByLatest() {
        #expect(Check.errors(Self.dispatchExample).isEmpty)
        // Only the gen-conf note about dispatch scripts, which applying accepts.
        #expect(Self.all(Self.dispatchExample).map(\.rule) == ["nmstate.backend.dispatch-gen-conf"])
    }

    @Test func dispatchSectionIsRefusedBy2_2_38() {
        let e = Check.errors(Self.dispatchExample, .v2_2_38)
        #expect(e.map(\.rule) == ["schema.unsupported-in-profile"])
        #expect(e.first?.path == DocumentPath("dispatch"))
        #expect(e.first?.message.hasSuffix("(added after nmstate 2.2.59; not accepted by profile 2.2.38)") == true)
    }

    @Test func dispatchTypesDenyUnknownKeysAndNeedAType() {
        let e = Check.errors(#"{"dispatch": {"interfaces": [{"activation": "x", "post-up": "y"}]}}"#)
        #expect(Check.messages(e).contains { $0.hasPrefix("unknown field `post-up`, expected one of `type`, `activation`, `deactivation`, `kernel-index-getter`, `allowed-variable-names`, `state`") })
        #expect(Check.messages(e).contains("missing field `type`"))
        #expect(Check.messages(Check.errors(#"{"dispatch": {"interfaces": [{"type": "vxcan", "state": "up"}]}}"#)).first?.hasPrefix("unknown variant `up`") == true)
        #expect(Check.errors(#"{"dispatch": {"interfaces": [{"type": "vxcan", "state": "absent"}]}}"#).isEmpty)
        #expect(Check.messages(Check.errors(#"{"dispatch": {"interface": []}}"#)) == ["unknown field `interface`, expected one of `interfaces` (did you mean `interfaces`?)"])
    }

    @Test func dispatchVariablesAreStrings() {
        #expect(Check.iface("dispatch", #""dispatch": {"type": "vxcan", "variables": {"peer": "p"}}"#).isEmpty)
        #expect(Check.iface("dispatch", #""dispatch": {"type": "vxcan", "variables": {"peer": ["p"]}}"#).map(\.rule) == ["schema.invalid-type"])
    }

    @Test func dispatchInterfaceTypeIsUnknownTo2_2_38() {
        // 2.2.38 has no dispatch type: generate-configuration mode reads the
        // entry as ethernet, whose lenient `dispatch` ignores the new keys.
        #expect(Check.iface("dispatch", #""dispatch": {"type": "vxcan", "variables": {"peer": "p"}}"#, .v2_2_38).isEmpty)
        #expect(Self.all(#"{"interfaces": [{"name": "x0", "type": "dispatch"}]}"#).filter { $0.rule == "schema.unknown-interface-type" }.isEmpty)
    }

    @Test func userDefinedExampleIsAcceptedByLatest() {
        #expect(Self.all(Self.userDefinedExample).isEmpty)
    }

    @Test func userDefinedSectionIsRefusedBy2_2_38() {
        let e = Check.errors(Self.userDefinedExample, .v2_2_38)
        #expect(e.first?.rule == "schema.unsupported-in-profile")
        #expect(e.first?.path == DocumentPath("user-defined"))
        #expect(e.first?.message.hasPrefix("unknown field `user-defined`, expected one of `description`") == true)
    }

    @Test func interfaceOfADefinedTypeIsCheckedAgainstTheUserDefinedTable() {
        let typo = Self.userDefinedExample.replacing(#""user-defined": {"peer""#, with: #""user-defind": {"peer""#)
        let e = Check.errors(typo)
        #expect(Check.messages(e) == ["unknown field `user-defind` (did you mean `user-defined`?)"])
        #expect(e.first?.path == DocumentPath("interfaces", 0, "user-defind"))
        let number = Self.userDefinedExample.replacing(#""vxcan1-ep""#, with: "5")
        #expect(Check.errors(number).map(\.rule) == ["schema.invalid-type"])
    }

    @Test func interfaceOfATypeNotDefinedHereStaysAnUnknownType() {
        // The node may define it; without the definition in this state the
        // type is unknown, as before.
        let json = #"{"interfaces": [{"name": "vxcan1", "type": "vxcan"}]}"#
        #expect(Self.all(json).map(\.rule) == ["schema.unknown-interface-type"])
        // A removed type no longer defines interfaces.
        let removed = #"{"user-defined": {"interface-types": [{"name": "vxcan", "state": "absent"}, {"name": "other", "handler-script": ""}]}, "interfaces": [{"name": "a", "type": "vxcan"}, {"name": "b", "type": "other"}]}"#
        #expect(Self.all(removed).map(\.rule) == ["schema.unknown-interface-type", "schema.unknown-interface-type",
                                                    "nmstate.user-defined.type-removed", "nmstate.user-defined.type-removed"])
    }

    @Test func userDefinedTypesDenyUnknownKeysAndNeedAName() {
        let e = Check.errors(#"{"user-defined": {"interface-types": [{"handler-script": "x", "script": "y"}]}}"#)
        #expect(Check.messages(e).contains { $0.hasPrefix("unknown field `script`, expected one of `name`, `handler-script`, `state`") })
        #expect(Check.messages(e).contains("missing field `name`"))
        // `UserDefinedData` itself ignores keys it does not know.
        #expect(Check.errors(#"{"user-defined": {"interface-types": [], "other": 1}}"#).isEmpty)
    }

    // MARK: Semantic rules

    static func semantic(_ json: String, _ profile: Profile = .latest) -> [Diagnostic] {
        all(json, profile).filter { $0.rule.hasPrefix("nmstate.dispatch.") || $0.rule.hasPrefix("nmstate.user-defined.") }
    }

    @Test func aTypeDefinedTwiceIsRefused() {
        let dispatch = Self.semantic(#"{"dispatch": {"interfaces": [{"type": "vxcan"}, {"type": "other"}, {"type": "vxcan"}]}}"#)
        #expect(dispatch.map(\.message) == ["Duplicate dispatch interface type defined for vxcan"])
        #expect(dispatch.first?.path == DocumentPath("dispatch", "interfaces", 2, "type"))
        let user = Self.semantic(#"{"user-defined": {"interface-types": [{"name": "vxcan"}, {"name": "vxcan"}]}}"#)
        #expect(user.map(\.message) == ["Duplicate definition of user defined interface type vxcan"])
        #expect(user.first?.rule == "nmstate.user-defined.duplicate-type")
    }

    @Test func dispatchTypeBelongsToDispatchInterfaces() {
        let e = Self.semantic(#"{"interfaces": [{"name": "eth1", "type": "ethernet", "dispatch": {"type": "vxcan"}}]}"#)
        #expect(e.map(\.message) == ["Interface eth1 with type 'ethernet' is not allowed to to hold 'dispatch.type' which is dedicated for interface with type 'dispatch'"])
        #expect(e.first?.path == DocumentPath("interfaces", 0, "dispatch", "type"))
        // Scripts without a type are fine anywhere, and 2.2.38 ignores the key.
        #expect(Self.semantic(#"{"interfaces": [{"name": "eth1", "type": "ethernet", "dispatch": {"post-activation": "x"}}]}"#).isEmpty)
        #expect(Self.semantic(#"{"interfaces": [{"name": "eth1", "type": "ethernet", "dispatch": {"type": "vxcan"}}]}"#, .v2_2_38).isEmpty)
    }

    @Test func dispatchVariablesMustBeAllowedByTheType() {
        let bad = Self.dispatchExample.replacing(#""variables": {"peer""#, with: #""variables": {"pear""#)
        let e = Self.semantic(bad)
        #expect(e.map(\.message) == ["The dispatch interface vxcan1 (dispatch) contains invalid variable 'pear' which is not listed in `allowed-variable-names` of `dispatch.interfaces` section of dispatch"])
        #expect(e.first?.path == DocumentPath("interfaces", 0, "dispatch", "variables", "pear"))
        // Without a list any name goes; a type the node defines is not known here.
        #expect(Self.semantic(bad.replacing(#""allowed-variable-names": ["peer"],"#, with: "")).isEmpty)
        #expect(Self.semantic(#"{"interfaces": [{"name": "v", "type": "dispatch", "dispatch": {"type": "vxcan", "variables": {"x": "y"}}}]}"#).isEmpty)
    }

    @Test func anInterfaceCannotUseATypeTheStateRemoves() {
        let dispatch = Self.semantic(#"{"dispatch": {"interfaces": [{"type": "vxcan", "state": "absent"}]}, "interfaces": [{"name": "vxcan1", "type": "dispatch", "dispatch": {"type": "vxcan"}}]}"#)
        #expect(dispatch.map(\.message) == ["Dispatch interface vxcan1 is depending on dispatch interface type vxcan which is marked as `absent`"])
        // nmstate's own removal example is fine.
        #expect(Self.semantic(#"{"dispatch": {"interfaces": [{"type": "vxcan", "state": "absent"}]}, "interfaces": [{"name": "vxcan1", "type": "dispatch", "state": "absent"}]}"#).isEmpty)
        let user = Self.semantic(#"{"user-defined": {"interface-types": [{"name": "vxcan", "handler-script": ""}]}, "interfaces": [{"name": "vxcan1", "type": "vxcan"}, {"name": "vxcan2", "type": "vxcan", "state": "down"}]}"#)
        #expect(user.map(\.message) == ["Interface vxcan1 is holding user defined type vxcan, but that interface type is removing by this desire state"])
        #expect(user.first?.path == DocumentPath("interfaces", 0, "type"))
    }
}
