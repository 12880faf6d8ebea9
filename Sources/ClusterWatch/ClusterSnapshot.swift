import KubeAPI
import SourceModel

/// A cluster's Nodes, NodeNetworkStates and some of its
/// NodeNetworkConfigurationPolicies, read once: what `nncp-guard plan
/// --kubeconfig` plans against. A one-off tool lists instead of starting
/// the watch caches full mode keeps.
public struct ClusterSnapshot: Sendable {
    public var nodes: [Value]
    public var states: [Value]
    /// The policies asked for that exist, by name.
    public var policies: [String: Value]

    public init(nodes: [Value] = [], states: [Value] = [], policies: [String: Value] = [:]) {
        self.nodes = nodes
        self.states = states
        self.policies = policies
    }

    /// Lists every Node and NodeNetworkState, and gets the policies named
    /// `policyNames` (those that do not exist are left out of ``policies``).
    public static func read(from client: KubeClient, policyNames: [String] = []) async throws(ClusterReadError) -> ClusterSnapshot {
        var snapshot = ClusterSnapshot()
        snapshot.nodes = try await list(.nodes, "Nodes", client)
        snapshot.states = try await list(.nodeNetworkStates, "NodeNetworkStates", client)
        var seen = Set<String>()
        for name in policyNames where seen.insert(name).inserted {
            do {
                if let policy = try await client.getIfPresent(.nodeNetworkConfigurationPolicies, name: name) {
                    snapshot.policies[name] = policy
                }
            } catch {
                throw ClusterReadError(.policyUnreadable, "cannot read NodeNetworkConfigurationPolicy \"\(name)\" from \(client.configuration.server): \(error)",
                                       underlying: error as? KubeAPIError)
            }
        }
        return snapshot
    }

    private static func list(_ resource: APIResource, _ what: String, _ client: KubeClient) async throws(ClusterReadError) -> [Value] {
        do {
            return try await client.listAll(resource).items
        } catch {
            throw ClusterReadError(.listFailed, "cannot list \(what) from \(client.configuration.server): \(error)", underlying: error as? KubeAPIError)
        }
    }
}

/// The cluster could not be read (unreachable, forbidden, malformed answer).
public struct ClusterReadError: Error, Sendable, CustomStringConvertible {
    /// Which read failed.
    public enum Code: Sendable, Hashable {
        /// A policy named with `--policy` could not be read (absent, or the
        /// API refused).
        case policyUnreadable
        /// Listing nodes, states or policies failed.
        case listFailed
    }

    public var code: Code
    /// What was read, from which server, and the API's error.
    public var message: String
    /// The API client's error, for callers that react to its code.
    public var underlying: KubeAPIError?

    public init(_ code: Code, _ message: String, underlying: KubeAPIError? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    public var description: String { message }
}
