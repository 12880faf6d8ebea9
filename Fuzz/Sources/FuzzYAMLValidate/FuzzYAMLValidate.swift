// libFuzzer entry point: YAML bytes → YAMLLoader.loadStream → the stateless
// rules the linter runs on every document, then the same bytes through
// `nncp-guard lint -` itself (classification, cross-policy checks) and every
// report format.
//
// What must hold for any input: no crash, no sanitizer report, no hang. The
// loader may reject the bytes (LoadError) and the validators may report any
// number of diagnostics; those are fine.
import FuzzDriver
import Dispatch
import ManifestLint
import NMStateSchema
import PolicyRules
import SourceModel
import SourceModelYAML
#if canImport(Glibc)
import Glibc
#endif


@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzYAMLValidate(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let loader = YAMLLoader()
    let policyValidator = PolicyValidator()
    let stateValidator = DesiredStateValidator()
    let templateStateValidator = DesiredStateValidator(options: ValidationOptions(allowTemplates: true))
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

    // The lint engine as `nncp-guard lint -` runs it, and its four outputs;
    // the JSON report must itself be valid JSON.
    let report = lintBlocking(bytes)
    for format in OutputFormat.allCases {
        let rendered = ReportRenderer.render(report, as: format, options: RenderOptions(summary: true))
        if format == .json || format == .sarif {
            do {
                _ = try JSONReader().parse(rendered)
            } catch {
                fatalError("\(format) report is not valid JSON: \(error)")
            }
        }
    }
    return 0
}

/// Linter.run is async (it fans out over files); the fuzz callback is not.
private final class ReportBox: @unchecked Sendable {
    var report: LintReport?
}

private func lintBlocking(_ bytes: [UInt8]) -> LintReport {
    let box = ReportBox()
    let done = DispatchSemaphore(value: 0)
    Task.detached {
        box.report = await Linter().run(["-"], standardInput: .bytes(bytes))
        done.signal()
    }
    done.wait()
    return box.report!
}

runFuzzer(fuzzYAMLValidate)
