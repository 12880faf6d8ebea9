import NMStateSchema
import SourceModel

/// The operation an admission request is for.
public enum AdmissionOperation: String, Sendable, CaseIterable {
    case create = "CREATE"
    case update = "UPDATE"
    case delete = "DELETE"
    case connect = "CONNECT"
}

/// Every stateless rule for one NodeNetworkConfigurationPolicy object:
/// upstream's object rules (name, nodeSelector, maxUnavailable, capture
/// immutability, in-progress), the capture expressions and templates, and
/// the nmstate schema and semantic rules on `spec.desiredState`.
///
/// The admission webhook calls it per request and the linter per document;
/// both get the same diagnostics, paths rooted at the object
/// (`spec.desiredState.interfaces[0].name`).
public struct PolicyValidator: Sendable {
    public var options: ValidationOptions

    public init(options: ValidationOptions = ValidationOptions()) {
        self.options = options
    }

    /// Checks `object`. For UPDATE pass the stored `oldObject`: the
    /// in-progress and capture-immutability rules compare against it.
    ///
    /// - Parameter specChanged: Whether `spec` differs from `oldObject`'s,
    ///   when the caller has already compared them (the webhook does, to let
    ///   spec-unchanged updates through); `nil` compares here. Comparing two
    ///   specs is a full walk of both trees, so doing it once matters.
    public func validate(_ object: Value, oldObject: Value? = nil, operation: AdmissionOperation = .create, specChanged: Bool? = nil) -> [Diagnostic] {
        var out: [Diagnostic] = []
        ObjectRules.check(object, oldObject: oldObject, operation: operation, specChanged: specChanged, into: &out)
        let spec = object["spec"]
        if let desired = spec?["desiredState"], !desired.isNull {
            var desiredOptions = options
            desiredOptions.allowTemplates = spec?["capture"] != nil
            let report = DesiredStateValidator(options: desiredOptions).validate(desired, at: ["spec", "desiredState"])
            out += report.diagnostics
        }
        CaptureRules.check(object, dialect: options.profile.captureDialect, into: &out)
        return out
    }
}
