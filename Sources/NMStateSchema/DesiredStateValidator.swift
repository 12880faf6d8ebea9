import SourceModel

/// Options for checking one desired state.
public struct ValidationOptions: Sendable {
    public var profile: Profile
    /// The node's current state (an nmstate state document, e.g. a
    /// NodeNetworkState's `status.currentState`). With it, rules that depend
    /// on what already exists are decided as `nmstatectl apply` would; without
    /// it they are errors under the 2.2.38 profile (generate-configuration
    /// mode, every interface is new) and warnings under `latest`.
    public var current: Value?
    /// Accept `{{ capture.… }}` templates in place of any value (NNCPs with
    /// `spec.capture`, nmstate policy documents).
    public var allowTemplates: Bool

    public init(profile: Profile = .latest, current: Value? = nil, allowTemplates: Bool = false) {
        self.profile = profile
        self.current = current
        self.allowTemplates = allowTemplates
    }
}

/// What checking a desired state found.
public struct DesiredStateReport: Sendable {
    public var diagnostics: [Diagnostic]
    /// Template references seen (only with `allowTemplates`).
    public var templates: [TemplatedValue]

    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}

/// Checks an nmstate desired state: the embedded schema first, then
/// nmstate's semantic rules that need no live host.
///
/// Pure and `Sendable`: the admission server shares one instance across all
/// requests.
public struct DesiredStateValidator: Sendable {
    public var options: ValidationOptions
    public var schema: DesiredStateSchema

    public init(options: ValidationOptions = ValidationOptions(), schema: DesiredStateSchema = NMStateSchema.desiredState) {
        self.options = options
        self.schema = schema
    }

    /// Checks `state`; every diagnostic path is prefixed with `base` (for an
    /// NNCP, `spec.desiredState`).
    public func validate(_ state: Value, at base: DocumentPath = .root) -> DesiredStateReport {
        var walker = SchemaValidator(schema: schema, profile: options.profile, allowTemplates: options.allowTemplates)
        if options.profile.accepts(since: NMStateSchema.userDefinedInterfaceSpec.since) {
            walker.userDefinedTypes = SchemaValidator.userDefinedTypes(in: state)
        }
        walker.validateObject(state, schema.topLevel)
        var diagnostics = walker.diagnostics
        if state.isMapping {
            var context = SemanticContext(state: state, options: options, schema: schema, schemaFailed: walker.diagnostics.contains { $0.severity == .error })
            for rule in SemanticRules.all { rule(&context) }
            if options.allowTemplates && !walker.templates.isEmpty {
                diagnostics += Self.withoutTemplateVerdicts(context.diagnostics, state: state)
            } else {
                diagnostics += context.diagnostics
            }
        }
        if !base.isEmpty {
            for i in diagnostics.indices { diagnostics[i].path = base.appending(diagnostics[i].path) }
        }
        var templates = walker.templates
        if !base.isEmpty {
            for i in templates.indices { templates[i].path = base.appending(templates[i].path) }
        }
        return DesiredStateReport(diagnostics: diagnostics, templates: templates)
    }

    /// A `{{ capture.… }}` template stands for a value known only when the
    /// node applies the policy, so the semantic rules cannot judge it: a
    /// finding about a templated value (or inside one), or quoting a
    /// template as if it were the value (an interface or port named
    /// `{{ … }}`), says nothing about what the node will get. Per-node
    /// evaluation judges the resolved values instead.
    static func withoutTemplateVerdicts(_ diagnostics: [Diagnostic], state: Value) -> [Diagnostic] {
        var templated: [DocumentPath] = []
        func walk(_ v: Value, _ path: DocumentPath) {
            switch v.content {
            case .string(let s): if s.utf8.containsDoubleBrace { templated.append(path) }
            case .sequence(let items): for (i, item) in items.enumerated() { walk(item, path.appending(i)) }
            case .mapping(let members): for m in members { walk(m.value, path.appending(m.key)) }
            default: break
            }
        }
        walk(state, .root)
        return diagnostics.filter { d in
            if d.message.utf8.containsDoubleBrace { return false }
            return !templated.contains { d.path.components.starts(with: $0.components) }
        }
    }
}
