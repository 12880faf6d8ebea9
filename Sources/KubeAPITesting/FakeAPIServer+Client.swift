import KubeAPI

extension FakeAPIServer {
    /// A client pointed at this server. Its timeouts are a minute, so only
    /// the faults a test injects make a request fail, never a machine so
    /// loaded that an answer (or a request a test holds with a ``Gate``)
    /// takes seconds; a test about the timeout passes a short one.
    public func makeClient(token: String? = nil, requestTimeout: Duration = .seconds(60), userAgent: String = "nncp-guard/test") throws -> KubeClient {
        let configuration = KubeConfiguration(
            server: baseURL,
            credentials: Credentials(token: token.map(TokenSource.fixed)),
            userAgent: userAgent,
            timeouts: Timeouts(connect: .seconds(60), request: requestTimeout, watchGrace: .seconds(60)),
            source: "fake API server")
        return try KubeClient(configuration: configuration)
    }

    /// Runs `body` with a server and a client, shutting the client down after.
    public static func withClient<T: Sendable>(token: String? = nil, requestTimeout: Duration = .seconds(60),
                                               _ body: (FakeAPIServer, KubeClient) async throws -> T) async throws -> T {
        try await withServer { server in
            let client = try server.makeClient(token: token, requestTimeout: requestTimeout)
            do {
                let result = try await body(server, client)
                try await client.shutdown()
                return result
            } catch {
                try? await client.shutdown()
                throw error
            }
        }
    }
}
