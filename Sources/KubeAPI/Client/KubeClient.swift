import AsyncHTTPClient
import Logging
import NIOCore
import NIOHTTP1
import SourceModel

/// A small Kubernetes API client: typed-error CRUD, patches, paged lists
/// and streaming watches over JSON, with objects as SourceModel `Value`s.
///
/// Hand-written because no Swift Kubernetes client is among the project's
/// available packages, and nncp-guard needs only a handful of resources. It
/// speaks the API exactly as kube-apiserver serves it (paths, query
/// parameters, content types), so it runs unchanged against a real cluster
/// and against the test suite's fake server.
///
/// HTTP/1.1 only: each watch then has its own connection, so one dead TCP
/// connection cannot silently stall every watch (HTTP/2 multiplexes them
/// onto one, and client-go needed health pings to cope with that).
/// Redirects are not followed, so a bearer token is never sent elsewhere.
public final class KubeClient: Sendable {
    public let configuration: KubeConfiguration
    let http: HTTPClient
    let logger: Logger
    let reader: JSONReader

    /// Creates the client and its connection pool. Call ``shutdown()``
    /// before the event loop group goes away.
    public init(
        configuration: KubeConfiguration,
        eventLoopGroup: any EventLoopGroup = HTTPClient.defaultEventLoopGroup,
        logger: Logger = Logger(label: "nncp-guard.kubeapi")
    ) throws(ConfigurationError) {
        var httpConfiguration = HTTPClient.Configuration(
            tlsConfiguration: try TLSSetup.configuration(for: configuration),
            redirectConfiguration: .disallow,
            timeout: .init(connect: TimeAmount(configuration.timeouts.connect)),
            connectionPool: .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 16),
            proxy: nil,
            ignoreUncleanSSLShutdown: false,
            decompression: .disabled
        )
        httpConfiguration.httpVersion = .http1Only
        self.http = HTTPClient(eventLoopGroup: eventLoopGroup, configuration: httpConfiguration, backgroundActivityLogger: logger)
        self.configuration = configuration
        self.logger = logger
        self.reader = JSONReader(limits: LoadLimits(maxBytes: configuration.maxResponseBytes, maxDepth: 200))
    }

    /// Closes every connection. In-flight requests fail.
    public func shutdown() async throws {
        try await http.shutdown()
    }

    // MARK: - Core exchange

    /// The HTTP request with the headers every API call carries.
    func prepare(_ request: APIRequest) throws(ConfigurationError) -> HTTPClientRequest {
        var out = HTTPClientRequest(url: configuration.server + request.target)
        out.method = request.method
        out.headers.add(name: "Accept", value: "application/json")
        out.headers.add(name: "User-Agent", value: configuration.userAgent)
        if let token = try configuration.credentials.token?.currentToken() {
            out.headers.add(name: "Authorization", value: "Bearer \(token)")
        }
        if let body = request.body {
            out.headers.add(name: "Content-Type", value: request.contentType ?? "application/json")
            out.body = .bytes(ByteBuffer(bytes: body))
        }
        return out
    }

    /// Sends a non-watch request and returns the decoded JSON body of a 2xx
    /// response; anything else becomes a ``KubeAPIError``.
    func send(_ request: APIRequest) async throws -> Value {
        let bytes = try await sendForBytes(request)
        do throws(LoadError) {
            return try reader.parse(bytes)
        } catch {
            throw KubeAPIError(.malformedResponse, "\(request.summary): response is not JSON: \(error)")
        }
    }

    func sendForBytes(_ request: APIRequest) async throws -> [UInt8] {
        let prepared = try prepare(request)
        let limit = configuration.maxResponseBytes
        let timeout = configuration.timeouts.request
        let http = self.http
        let (status, headers, body): (Int, HTTPHeaders, [UInt8])
        do {
            (status, headers, body) = try await withTimeout(timeout, request.summary) {
                let response = try await http.execute(prepared, deadline: .now() + TimeAmount(timeout))
                let buffer = try await response.body.collect(upTo: limit)
                return (Int(response.status.code), response.headers, Array(buffer.readableBytesView))
            }
        } catch {
            throw mapTransportError(error, request: request.summary)
        }
        guard (200..<300).contains(status) else {
            if status == 401 { configuration.credentials.token?.invalidate() }
            let error = KubeAPIError.fromResponse(httpStatus: status, body: body, retryAfterHeader: headers.first(name: "Retry-After"), request: request.summary)
            logger.debug("API request failed", metadata: ["request": "\(request.summary)", "error": "\(error)"])
            throw error
        }
        return body
    }

    /// Errors from the transport as ``KubeAPIError``s; cancellation stays
    /// `CancellationError` so shutdown is not mistaken for a failure.
    func mapTransportError(_ error: any Error, request: String) -> any Error {
        if error is KubeAPIError || error is CancellationError || error is ConfigurationError { return error }
        if let error = error as? HTTPClientError {
            if error == .cancelled, Task.isCancelled { return CancellationError() }
            if error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout {
                return KubeAPIError(.timeout, "\(request): \(error)")
            }
        }
        if error is NIOTooManyBytesError {
            return KubeAPIError(.malformedResponse, "\(request): response larger than \(configuration.maxResponseBytes) bytes")
        }
        if Task.isCancelled { return CancellationError() }
        return KubeAPIError(.transport, "\(request): \(error)")
    }
}
