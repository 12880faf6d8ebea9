import RuleCatalog
import SourceModel

/// nmstate's checks on interface types whose scripts the user supplies
/// (`dispatch.rs` for `dispatch.interfaces`, `user_defined.rs` and
/// `ifaces/user_defined.rs` for `user-defined.interface-types`), as far as
/// the desired state alone decides them: a type the node defines is not
/// known here, so only types defined or removed in the same state count.
///
/// Both sections are new after 2.2.38; the 2.2.38 profile refuses them in
/// the schema walk (and 2.2.38 ignores `dispatch.type`), so these rules
/// stay quiet under it.
enum UserInterfaceTypeRules {
    static func applies(_ ctx: SemanticContext) -> Bool {
        ctx.profile.accepts(since: NMStateSchema.userDefinedInterfaceSpec.since)
    }

    /// Entries of `dispatch.interfaces` or `user-defined.interface-types`
    /// with their key (`type` or `name`) and path.
    static func definitions(_ ctx: SemanticContext, section: String, list: String, key: String) -> [(name: String, entry: Value, path: DocumentPath)] {
        var out: [(String, Value, DocumentPath)] = []
        for (i, entry) in (ctx.state[section]?[list]?.sequence ?? []).enumerated() {
            guard let name = entry[key]?.string else { continue }
            out.append((name, entry, DocumentPath(.key(section), .key(list), .index(i))))
        }
        return out
    }

    /// `nmstate.dispatch.duplicate-type` and
    /// `nmstate.user-defined.duplicate-type`: a type is defined once per
    /// list.
    static let duplicates: SemanticRules.Rule = { ctx in
        guard applies(ctx) else { return }
        var seen: Set<String> = []
        for d in definitions(ctx, section: "dispatch", list: "interfaces", key: "type") where !seen.insert(d.name).inserted {
            ctx.error(.nmstateDispatchDuplicateType, "Duplicate dispatch interface type defined for \(d.name)", at: d.path.appending("type"))
        }
        seen = []
        for d in definitions(ctx, section: "user-defined", list: "interface-types", key: "name") where !seen.insert(d.name).inserted {
            ctx.error(.nmstateUserDefinedDuplicateType, "Duplicate definition of user defined interface type \(d.name)", at: d.path.appending("name"))
        }
    }

    /// `nmstate.dispatch.type-on-other-iface`, `nmstate.dispatch.type-removed`
    /// and `nmstate.dispatch.variable-not-allowed`.
    static let dispatchInterfaces: SemanticRules.Rule = { ctx in
        guard applies(ctx) else { return }
        let types = definitions(ctx, section: "dispatch", list: "interfaces", key: "type")
        for entry in ctx.interfaces where !entry.isAbsent {
            guard let dispatch = entry.value["dispatch"], let kind = dispatch["type"]?.string else { continue }
            guard entry.type == "dispatch" else {
                ctx.error(.nmstateDispatchTypeOnOtherInterface, "Interface \(entry.name) with type '\(entry.type)' is not allowed to to hold 'dispatch.type' which is dedicated for interface with type 'dispatch'", at: entry.at("dispatch", "type"))
                continue
            }
            // The last definition wins, as nmstate's map keeps it.
            guard let definition = types.last(where: { $0.name == kind })?.entry else { continue }
            if definition["state"]?.string == "absent" {
                ctx.error(.nmstateDispatchTypeRemoved, "Dispatch interface \(entry.name) is depending on dispatch interface type \(kind) which is marked as `absent`", at: entry.at("dispatch", "type"))
                continue
            }
            guard let allowed = definition["allowed-variable-names"]?.sequence?.compactMap(\.string),
                  let variables = dispatch["variables"]?.members else { continue }
            if let bad = variables.first(where: { !allowed.contains($0.key) }) {
                ctx.error(.nmstateDispatchVariableNotAllowed, "The dispatch interface \(entry.name) (\(entry.type)) contains invalid variable '\(bad.key)' which is not listed in `allowed-variable-names` of `dispatch.interfaces` section of \(entry.type)", at: entry.at("dispatch", "variables", .key(bad.key)))
            }
        }
    }

    /// `nmstate.user-defined.type-removed`: an interface brought up with a
    /// type this state removes.
    static let userDefinedInterfaces: SemanticRules.Rule = { ctx in
        guard applies(ctx) else { return }
        var removed: Set<String> = []
        var defined: Set<String> = []
        for d in definitions(ctx, section: "user-defined", list: "interface-types", key: "name") {
            // A later entry replaces an earlier one.
            if d.entry["state"]?.string == "absent" || d.entry["handler-script"]?.string == "" {
                removed.insert(d.name)
                defined.remove(d.name)
            } else {
                defined.insert(d.name)
                removed.remove(d.name)
            }
        }
        guard !removed.isEmpty else { return }
        for entry in ctx.interfaces where entry.state == "up" && removed.contains(entry.type) {
            ctx.error(.nmstateUserDefinedTypeRemoved, "Interface \(entry.name) is holding user defined type \(entry.type), but that interface type is removing by this desire state", at: entry.at("type"))
        }
    }
}
