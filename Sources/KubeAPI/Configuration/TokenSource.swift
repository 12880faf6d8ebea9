import NIOConcurrencyHelpers

/// A bearer token, fixed or read from a file that is re-read as it rotates.
///
/// Bound service-account tokens expire after an hour and the kubelet
/// rewrites the projected file well before that, so a long-running process
/// must never hold on to the first token it read. The file is read again
/// when it changes (checked with one `stat` per request) and at least every
/// `refreshInterval` (client-go re-reads every minute), and right after the
/// server answers 401.
public final class TokenSource: Sendable, CustomStringConvertible {
    private enum Origin: Sendable {
        case fixed(String)
        case file(path: String, refreshInterval: Duration)
    }

    private struct Cache: Sendable {
        var token: String?
        var readAt: ContinuousClock.Instant?
        var identity: FileAccess.Identity?
    }

    private let origin: Origin
    private let now: @Sendable () -> ContinuousClock.Instant
    private let cache = NIOLockedValueBox(Cache())

    private init(origin: Origin, now: @escaping @Sendable () -> ContinuousClock.Instant) {
        self.origin = origin
        self.now = now
    }

    /// A token that never changes (a kubeconfig `token:` field, tests).
    public static func fixed(_ token: String) -> TokenSource {
        TokenSource(origin: .fixed(token), now: { .now })
    }

    /// A token read from `path`, re-read when the file changes and at least
    /// every `refreshInterval`. `now` is injectable so tests need not wait
    /// a minute.
    public static func file(
        _ path: String,
        refreshInterval: Duration = .seconds(60),
        now: @escaping @Sendable () -> ContinuousClock.Instant = { .now }
    ) -> TokenSource {
        TokenSource(origin: .file(path: path, refreshInterval: refreshInterval), now: now)
    }

    /// The path of a file-backed token, `nil` for a fixed one.
    public var path: String? {
        if case .file(let path, _) = origin { return path }
        return nil
    }

    /// The token to send now. Throws when a file-backed token cannot be read
    /// and no earlier token is known; a read failure after a good read keeps
    /// the last good token (the kubelet swaps the file atomically, but a
    /// transient error must not take the client down).
    public func currentToken() throws(ConfigurationError) -> String {
        switch origin {
        case .fixed(let token):
            return token
        case .file(let path, let refreshInterval):
            let now = self.now()
            let identity = FileAccess.identity(of: path)
            let cached = cache.withLockedValue { $0 }
            if let token = cached.token, let readAt = cached.readAt,
               readAt.duration(to: now) < refreshInterval,
               identity != nil, identity == cached.identity {
                return token
            }
            do throws(ConfigurationError) {
                let token = try Self.readToken(path)
                cache.withLockedValue { $0 = Cache(token: token, readAt: now, identity: identity) }
                return token
            } catch {
                if let token = cached.token { return token }
                throw error
            }
        }
    }

    /// Forgets the cached token so the next request reads the file again
    /// (called after a 401).
    public func invalidate() {
        cache.withLockedValue { $0.readAt = nil }
    }

    private static func readToken(_ path: String) throws(ConfigurationError) -> String {
        let bytes = try FileAccess.read(path)
        let token = String(decoding: bytes, as: UTF8.self).trimmingASCIIWhitespace()
        guard !token.isEmpty else { throw ConfigurationError(.unreadable, file: path, "the token file is empty") }
        return token
    }

    public var description: String {
        switch origin {
        case .fixed: return "token (inline)"
        case .file(let path, _): return "token file \(path)"
        }
    }
}

extension String {
    /// Without leading and trailing spaces, tabs and line breaks.
    func trimmingASCIIWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" || $0 == "\r\n" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
