import PolicyRules
import SourceModel

/// What `nncp-guard plan` reads: NNCPs from files, directories or standard
/// input, and a cluster view from Node and NodeNetworkState objects.
///
/// Inputs are found as lint finds them (``InputDiscovery``) and read as
/// context files are (``ContextLoader``): a policy file that cannot be read
/// or parsed stops the plan with an error naming it (exit status 2), since a
/// plan of only the readable half of the inputs would mislead.
public enum PlanInputs {
    /// The NodeNetworkConfigurationPolicies in `paths` (`List`s flattened,
    /// other kinds skipped), in input order, each with its file as origin.
    public static func policies(in paths: [String], limits: LoadLimits = .default) throws(ContextLoadError) -> [PolicyEntry] {
        let (inputs, problems) = InputDiscovery().discover(paths)
        if let problem = problems.first { throw ContextLoadError(.unreadable, problem.message) }
        let loader = ContextLoader(limits: limits)
        var out: [PolicyEntry] = []
        for input in inputs {
            let path: String
            switch input.source {
            case .file(let file): path = file
            case .standardInput: path = "-"
            }
            for object in try loader.objects(in: path) where DocumentClassifier.classify(object.value) == .kind(.nncp) {
                out.append(PolicyEntry(name: object.name ?? "", object: object.value, origin: input.displayPath))
            }
        }
        if out.isEmpty {
            let what = paths.count == 1 ? paths[0] : "the inputs"
            throw ContextLoadError(.unexpectedContent, "\(what): no NodeNetworkConfigurationPolicy found")
        }
        return out
    }

    /// The cluster as `Node` and `NodeNetworkState` objects describe it
    /// (`kubectl get nodes,nns -o yaml`, or a live cluster's lists).
    public static func view(nodes: [Value], states: [Value]) -> ClusterView {
        var view = ClusterView(nodes: nodes.compactMap(ClusterNode.init(object:)))
        for state in states { view.setState(object: state) }
        return view
    }

    /// The cluster view of `--nodes` and `--states` files.
    public static func view(nodesFile: String, statesFile: String, limits: LoadLimits = .default) throws(ContextLoadError) -> ClusterView {
        let loader = ContextLoader(limits: limits)
        let nodes = try loader.loadNodes(nodesFile)
        let states = try loader.loadStates(statesFile)
        return view(nodes: nodes.map(\.value), states: states.map(\.value))
    }
}
