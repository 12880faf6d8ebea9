import SourceModel
import SourceModelYAML

/// Why a context file (`--current`, `--nodes`, `--states`, `--previous`)
/// could not be used. Context is input the user vouches for, so a problem
/// with it stops the run (exit status 2) instead of becoming a finding.
public struct ContextLoadError: Error, Sendable, CustomStringConvertible {
    /// What kind of problem, for callers and tests to match on.
    public enum Code: Sendable, Hashable {
        /// The file is missing, unreadable or over the size limit.
        case unreadable
        /// The text is not well-formed YAML or JSON.
        case malformed
        /// The documents are not what the option takes (another kind, more
        /// than one current state, no policies at all).
        case unexpectedContent
    }

    public var code: Code
    /// The whole message, starting with the file it is about.
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}

/// Reads the files that give lint cluster context.
public struct ContextLoader: Sendable {
    public var limits: LoadLimits

    public init(limits: LoadLimits = .default) {
        self.limits = limits
    }

    /// The current state for apply-like checks: a bare nmstate state, or a
    /// NodeNetworkState (its `status.currentState`). `-` reads stdin.
    public func loadCurrentState(_ path: String) throws(ContextLoadError) -> Value {
        let documents = try objects(in: path)
        guard documents.count == 1, let document = documents.first else {
            throw ContextLoadError(.unexpectedContent, "\(path): expected one current state, found \(documents.count) documents (use --states for several NodeNetworkStates)")
        }
        let value = document.value
        if value["kind"]?.string == "NodeNetworkState" {
            guard let state = value.at("status", "currentState"), state.isMapping else {
                throw ContextLoadError(.unexpectedContent, "\(path): the NodeNetworkState has no status.currentState")
            }
            return state
        }
        if value["apiVersion"] != nil || value["kind"] != nil {
            throw ContextLoadError(.unexpectedContent, "\(path): expected an nmstate state or a NodeNetworkState, found kind \(value["kind"]?.string ?? "(none)")")
        }
        guard value.isMapping else {
            throw ContextLoadError(.unexpectedContent, "\(path): expected an nmstate state (a mapping), found \(value.kindName)")
        }
        return value
    }

    /// Node objects (`kubectl get nodes -o yaml`).
    public func loadNodes(_ path: String) throws(ContextLoadError) -> [ContextObject] {
        try objects(in: path, ofKind: "Node")
    }

    /// NodeNetworkState objects (`kubectl get nns -o yaml`).
    public func loadStates(_ path: String) throws(ContextLoadError) -> [ContextObject] {
        try objects(in: path, ofKind: "NodeNetworkState")
    }

    /// The NNCPs in a file or directory tree; other kinds there are ignored,
    /// since a previous revision of a manifests folder holds more than NNCPs.
    public func loadPrevious(_ path: String) throws(ContextLoadError) -> [ContextObject] {
        let (inputs, problems) = InputDiscovery().discover([path])
        if let problem = problems.first { throw ContextLoadError(.unreadable, problem.message) }
        var out: [ContextObject] = []
        for input in inputs {
            guard case .file(let file) = input.source else { continue }
            out += try objects(in: file).filter { $0.value["kind"]?.string == "NodeNetworkConfigurationPolicy" }
        }
        return out
    }

    /// Every object in `path`, `List`s flattened, refusing other kinds.
    func objects(in path: String, ofKind kind: String) throws(ContextLoadError) -> [ContextObject] {
        let all = try objects(in: path)
        for object in all where object.value["kind"]?.string != kind {
            let found = object.value["kind"]?.string ?? "a document without kind"
            throw ContextLoadError(.unexpectedContent, "\(path): expected \(kind) objects, found \(found) (document \(object.documentIndex + 1))")
        }
        return all
    }

    /// Every document in `path`, with `List` items flattened.
    func objects(in path: String) throws(ContextLoadError) -> [ContextObject] {
        let result = path == "-" ? FileSystem.readStandardInput(limit: limits.maxBytes) : FileSystem.read(path, limit: limits.maxBytes)
        let bytes: [UInt8]
        switch result {
        case .bytes(let b): bytes = b
        case .tooLarge: throw ContextLoadError(.unreadable, "\(path): larger than the limit of \(limits.maxBytes) bytes (--max-size)")
        case .failed(let reason): throw ContextLoadError(.unreadable, "\(path): \(reason)")
        }
        let documents: [Value]
        if LintInput.Syntax(forPath: path) == .json {
            do { documents = [try JSONReader(limits: limits).parse(bytes)] }
            catch { throw ContextLoadError(.malformed, Self.describe(error, in: path)) }
        } else {
            let (docs, error) = YAMLLoader(limits: limits).loadStream(bytes)
            if let error { throw ContextLoadError(.malformed, Self.describe(error, in: path)) }
            documents = docs
        }
        var out: [ContextObject] = []
        for (index, document) in documents.enumerated() {
            flatten(document, file: path, index: index, into: &out)
        }
        return out
    }

    static func describe(_ error: LoadError, in path: String) -> String {
        error.location.isKnown ? "\(path):\(error.location): \(error.message)" : "\(path): \(error.message)"
    }

    private func flatten(_ value: Value, file: String, index: Int, into out: inout [ContextObject]) {
        if case .list = DocumentClassifier.classify(value), let items = value["items"]?.sequence {
            for item in items { flatten(item, file: file, index: index, into: &out) }
        } else {
            out.append(ContextObject(value: value, file: file, documentIndex: index))
        }
    }
}
