// libFuzzer entry point: YAML bytes → YAMLLoader.loadStream → the stateless
// rules the linter runs on every document.
//
// What must hold for any input: no crash, no sanitizer report, no hang. The
// loader may reject the bytes (LoadError) and the validators may report any
// number of diagnostics; those are fine.
import NMStateSchema
import PolicyRules
import SourceModel

private let loader = YAMLLoader()
private let policyValidator = PolicyValidator()
private let stateValidator = DesiredStateValidator()
private let templateStateValidator = DesiredStateValidator(options: ValidationOptions(allowTemplates: true))

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzYAMLValidate(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let (documents, _) = loader.loadStream(bytes)
    var previous: Value? = nil
    for document in documents {
        // As the linter and the webhook see it: a whole NNCP object.
        _ = policyValidator.validate(document, operation: .create)
        // As an UPDATE against the document before it (capture immutability,
        // in-progress rules).
        if let previous {
            _ = policyValidator.validate(document, oldObject: previous, operation: .update)
        }
        // As a bare nmstate desired state (nmstatectl apply input), and the
        // object's own spec.desiredState with templates allowed.
        _ = stateValidator.validate(document)
        if let desired = document["spec"]?["desiredState"] {
            _ = templateStateValidator.validate(desired, at: ["spec", "desiredState"])
        }
        previous = document
    }
    return 0
}
