import KubeAPI

extension FakeAPIServer {
    /// A client pointed at this server. Short timeouts keep failure tests quick.
    public func makeClient(token: String? = nil, requestTimeout: Duration = .seconds(5), userAgent: String = "nncp-guard/test") throws -> KubeClient {
        let configuration = KubeConfiguration(
            server: baseURL,
            credentials: Credentials(token: token.map(TokenSource.fixed)),
            userAgent: userAgent,
            timeouts: Timeouts(connect: .seconds(2), request: requestTimeout, watchGrace: .seconds(2)),
            source: "fake API server")
        return try KubeClient(configuration: configuration)
    }

    /// Runs `body` with a server and a client, shutting the client down after.
    public static func withClient<T: Sendable>(token: String? = nil, requestTimeout: Duration = .seconds(5),
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
