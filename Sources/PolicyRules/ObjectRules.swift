import RuleCatalog
import SourceModel

/// The NNCP object rules upstream kubernetes-nmstate enforces (its Go
/// webhook before March 2026, its CRD CEL and ValidatingAdmissionPolicy
/// since), with upstream's messages, plus the structural checks kubectl's
/// strict field validation would make.
///
/// Rule ids:
/// - `policy.name`: the name becomes the NNCE label `nmstate.io/policy`, so it must be a label value (CREATE).
/// - `node.limit.policy-name`: a label value the API server still refuses as an object name (capitals, `_`).
/// - `policy.node-selector`: keys are qualified names, values label values.
/// - `policy.max-unavailable`: an int-or-string that is not zero, negative or `0%` (a rollout that can never start).
/// - `policy.capture-immutable`: `spec.capture` cannot change on UPDATE (node reboots re-resolve it).
/// - `policy.in-progress`: no spec change while the previous rollout is in progress.
/// - `policy.structure`: the object is shaped like an NNCP (types, unknown `spec` keys).
enum ObjectRules {
    static let specKeys: Set<String> = ["nodeSelector", "desiredState", "capture", "maxUnavailable"]

    static func check(_ object: Value, oldObject: Value?, operation: AdmissionOperation, specChanged: Bool? = nil, into out: inout [Diagnostic]) {
        func report(_ rule: RuleID, _ message: String, _ path: DocumentPath, severity: Diagnostic.Severity = .error) {
            out.append(Diagnostic(rule: rule, severity: severity, message: message, path: path, location: object.location(of: path)))
        }
        guard object.isMapping else {
            report(.policyStructure, "a NodeNetworkConfigurationPolicy must be an object, got \(object.kindName)", .root)
            return
        }
        // metadata.name
        let name = object.at("metadata", "name")?.string ?? ""
        if operation == .create || operation == .update && oldObject == nil {
            if let nameValue = object.at("metadata", "name"), nameValue.string == nil {
                report(.policyStructure, "metadata.name must be a string", ["metadata", "name"])
            } else if !name.isEmpty {
                let errors = LabelSyntax.labelValueErrors(name)
                if !errors.isEmpty {
                    report(.policyName, "invalid policy name: \"\(name)\": \(errors.joined(separator: "; "))", ["metadata", "name"])
                } else {
                    // The API server names custom resources as DNS
                    // subdomains: stricter than a label value (no capitals,
                    // no `_`), so upstream's rule alone lets these through.
                    let subdomain = LabelSyntax.dns1123SubdomainErrors(Substring(name))
                    if !subdomain.isEmpty {
                        report(.nodeLimitPolicyName, "metadata.name \"\(name)\" is refused by the API server: \(subdomain.joined(separator: "; "))", ["metadata", "name"])
                    }
                }
            }
        }
        guard let spec = object["spec"] else { return }
        guard let specMembers = spec.members else {
            if !spec.isNull { report(.policyStructure, "spec must be an object, got \(spec.kindName)", ["spec"]) }
            return
        }
        for m in specMembers where !specKeys.contains(m.key) {
            let hint = specKeys.first { $0.lowercased() == m.key.lowercased() }.map { " (did you mean `\($0)`?)" } ?? ""
            out.append(Diagnostic(rule: .policyStructure, message: "unknown field `spec.\(m.key)`; a NodeNetworkConfigurationPolicy spec has nodeSelector, desiredState, capture and maxUnavailable\(hint)", path: ["spec", .key(m.key)], location: m.keyLocation))
        }
        if let desired = spec["desiredState"], !desired.isNull, !desired.isMapping {
            report(.policyStructure, "spec.desiredState must be an object, got \(desired.kindName)", ["spec", "desiredState"])
        }
        checkNodeSelector(spec["nodeSelector"], into: &out, object: object)
        checkMaxUnavailable(spec["maxUnavailable"], into: &out, object: object)
        if let capture = spec["capture"], !capture.isNull {
            if let members = capture.members {
                for m in members where m.value.string == nil {
                    report(.policyStructure, "capture `\(m.key)` must be a string expression, got \(m.value.kindName)", ["spec", "capture", .key(m.key)])
                }
            } else {
                report(.policyStructure, "spec.capture must be a map of capture name to expression, got \(capture.kindName)", ["spec", "capture"])
            }
        }
        if operation == .update, let oldObject {
            checkUpdate(object, oldObject: oldObject, name: name, specChanged: specChanged, into: &out)
        }
    }

    static func checkNodeSelector(_ selector: Value?, into out: inout [Diagnostic], object: Value) {
        guard let selector, !selector.isNull else { return }
        let base: DocumentPath = ["spec", "nodeSelector"]
        guard let members = selector.members else {
            out.append(Diagnostic(rule: .policyStructure, message: "spec.nodeSelector must be a map of label to value, got \(selector.kindName)", path: base, location: selector.location))
            return
        }
        if members.count > 256 {
            out.append(Diagnostic(rule: .policyNodeSelector, message: "spec.nodeSelector has \(members.count) entries, more than the 256 the CRD allows", path: base, location: selector.location))
        }
        for m in members {
            let keyErrors = LabelSyntax.qualifiedNameErrors(m.key)
            if !keyErrors.isEmpty {
                out.append(Diagnostic(rule: .policyNodeSelector, message: "invalid label key: \"\(m.key)\": \(keyErrors.joined(separator: "; "))", path: base.appending(m.key), location: m.keyLocation))
            }
            guard let value = m.value.string else {
                out.append(Diagnostic(rule: .policyNodeSelector, message: "invalid label value at key \"\(m.key)\": must be a string, got \(m.value.typeDescription) (quote it)", path: base.appending(m.key), location: m.value.location))
                continue
            }
            let valueErrors = LabelSyntax.labelValueErrors(value)
            if !valueErrors.isEmpty {
                // Upstream's text, then why it matters: no node can carry
                // the value (a documentation placeholder such as `<node01>`
                // left in), so the policy could never select a node.
                let placeholder = value.hasPrefix("<") && value.hasSuffix(">") ? "; it looks like a placeholder: write the node's real label value" : ""
                out.append(Diagnostic(rule: .policyNodeSelector, message: "invalid label value: \"\(value)\": at key: \"\(m.key)\": \(valueErrors.joined(separator: "; ")) (no node can carry this value, so the selector would never match\(placeholder))", path: base.appending(m.key), location: m.value.location))
            }
        }
    }

    /// Parses `maxUnavailable` as kubernetes-nmstate does (int, or a percent string).
    static func checkMaxUnavailable(_ value: Value?, into out: inout [Diagnostic], object: Value) {
        guard let value, !value.isNull else { return }
        let path: DocumentPath = ["spec", "maxUnavailable"]
        func bad(_ message: String) {
            out.append(Diagnostic(rule: .policyMaxUnavailable, message: message, path: path, location: value.location))
        }
        switch value.content {
        case .int(let i):
            if i <= 0 { bad("invalid maxUnavailable \(i): must be at least 1, or no node would ever be updated") }
        case .string(let s):
            if s.hasSuffix("%") {
                let digits = s.dropLast()
                guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let p = Int(digits) else {
                    bad("invalid maxUnavailable \"\(s)\": must be an integer or a percentage like \"50%\"")
                    return
                }
                if p <= 0 { bad("invalid maxUnavailable \"\(s)\": must be greater than 0%, or no node would ever be updated") }
                if p > 100 { bad("invalid maxUnavailable \"\(s)\": a percentage cannot exceed 100%") }
            } else if let i = Int(s) {
                if i <= 0 { bad("invalid maxUnavailable \"\(s)\": must be at least 1, or no node would ever be updated") }
            } else {
                bad("invalid maxUnavailable \"\(s)\": must be an integer or a percentage like \"50%\"")
            }
        default:
            bad("invalid maxUnavailable: must be an integer or a percentage string, got \(value.typeDescription)")
        }
    }

    static func checkUpdate(_ object: Value, oldObject: Value, name: String, specChanged: Bool?, into out: inout [Diagnostic]) {
        let newSpec = object["spec"] ?? .null
        let oldSpec = oldObject["spec"] ?? .null
        guard specChanged ?? (newSpec != oldSpec) else { return }
        // In progress: the last rollout must have finished (Available has a final reason).
        let conditions = oldObject.at("status", "conditions")?.sequence ?? []
        let available = conditions.first { $0["type"]?.string == "Available" }
        let reason = available?["reason"]?.string ?? ""
        if available == nil || reason.isEmpty || reason == "ConfigurationProgressing" {
            let shown = name.isEmpty ? (oldObject.at("metadata", "name")?.string ?? "") : name
            out.append(Diagnostic(rule: .policyInProgress, message: "policy \(shown) is still in progress", path: ["spec"], location: object.location(of: ["spec"])))
        }
        let newCapture = newSpec["capture"]
        let oldCapture = oldSpec["capture"]
        if newCapture != oldCapture {
            let path: DocumentPath = newCapture != nil ? ["spec", "capture"] : ["spec"]
            out.append(Diagnostic(rule: .policyCaptureImmutable, message: "invalid policy operation: capture field cannot be modified", path: path, location: object.location(of: path)))
        }
    }
}
