import AsyncHTTPClient
import NIOCore

/// The events of one watch, decoded as the response body streams in.
///
/// Ends (returns `nil`) when the server closes the watch, normally after
/// `timeoutSeconds`; throws a ``KubeAPIError`` when the connection breaks.
/// An `ERROR` event is delivered as an event (its ``WatchEvent/error``
/// says why) and is the last one. Cancelling the consuming task closes
/// the connection.
///
/// The stream does not bound how long it stays open: the server's
/// `timeoutSeconds` does, and ``Informer`` adds its own limit on top.
public struct WatchEventStream: AsyncSequence, Sendable {
    public typealias Element = WatchEvent

    let body: HTTPClientResponse.Body
    let maxEventBytes: Int
    let request: String

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(body: body.makeAsyncIterator(), decoder: WatchEventDecoder(maxEventBytes: maxEventBytes), request: request)
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        var body: HTTPClientResponse.Body.AsyncIterator
        var decoder: WatchEventDecoder
        let request: String
        var pending: [WatchEvent] = []
        var pendingIndex = 0
        var finished = false

        public mutating func next() async throws -> WatchEvent? {
            while true {
                if pendingIndex < pending.count {
                    let event = pending[pendingIndex]
                    pendingIndex += 1
                    if event.type == .error { finished = true; pending = []; pendingIndex = 0 }
                    return event
                }
                if finished { return nil }
                let chunk: ByteBuffer?
                do {
                    chunk = try await body.next()
                } catch {
                    finished = true
                    if Task.isCancelled { throw CancellationError() }
                    throw KubeAPIError(.transport, "\(request): watch connection broken: \(error)")
                }
                guard let chunk else {
                    finished = true
                    try decoder.finish()
                    return nil
                }
                pending = try decoder.decode(chunk)
                pendingIndex = 0
            }
        }
    }
}

extension KubeClient {
    /// Starts a watch: `GET <collection>?watch=true&resourceVersion=…&
    /// allowWatchBookmarks=true&timeoutSeconds=…`. Returns once the server
    /// has answered 200; an error status (401, 403, 410, …) is thrown as a
    /// ``KubeAPIError``.
    public func watch(_ resource: APIResource, namespace: String? = nil, options: WatchOptions = WatchOptions()) async throws -> WatchEventStream {
        let request = APIRequest(method: .GET, path: try collectionPath(resource, namespace: namespace, allowAllNamespaces: true), query: options.queryItems)
        let prepared = try prepare(request)
        let response: HTTPClientResponse
        do {
            response = try await http.execute(prepared, deadline: .now() + TimeAmount(configuration.timeouts.request))
        } catch {
            throw mapTransportError(error, request: request.summary)
        }
        let status = Int(response.status.code)
        guard status == 200 else {
            if status == 401 { configuration.credentials.token?.invalidate() }
            let body: [UInt8]
            do {
                let timeout = configuration.timeouts.request
                let responseBody = response.body
                body = try await withTimeout(timeout, request.summary) {
                    Array(try await responseBody.collect(upTo: 1 << 20).readableBytesView)
                }
            } catch {
                body = []
            }
            throw KubeAPIError.fromResponse(httpStatus: status, body: body, retryAfterHeader: response.headers.first(name: "Retry-After"), request: request.summary)
        }
        return WatchEventStream(body: response.body, maxEventBytes: configuration.maxWatchEventBytes, request: request.summary)
    }
}
