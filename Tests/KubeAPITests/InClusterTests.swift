import Foundation
import Testing
@testable import KubeAPI
import KubeAPITesting
#if canImport(Glibc)
import Glibc
#endif

@Suite("in-cluster configuration and token files")
struct InClusterTests {
    static func serviceAccount(in dir: String, token: String = "token-1\n", namespace: String? = "nmstate\n") throws {
        try write(token, to: dir + "/token")
        try write(TestPEM.certificate, to: dir + "/ca.crt")
        if let namespace { try write(namespace, to: dir + "/namespace") }
    }

    @Test func readsEnvironmentAndServiceAccount() async throws {
        try await withTemporaryDirectory { dir in
            try Self.serviceAccount(in: dir)
            let config = try InClusterConfiguration.load(
                environment: ["KUBERNETES_SERVICE_HOST": "10.96.0.1", "KUBERNETES_SERVICE_PORT": "443"],
                serviceAccountDirectory: dir)
            #expect(config.server == "https://10.96.0.1:443")
            #expect(config.trust == .certificateAuthority(pem: Array(TestPEM.certificate.utf8)))
            #expect(config.namespace == "nmstate")
            #expect(try config.credentials.token?.currentToken() == "token-1")
            #expect(config.credentials.token?.path == dir + "/token")
        }
    }

    @Test func ipv6ServiceHostIsBracketed() async throws {
        try await withTemporaryDirectory { dir in
            try Self.serviceAccount(in: dir, namespace: nil)
            let config = try InClusterConfiguration.load(
                environment: ["KUBERNETES_SERVICE_HOST": "fd00:10:96::1", "KUBERNETES_SERVICE_PORT": "443"],
                serviceAccountDirectory: dir)
            #expect(config.server == "https://[fd00:10:96::1]:443")
            #expect(config.namespace == nil)
        }
    }

    @Test func missingEnvironmentIsAClearError() throws {
        let error = #expect(throws: ConfigurationError.self) {
            try InClusterConfiguration.load(environment: [:], serviceAccountDirectory: "/nonexistent")
        }
        #expect(error?.field == "KUBERNETES_SERVICE_HOST")
        let badPort = #expect(throws: ConfigurationError.self) {
            try InClusterConfiguration.load(environment: ["KUBERNETES_SERVICE_HOST": "h", "KUBERNETES_SERVICE_PORT": "https"], serviceAccountDirectory: "/nonexistent")
        }
        #expect(badPort?.field == "KUBERNETES_SERVICE_PORT")
    }

    @Test func missingTokenNamesTheFile() async throws {
        try await withTemporaryDirectory { dir in
            try write(TestPEM.certificate, to: dir + "/ca.crt")
            let error = #expect(throws: ConfigurationError.self) {
                try InClusterConfiguration.load(environment: ["KUBERNETES_SERVICE_HOST": "h", "KUBERNETES_SERVICE_PORT": "443"], serviceAccountDirectory: dir)
            }
            #expect(error?.file == dir + "/token")
        }
    }

    @Test func emptyTokenFileIsAnError() async throws {
        try await withTemporaryDirectory { dir in
            try write("\n", to: dir + "/token")
            #expect(throws: ConfigurationError.self) { try TokenSource.file(dir + "/token").currentToken() }
        }
    }

    @Test func tokenIsReReadWhenTheFileIsReplaced() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir + "/token"
            try write("first", to: path)
            let source = TokenSource.file(path)
            #expect(try source.currentToken() == "first")
            // The kubelet swaps the file atomically; the inode changes.
            try replaceAtomically("second", at: path)
            #expect(try source.currentToken() == "second")
        }
    }

    @Test func tokenIsReReadAfterTheRefreshIntervalEvenIfTheFileLooksUnchanged() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir + "/token"
            try write("aaaa", to: path)
            let start = ContinuousClock.now
            let offset = TestOffset()
            let source = TokenSource.file(path, refreshInterval: .seconds(60), now: { start + offset.value })
            #expect(try source.currentToken() == "aaaa")

            // Rewrite in place with the same size and restore the exact
            // timestamps: only the clock can tell the cache to re-read.
            var st = stat()
            #expect(stat(path, &st) == 0)
            let times = [st.st_atim, st.st_mtim]
            try write("bbbb", to: path)
            #expect(times.withUnsafeBufferPointer { utimensat(AT_FDCWD, path, $0.baseAddress, 0) } == 0)

            offset.value = .seconds(30)
            #expect(try source.currentToken() == "aaaa")
            offset.value = .seconds(61)
            #expect(try source.currentToken() == "bbbb")
        }
    }

    @Test func lastGoodTokenSurvivesAMissingFileAndInvalidateForcesARead() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir + "/token"
            try write("good", to: path)
            let source = TokenSource.file(path)
            #expect(try source.currentToken() == "good")
            try FileManager.default.removeItem(atPath: path)
            #expect(try source.currentToken() == "good")
            try write("newer", to: path)
            source.invalidate()
            #expect(try source.currentToken() == "newer")
        }
    }
}

/// A mutable duration shared with a `@Sendable` clock closure.
final class TestOffset: @unchecked Sendable {
    private let lock = NSLock()
    private var _value: Duration = .zero
    var value: Duration {
        get { lock.withLock { _value } }
        set { lock.withLock { _value = newValue } }
    }
}
