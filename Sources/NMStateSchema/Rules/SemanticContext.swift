import RuleCatalog
import SourceModel

/// One interface of the desired state, as the rules see it.
///
/// A class: every rule walks the entries, and copying a struct of three
/// strings, a value and a path cost five reference-count operations per
/// entry per rule; a shared immutable object costs one.
public final class InterfaceEntry: Sendable {
    public let name: String
    /// `type` as written, `unknown` when missing.
    public let type: String
    /// `state` as written, `up` when missing.
    public let state: String
    public let value: Value
    /// Path of the entry, e.g. `interfaces[2]`.
    public let path: DocumentPath

    public init(name: String, type: String, state: String, value: Value, path: DocumentPath) {
        self.name = name
        self.type = type
        self.state = state
        self.value = value
        self.path = path
    }

    /// The same entry under another name (an SR-IOV VF name resolved to
    /// its kernel name).
    public func renamed(_ name: String) -> InterfaceEntry {
        InterfaceEntry(name: name, type: type, state: state, value: value, path: path)
    }

    public var isAbsent: Bool { state == "absent" }

    /// Path of a key inside this entry, e.g. `interfaces[2].ipv4`.
    public func at(_ keys: DocumentPath.Component...) -> DocumentPath { path.appending(DocumentPath(keys)) }
}

/// What a semantic rule may read and how it reports.
///
/// Rules are plain functions `(inout SemanticContext) -> Void` listed in
/// ``SemanticRules/all``. They must be defensive: the schema walk has
/// already reported malformed values, so a rule skips what it cannot parse
/// instead of reporting it twice.
public struct SemanticContext {
    public let state: Value
    public let options: ValidationOptions
    public let schema: DesiredStateSchema
    /// True when the schema walk reported errors (some rules stay quiet then).
    public let schemaFailed: Bool
    /// Desired interfaces in document order (non-mapping entries skipped).
    public let interfaces: [InterfaceEntry]
    /// Current-state interfaces by name, when a current state was given.
    public let currentInterfaces: [String: [Value]]
    public private(set) var diagnostics: [Diagnostic] = []
    /// How node-dependent rules are decided (reference §16).
    public let mode: CheckMode
    /// Desired interfaces merged with the current state, as nmstate sees them.
    public let model: NetworkModel

    public var profile: Profile { options.profile }
    public var hasCurrent: Bool { options.current != nil }

    init(state: Value, options: ValidationOptions, schema: DesiredStateSchema, schemaFailed: Bool) {
        self.state = state
        self.options = options
        self.schema = schema
        self.schemaFailed = schemaFailed
        var entries: [InterfaceEntry] = []
        for (i, v) in (state["interfaces"]?.sequence ?? []).enumerated() {
            guard v.isMapping, let name = v["name"]?.string else { continue }
            let type = v["type"]?.string ?? "unknown"
            entries.append(InterfaceEntry(name: name, type: type, state: v["state"]?.string ?? "up", value: Self.primarySections(v, type: type), path: DocumentPath("interfaces", .index(i))))
        }
        self.interfaces = entries
        var current: [String: [Value]] = [:]
        for v in options.current?["interfaces"]?.sequence ?? [] {
            if let name = v["name"]?.string { current[name, default: []].append(v) }
        }
        self.currentInterfaces = current
        let mode: CheckMode = options.current != nil ? .apply : (options.profile == .v2_2_38 ? .generate : .stateless)
        self.mode = mode
        self.model = NetworkModel(desired: entries, current: options.current, mode: mode)
    }

    /// The entry with section aliases spelled by their primary key (`bond`
    /// → `link-aggregation` on a bond and on OVS bridge ports), so every
    /// rule reads one spelling. Entries without an alias keep their storage.
    static func primarySections(_ v: Value, type: String) -> Value {
        func renamed(_ value: Value, _ from: String, _ to: String) -> Value? {
            guard let section = value[from], value[to] == nil else { return nil }
            var copy = value
            copy.remove(from)
            copy.set(to, section)
            return copy
        }
        switch type {
        case "bond":
            return renamed(v, "bond", "link-aggregation") ?? v
        case "ovs-bridge":
            guard var bridge = v["bridge"], let ports = bridge["port"]?.sequence ?? bridge["ports"]?.sequence else { return v }
            var changed = false
            let primary = ports.map { p -> Value in
                guard let r = renamed(p, "bond", "link-aggregation") else { return p }
                changed = true
                return r
            }
            guard changed else { return v }
            bridge.set(bridge["port"] != nil ? "port" : "ports", .sequence(primary))
            var copy = v
            copy.set("bridge", bridge)
            return copy
        default:
            return v
        }
    }

    /// The desired entries named `name` (user-space interfaces may share a
    /// name with a kernel one).
    public func desired(_ name: String) -> [InterfaceEntry] {
        interfaces.filter { $0.name == name }
    }

    /// The current-state interface named `name` (kernel one preferred).
    public func current(_ name: String) -> Value? {
        guard let list = currentInterfaces[name] else { return nil }
        return list.first { v in !["ovs-bridge", "ipsec"].contains(v["type"]?.string ?? "") } ?? list.first
    }

    /// True when the interface exists in the current state.
    public func exists(_ name: String) -> Bool { currentInterfaces[name] != nil }

    /// Location of a path inside the desired state.
    public func location(_ path: DocumentPath) -> SourceLocation { state.location(of: path) }

    public mutating func report(_ rule: RuleID, _ severity: Diagnostic.Severity, _ message: String, at path: DocumentPath, dependsOnNode: Bool = false) {
        diagnostics.append(Diagnostic(rule: rule, severity: severity, message: message, path: path, location: location(path), dependsOnNode: dependsOnNode))
    }

    /// A rule nmstate always applies.
    public mutating func error(_ rule: RuleID, _ message: String, at path: DocumentPath) {
        report(rule, .error, message, at: path)
    }

    public mutating func warning(_ rule: RuleID, _ message: String, at path: DocumentPath) {
        report(rule, .warning, message, at: path)
    }

    /// A rule that holds only when the interface is new on the node
    /// (bond mode, VLAN base interface, VRF table id, copy-mac-from source).
    /// With a current state the caller has already decided; without one it
    /// is an error under 2.2.38 (every interface is new there) and a warning
    /// under `latest`, where the node may already have what is missing.
    public mutating func needsNewInterface(_ rule: RuleID, _ message: String, at path: DocumentPath) {
        if profile == .latest && !hasCurrent {
            report(rule, .warning, message + " (fine if the interface already exists on the node)", at: path, dependsOnNode: true)
        } else {
            report(rule, .error, message, at: path)
        }
    }
}

extension SemanticContext {
    /// A rule whose verdict depends on what the node already has (controller
    /// or copy-mac-from source elsewhere, IP stack enabled in the current
    /// state). Decided in generate and apply mode; only a warning without a
    /// current state under `latest`, because a real node may satisfy it.
    public mutating func dependsOnNode(_ rule: RuleID, _ message: String, at path: DocumentPath, note: String) {
        if mode == .stateless {
            report(rule, .warning, message + " (\(note))", at: path, dependsOnNode: true)
        } else {
            report(rule, .error, message, at: path)
        }
    }

    /// A NetworkManager keyfile check that only `nmstatectl gc` runs. An
    /// error when reproducing 2.2.38's generate-configuration verdicts; a
    /// warning under `latest` (applying on a node does not run it); silent
    /// in apply mode, which nmstate does not check this way.
    public mutating func backend(_ rule: RuleID, _ message: String, at path: DocumentPath) {
        switch mode {
        case .generate: report(rule, .error, message, at: path)
        case .stateless: report(rule, .warning, message + " (only `nmstatectl gc` rejects this; applying on a node accepts it)", at: path, dependsOnNode: true)
        case .apply: break
        }
    }

    /// The merged view of a desired entry.
    public func node(_ entry: InterfaceEntry) -> NodeInterface? { model.merged(for: entry) }
}

/// Every semantic rule, in nmstate's order of checks.
public enum SemanticRules {
    public typealias Rule = @Sendable (inout SemanticContext) -> Void

    /// Filled by the files in `Rules/`.
    public static let all: [Rule] = registered
}
