// libFuzzer entry point: AdmissionReview-like JSON bytes → JSONReader →
// PolicyValidator on request.object (and oldObject for UPDATE), the path an
// apiserver request body takes through the webhook.
//
// Invariants checked besides "no crash / no sanitizer report":
//   * whatever JSONReader accepts, JSONWriter writes back as JSON that
//     JSONReader accepts again and that compares equal (Value ==).
import FuzzDriver
import NMStateSchema
import PolicyRules
import SourceModel
#if canImport(Glibc)
import Glibc
#endif


@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSONPolicy(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let reader = JSONReader()
    let validator = PolicyValidator()
    let buffer = UnsafeBufferPointer(start: data, count: size)
    let value: Value
    do {
        value = try reader.parse(buffer)
    } catch {
        return 0
    }

    // Round trip through the writer (the webhook writes patches and
    // responses with it).
    let written = JSONWriter.bytes(value)
    do {
        let reread = try reader.parse(written)
        if reread != value {
            fatalError("JSONWriter round trip changed the value: \(JSONWriter.string(value)) → \(String(decoding: written, as: UTF8.self))")
        }
    } catch {
        fatalError("JSONWriter output is not readable JSON (\(error)): \(String(decoding: written, as: UTF8.self))")
    }

    if let request = value["request"] {
        let operation = request["operation"]?.string.flatMap(AdmissionOperation.init(rawValue:)) ?? .create
        let oldObject = request["oldObject"].flatMap { $0.isNull ? nil : $0 }
        if let object = request["object"], !object.isNull {
            _ = validator.validate(object, oldObject: oldObject, operation: operation)
        } else if let oldObject {
            _ = validator.validate(oldObject, operation: .delete)
        }
    } else {
        // A bare object, as `nncp-guard lint` reads a JSON manifest.
        _ = validator.validate(value)
    }
    return 0
}

runFuzzer(fuzzJSONPolicy)
