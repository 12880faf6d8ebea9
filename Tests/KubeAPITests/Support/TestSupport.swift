import Foundation
#if canImport(Glibc)
import Glibc
#endif
import KubeAPITesting

// File helpers for the kubeconfig and in-cluster tests. The fake API server,
// `eventually`, `TimedOut`, `Fixtures`, `TestPEM`, `Gate` and `ManualClock`
// live in the KubeAPITesting library.

/// A fresh temporary directory, removed when `body` returns.
func withTemporaryDirectory<T>(_ body: (String) async throws -> T) async throws -> T {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("kubeapi-tests-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: path) }
    return try await body(path)
}

func write(_ text: String, to path: String) throws {
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
}

/// Replaces a file the way the kubelet does: write a new file, rename over.
func replaceAtomically(_ text: String, at path: String) throws {
    let temp = path + ".tmp-\(UUID().uuidString)"
    try write(text, to: temp)
    // rename(2), as the kubelet's atomic writer does; FileManager.replaceItemAt
    // is not reliable in swift-corelibs-foundation.
    guard rename(temp, path) == 0 else { throw TimedOut(description: "rename \(temp) -> \(path) failed: errno \(errno)") }
}
