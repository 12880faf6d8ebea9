// libFuzzer entry point: nmpolicy capture expressions and policy documents.
//
// The first line of the input (up to '\n') is parsed as one capture
// expression (`interfaces.name == "eth0"`, `routes.running | filter …`), the
// form that arrives in spec.capture values. The whole input is also read as
// a YAML policy document (`capture:` / `desired:` / `current:`) and, when it
// parses, resolved the way `nmstatectl policy` would, so the lexer, parser,
// evaluator and template filler all see fuzzed input.
//
// NMPolicy is not a product of the main package yet; it is reachable here
// because PolicyRules depends on it (see Package.swift).
import FuzzDriver
import NMPolicy
import PolicyRules
import SourceModel
import SourceModelYAML
#if canImport(Glibc)
import Glibc
#endif


@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCaptureExpression(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let loader = YAMLLoader()
    let resolver = PolicyResolver()
    let buffer = UnsafeBufferPointer(start: data, count: size)
    let firstLine = buffer.firstIndex(of: UInt8(ascii: "\n")).map { buffer[..<$0] } ?? buffer[...]
    let expressionText = String(decoding: firstLine, as: UTF8.self)
    if let expression = try? CaptureExpression.parse(expressionText) {
        _ = expression.referencedCaptures
        _ = expression.keyPath
        _ = expression.description
    }

    let (documents, _) = loader.loadStream(Array(buffer))
    for document in documents {
        guard let policy = try? PolicyDocument(document) else { continue }
        for capture in policy.captures {
            _ = try? CaptureExpression.parse(capture.expression)
        }
        _ = try? resolver.resolve(
            captures: policy.captures,
            desired: policy.desired,
            current: policy.current ?? .mapping([Value.Member]())
        )
    }
    return 0
}

runFuzzer(fuzzCaptureExpression)
